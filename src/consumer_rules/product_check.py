"""Field rules on a product description: findings that point at the field in the product file."""

from __future__ import annotations

from typing import Any

from .compiled import CompiledRule
from .conditions import path_loc
from .findings import Finding, LineIndex, Severity
from .yamlfile import YamlDocument


def field_findings(
    rules: list[tuple[CompiledRule, Severity]],
    data: dict[str, Any],
    path: str,
    doc: YamlDocument | None,
    source: str,
) -> list[Finding]:
    """Run field rules on the product's plain ``data``; locate each finding in the product file."""
    lines = LineIndex(source)
    out: list[Finding] = []
    for rule, severity in rules:
        for prefix, failed in rule.logic.product_failures(data):
            out.append(_finding(rule, severity, path, doc, lines, (prefix, failed), data.get("type")))
    out.sort(key=lambda f: (f.start, f.rule_id))
    return out


def _finding(
    rule: CompiledRule,
    severity: Severity,
    path: str,
    doc: YamlDocument | None,
    lines: LineIndex,
    failure: tuple[tuple[str | int, ...], str],
    product_type: str | None,
) -> Finding:
    prefix, failed = failure
    loc = (*prefix, *path_loc(failed))
    label = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[") or "(product)"
    exact = doc is not None and (loc in doc.key_marks or loc in doc.value_marks)
    line, column = doc.where(loc, key=True) if doc is not None else (1, 1)
    start = lines.starts[min(line, len(lines.starts)) - 1] + column - 1 if doc is not None else 0
    start = min(start, len(lines.text))
    end = start
    if exact and doc is not None:  # the field is there but wrong: point at its key (or, for a list item, its line)
        key = loc[-1]
        rest = len(lines.line_text(line)) - (column - 1)
        end = start + (min(len(key), rest) if isinstance(key, str) and loc in doc.key_marks else rest)
    return rule.info.finding(
        lines,
        start,
        end,
        severity=severity,
        path=path,
        product_type=product_type,
        scope="span" if exact else "document",
        field=label,
    )
