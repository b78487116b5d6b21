"""Output formats. Each reporter renders a whole :class:`~consumer_rules.findings.Report` to text."""

from __future__ import annotations

from collections.abc import Callable

from ..findings import Report
from . import github, html_report, json_report, junit, lines, sarif, text_report

Reporter = Callable[[Report, bool], str]

REPORTERS: dict[str, Reporter] = {
    "text": text_report.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
    "html": html_report.render,
    "jsonl": lines.render_jsonl,
    "concise": lines.render_concise,
}


def render(report: Report, fmt: str, color: bool = False) -> str:
    return REPORTERS[fmt](report, color)
