"""The category vocabulary is a public contract: the models, the docs and every rule use it exactly."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest

from consumer_rules import RuleSet, vocabulary

ROOT = Path(__file__).resolve().parent.parent


def _categories(markdown: Path) -> list[str]:
    return re.findall(r"^\| `([a-z_]+)` \|", markdown.read_text(encoding="utf-8"), flags=re.M)


def test_models_use_the_documented_categories() -> None:
    documented = _categories(ROOT / "docs" / "categories.md")
    assert list(vocabulary.CATEGORIES) == documented
    assert list(typing.get_args(vocabulary.Category)) == documented


def test_docs_copy_matches_the_shared_contract() -> None:
    shared = ROOT.parent / "shared" / "reference" / "categories.md"
    if not shared.exists():
        pytest.skip("the shared reference folder is not beside this checkout")
    assert _categories(shared) == _categories(ROOT / "docs" / "categories.md")


def test_builtin_rules_cover_the_core_categories(builtin: RuleSet) -> None:
    used = {r.category for r in builtin.rules}
    assert used <= set(vocabulary.CATEGORIES)
    core = {
        "guarantee_promise",
        "extreme_claim",
        "missing_risk_warning",
        "misleading_return",
        "deposit_confusion",
        "unfair_terms",
        "privacy_consent",
    }
    assert core <= used, f"missing: {core - used}"
    assert len(builtin.rules) >= 12


def test_builtin_rules_meet_the_pack_standard() -> None:
    """Every built-in rule: at least 3 cases that flag and 3 that pass, an obligation id, and a rule resting only
    on secondary sources starts as a warning."""
    from consumer_rules.discovery import rule_sources
    from consumer_rules.loader import load_folders

    problems = []
    for item in load_folders(rule_sources(None, [])).rules:
        spec = item.spec
        if len(spec.cases.flag) < 3 or len(spec.cases.pass_) < 3:
            problems.append(f"{spec.code}: {len(spec.cases.flag)} flag / {len(spec.cases.pass_)} pass cases")
        if not spec.obligations:
            problems.append(f"{spec.code}: no obligations listed")
        if spec.severity.value == "error" and not any(r.verified for r in spec.references):
            problems.append(f"{spec.code}: error severity but no verified reference")
    assert problems == []
