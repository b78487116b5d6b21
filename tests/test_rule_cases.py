"""Every built-in rule's own cases: what must flag (with the exact excerpts) and what must pass."""

from __future__ import annotations

import pytest

from consumer_rules.discovery import builtin_pack_names
from consumer_rules.testing import CaseResult, run_cases

RESULTS = {backend: run_cases(backend=backend) for backend in ("re2", "python-re")}


def _ids(results: list[CaseResult]) -> list[str]:
    return [f"{r.code}-{r.case}" for r in results]


@pytest.mark.parametrize("result", RESULTS["re2"], ids=_ids(RESULTS["re2"]))
def test_case(result: CaseResult) -> None:
    assert result.ok, result.describe()


@pytest.mark.parametrize("result", RESULTS["python-re"], ids=_ids(RESULTS["python-re"]))
def test_case_with_python_re(result: CaseResult) -> None:
    assert result.ok, result.describe()


def test_every_rule_has_cases_that_flag_and_pass() -> None:
    by_rule: dict[str, set[str]] = {}
    for r in RESULTS["re2"]:
        by_rule.setdefault(r.code, set()).add(r.case.split("[")[0])
    assert by_rule, "no rules were loaded"
    for code, kinds in by_rule.items():
        assert kinds == {"flag", "pass"}, code


@pytest.mark.parametrize("pack", builtin_pack_names())
def test_a_built_in_packs_cases_hold_when_it_is_loaded_alone(pack: str) -> None:
    """`--pack NAME` runs one pack alone. Its cases held only while the other packs were loaded: a CP002 case
    counted on cn-finance masking 风险由您自行承担 as an investment warning (it is the consumer's clause CP002
    reports), and a PRD060 case on cn-finance masking 不保本. A pack's cases hold whichever packs run beside it."""
    failed = [r.describe() for r in run_cases([pack]) if not r.ok]
    assert not failed, "\n".join(failed)
