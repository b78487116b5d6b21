"""docs/rules/ is generated from the rule files and must not go stale."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from consumer_rules import rule_docs

ROOT = Path(__file__).resolve().parent.parent


def test_generated_rule_docs_are_up_to_date() -> None:
    figures_file = ROOT / "docs" / "rules" / rule_docs.FIGURES
    figures = json.loads(figures_file.read_text(encoding="utf-8")) if figures_file.exists() else None
    pages = rule_docs.generate(figures)
    committed = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "docs" / "rules").glob("*.md")}
    stale = sorted(name for name in set(pages) | set(committed) if pages.get(name) != committed.get(name))
    assert not stale, f"docs/rules is stale ({', '.join(stale)}): run `python -m consumer_rules.rule_docs`"


def test_every_rule_obligation_is_in_the_catalogue() -> None:
    catalogue = yaml.safe_load((ROOT / "rules" / "obligations.yaml").read_text(encoding="utf-8"))
    known = set(catalogue["obligations"])
    assert set(catalogue["plan_clauses"]) == {o["plan"] for o in catalogue["obligations"].values()}
    for path in sorted((ROOT / "rules").glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        cited = set(data.get("obligations") or []) | {u["obligation"] for u in data.get("uncovered") or []}
        assert cited <= known, f"{path.name}: {sorted(cited - known)}"


def test_plan_clauses_are_quoted_from_the_plans() -> None:
    plans = ROOT.parent / "shared" / "plans"
    if not plans.is_dir():
        import pytest

        pytest.skip("the shared plans are not beside this checkout")
    text = "".join(p.read_text(encoding="utf-8") for p in plans.glob("*.txt"))
    catalogue = yaml.safe_load((ROOT / "rules" / "obligations.yaml").read_text(encoding="utf-8"))
    quoted = list(catalogue["plan_clauses"].values())
    for path in sorted((ROOT / "rules").glob("*/[A-Z]*.yaml")):
        quoted += yaml.safe_load(path.read_text(encoding="utf-8"))["plan"]
    missing = sorted({q for q in quoted if q not in text})
    assert missing == []


def test_verified_quotations_are_word_for_word_in_the_law_texts() -> None:
    """A reference marked verified quotes the official text exactly (white space aside; … joins pieces)."""
    import re

    laws = ROOT.parent / "shared" / "laws"
    if not laws.is_dir():
        import pytest

        pytest.skip("the shared law texts are not beside this checkout")

    def squeeze(text: str) -> str:
        return re.sub(r"\s+", "", text)

    corpus = squeeze("".join(p.read_text(encoding="utf-8") for p in laws.glob("*.md")))
    missing = []
    for path in sorted((ROOT / "rules").glob("*/[A-Z]*.yaml")):
        for ref in yaml.safe_load(path.read_text(encoding="utf-8"))["references"]:
            if ref.get("verified", True) and ref.get("quote"):
                pieces = [p for p in re.split(r"…+", squeeze(ref["quote"])) if p]
                if not all(p in corpus for p in pieces):
                    missing.append(f"{path.name}: {ref['law']} {ref['article']}")
    assert missing == []
