"""Word documents: paragraphs and table cells in document order, each a paragraph of the text.

Findings name the paragraph (counting table cells as paragraphs, in reading order).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from . import Extracted

SEPARATOR = "\n\n"


def _paragraphs(document: Any) -> Iterator[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    yield from (p.text for p in cell.paragraphs)


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
