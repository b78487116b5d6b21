"""Output formats. Each reporter renders a whole :class:`~consumer_rules.findings.Report` to text."""

from __future__ import annotations

from collections.abc import Callable

from ..findings import Report
from . import json_report, text_report

Reporter = Callable[[Report, bool], str]

REPORTERS: dict[str, Reporter] = {
    "text": text_report.render,
    "json": json_report.render,
}


def render(report: Report, fmt: str, color: bool = False) -> str:
    return REPORTERS[fmt](report, color)
