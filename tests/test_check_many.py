"""RuleSet.check_many: one report per item, in input order, the same with worker processes as without."""

from __future__ import annotations

from pathlib import Path

import pytest

from consumer_rules import RuleSet, load_rules
from consumer_rules.errors import UsageError

TEXTS = [
    "本理财产品保本保息，预期年化收益率8.5%，最佳选择！",
    "理财非存款、产品有风险、投资须谨慎。本产品不保本。",
    "使用即视为同意本政策。最终解释权归本公司所有。",
    "今天天气很好。",
] * 5


def _summary(report):  # type: ignore[no-untyped-def]
    return [(f.path, f.rule_id, f.start, f.end) for f in report.findings], report.skipped


def test_reports_come_in_input_order_and_match_check_text(builtin: RuleSet) -> None:
    expected = [_summary(builtin.check_text(t)) for t in TEXTS]
    assert [_summary(r) for r in builtin.check_many(TEXTS)] == expected
    parallel = builtin.check_many(iter(TEXTS), jobs=2, chunksize=3)
    assert [_summary(r) for r in parallel] == expected
    assert any(findings for findings, _ in expected) and not all(findings for findings, _ in expected)


def test_files_dicts_and_unreadable_files(builtin: RuleSet, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    items = [tmp_path / "a.txt", tmp_path / "missing.txt", {"text": TEXTS[2], "path": "c.txt", "kind": "terms"}]
    reports = list(builtin.check_many(items, jobs=2))
    assert [f.path for f in reports[0].findings] and all(f.path.endswith("a.txt") for f in reports[0].findings)
    assert reports[1].findings == [] and reports[1].skipped[0][0].endswith("missing.txt")
    assert {f.path for f in reports[2].findings} == {"c.txt"}
    with pytest.raises(UsageError, match="check_many takes texts"):
        list(builtin.check_many([42]))  # type: ignore[list-item]
    # a misspelt key of a dict item is an error naming it, like every other unknown value of the API
    with pytest.raises(UsageError, match=r"unknown key 'product_typ' \(did you mean 'product_type'\?\)"):
        list(builtin.check_many([{"text": TEXTS[0], "product_typ": "fund"}]))
    with pytest.raises(UsageError, match="no 'text'"):
        list(builtin.check_many([{"path": "a.txt"}], jobs=2))
    with pytest.raises(ValueError, match="jobs must be at least 1"):
        list(builtin.check_many(TEXTS, jobs=0))


def test_warm_changes_no_finding(builtin: RuleSet) -> None:
    """Building everything ahead (every regex, every rule plan, as a benchmark does) leaves every finding as it was."""
    fresh = RuleSet(builtin.compiled)
    before = [fresh.check_text(t).findings for t in TEXTS]
    builtin.warm()
    assert [builtin.check_text(t).findings for t in TEXTS] == before


def test_workers_build_what_they_meet_and_find_the_same() -> None:
    """Nothing is built in the parent before the workers fork (that came before any worker started, however
    few the texts); they find what one process finds."""
    rules = load_rules()
    matcher = rules.compiled.matcher
    before = len(getattr(matcher, "_plans", {}))
    parallel = [_summary(r) for r in rules.check_many(TEXTS, jobs=2, chunksize=2)]
    assert len(getattr(matcher, "_plans", {})) == before
    assert parallel == [_summary(rules.check_text(t)) for t in TEXTS]
