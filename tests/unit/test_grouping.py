"""One finding per problem: overlapping findings of one category, missing wording per document, supersedes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import consumer_rules
from consumer_rules.cli import main
from consumer_rules.runner import Runner, Settings
from tests.helpers import load_pack, rule

RULES = [
    rule("TST001", kind="forbid", match=["保本保息"], category="guarantee_promise"),
    rule("TST002", kind="forbid", match=["保本"], severity="warning", category="guarantee_promise"),
    rule("TST003", kind="require", when=["理财"], accept=["投资须谨慎"], category="missing_risk_warning"),
    rule(
        "TST004",
        kind="require",
        when=["年化"],
        accept=["投资须谨慎"],
        severity="warning",
        category="missing_risk_warning",
    ),
    rule("TST005", kind="forbid", match=["最佳"], severity="warning", category="extreme_claim"),
    rule(
        "TST006", kind="require", when=["年化"], accept=["过往业绩"], within="paragraph", category="misleading_return"
    ),
]


def rows(report: consumer_rules.Report) -> list[tuple[str, str, str, list[str]]]:
    return [(f.rule_id, f.excerpt, f.severity.value, [r.rule_id for r in f.related]) for f in report.findings]


def test_overlapping_findings_of_one_category_are_one(tmp_path: Path) -> None:
    rs = load_pack(tmp_path, RULES)
    assert rows(rs.check_text("本产品保本保息，最佳。")) == [
        ("TST001", "保本保息", "error", ["TST002"]),
        ("TST005", "最佳", "warning", []),
    ]
    # Apart, they are two problems.
    assert [f.rule_id for f in rs.check_text("保本。保本保息").findings] == ["TST002", "TST001"]


def test_the_same_words_repeated_are_one_finding_at_the_first(tmp_path: Path) -> None:
    rs = load_pack(tmp_path, RULES)
    (found,) = rs.check_text("最佳。\n其他内容。\n最佳。\n还是最佳！").findings
    assert (found.rule_id, found.line) == ("TST005", 1)
    assert [(r.rule_id, r.line, r.excerpt) for r in found.related] == [("TST005", 3, "最佳"), ("TST005", 4, "最佳")]
    # other words of one rule are other problems, and so is a repeat the engine would not fold (another rule)
    assert [f.excerpt for f in rs.check_text("保本。保本保息。").findings] == ["保本", "保本保息"]


def test_a_repeat_stays_a_repeat_when_its_first_place_is_folded_into_another_rule(tmp_path: Path) -> None:
    from consumer_rules.grouping import repeats, without_repeats

    rs = load_pack(tmp_path, RULES)
    # TST002 (保本) twice; its first place lies inside TST001's 保本保息 (an error), which becomes the finding
    (found,) = rs.check_text("本产品保本保息。\n另一款也保本。").findings
    assert found.rule_id == "TST001" and [(r.rule_id, r.line) for r in found.related] == [("TST002", 1), ("TST002", 2)]
    assert [(r.rule_id, r.line) for r in repeats(found)] == [("TST002", 2)]
    head, elsewhere = without_repeats(found)  # what a waiver of line 1 accepts, and what it leaves
    assert [(r.rule_id, r.line) for r in head.related] == [("TST002", 1)]
    assert elsewhere is not None and (elsewhere.rule_id, elsewhere.line, elsewhere.related) == ("TST002", 2, ())


def test_the_text_report_names_a_repeat_without_its_message_again(tmp_path: Path) -> None:
    from consumer_rules.report.text_report import render_finding

    rs = load_pack(tmp_path, RULES)
    (found,) = rs.check_text("最佳。\n最佳。").findings
    also = [line for line in render_finding(found).splitlines() if "also" in line]
    assert also == ["    同一问题 also: TST005 2:1 最佳"]


def test_missing_wording_is_one_finding_per_document_and_category(tmp_path: Path) -> None:
    rs = load_pack(tmp_path, RULES)
    found = rs.check_text("年化收益4%。本理财产品很好。年化收益也好。").findings
    missing = [f for f in found if f.category == "missing_risk_warning"]
    assert len(missing) == 1
    first = missing[0]
    # Anchored at the first trigger, the highest severity of the group.
    assert (first.rule_id, first.excerpt, first.severity.value) == ("TST004", "年化", "error")
    assert [(r.rule_id, r.excerpt) for r in first.related] == [("TST003", "理财")]
    # Wording required per paragraph is missing once per paragraph: those stay apart.
    local = [f for f in rs.check_text("年化4%\n\n年化5%").findings if f.rule_id == "TST006"]
    assert len(local) == 2


def test_supersedes_folds_the_generic_rule_into_the_specific_one(tmp_path: Path) -> None:
    specific = rule("TST007", kind="forbid", match=["保本保息"], category="guarantee_promise", supersedes=["TST008"])
    generic = rule("TST008", kind="require", when=["保本"], accept=["投资须谨慎"], category="missing_risk_warning")
    rs = load_pack(tmp_path, [specific, generic])
    # On the same words, across categories: one finding.
    assert rows(rs.check_text("本理财保本保息")) == [("TST007", "保本保息", "error", ["TST008"])]
    # Elsewhere, the generic rule's finding stands.
    assert rows(rs.check_text("保本。另有保本保息")) == [
        ("TST008", "保本", "error", []),
        ("TST007", "保本保息", "error", []),
    ]
    # Without the declaration, the two stay apart.
    plain = load_pack(tmp_path / "plain", [{**specific, "supersedes": []}, generic])
    assert len(plain.check_text("本理财保本保息").findings) == 2


def test_the_issue_example_reports_each_problem_once() -> None:
    """本理财产品保本保息，年化收益率4.5% gave three missing_risk_warning findings for one missing warning."""
    report = consumer_rules.check_text("本理财产品保本保息，年化收益率4.5%")
    by_category: dict[str, int] = {}
    for f in report.findings:
        by_category[f.category] = by_category.get(f.category, 0) + 1
    assert by_category["missing_risk_warning"] == 1 and by_category["guarantee_promise"] == 1
    codes = {g.rule_id for f in report.findings for g in (f, *f.related)}
    assert {"FIN001", "FIN010", "FIN011", "FIN015"} <= codes  # nothing is lost, only folded


def test_funds_said_to_be_absolutely_safe_are_one_promise_not_also_a_product_safety_claim() -> None:
    """资金是绝对安全的 on a precious-metals FAQ came out twice: FIN002's no-loss promise and AD012's product-safety
    guarantee (category other, citing the medical and health-food articles). FIN002 supersedes AD012 on the same
    words; AD012 stays a related location."""
    report = consumer_rules.check_text("我们采用三方存管模式，您的资金存放在银行，所以资金是绝对安全的；")
    at = [f for f in report.findings if "绝对安全" in f.excerpt and f.scope == "span"]  # not the warning it asks for
    assert [f.rule_id for f in at] == ["FIN002"] and "AD012" in {r.rule_id for r in at[0].related}
    assert "other" not in {f.category for f in report.findings}


def test_a_waiver_of_the_primary_covers_the_group() -> None:
    """A waiver of FIN001 on a deposit's own 保本 leaves nothing else firing on it (FIN015 skips deposit copy)."""
    text = "<!-- consumer-rules: disable FIN001 -- 存款产品，法务部审核 -->\n本存款产品保本保息，年化利率1.5%。"
    report = Runner(Settings()).check_text(text, "ad.md")
    assert not any(g.rule_id in ("FIN001", "FIN015") for f in report.findings for g in (f, *f.related))
    assert [f.rule_id for f, _ in report.waived] == ["FIN001"]


