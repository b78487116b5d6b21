"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff."""

from __future__ import annotations

from ..findings import Finding, Report
from .safe import printable

_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped as GitHub reads them, other controls shown escaped."""
    return "%0A".join(printable(line) for line in text.replace("%", "%25").replace("\r", "%0D").split("\n"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(f: Finding) -> str:
    law = "；".join(f"{r.law} {r.article}" for r in f.references)
    props = [f"file={_property(f.path)}", f"line={f.line}", f"col={f.column}", f"endLine={f.end_line}"]
    if f.end_line == f.line:
        props.append(f"endColumn={f.end_column}")
    props.append(f"title={_property(f'{f.rule_id} {f.name}')}")
    body = f"{f.message}\n{f.message_en}\n依据 Law: {law}\n建议 Fix: {f.fix}"
    return f"::{_LEVELS[f.severity.value]} {','.join(props)}::{_data(body)}"


def render(report: Report, color: bool = False) -> str:
    lines = [_annotation(f) for f in report.findings]
    lines += [f"::warning file={_property(path)}::{_data('skipped: ' + reason)}" for path, reason in report.skipped]
    s = report.summary()
    lines.append(f"consumer-rules: {s['findings']} findings in {s['files_with_findings']} of {s['files']} files")
    return "\n".join(lines) + "\n"
