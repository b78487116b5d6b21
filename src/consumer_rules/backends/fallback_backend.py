"""Fallback matcher for platforms without a Hyperscan wheel: Aho-Corasick for phrases, RE2 for regexes.

Phrases (most of every pack) cost one automaton pass whatever their number; each regex is one RE2 pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ahocorasick_rs

from . import Hit, PatternEntry, leftmost_longest
from .regex_positions import compile_regex, finditer


class FallbackMatcher:
    name = "fallback"

    def __init__(self, patterns: Sequence[PatternEntry]) -> None:
        self._patterns = list(patterns)
        self._build()

    def _build(self) -> None:
        literals: dict[str, list[int]] = {}
        self._regexes: list[tuple[int, Any]] = []
        for pid, entry in enumerate(self._patterns):
            if entry.literal is not None:
                literals.setdefault(entry.literal, []).append(pid)
            else:
                self._regexes.append((pid, compile_regex(entry.regex)))
        self._literal_ids = list(literals.values())
        self._automaton = (
            ahocorasick_rs.AhoCorasick(list(literals), matchkind=ahocorasick_rs.MatchKind.Standard)
            if literals
            else None
        )

    # ahocorasick_rs objects cannot be pickled; rebuilding takes milliseconds.
    def __getstate__(self) -> dict[str, Any]:
        return {"patterns": self._patterns}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._patterns = state["patterns"]
        self._build()

    def scan(self, text: str) -> list[Hit]:
        hits: list[Hit] = []
        if self._automaton is not None:
            for index, start, end in self._automaton.find_matches_as_indexes(text, overlapping=True):
                for pid in self._literal_ids[index]:
                    hits.append((pid, start, end))
        for pid, regex in self._regexes:
            hits.extend(finditer(regex, text, pid))
        return leftmost_longest(hits)
