"""Conformance with the obligations catalogue: its trigger phrases flag and its false-positive traps pass.

The cases are in tests/fixtures/reference_phrases.yaml. They come from the catalogue, not from the corpus, so
meeting them says the packs describe the obligation rather than the corpus items.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from consumer_rules import check_text
from consumer_rules.findings import Finding
from consumer_rules.vocabulary import CATEGORIES

DATA = Path(__file__).parent / "fixtures" / "reference_phrases.yaml"


def _cases(which: str) -> list[Any]:
    rows = yaml.safe_load(DATA.read_text(encoding="utf-8"))["rows"]
    cases = []
    for row in rows:
        for case in row[which] or []:
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            ident = f"{row['obligation']}-{row['product_type'] or 'any'}-{case['phrase']}"
            cases.append(pytest.param(row, case, id=ident, marks=marks))
    return cases


def _findings(row: dict[str, Any], text: str) -> list[Finding]:
    return check_text(text, kind=row["kind"], product_type=row["product_type"]).findings


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def _covers(finding: Finding, span: tuple[int, int]) -> bool:
    return finding.scope == "span" and finding.start < span[1] and span[0] < finding.end


@pytest.mark.parametrize(("row", "case"), _cases("triggers"))
def test_trigger_phrase_flags(row: dict[str, Any], case: dict[str, str]) -> None:
    category = case.get("category", row["category"])
    assert category in CATEGORIES
    text = case["text"]
    found = _findings(row, text)
    hits = [f for f in found if f.category == category and _covers(f, _span(text, case["phrase"]))]
    seen = [(f.rule_id, f.category, f.excerpt) for f in found]
    assert hits, f"{case['phrase']!r} in {text!r} not flagged as {category}; found {seen}"


@pytest.mark.parametrize(("row", "case"), _cases("traps"))
def test_trap_passes(row: dict[str, Any], case: dict[str, str]) -> None:
    text = case["text"]
    span = _span(text, case["phrase"])
    bad = [
        (f.rule_id, f.category, f.excerpt)
        for f in _findings(row, text)
        if f.severity in ("error", "warning") and _covers(f, span)
    ]
    assert not bad, f"trap {case['phrase']!r} in {text!r} flagged: {bad}"
