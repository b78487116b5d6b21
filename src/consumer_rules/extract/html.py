"""Visible text of HTML: text nodes, alt and title attributes; script, style and hidden elements skipped.

Uses the standard library's HTML parser, which reports where every tag starts, so the text can be masked
in place (see the package docstring). Character references (&amp;, &#20445;) are decoded into the first
character of their own span.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from . import BLOCK, Extracted, masked

SKIPPED = {"script", "style", "noscript", "template", "svg", "math", "object", "iframe"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "title", "tr", "ul",
}  # fmt: skip
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_TEXT_ATTRS = ("alt", "title", "placeholder", "aria-label")


class _Masker(HTMLParser):
    def __init__(self, source: str, base: int) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.base = base
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", source)]
        self.visible: list[tuple[int, int]] = []
        self.marks: list[tuple[int, str]] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its content)

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    @property
    def hidden(self) -> bool:
        return any(hides for _, hides in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        if tag in BLOCKS:
            self.marks.append((self.base + start, BLOCK))
        attributes = dict(attrs)
        hides = (
            tag in SKIPPED
            or "hidden" in attributes
            or attributes.get("aria-hidden") == "true"
            or bool(_HIDDEN_STYLE.search(attributes.get("style") or ""))
            or (tag == "input" and attributes.get("type") == "hidden")
        )
        if not self.hidden and not hides:
            self._attribute_text(raw, start)
        if tag not in VOID and not raw.endswith("/>"):
            self.stack.append((tag, hides))

    def _attribute_text(self, raw: str, start: int) -> None:
        for name in _TEXT_ATTRS:
            for m in re.finditer(rf"""\s{name}\s*=\s*(["'])(.*?)\1""", raw, re.IGNORECASE | re.DOTALL):
                if m.group(2).strip():
                    s, e = start + m.start(2), start + m.end(2)
                    self.visible.append((self.base + s, self.base + e))
                    self.marks.append((self.base + e, BLOCK))  # the closing quote

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.marks.append((self.base + self._offset(), BLOCK))
        for i in range(len(self.stack) - 1, -1, -1):  # tolerate unclosed and stray tags
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

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
