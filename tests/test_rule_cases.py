"""Every built-in rule's own cases: what must flag (with the exact excerpts) and what must pass."""

from __future__ import annotations

import pytest

from consumer_rules.testing import CaseResult, run_cases

RESULTS = {backend: run_cases(backend=backend) for backend in ("hyperscan", "fallback")}


def _ids(results: list[CaseResult]) -> list[str]:
    return [f"{r.code}-{r.case}" for r in results]


@pytest.mark.parametrize("result", RESULTS["hyperscan"], ids=_ids(RESULTS["hyperscan"]))
def test_case(result: CaseResult) -> None:
    assert result.ok, result.describe()


@pytest.mark.parametrize("result", RESULTS["fallback"], ids=_ids(RESULTS["fallback"]))
def test_case_with_fallback_matcher(result: CaseResult) -> None:
    assert result.ok, result.describe()


def test_every_rule_has_cases_that_flag_and_pass() -> None:
    by_rule: dict[str, set[str]] = {}
    for r in RESULTS["hyperscan"]:
        by_rule.setdefault(r.code, set()).add(r.case.split("[")[0])
    assert by_rule, "no rules were loaded"
    for code, kinds in by_rule.items():
        assert kinds == {"flag", "pass"}, code
