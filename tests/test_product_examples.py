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
