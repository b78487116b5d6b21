"""A rule's documentation as a user reads it in the terminal (``rules show`` / ``explain``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from . import model
from .discovery import did_you_mean, rule_sources
from .errors import UsageError
from .loader import load_folders
from .normalize import tidy_prose


def explain(code: str, packs: Sequence[str] | None = None, rules_dirs: Sequence[Path] = ()) -> str:
    loaded = load_folders(rule_sources(packs, rules_dirs))
    for item in loaded.rules:
        spec = item.spec
        if code in (spec.code, spec.name, *spec.aliases):
            verified, total = citation_counts([r.spec for r in loaded.rules])
            return (
                render(spec, item.path)
                + f"\nAll loaded packs: {verified} of {total} citations verified against the official texts."
            )
    known = [r.spec.code for r in loaded.rules] + [r.spec.name for r in loaded.rules]
    hint = did_you_mean(code, known)
    raise UsageError(f"no rule '{code}'" + (f"; {hint}" if hint else ""))


def render(spec: model.RuleBase, path: str) -> str:
    lines = [
        f"{spec.code}  {spec.name}",
        f"  category: {spec.category}   severity: {spec.severity.value}   kind: {spec.kind}",
        f"  file: {path}",
        "",
        f"{tidy_prose(spec.message)}",
        f"{tidy_prose(spec.message_en)}",
        "",
        f"What it catches: {tidy_prose(spec.docs.summary)}",
        "",
        f"Why: {tidy_prose(spec.docs.why)}",
        "",
        "Non-compliant:",
        *[f"  ✗ {t}" for t in spec.docs.non_compliant],
        "Compliant:",
        *[f"  ✓ {t}" for t in spec.docs.compliant],
        "",
        f"Fix: {tidy_prose(spec.fix)}",
        "",
        "Law:",
    ]
    verified, total = citation_counts([spec])
    lines[-1] = f"Law ({verified} of {total} citations verified):"
    for ref in spec.references:
        status = "" if ref.verified else "  （引文未核） (quotation from a secondary source; to be checked)"
        only = f"  （仅用于 cited only for: {', '.join(ref.products)}）" if ref.products else ""
        lines.append(f"  {ref.law} {ref.article}{status}{only}")
        if ref.quote:
            lines.append(f"    “{ref.quote}”")
    lines.append("Plan clause:")
    lines.extend(f"  {clause}" for clause in spec.plan)
    return "\n".join(lines)


def citation_counts(specs: Iterable[model.RuleBase]) -> tuple[int, int]:
    """(verified, all) citations of ``specs``: a citation is verified when its quotation was checked against
    the official text (``verified: true``)."""
    refs = [ref for spec in specs for ref in spec.references]
    return sum(1 for ref in refs if ref.verified), len(refs)
