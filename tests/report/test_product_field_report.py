"""A finding about a product record's field names the field; it is never called missing wording of a document."""

from __future__ import annotations

from pathlib import Path

import pytest

import consumer_rules
from consumer_rules import Report
from consumer_rules.report import render

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "products" / "wealth-management"


@pytest.fixture(scope="module")
def report() -> Report:
    return consumer_rules.check_product(EXAMPLE / "product.yaml", copy=[EXAMPLE / "copy.md"])


def _blocks(text: str) -> dict[str, str]:
    """The text report's findings by rule code (the first of each)."""
    out: dict[str, str] = {}
    for block in text.split("\n\n"):
        head = block.split("\n", 1)[0].split()
        if len(head) > 2:
            out.setdefault(head[2], block)
    return out


def test_text_report_names_the_field_of_a_field_finding(report: Report) -> None:
    absent = next(f for f in report.findings if f.field == "target.elderly_safeguards")
    assert absent.scope == "document"  # the field is not in the file: no line to show
    blocks = _blocks(render(report, "text"))
    block = blocks[absent.rule_id]
    assert "字段 field: target.elderly_safeguards" in block
    assert "required wording" not in block
    assert "字段 field: risk_level" in blocks["PRD010"]
    # copy findings keep the wording line
    assert "required wording not found" in blocks["PRD030"]
    assert "字段 field" not in blocks["PRD030"]


def test_html_report_names_the_field_of_a_field_finding(report: Report) -> None:
    page = render(report, "html")
    assert '字段 <span lang="en">field</span>: <code>target.elderly_safeguards</code>' in page
    product_part = page.split("copy.md</span></h2>")[0]
    assert "required wording not found" not in product_part.split('<section class="doc card"', 1)[1]
