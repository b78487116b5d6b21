"""Visible text of Markdown: headings, paragraphs, list items, table cells, link text and image alt text.

markdown-it (a CommonMark parser) finds the blocks and inline elements; code blocks and code spans are
skipped; embedded HTML goes through the HTML reader. Each visible text piece is located in the source in
order, so the text is masked in place (see the package docstring). A file nested deeper than the parser's
limit (50 quote or list levels) is read whole, markup included, since the parser would drop the deep part.
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt

from . import BLOCK, Extracted, masked
from .html import visible_parts

MAX_NESTING = 50
_PARSER = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
# An asterisk between a word and a number is a multiplication sign (指数收益率*85%+活期存款利率*15%), not
# emphasis: it is read as ×, so the formula is not taken apart and its weights are not left as bare rates.
_TIMES = re.compile(r"(?<=[^\s*_\\])\*(?=[0-9.])|(?<=[0-9%])\*(?=[^\s*_])")


def extract_markdown(source: str) -> Extracted:
    read = _TIMES.sub("×", source)  # same length: offsets in ``read`` are offsets in ``source``
    tokens = _PARSER.parse(read)
    if any(token.level >= MAX_NESTING - 1 for token in tokens):
        # The parser drops whatever is nested deeper than its limit. Read such a file whole, markup and all,
        # rather than let copy in a deep quote or list go unread.
        return Extracted(source, source, "markdown")
    visible, marks = _visible(read, tokens)
    return Extracted(masked(source, visible, marks), source, "markdown")


def _visible(source: str, tokens: list[Any]) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    line_starts = [0]
    for i, ch in enumerate(source):
        if ch == "\n":
            line_starts.append(i + 1)
    line_starts.append(len(source))

    def line_offset(line: int) -> int:
        return line_starts[min(line, len(line_starts) - 1)]

    visible: list[tuple[int, int]] = []
    marks: list[tuple[int, str]] = []
    cursor = 0
    for token in tokens:
        if token.map is None:
            continue
        start, end = line_offset(token.map[0]), line_offset(token.map[1])
        if token.type == "html_block":
            parts, html_marks = visible_parts(source[start:end], start)
            visible += parts
            marks += html_marks
            marks.append((start, BLOCK))
        elif token.type == "inline":
            cursor = max(cursor, start)
            cursor = _inline(source, token.children or [], cursor, end, visible, marks)
            if cursor < len(source):
                marks.append((cursor, BLOCK))
    return visible, marks


def _inline(
    source: str,
    children: list[Any],
    cursor: int,
    end: int,
    visible: list[tuple[int, int]],
    marks: list[tuple[int, str]],
) -> int:
    for child in children:
        if child.type == "text" and child.content:
            found = source.find(child.content, cursor, end)
            if found >= 0:
                visible.append((found, found + len(child.content)))
                cursor = found + len(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            # A line break inside a paragraph stays one: a heading-like line (风险收益特征) and the line
            # before it are not one phrase.
            found = source.find("\n", cursor, end)
            if found >= 0:
                visible.append((found, found + 1))
                cursor = found + 1
        elif child.type == "image":  # its alt text, set apart from the sentence around it
            marks.append((cursor, BLOCK))
            cursor = _inline(source, child.children or [], cursor, end, visible, marks)
        elif child.type == "html_inline":
            found = source.find(child.content, cursor, end)
            if found >= 0:
                parts, html_marks = visible_parts(child.content, found)
                visible += parts
                marks += html_marks
                cursor = found + len(child.content)
        elif child.type == "code_inline":
            found = source.find(child.content, cursor, end)
            if found >= 0:
                cursor = found + len(child.content)
    return cursor
