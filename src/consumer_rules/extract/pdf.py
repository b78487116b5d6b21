"""PDF: the text layer of each page. A PDF without one (a scan) gets a warning that it needs OCR."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from . import Extracted

PAGE_BREAK = "\n\n\f\n\n"


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs what it repairs ("EOF marker not found") on standard error, a line that names no file and
    lands between the report's lines; what counts is whether the text was read, which the report says."""
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def extract_pdf(raw: bytes) -> Extracted:
    from pypdf import PdfReader

    starts: list[int] = []
    pages: list[str] = []
    pos = 0
    with _quiet_pypdf():
        reader = PdfReader(io.BytesIO(raw))
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
