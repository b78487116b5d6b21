"""What a check reports: frozen findings with exact locations, and the report that gathers them."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath
from typing import Any, NamedTuple

__all__ = ["FAIL_ON", "Finding", "LineIndex", "Reference", "Report", "Severity", "cite"]

FAIL_ON = ("error", "warning", "info", "never")


class Severity(StrEnum):
    """How bad a finding is. Ordered: error > warning > info."""

    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return _RANKS[self.value]


_RANKS = {"error": 3, "warning": 2, "info": 1}


UNVERIFIED_MARK = "（引文未核）"
UNVERIFIED_EN = "unverified citation: the quotation awaits checking against the official text"


@dataclass(frozen=True)
class Reference:
    law: str
    article: str
    verified: bool = True  # False: the quotation was seen only in a secondary source and awaits checking
    products: frozenset[str] | None = None  # the product types it bears on (None: every one)

    def __str__(self) -> str:
        return f"{self.law} {self.article}" + ("" if self.verified else UNVERIFIED_MARK)


def bearing_on(references: tuple[Reference, ...], product_type: str | None) -> tuple[Reference, ...]:
    """The references that bear on copy about ``product_type``: all of them when it is unknown (the validator sees
    to it that every product a rule runs on keeps one)."""
    if product_type is None or all(r.products is None for r in references):
        return references
    return tuple(r for r in references if r.products is None or product_type in r.products) or references


def cite(references: tuple[Reference, ...]) -> str:
    """The law line of a finding: every reference, each unverified one marked （引文未核）."""
    return "；".join(str(r) for r in references)


# What a related location keeps of a finding (JSON "related", SARIF relatedLocations).
_LOCATION_KEYS = (
    "rule_id",
    "name",
    "severity",
    "message",
    "message_en",
    "path",
    "start",
    "end",
    "line",
    "column",
    "end_line",
    "end_column",
    "excerpt",
    "scope",
    "citation_verified",
    "fingerprint",
)


class Finding(NamedTuple):
    """One problem at one place. Offsets are code points into the decoded original file; lines 1-based.

    Immutable. A named tuple rather than a frozen dataclass: a large check builds many thousands of these,
    and a tuple is several times cheaper to create.
    """

    rule_id: str
    name: str
    category: str
    severity: Severity
    message: str
    message_en: str
    path: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    excerpt: str
    references: tuple[Reference, ...]
    fix: str
    scope: str = "span"  # "span": the excerpt is the problem; "document": something is missing
    context: str = ""  # the source line of the excerpt
    paragraph: int | None = None  # Word: the paragraph (1-based) the excerpt is in
    page: int | None = None  # PDF: the page (1-based) the excerpt is on
    field: str | None = None  # product descriptions: the field the finding is about (risk_level, fees[0])
    context_column: int = 1  # the column ``context`` starts at: 1 unless a long line was cut (see CONTEXT_MAX)
    related: tuple[Finding, ...] = ()  # other findings of the same problem (see grouping.py)

    @classmethod
    def at(
        cls,
        lines: LineIndex,
        start: int,
        end: int,
        *,
        rule: tuple[str, str, str],
        severity: Severity,
        messages: tuple[str, str],
        path: str,
        references: tuple[Reference, ...],
        fix: str,
        scope: str = "span",
        paragraph: int | None = None,
        page: int | None = None,
        field: str | None = None,
    ) -> Finding:
        """A finding for ``lines.text[start:end]``: line, columns, excerpt and context computed here.

        ``rule`` is (code, name, category); ``messages`` is (Chinese, English)."""
        line, column = lines.position(start)
        end_line, end_column = lines.position(end)
        context, context_column = lines.context(line, column, end_column if end_line == line else column)
        # tuple.__new__ with every field: the named tuple's own __new__ is a Python-level call per finding.
        return tuple.__new__(cls, (rule[0], rule[1], rule[2], severity, messages[0], messages[1], path, start, end,
                                   line, column, end_line, end_column, lines.text[start:end], references, fix, scope,
                                   context, paragraph, page, field, context_column, ()))  # fmt: skip

    @property
    def citation_verified(self) -> bool:
        """False when one of the rule's citations is unverified (quoted from a secondary source)."""
        return all(r.verified for r in self.references)

    @property
    def fingerprint(self) -> str:
        """Stable id of this finding that survives moved lines: rule, excerpt and nearby text."""
        basis = f"{self.rule_id}\0{self.excerpt}\0{self.context.strip()}"
        return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        return {**self._record(), "related": [r.location() for r in self.related]}

    def location(self) -> dict[str, Any]:
        """The finding as a related location of another: where, which rule, what it says."""
        fields = self._record()
        return {key: fields[key] for key in _LOCATION_KEYS}

    def _record(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "name": self.name,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
            "message_en": self.message_en,
            "path": self.path,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "excerpt": self.excerpt,
            "scope": self.scope,
            "references": [{"law": r.law, "article": r.article, "verified": r.verified} for r in self.references],
            "citation_verified": self.citation_verified,
            "fix": self.fix,
            "paragraph": self.paragraph,
            "page": self.page,
            "field": self.field,
            "fingerprint": self.fingerprint,
        }


