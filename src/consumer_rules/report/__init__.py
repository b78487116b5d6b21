"""Output formats. Each reporter renders a whole :class:`~consumer_rules.findings.Report` to text."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..findings import Report

Reporter = Callable[[Report, bool], str]

# Format -> (module, function); a reporter's module is imported when it is first used, so a run that prints
# text never loads the HTML page's code.
REPORTERS: dict[str, tuple[str, str]] = {
    "text": ("text_report", "render"),
    "json": ("json_report", "render"),
    "sarif": ("sarif", "render"),
    "junit": ("junit", "render"),
    "github": ("github", "render"),
    "html": ("html_report", "render"),
    "jsonl": ("lines", "render_jsonl"),
    "concise": ("lines", "render_concise"),
}


def reporter(fmt: str) -> Reporter:
    module, name = REPORTERS[fmt]
    found: Reporter = getattr(importlib.import_module(f".{module}", __name__), name)
    return found


def render(report: Report, fmt: str, color: bool = False) -> str:
    from ..vocabulary import check_choice

    return reporter(check_choice("output format", fmt, tuple(REPORTERS)))(report, color)
