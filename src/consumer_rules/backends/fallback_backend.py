"""Fallback matcher for platforms without a Hyperscan wheel: Aho-Corasick for phrases, RE2 for regexes.

Phrases (most of every pack) cost one automaton pass whatever their number; each regex is one RE2 pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import ahocorasick_rs

from . import Hit, PatternEntry, leftmost_longest

try:
    import re2
except ImportError:  # pragma: no cover - RE2 is a declared dependency; Python's re is the last resort
    re2 = None


def _compile(source: str) -> Any:
    if re2 is not None:
        options = re2.Options()
        options.case_sensitive = False
        options.log_errors = False
        return re2.compile(source, options)
    return re.compile(source, re.IGNORECASE)  # pragma: no cover


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
                self._regexes.append((pid, _compile(entry.regex)))
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
            for m in regex.finditer(text):
                if m.end() > m.start():
                    hits.append((pid, m.start(), m.end()))
        return leftmost_longest(hits)