# The command line keeps files' texts for the HTML report up to this many characters in all; past it, a
# file's findings are listed without its text, and the page says so (Report.sources_dropped).
HTML_SOURCES_LIMIT = 50_000_000

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
CONTEXT_MAX = 1000
"""Lines up to this long are a finding's context whole; longer ones are cut around the excerpt."""
CONTEXT_AROUND = 80


class LineIndex:
    """Code-point offset -> (line, column), both 1-based. Lines end at \\n, \\r\\n or \\r."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
        self._lines: dict[int, str] = {}  # line -> its text: findings often share a line

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def context(self, line: int, column: int, end_column: int) -> tuple[str, int]:
        """The text of ``line`` around columns [column, end_column), and the column it starts at: the whole
        line up to CONTEXT_MAX characters, else CONTEXT_AROUND characters either side (so that thousands of
        findings on one long line do not each copy the line)."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        if end - start <= CONTEXT_MAX:
            return self.line_text(line), 1
        first = max(start, start + column - 1 - CONTEXT_AROUND)
        last = min(end, start + max(column, end_column) - 1 + CONTEXT_AROUND)
        return self.text[first:last].rstrip("\r\n"), first - start + 1

    def line_text(self, line: int) -> str:
        found = self._lines.get(line)
        if found is None:
            start = self.starts[line - 1]
            end = self.starts[line] if line < len(self.starts) else len(self.text)
            found = self._lines[line] = self.text[start:end].rstrip("\r\n")
        return found


@dataclass
class Report:
    """Findings for one or more inputs, plus files that could not be checked."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    formats: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # path -> (format, encoding)
    sources: dict[str, str] = field(default_factory=dict, repr=False)  # path -> the text findings point into
    waived: list[tuple[Finding, str]] = field(default_factory=list)  # accepted findings and the reason
    sources_dropped: list[str] = field(default_factory=list)  # paths whose text was not kept (memory bound)
    # Files met in a folder walk whose type holds no copy read here (images, data, code): passed over, not skipped,
    # but counted, so that copy kept in a sheet exported as .csv is seen not to have been checked.
    not_read: Counter[str] = field(default_factory=Counter)  # file type (.jpg) -> files
    # Findings as the JSON report writes them (report.json_report.finding_json), keyed by the finding, when they
    # were written where they were found (a worker process). Keyed, not a list beside ``findings``: a finding
    # dropped, added or reordered later can never be written as another's JSON; one missing is written then.
    encoded: dict[Finding, str] = field(default_factory=dict, repr=False)

    @property
    def complete(self) -> bool:
        """True when every input asked for was checked (nothing in ``skipped``)."""
        return not self.skipped

    @property
    def passed(self) -> bool:
        """True when every input was checked and nothing at error severity was found."""
        return self.complete and not self.failed("error")

    def failed(self, fail_on: str = "error") -> bool:
        """True when a finding is at or above ``fail_on`` (error | warning | info | never)."""
        from .vocabulary import check_choice

        check_choice("fail-on severity", fail_on, FAIL_ON)
        if fail_on == "never":
            return False
        threshold = Severity(fail_on).rank
        return any(f.severity.rank >= threshold for f in self.findings)

    def extend(self, other: Report) -> None:
        self.encoded.update(other.encoded)
        self.findings.extend(other.findings)
        self.files.extend(other.files)
        self.skipped.extend(other.skipped)
        self.formats.update(other.formats)
        self.sources.update(other.sources)
        self.waived.extend(other.waived)
        self.sources_dropped.extend(other.sources_dropped)
        self.not_read.update(other.not_read)

    def summary(self) -> dict[str, Any]:
        by_severity = Counter(f.severity.value for f in self.findings)
        return {
            "files": len(self.files),
            "files_with_findings": len({f.path for f in self.findings}),
            "skipped": len(self.skipped),
            "findings": len(self.findings),
            "waived": len(self.waived),
            "by_severity": {s.value: by_severity.get(s.value, 0) for s in Severity},
            "by_category": dict(sorted(Counter(f.category for f in self.findings).items())),
            "by_rule": dict(sorted(Counter(f.rule_id for f in self.findings).items())),
            "not_read": dict(sorted(self.not_read.items())),
        }


def file_type(path: str | PurePath) -> str:
    """How a passed-over file is counted: its suffix, lower case (``.jpg``), or ``(no suffix)``."""
    return PurePath(path).suffix.lower() or "(no suffix)"
