"""Output formats. Each reporter renders a whole :class:`~consumer_rules.findings.Report` to text."""

from __future__ import annotations

from collections.abc import Callable

from ..findings import Report
from . import github, html_report, json_report, junit, sarif, text_report

Reporter = Callable[[Report, bool], str]

REPORTERS: dict[str, Reporter] = {
    "text": text_report.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
    "html": html_report.render,
}


def render(report: Report, fmt: str, color: bool = False) -> str:
    from ..vocabulary import check_choice

    return REPORTERS[check_choice("output format", fmt, tuple(REPORTERS))](report, color)
