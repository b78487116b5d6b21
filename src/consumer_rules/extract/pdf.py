"""PDF: the text layer of each page. A PDF without one (a scan) gets a warning that it needs OCR."""

from __future__ import annotations

import io

from . import Extracted

PAGE_BREAK = "\n\n\f\n\n"


def extract_pdf(raw: bytes) -> Extracted:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(raw))
    starts: list[int] = []
    pages: list[str] = []
    pos = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        starts.append(pos)
        pages.append(text)
        pos += len(text) + len(PAGE_BREAK)
    text = PAGE_BREAK.join(pages)
    warnings: tuple[str, ...] = ()
    if not text.strip():
        warnings = ("has no text layer (a scanned PDF?); it needs OCR before it can be checked",)
    return Extracted(text, text, "pdf", unit="page", unit_starts=tuple(starts), warnings=warnings)
