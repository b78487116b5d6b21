"""Primary matcher: every pattern in one Hyperscan block-mode database, one scan per document.

Phrases report their end; the start is the end minus the phrase's UTF-8 length. Regexes are compiled
as single-match prefilters, and only the regexes that fired are run again with RE2 for positions:
regexes are few and rarely fire, and this avoids Hyperscan's start-of-match mode, which crashes on some
inputs (see flags.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import hyperscan

from . import Hit, PatternEntry, leftmost_longest
from .flags import HS_FLAGS_LITERAL, HS_FLAGS_REGEX
from .regex_positions import compile_regex, finditer


class HyperscanMatcher:
    name = "hyperscan"

    def __init__(self, patterns: Sequence[PatternEntry]) -> None:
        self._patterns = list(patterns)
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
        self._prepare()

    def _prepare(self) -> None:
        # Byte length of each literal (None for regexes), and RE2 objects compiled on first use.
        self._lengths = [len(p.literal.encode("utf-8")) if p.literal is not None else None for p in self._patterns]
        self._regexes: dict[int, Any] = {}

    # Hyperscan databases are not picklable; their serialised form is, and loads in milliseconds.
    def __getstate__(self) -> dict[str, Any]:
        return {"patterns": self._patterns, "db": hyperscan.dumpb(self._db) if self._db is not None else None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._patterns = state["patterns"]
        self._db = None
        if state["db"] is not None:
            self._db = hyperscan.loadb(state["db"], hyperscan.HS_MODE_BLOCK)
            self._db.scratch = hyperscan.Scratch(self._db)  # a loaded database comes without scratch space
        self._prepare()

    def scan(self, text: str) -> list[Hit]:
        if self._db is None or not text:
            return []
        data = text.encode("utf-8")
        lengths = self._lengths
        literal_hits: list[Hit] = []
        fired: list[int] = []

        def on_match(pid: int, start: int, end: int, flags: int, context: object) -> None:
            length = lengths[pid]
            if length is None:
                fired.append(pid)
            else:
                literal_hits.append((pid, end - length, end))

        self._db.scan(data, match_event_handler=on_match)
        hits = _to_code_points(data, literal_hits) if literal_hits and len(data) != len(text) else literal_hits
        for pid in fired:
            regex = self._regexes.get(pid)
            if regex is None:
                regex = self._regexes[pid] = compile_regex(self._patterns[pid].regex)
            hits.extend(finditer(regex, text, pid))
        return leftmost_longest(hits) if hits else hits


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
