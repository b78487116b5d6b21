"""Plain text is read as it is."""

from __future__ import annotations

from . import Extracted


def extract_plain(source: str) -> Extracted:
    return Extracted(source, source, "text")
