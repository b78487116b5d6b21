"""Primary matcher: every pattern in one Hyperscan block-mode database, one scan per document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import hyperscan

from ..patterns import HS_FLAGS_LITERAL, HS_FLAGS_REGEX
from . import Hit, PatternEntry, leftmost_longest


class HyperscanMatcher:
    name = "hyperscan"

    def __init__(self, patterns: Sequence[PatternEntry]) -> None:
        self._count = len(patterns)
        self._db: Any = None
        if patterns:
            db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            db.compile(
                expressions=[p.regex.encode("utf-8") for p in patterns],
                ids=list(range(len(patterns))),
                elements=len(patterns),
                flags=[HS_FLAGS_LITERAL if p.literal is not None else HS_FLAGS_REGEX for p in patterns],
            )
            self._db = db

    # Hyperscan databases are not picklable; their serialised form is (and loads in milliseconds).
    def __getstate__(self) -> dict[str, Any]:
        return {"count": self._count, "db": hyperscan.dumpb(self._db) if self._db is not None else None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._count = state["count"]
        self._db = None
        if state["db"] is not None:
            self._db = hyperscan.loadb(state["db"], hyperscan.HS_MODE_BLOCK)
            self._db.scratch = hyperscan.Scratch(self._db)  # a loaded database comes without scratch space

    def scan(self, text: str) -> list[Hit]:
        if self._db is None or not text:
            return []
        data = text.encode("utf-8")
        raw: list[Hit] = []
        append = raw.append

        def on_match(pid: int, start: int, end: int, flags: int, context: object) -> None:
            append((pid, start, end))

        self._db.scan(data, match_event_handler=on_match)
        if not raw:
            return raw
        if len(data) != len(text):
            raw = _to_code_points(data, raw)
        return leftmost_longest(raw)


def _to_code_points(data: bytes, hits: list[Hit]) -> list[Hit]:
    """Convert UTF-8 byte offsets to code-point offsets, decoding only between consecutive offsets."""
    offsets = sorted({h[1] for h in hits} | {h[2] for h in hits})
    mapping: dict[int, int] = {}
    prev_byte = 0
    chars = 0
    for off in offsets:
        chars += len(data[prev_byte:off].decode("utf-8"))
        mapping[off] = chars
        prev_byte = off
    return [(pid, mapping[s], mapping[e]) for pid, s, e in hits]
