"""Run every rule's own cases: texts that must flag (with the excerpts to report) and texts that must pass.

The same harness serves ``consumer-rules rules test``, the project's test suite, and anyone writing their
own pack (``from consumer_rules.testing import run_cases``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import model
from .compile import compile_rules
from .discovery import rule_sources
from .errors import UsageError
from .findings import Finding, Report
from .loader import LoadedRule, load_folders
from .ruleset import RuleSet
from .vocabulary import DOCUMENT_KINDS, DocumentKind, KindChoice


@dataclass(frozen=True)
class CaseResult:
    code: str
    path: str
    case: str  # "flag[0]", "pass[2]"
    text: str
    expected: tuple[str, ...]
    actual: tuple[str, ...]
    line: int = 0  # where the case is written in the rule file (0: unknown)

    @property
    def ok(self) -> bool:
        return self.expected == self.actual

    def describe(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return (
            f"{where}: {self.code} {self.case}: expected {list(self.expected)}, got {list(self.actual)}"
            f"\n    text: {self.text!r}"
        )


def case_kind(rule: model.RuleBase, kind: DocumentKind | None) -> KindChoice:
    if kind:
        return kind
    kinds = rule.applies_to.kinds
    return "auto" if set(kinds) == set(DOCUMENT_KINDS) else kinds[0]


def run_cases(
    packs: Sequence[str] | None = None,
    rules_dirs: Sequence[Path] = (),
    backend: str | None = None,
    only: Sequence[Path] | None = None,
) -> list[CaseResult]:
    """Load the packs fresh (no cache) and run every case of every rule against the whole rule set; with
    ``only``, the cases of the rules in those pack folders alone (the others still load, as they would run)."""
    loaded = load_folders(rule_sources(packs, rules_dirs))
    ruleset = RuleSet(compile_rules(loaded, backend))
    results: list[CaseResult] = []
    for item in loaded.rules if only is None else loaded.rules_in(only):
        results.extend(run_rule_cases(ruleset, item))
    return results


def run_rule_cases(ruleset: RuleSet, item: LoadedRule) -> list[CaseResult]:
    spec = item.spec
    out: list[CaseResult] = []
    cases: list[tuple[str, model.FlagCase | model.PassCase, tuple[str, ...]]] = [
        (f"flag[{i}]", c, tuple(c.expect)) for i, c in enumerate(spec.cases.flag)
    ]
    cases += [(f"pass[{i}]", c, ()) for i, c in enumerate(spec.cases.pass_)]
    lines = dict(item.case_lines)
    for label, case, expected in cases:
        actual = _actual(ruleset, spec, case)
        out.append(CaseResult(spec.code, item.path, label, case.text, expected, actual, lines.get(label, 0)))
    return out


def _actual(ruleset: RuleSet, spec: model.RuleBase, case: model.FlagCase | model.PassCase) -> tuple[str, ...]:
    kind = case_kind(spec, case.kind)
    if case.product is None:
        report = ruleset.check_text(case.text, kind=kind, product_type=case.product_type)
        return tuple(f.excerpt for f in _every(report) if f.rule_id == spec.code)
    from pydantic import ValidationError

    from .product import Product

    try:
        product = Product.model_validate(case.product)
    except ValidationError as exc:
        return (f"<invalid product in the case: {exc.errors()[0]['msg']}>",)
    logic = next(r.logic for r in ruleset.compiled.rules if r.info.code == spec.code)
    if not logic.reads_copy:  # a rule on the product description alone
        report = ruleset.check_product(product)
        return tuple(f.field or "" for f in _every(report) if f.rule_id == spec.code)
    try:
        report = ruleset.check_text(case.text, kind=kind, product_type=case.product_type, product=product)
    except UsageError as exc:  # a product_type other than the case's product's type
        return (f"<{exc}>",)
    return tuple(f.excerpt for f in _every(report) if f.rule_id == spec.code)


def _every(report: Report) -> list[Finding]:
    """Each finding and its related locations: a rule's case holds whether or not its finding was folded
    into another rule's (see grouping.py)."""
    return sorted((g for f in report.findings for g in (f, *f.related)), key=lambda f: (f.start, f.end, f.rule_id))
