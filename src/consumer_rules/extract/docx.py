"""Word documents: every paragraph a reader sees, each a paragraph of the text.

The body comes first (paragraphs and table cells in document order, each text box's paragraphs right after
the paragraph that anchors it), then headers and footers, footnotes, endnotes and comments. Findings name
the paragraph, counting in that order (table cells count as paragraphs).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from . import Extracted

SEPARATOR = "\n\n"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {
    "w": _W,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
# Parts that hold text outside the body, by the last segment of their relationship type.
_NOTES = ("footnotes", "endnotes", "comments")
_TEXT_TAGS = {f"{{{_W}}}t": None, f"{{{_W}}}tab": "\t", f"{{{_W}}}br": "\n", f"{{{_W}}}cr": "\n"}


def _xml_text(p: Any) -> str:
    """The text of a ``w:p`` element, text boxes inside it left out (they are paragraphs of their own)."""
    out: list[str] = []
    for el in p.iter(*_TEXT_TAGS):
        if any(a.tag == f"{{{_W}}}txbxContent" for a in el.iterancestors()) and _owner(el) is not p:
            continue
        fixed = _TEXT_TAGS[el.tag]
        out.append(el.text or "" if fixed is None else fixed)
    return "".join(out)


def _owner(el: Any) -> Any:
    """The nearest ``w:p`` above ``el``."""
    for a in el.iterancestors(f"{{{_W}}}p"):
        return a
    return None


def _text_boxes(p: Any) -> Iterator[str]:
    """Paragraphs of the text boxes anchored in paragraph ``p`` (the VML fallback copy of each left out)."""
    for box in p.iterfind(".//w:txbxContent", _NS):
        if any(a.tag == f"{{{_NS['mc']}}}Fallback" for a in box.iterancestors()):
            continue
        if _owner(box) is not p:
            continue  # a box inside a box: reached through its own paragraph
        for inner in box.iterfind("w:p", _NS):
            yield _xml_text(inner)
            yield from _text_boxes(inner)


def _blocks(container: Any) -> Iterator[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
            yield from _text_boxes(block._p)
        elif isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    yield from _blocks(cell)


def _headers_and_footers(document: Any) -> Iterator[str]:
    seen: set[int] = set()
    for section in document.sections:
        for part in (
            section.header, section.first_page_header, section.even_page_header,
            section.footer, section.first_page_footer, section.even_page_footer,
        ):  # fmt: skip
            if part.is_linked_to_previous:
                continue
            element = part._element
            if id(element) in seen:
                continue
            seen.add(id(element))
            yield from _blocks(part)


def _notes(document: Any) -> Iterator[str]:
    from docx.oxml import parse_xml

    rels = document.part.rels.values()
    for kind in _NOTES:
        for rel in rels:
            if rel.is_external or rel.reltype.rsplit("/", 1)[-1] != kind:
                continue
            part = rel.target_part
            root = part.element if hasattr(part, "element") else parse_xml(part.blob)
            for p in root.iterfind(".//w:p", _NS):
                note = _owner(p.getparent()) if p.getparent() is not None else None
                if note is not None:
                    continue  # a paragraph in a text box: read with its anchor
                if p.getparent() is not None and p.getparent().get(f"{{{_W}}}type") in (
                    "separator",
                    "continuationSeparator",
                    "continuationNotice",
                ):
                    continue
                yield _xml_text(p)
                yield from _text_boxes(p)


def _paragraphs(document: Any) -> Iterator[str]:
    yield from _blocks(document)
    yield from _headers_and_footers(document)
    yield from _notes(document)


def extract_docx(raw: bytes) -> Extracted:
    import docx

    document = docx.Document(io.BytesIO(raw))
    starts: list[int] = []
    parts: list[str] = []
    pos = 0
    for text in _paragraphs(document):
        if not text.strip():
            starts.append(pos)  # empty paragraphs still count, as in Word
            parts.append("")
            pos += len(SEPARATOR)
            continue
        starts.append(pos)
        parts.append(text)
        pos += len(text) + len(SEPARATOR)
    text = SEPARATOR.join(parts)
    return Extracted(text, text, "docx", unit="paragraph", unit_starts=tuple(starts))
