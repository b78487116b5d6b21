"""Every product and copy pair under examples/products gives exactly the findings its expected.yaml lists.

The pairs under examples/products/real/ are real products (each product.yaml names its source); their expected
findings were read one by one against the copy, so a change that adds or loses a finding here must be looked at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from consumer_rules import RuleSet

ROOT = Path(__file__).resolve().parents[1] / "examples" / "products"
PAIRS = sorted(p.parent for p in ROOT.rglob("expected.yaml"))


def _found(rules: RuleSet, folder: Path) -> list[dict[str, object]]:
    """Every place reported, whether a finding's own or one of its related locations (one problem, one
    finding: the rules that agree on it are listed under it)."""
    report = rules.check_product(folder / "product.yaml", copy=[folder / "copy.md"])
    places = [place for f in report.findings for place in (f, *f.related)]
    return [
        {"file": Path(f.path).name, "line": f.line, "rule": f.rule_id, "excerpt": f.excerpt}
        for f in sorted(places, key=lambda f: (Path(f.path).name, f.line, f.column, f.rule_id))
    ]


def test_there_are_real_pairs_for_every_kind_of_product() -> None:
    real = [p for p in PAIRS if p.parent.name == "real"]
    assert len(real) >= 15
    types = {yaml.safe_load((p / "product.yaml").read_text(encoding="utf-8"))["type"] for p in real}
    assert {
        "insurance",
        "wealth_management",
        "fund",
        "deposit",
        "structured_deposit",
        "loan",
        "consumer_goods",
    } <= types
    for p in real:
        assert (p / "product.yaml").read_text(encoding="utf-8").startswith("# source: http")


@pytest.mark.parametrize("folder", PAIRS, ids=[p.name for p in PAIRS])
def test_pair_gives_its_expected_findings(builtin: RuleSet, folder: Path) -> None:
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))["findings"] or []
    assert _found(builtin, folder) == expected


def test_partial_records_get_no_missing_field_findings(builtin: RuleSet) -> None:
    record = {"name": "农银爱守护年金保险", "type": "insurance", "insurance_subtype": "annuity", "issuer": "农银人寿"}
    record["term"] = "终身"

    def codes(**extra: object) -> set[str]:
        from consumer_rules.product import Product

        return {f.rule_id for f in builtin.check_product(Product.model_validate({**record, **extra})).findings}

    assert {"PRD004", "PRD005"} <= codes(completeness="full")
    assert not {"PRD004", "PRD005"} & codes(completeness="partial")
    # A record that does not say it is complete: a fact it leaves out is unknown, not absent.
    assert not {"PRD004", "PRD005"} & codes()
    assert codes(complaint_channel="") & {"PRD004", "PRD005"} == {"PRD005"}
    assert codes(completeness={"complaint_channel": "partial", "cooling_off_days": "full"}) & {
        "PRD004",
        "PRD005",
    } == {"PRD004"}
    # A value the partial record does hold is still checked: a cooling-off period of 0 days.
    assert "PRD004" in codes(completeness="partial", cooling_off_days=0)


DOC_PAGES = sorted((Path(__file__).resolve().parents[1] / "docs" / "products").glob("*.md"))


@pytest.mark.parametrize("page", DOC_PAGES, ids=[p.stem for p in DOC_PAGES])
def test_each_type_page_shows_a_valid_record_of_its_type(page: Path) -> None:
    from consumer_rules.product import Product

    text = page.read_text(encoding="utf-8")
    record = yaml.safe_load(text.split("```yaml\n", 1)[1].split("```", 1)[0])
    assert Product.model_validate(record).type == page.stem
    # Every field the record sets is explained in the page's table.
    for key in record:
        assert key in text.split("| field |", 1)[1] or key in {"name", "insurance_subtype", "registration_code"}


def test_there_is_a_page_for_every_product_type() -> None:
    from typing import get_args

    from consumer_rules.vocabulary import ProductType

    assert {p.stem for p in DOC_PAGES} == set(get_args(ProductType))


# Sections a record written before them does not have (added with the product facts of issue 10).
_NEWER_SECTIONS = ("completeness", "liquidity", "guarantees", "insurance", "credit", "coupons", "sale")
ISSUERS = {
    "insurance": "XX人寿保险股份有限公司",
    "consumer_goods": "XX商城",
    "loan": "XX消费金融有限公司",
    "wealth_management": "XX理财有限责任公司",
    "fund": "XX基金管理有限公司",
}


@pytest.mark.parametrize(
    ("record", "copy", "reported"),
    [
        # a participating policy: its subtype says the dividends are not guaranteed, without a guarantees section
        ({"name": "鑫享年金", "type": "insurance", "insurance_subtype": "participating", "term": "终身"},
         "XX人寿鑫享年金，叠加分红后实际收益可达年化3.8%，欢迎投保。", {"PRD059"}),
        # a policy the record says nothing more of: the generic warning rule runs instead of the product's own
        ({"name": "鑫享年金", "type": "insurance", "term": "终身"},
         "XX人寿鑫享年金，叠加分红后实际收益可达年化3.8%，欢迎投保。", {"FIN011"}),
        # goods whose record has no credit section: the copy's own 月供 is an instalment price
        ({"name": "手机", "type": "consumer_goods"}, "月供：¥180.44起", {"PRD104"}),
        ({"name": "随心借", "type": "loan", "apr": "7.2%"}, "年化利率7.2%起。月供仅需¥99！", {"PRD104"}),
        # a wealth product with a term and no liquidity section: 随时可取 against its 180 days
        ({"name": "稳健一号", "type": "wealth_management", "risk_level": "R2", "term": "180天"},
         "稳健一号，随时可取。理财非存款、产品有风险、投资须谨慎。", {"PRD044"}),
        ({"name": "成长混合", "type": "fund", "risk_level": "R3"},
         "成长混合，欢迎申购。基金有风险，投资须谨慎。", set()),
    ],
)  # fmt: skip
def test_an_older_record_gets_the_checks_its_facts_allow_and_no_more(
    builtin: RuleSet, tmp_path: Path, record: dict[str, object], copy: str, reported: set[str]
) -> None:
    """A record written before the newer sections existed (no completeness, liquidity, guarantees, insurance,
    credit, coupons or sale): the copy is still checked wherever the record's older facts or the copy's own words
    allow (no silent pass), and nothing is reported for a section the record does not have (no spurious finding)."""
    from consumer_rules.product import Product

    assert not set(record) & set(_NEWER_SECTIONS)
    path = tmp_path / "copy.md"
    path.write_text(copy, encoding="utf-8")
    report = builtin.check_product(
        Product.model_validate({"issuer": ISSUERS[str(record["type"])], **record}), copy=[path]
    )
    counted = [f for f in report.findings if f.severity.value in ("error", "warning")]
    assert reported <= {f.rule_id for f in counted}
    assert not [f.field for f in counted if f.field and f.field.split(".")[0].split("[")[0] in _NEWER_SECTIONS]
    assert not {"PRD004", "PRD005"} & {f.rule_id for f in counted}  # not said to be complete: gaps are unknown
    if not reported:
        assert not counted


_ANNUITY = {"name": "鑫享年金", "type": "insurance", "insurance_subtype": "annuity", "term": "终身"}
_PAID = {"name": "养老年金", "kind": "annuity", "main": True, "guaranteed": True}
_BONUS = {"name": "满期红利", "kind": "maturity", "guaranteed": False}


@pytest.mark.parametrize(("benefits", "warned"), [([_PAID], False), ([_PAID, _BONUS], True)])
def test_a_policy_that_guarantees_every_benefit_owes_no_investment_warning(
    builtin: RuleSet, tmp_path: Path, benefits: list[dict[str, object]], warned: bool
) -> None:
    """What the contract guarantees it pays: copy promising it makes a claim the record answers (FIN002 and the
    consistency rules), not an investment whose loss must be warned of; one benefit left to chance owes the warning."""
    from consumer_rules.product import Product

    path = tmp_path / "copy.md"
    path.write_text("XX人寿鑫享年金，养老金保证领取，年化3.5%，永不违约，欢迎投保。", encoding="utf-8")
    record = {**_ANNUITY, "issuer": ISSUERS["insurance"], "insurance": {"benefits": benefits}}
    report = builtin.check_product(Product.model_validate(record), copy=[path])
    codes = {g.rule_id for f in report.findings for g in (f, *f.related)}
    assert "FIN002" in codes  # 永不违约 is still a promise the copy makes
    assert bool({"FIN011", "FIN214"} & codes) == warned
