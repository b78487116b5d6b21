"""Visible text of HTML: text nodes, alt and title attributes; script, style and hidden elements skipped.

What a sighted reader sees is read: ``aria-hidden`` content (hidden from screen readers only), ``<svg>``
text, ``<math>`` and ``hidden="until-found"`` sections (shown by find-in-page). Nesting costs nothing per
level: the open elements are a stack with a count of hiding ones and of each tag, so 20,000 nested ``<div>``
are read in linear time.

Uses the standard library's HTML parser, which reports where every tag starts, so the text can be masked
in place (see the package docstring). Character references (&amp;, &#20445;) are decoded into the first
character of their own span.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from . import BLOCK, Extracted, masked

SKIPPED = {"script", "style", "noscript", "template", "object", "iframe"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "title", "tr", "ul",
}  # fmt: skip
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_TEXT_ATTRS = ("alt", "title", "placeholder", "aria-label")
_TEXT_ATTR_RES = [re.compile(rf"""\s{name}\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL) for name in _TEXT_ATTRS]


class _Masker(HTMLParser):
    def __init__(self, source: str, base: int) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.base = base
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", source)]
        self.visible: list[tuple[int, int]] = []
        self.marks: list[tuple[int, str]] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its content)
        self.hiding = 0  # entries of the stack that hide their content
        self.open: dict[str, int] = {}  # tag -> entries of the stack

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    @property
    def hidden(self) -> bool:
        return self.hiding > 0

    def _push(self, tag: str, hides: bool) -> None:
        self.stack.append((tag, hides))
        self.hiding += hides
        self.open[tag] = self.open.get(tag, 0) + 1

    def _pop(self) -> None:
        tag, hides = self.stack.pop()
        self.hiding -= hides
        self.open[tag] -= 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        if tag in BLOCKS:
            self.marks.append((self.base + start, BLOCK))
        attributes = dict(attrs)
        hides = (
            tag in SKIPPED
            or ("hidden" in attributes and (attributes["hidden"] or "").lower() != "until-found")
            or bool(_HIDDEN_STYLE.search(attributes.get("style") or ""))
            or (tag == "input" and attributes.get("type") == "hidden")
        )
        if not self.hidden and not hides:
            self._attribute_text(raw, start)
        if tag not in VOID and not raw.endswith("/>"):
            self._push(tag, hides)

    def _attribute_text(self, raw: str, start: int) -> None:
        if "=" not in raw:
            return
        for pattern in _TEXT_ATTR_RES:
            for m in pattern.finditer(raw):
                if m.group(2).strip():
                    s, e = start + m.start(2), start + m.end(2)
                    self.visible.append((self.base + s, self.base + e))
                    self.marks.append((self.base + e, BLOCK))  # the closing quote

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.marks.append((self.base + self._offset(), BLOCK))
        if self.open.get(tag):  # tolerate unclosed and stray tags: close up to the nearest open one
            while self.stack[-1][0] != tag:
                self._pop()
            self._pop()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            start = self._offset()
            self.visible.append((self.base + start, self.base + start + len(data)))

    def _reference(self, text: str) -> None:
        if not self.hidden:
            decoded = html.unescape(text)
            if len(decoded) == 1:
                self.marks.append((self.base + self._offset(), decoded))

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")


def visible_parts(source: str, base: int = 0) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    """Visible ranges and marks of an HTML fragment, with offsets shifted by ``base``."""
    parser = _Masker(source, base)
    parser.feed(source)
    parser.close()
    return parser.visible, parser.marks


def extract_html(source: str) -> Extracted:
    visible, marks = visible_parts(source)
    return Extracted(masked(source, visible, marks), source, "html")
