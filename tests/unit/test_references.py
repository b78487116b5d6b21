"""A finding cites the laws that bear on the product its copy is about (``references[].products``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from consumer_rules.errors import RuleLoadError
from consumer_rules.findings import Reference, bearing_on
from consumer_rules.vocabulary import PRODUCT_TYPES
from tests.helpers import builtin_rule_files, builtin_rules, load_pack, rule

WEALTH_LAW = {"law": "理财公司理财产品销售管理暂行办法", "article": "第二十五条", "products": ["wealth_management"]}
AD_LAW = {"law": "中华人民共和国广告法", "article": "第四条第一款"}


def _laws(findings: list[Any]) -> list[list[str]]:
    return [[r.law for r in f.references] for f in findings]


def test_a_finding_cites_only_the_laws_of_its_product(tmp_path: Path) -> None:
    ruleset = load_pack(
        tmp_path,
        [
            rule(
                "TST001",
                kind="forbid",
                match=["预期收益"],
                references=[WEALTH_LAW, AD_LAW],
                applies_to={"products": ["wealth_management", "fund"]},
            )
        ],
    )
    text = "预期收益5%。"
    fund = ruleset.check_text(text, product_type="fund").findings
    wealth = ruleset.check_text(text, product_type="wealth_management").findings
    unknown = ruleset.check_text(text).findings
    assert _laws(fund) == [["中华人民共和国广告法"]]
    assert _laws(wealth) == [["理财公司理财产品销售管理暂行办法", "中华人民共和国广告法"]]
    assert _laws(unknown) == _laws(wealth)  # the product unknown: every reference, as the rule lists them


def test_the_json_of_a_finding_is_unchanged_by_a_scope(tmp_path: Path) -> None:
    ruleset = load_pack(tmp_path, [rule("TST001", kind="forbid", match=["预期收益"], references=[WEALTH_LAW, AD_LAW])])
    finding = ruleset.check_text("预期收益5%。", product_type="wealth_management").findings[0]
    assert finding.to_dict()["references"][0] == {
        "law": "理财公司理财产品销售管理暂行办法",
        "article": "第二十五条",
        "verified": True,
    }


def _problems(tmp_path: Path, references: list[dict[str, Any]], **fields: Any) -> list[str]:
    with pytest.raises(RuleLoadError) as info:
        load_pack(tmp_path, [rule("TST001", kind="forbid", match=["预期收益"], references=references, **fields)])
    return [str(p) for p in info.value.problems]


def test_every_product_a_rule_runs_on_keeps_a_reference(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, [WEALTH_LAW], applies_to={"products": ["wealth_management", "fund"]})
    assert "TST001.yaml:" in problem and "no reference bears on copy about fund" in problem
    # no product list: the rule runs on every product, and all but one would cite nothing
    (problem,) = _problems(tmp_path / "all", [WEALTH_LAW])
    assert "deposit" in problem and "wealth_management" not in problem.split("about", 1)[1]


def test_a_reference_for_a_product_the_rule_never_sees_is_refused(tmp_path: Path) -> None:
    loan = {**WEALTH_LAW, "products": ["wealth_management", "loan"]}
    (problem,) = _problems(tmp_path, [loan, AD_LAW], applies_to={"products": ["wealth_management", "fund"]})
    assert "references.0.products" in problem and "does not apply to: loan" in problem


def test_bearing_on_keeps_a_rule_citing_something() -> None:
    wealth = Reference("理财公司理财产品销售管理暂行办法", "第二十五条", products=frozenset({"wealth_management"}))
    general = Reference("中华人民共和国广告法", "第四条")
    assert bearing_on((wealth, general), "fund") == (general,)
    assert bearing_on((wealth, general), None) == (wealth, general)
    assert bearing_on((wealth,), "fund") == (wealth,)  # never nothing: a rule loaded without the validator


# Laws about one sector of products. A built-in rule that runs on products outside a law's sector must say which
# products the reference is for, so that a fund's or a franchise's finding does not cite a wealth-management
# regulation (laws cited to say a product is NOT of their sector, such as 商业银行法 or 存款保险条例, are left out).
SECTOR_LAWS = {
    "理财公司理财产品销售管理暂行办法": {"wealth_management"},
    "商业银行理财产品销售管理办法": {"wealth_management"},
    "公开募集证券投资基金宣传推介材料": {"fund"},
    "中华人民共和国保险法": {"insurance"},
    "保险销售行为管理办法": {"insurance"},
    "中国人民银行公告〔2021〕第3号": {"loan", "credit_card"},
}


@pytest.mark.parametrize("law", sorted(SECTOR_LAWS))
def test_built_in_rules_cite_a_sector_law_only_for_its_sector(law: str) -> None:
    wrong = []
    for path, data in builtin_rule_files():
        runs_on = set((data.get("applies_to") or {}).get("products") or PRODUCT_TYPES)
        for ref in data["references"]:
            if law in ref["law"]:
                cited_for = set(ref.get("products") or runs_on)
                if not cited_for <= SECTOR_LAWS[law]:
                    wrong.append(f"{path.name}: cited for {sorted(cited_for - SECTOR_LAWS[law])}")
    # the product-description rules that run on every type but check only wealth records are still to be scoped
    allowed = {"PRD007.yaml", "PRD010.yaml", "PRD050.yaml", "PRD051.yaml", "FIN120.yaml"}
    assert [w for w in wrong if w.split(":")[0] not in allowed] == []


@pytest.mark.parametrize("product_type", ["fund", None])
def test_a_fund_ad_does_not_cite_the_wealth_management_rules(product_type: str | None) -> None:
    # with the type unknown, the ad names a fund (基金) and no wealth product (理财): its words say which laws bear
    report = builtin_rules().check_text("XX成长混合基金，目标收益率15%，现在上车。", product_type=product_type)
    laws = {r.law for f in report.findings for r in f.references}
    assert report.findings and not any("理财" in law for law in laws), laws


def test_with_the_type_unknown_the_copy_words_choose_the_references() -> None:
    ruleset = builtin_rules()

    def laws(text: str) -> list[str]:
        return [r.law[:6] for f in ruleset.check_text(text).findings if f.rule_id == "FIN020" for r in f.references]

    assert laws("理财产品目标收益率15%，现在上车。") == ["理财公司理财", "中华人民共和"]
    assert laws("XX基金目标收益率15%，现在上车。") == ["中华人民共和"]
    # no product named (a franchise ad): which product it is cannot be told, so every reference is cited
    assert laws("加盟本店，目标收益率15%，现在上车。") == ["理财公司理财", "中华人民共和"]