def test_a_waiver_of_a_related_rule_removes_that_location_only(tmp_path: Path) -> None:
    rs = load_pack(tmp_path, RULES)
    text = "# consumer-rules: disable TST002 -- 示例\n本产品保本保息\n"
    copy = tmp_path / "ad.txt"
    copy.write_text(text, encoding="utf-8")
    runner = Runner(Settings(), ruleset=rs)
    report = runner.check_file(copy)
    assert rows(report) == [("TST001", "保本保息", "error", [])]
    assert [f.rule_id for f, _ in report.waived] == ["TST002"]


@pytest.mark.parametrize("fmt", ["json", "sarif", "text", "github", "junit", "html"])
def test_related_locations_are_in_every_format(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "ad.txt"
    copy.write_text("本理财产品保本保息，年化收益率4.5%", encoding="utf-8")
    assert main(["check", "--format", fmt, str(copy)]) == 1
    out = capsys.readouterr().out
    if fmt == "json":
        primary = next(f for f in json.loads(out)["findings"] if f["rule_id"] == "FIN010")
        assert [(r["rule_id"], r["excerpt"], r["line"], r["column"]) for r in primary["related"]] == [
            ("FIN015", "保本", 1, 6),
            ("FIN011", "年化收益率4.5%", 1, 11),
        ]
    elif fmt == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        primary = next(r for r in results if r["ruleId"] == "FIN010")
        loc, _ = primary["relatedLocations"]
        assert loc["physicalLocation"]["region"]["snippet"]["text"] == "保本" and "FIN015" in loc["message"]["text"]
    elif fmt == "html":
        assert 'data-rel="FIN015 1:6 「保本」; FIN011 1:11 「年化收益率4.5%」"' in out  # the pop-up of the FIN010 mark
        assert '<code>FIN011</code> <span class="loc">1:11</span> 「年化收益率4.5%」' in out  # under FIN010
    else:
        also = {
            "text": "同一问题 also: FIN015 1:6 保本",
            "github": "同一问题 Also: FIN015 1:6 保本",
            "junit": "also: FIN015 1:6 [保本]",
        }
        assert also[fmt] in out and "FIN011" in out


def _finding(code: str, category: str, start: int, end: int) -> consumer_rules.Finding:
    from consumer_rules.findings import LineIndex

    return consumer_rules.Finding.at(
        LineIndex("保本保息" * 4), start, end, rule=(code, f"t.{code.lower()}", category),
        severity=consumer_rules.Severity.error, messages=("m", "m"), path="p", references=(), fix="f",
    )  # fmt: skip


def test_supersedes_chains_keep_every_finding() -> None:
    from consumer_rules.grouping import group

    c, b, a = _finding("TST003", "other", 0, 2), _finding("TST002", "suitability", 1, 3), _finding("TST001", "x", 0, 4)
    chain = {"TST001": frozenset({"TST002"}), "TST002": frozenset({"TST003"})}
    for order in ([c, b, a], [a, b, c], [b, a, c]):
        (only,) = group(order, chain)
        assert only.rule_id == "TST001" and sorted(r.rule_id for r in only.related) == ["TST002", "TST003"]


def test_supersedes_must_name_another_rule(tmp_path: Path) -> None:
    bad = rule("TST001", kind="forbid", match=["保本"], supersedes=["TST009"])
    with pytest.raises(consumer_rules.RuleLoadError, match="supersedes 'TST009': no such rule is loaded"):
        load_pack(tmp_path / "a", [bad, rule("TST002", kind="forbid", match=["最佳"])])
    itself = rule("TST001", kind="forbid", match=["保本"], supersedes=["TST001"])
    with pytest.raises(consumer_rules.RuleLoadError, match="cannot supersede itself"):
        load_pack(tmp_path / "b", [itself])


def test_a_name_that_matches_no_rule_is_reported_where_it_is_written(tmp_path: Path) -> None:
    # the error points at the misspelt code in its list, not at the rule's first line
    bad = rule("TST001", kind="forbid", match=["保本"], supersedes=["TST002", "TST009"])
    with pytest.raises(consumer_rules.RuleLoadError) as err:
        load_pack(tmp_path, [bad, rule("TST002", kind="forbid", match=["最佳"])])
    where = re.search(r"(\S+\.yaml):(\d+):(\d+): supersedes 'TST009'", str(err.value))
    assert where is not None, str(err.value)
    line = Path(where[1]).read_text(encoding="utf-8").splitlines()[int(where[2]) - 1]
    assert "TST009" in line and int(where[2]) > 1
    assert line[int(where[3]) - 1 :].startswith("TST009")


def _product_rule(code: str, **fields: object) -> dict[str, object]:
    product = {"name": "稳健一号", "type": "wealth_management", "issuer": "XX理财", "risk_level": "R2"}
    cases = {
        "flag": [{"text": "年化4%", "product": product, "expect": ["年化"]}],
        "pass": [{"text": "投资须谨慎", "product": product}],
    }
    return rule(code, kind="consistency", accept=["投资须谨慎"], promotes=["年化"], cases=cases, **fields)


def test_a_product_rule_replaces_the_generic_rules_when_its_product_is_given(tmp_path: Path) -> None:
    from consumer_rules.product import Product

    generic = rule("TST008", kind="require", when=["年化"], accept=["投资有风险"], category="missing_risk_warning")
    specific = _product_rule("TST007", when={"type": "wealth_management"}, replaces=["TST008"])
    rs = load_pack(tmp_path, [specific, generic])
    copy = tmp_path / "copy.txt"
    copy.write_text("年化收益4%", encoding="utf-8")
    wealth = Product.model_validate({"name": "稳健一号", "type": "wealth_management", "issuer": "XX理财"})
    fund = Product.model_validate({"name": "成长混合", "type": "fund", "issuer": "XX基金"})
    # The product rule applies: it decides what the copy owes, the generic rule does not run.
    assert {f.rule_id for f in rs.check_product(wealth, copy=[copy]).findings} == {"TST007"}
    # Its conditions do not hold for this product: the generic rule runs.
    assert {f.rule_id for f in rs.check_product(fund, copy=[copy]).findings} == {"TST008"}
    # Without a product, the generic rule runs as ever.
    assert [f.rule_id for f in rs.check_text("年化收益4%").findings] == ["TST008"]


def test_replaces_must_name_another_rule(tmp_path: Path) -> None:
    bad = _product_rule("TST001", replaces=["TST009"])
    with pytest.raises(consumer_rules.RuleLoadError, match="replaces 'TST009': no such rule is loaded"):
        load_pack(tmp_path / "a", [bad, rule("TST002", kind="forbid", match=["最佳"])])
    itself = _product_rule("TST001", replaces=["TST001"])
    with pytest.raises(consumer_rules.RuleLoadError, match="cannot replace itself"):
        load_pack(tmp_path / "b", [itself])
