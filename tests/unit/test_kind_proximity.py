"""Kind `proximity`: two parts said together (a return compared with deposits), in either order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from consumer_rules.errors import RuleLoadError
from consumer_rules.loader import load_folders
from consumer_rules.testing import run_cases
from tests.helpers import excerpts, load_pack, rule, write_pack

BACKENDS = ["re2", "python-re"]


def proximity(**fields: Any) -> dict[str, Any]:
    return rule("TST001", kind="proximity", first=["存款"], second=["高于", "远超"], **fields)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_parts_in_one_sentence_in_either_order_span_both(tmp_path: Path, backend: str) -> None:
    rs = load_pack(tmp_path, [proximity()], backend=backend)
    assert excerpts(rs, "预期收益远超银行存款。") == ["远超银行存款"]
    assert excerpts(rs, "银行存款利率太低，本产品收益高于它。") == ["存款利率太低，本产品收益高于"]
    assert excerpts(rs, "本行吸收存款。收益高于同类产品。") == []  # two sentences
    assert excerpts(rs, "收益高于同类产品。") == []  # one part only
    assert excerpts(rs, "存款和存款都远超") == ["存款和存款都远超"]  # one finding for the overlapping pairs


def test_clause_and_character_windows(tmp_path: Path) -> None:
    rs = load_pack(tmp_path / "a", [proximity(within="clause")])
    assert excerpts(rs, "收益远超银行存款") == ["远超银行存款"]
    assert excerpts(rs, "银行存款利率太低，本产品收益高于它。") == []  # the comma ends the clause
    rs = load_pack(tmp_path / "b", [proximity(within=2)])
    assert excerpts(rs, "收益高于定期存款") == ["高于定期存款"]
    assert excerpts(rs, "收益高于市面上同期存款") == []  # five characters apart


def test_guards_cancel_either_part(tmp_path: Path) -> None:
    rs = load_pack(
        tmp_path,
        [proximity(unless={"negated": {"words": ["并不", "不"], "window": 2}, "inside": ["存款准备金"]})],
        masks=["理财非存款"],
    )
    assert excerpts(rs, "本产品收益并不高于存款。") == []  # the second part is negated
    assert excerpts(rs, "理财非存款，收益高于业绩比较基准。") == []  # the first part is a masked disclaimer
    assert excerpts(rs, "收益高于存款准备金率。") == []  # inside a longer word
    assert excerpts(rs, "本产品收益高于存款。") == ["高于存款"]


def test_rule_cases_and_loader_hints(tmp_path: Path) -> None:
    cases = {"flag": [{"text": "收益远超存款", "expect": ["远超存款"]}], "pass": [{"text": "收益远超预期。存款另计。"}]}
    write_pack(tmp_path / "ok", [proximity(cases=cases)])
    results = run_cases([], [tmp_path / "ok"])
    assert [(r.case, r.ok) for r in results] == [("flag[0]", True), ("pass[0]", True)]
    write_pack(tmp_path / "bad", [rule("TST001", kind="proximity", first=["存款"], secnd=["高于"])])
    with pytest.raises(RuleLoadError) as info:
        load_folders([tmp_path / "bad"])
    found = {(p.message, p.hint) for p in info.value.problems}
    assert ("unknown key 'secnd'", "did you mean 'second'?") in found
    assert ("missing required key 'second'", None) in found


def test_report_first_points_at_the_first_part_alone(tmp_path: Path, backend: str) -> None:
    # the second part only shows the first is at fault: the finding is the price the ad showed
    rules = [
        rule(
            "TST001",
            kind="proximity",
            first=[{"regex": "原价[0-9]+元"}, {"regex": "恢复到[0-9]+元"}],
            second=["从未以该价格销售", {"regex": "并未[^。]{0,16}销售"}],
            within=40,
            report="first",
        )
    ]
    rs = load_pack(tmp_path, rules, backend=backend)
    assert excerpts(rs, "标示原价98元，实际从未以该价格销售。") == ["原价98元"]
    assert excerpts(rs, "从未以该价格销售，标示原价98元。") == ["原价98元"]
    # a first part inside the second is the reason's own words, not another finding
    assert excerpts(rs, "宣称下播后恢复到98元，但并未恢复到98元的价格销售。") == ["恢复到98元"]
    assert excerpts(rs, "标示原价98元。") == []  # the first part alone is no finding


def test_a_rule_that_reads_a_report_s_account_finds_outside_its_quotes(tmp_path: Path) -> None:
    # In a penalty notice only the quoted copy is the seller's; a rule about what the notice itself found
    # (applies_to.reads_account) reads the notice's own words too.
    notice = "经查，当事人标示原价98元，实际从未以该价格销售，市场监管局责令改正并处以罚款。"
    fields: dict[str, Any] = {
        "first": [{"regex": "原价[0-9]+元"}],
        "second": ["从未以该价格销售"],
        "within": 40,
        "report": "first",
    }
    quoted_only = load_pack(tmp_path / "a", [rule("TST001", kind="proximity", **fields)])
    assert excerpts(quoted_only, notice) == []
    reads = {"applies_to": {"reads_account": True}}
    account = load_pack(tmp_path / "b", [rule("TST001", kind="proximity", **fields, **reads)])
    assert excerpts(account, notice) == ["原价98元"]
