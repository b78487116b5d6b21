"""Every occurrence of a set of keys in a text: by Aho-Corasick, or by a table of the keys' first characters while
the texts seen are few and short.

The built-in packs give the automaton some 26,000 keys (phrases, regex anchors and the other pieces of regexes),
and building it costs about 70 ms: a third of a one-file check through the command line. Scanning a text by a
table of the keys' first two characters costs about 2 µs a character against 0.2 µs by the automaton, and the
table pickles with the rule set (a few ms to load). So a process scans by the table until it has scanned about
as many characters as there are keys (at most ``TABLE_BUDGET``), then builds the automaton once: a pre-commit hook
on a few small files never builds it, a run over a folder builds it on its first few pages, and a small pack builds
it at once. Both give the same occurrences.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ahocorasick_rs

# Characters scanned by the table before the automaton is built: at about 2 µs a character against about 2.5 µs a
# key to build it, as many characters as there are keys (a small pack builds its automaton at once), and no more
# than this.
TABLE_BUDGET = 30_000

# Key numbers by the key's first character (keys of one character) or first two characters (the others).
_Table = tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]


def _table(keys: Sequence[str]) -> _Table:
    ones: dict[str, list[int]] = {}
    twos: dict[str, list[int]] = {}
    for number, key in enumerate(keys):
        (ones.setdefault(key, []) if len(key) == 1 else twos.setdefault(key[:2], [])).append(number)
    return {c: tuple(n) for c, n in ones.items()}, {p: tuple(n) for p, n in twos.items()}


class KeyFinder:
    def __init__(self, keys: Sequence[str]) -> None:
        if any(not key for key in keys):
            raise ValueError("an empty key occurs everywhere")
        self._setup(tuple(keys), _table(keys))

    def _setup(self, keys: tuple[str, ...], table: _Table) -> None:
        self.keys = keys
        self._table = table
        self._automaton: Any = None
        self._scanned = 0  # characters scanned by the table so far
        self.budget = min(TABLE_BUDGET, len(keys))  # characters to scan by the table before building the automaton

    def __getstate__(self) -> dict[str, Any]:
        # The automaton does not pickle; the table does, and a loaded finder builds the automaton when it needs it.
        return {"keys": self.keys, "table": self._table}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._setup(state["keys"], state["table"])

    def build(self) -> None:
        """Build the automaton now (before worker processes fork, or for a benchmark that times scans alone)."""
        if self._automaton is None and self.keys:
            self._automaton = ahocorasick_rs.AhoCorasick(list(self.keys), matchkind=ahocorasick_rs.MatchKind.Standard)

    def find(self, text: str) -> Sequence[tuple[int, int, int]]:
        """Every occurrence of every key in ``text``, overlapping ones included, as (key number, start, end); in
        no particular order."""
        if not self.keys:
            return ()
        if self._automaton is None:
            if self._scanned + len(text) <= self.budget:
                self._scanned += len(text)
                return self._scan(text)
            self.build()
        found: list[tuple[int, int, int]] = self._automaton.find_matches_as_indexes(text, overlapping=True)
        return found

    def _scan(self, text: str) -> list[tuple[int, int, int]]:
        ones, twos = self._table
        keys = self.keys
        starts = text.startswith
        found: list[tuple[int, int, int]] = []
        add = found.append
        for i in range(len(text)):
            numbers = ones.get(text[i])
            if numbers:
                for number in numbers:
                    add((number, i, i + 1))
            numbers = twos.get(text[i : i + 2])
            if numbers:
                for number in numbers:
                    key = keys[number]
                    if len(key) == 2 or starts(key, i):
                        add((number, i, i + len(key)))
        return found
