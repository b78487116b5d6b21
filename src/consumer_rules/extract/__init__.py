"""Reading the visible text of each input format, so that every finding still points into the original file.

Markdown and HTML are *masked*, not converted: markup, code and hidden elements become spaces and block
boundaries a separator character, so the text the rules read has exactly the length of the source and a
finding's offsets, line and column are those of the original file. Word and PDF files have no text source
to point into; their text is assembled from paragraphs (Word) or pages (PDF), and each finding also names
the paragraph or page it is in.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..lazy import lazy_regex

_REFERENCE = lazy_regex(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

BLOCK = "\x1f"
"""Separates blocks (paragraphs, list items, table cells) in masked text; rules treat it as a paragraph break."""


@dataclass(frozen=True)
class Extracted:
    """What the rules read (``text``) and what findings quote (``source``), with how to locate them."""

    text: str
    source: str
    format: str
    # For Word and PDF: the start offset in ``source`` of each paragraph or page, and which it is.
    unit: str | None = None  # "paragraph" | "page"
    unit_starts: tuple[int, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def widen(self, start: int, end: int) -> tuple[int, int]:
        """Widen a source span that ends on the first character of a character reference (&#20445;), whose
        decoded character stands there, to the whole reference."""
        if self.format in ("html", "markdown") and end > start and self.source[end - 1] == "&":
            m = _REFERENCE.match(self.source, end - 1)
            if m:
                return start, m.end()
        return start, end

    def unit_of(self, offset: int) -> int | None:
        """1-based paragraph or page of ``offset``, when the format has them."""
        if not self.unit:
            return None
        return max(1, bisect_right(self.unit_starts, offset))


def masked(source: str, visible: Iterable[tuple[int, int]], marks: Iterable[tuple[int, str]] = ()) -> str:
    """``source`` with everything outside ``visible`` ranges turned into spaces, and single characters
    (block separators, decoded entities) written at ``marks`` positions outside them. Same length."""
    # (start, order, end, mark): at the same start, visible text (order 0) wins over a mark.
    pieces: list[tuple[int, int, int, str]] = [(s, 0, e, "") for s, e in visible if e > s]
    pieces += [(pos, 1, pos + 1, ch) for pos, ch in marks if 0 <= pos < len(source)]
    pieces.sort()
    out: list[str] = []
    pos = 0
    for start, order, end, char in pieces:
        if start < pos:  # overlaps an earlier piece: the earlier one wins
            if end <= pos:
                continue
            start = pos
        if start > pos:
            out.append(" " * (start - pos))
        out.append(source[start:end] if order == 0 else char)
        pos = end
    if pos < len(source):
        out.append(" " * (len(source) - pos))
    text = "".join(out)
    assert len(text) == len(source)
    return text
