"""A rule's documentation as a user reads it in the terminal (``rules show`` / ``explain``)."""

from __future__ import annotations

from collections.abc import Sequence
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
            return render(spec, item.path)
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
    for ref in spec.references:
        status = "" if ref.verified else "  (quotation from a secondary source; to be checked)"
        lines.append(f"  {ref.law} {ref.article}{status}")
        if ref.quote:
            lines.append(f"    “{ref.quote}”")
    lines.append("Plan clause:")
    lines.extend(f"  {clause}" for clause in spec.plan)
    return "\n".join(lines)
