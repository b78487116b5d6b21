"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff."""

from __future__ import annotations

from ..findings import UNVERIFIED_EN, Finding, Report, cite
from .safe import printable
from .text_report import not_read_note

_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped as GitHub reads them, other controls shown escaped."""
    return "%0A".join(printable(line) for line in text.replace("%", "%25").replace("\r", "%0D").split("\n"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(f: Finding) -> str:
    law = cite(f.references) + ("" if f.citation_verified else f" ({UNVERIFIED_EN})")
    props = [f"file={_property(f.path)}", f"line={f.line}", f"col={f.column}", f"endLine={f.end_line}"]
    if f.end_line == f.line:
        props.append(f"endColumn={f.end_column}")
    props.append(f"title={_property(f'{f.rule_id} {f.name}')}")
    body = f"{f.message}\n{f.message_en}\n依据 Law: {law}\n建议 Fix: {f.fix}"
    if f.related:
        body += "\n同一问题 Also: " + "; ".join(
            f"{r.rule_id} {r.line}:{r.column} {r.excerpt}".rstrip() for r in f.related
        )
    return f"::{_LEVELS[f.severity.value]} {','.join(props)}::{_data(body)}"


def render(report: Report, color: bool = False) -> str:
    lines = [_annotation(f) for f in report.findings]
    lines += [f"::warning file={_property(path)}::{_data('skipped: ' + reason)}" for path, reason in report.skipped]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def summary_line(report: Report) -> str:
    """The run's closing line in a workflow log (whole or streamed)."""
    s = report.summary()
    summary = f"consumer-rules: {s['findings']} findings in {s['files_with_findings']} of {s['files']} files"
    if s["skipped"]:
        summary += f"; {s['skipped']} skipped"
    return summary + not_read_note(s["not_read"])
