"""Matchers: find every occurrence of every compiled pattern in a normalised text.

One design, two regex engines:

* phrases (most of every pack) go into one Aho-Corasick automaton (``ahocorasick_rs``), scanned once per
  document with overlapping matches, whatever the number of rules;
* every regex has a literal piece that each of its matches contains (its anchor, found by the same
  automaton) and a longest match read from its parse tree, so it runs only in windows around its anchor's
  occurrences — never over whole documents — and finds exactly what a whole-document run would. Small
  windows run in Python's ``re``; a window where backtracking could cost more runs in RE2, an automaton
  engine that is linear time on any input.

Where no google-re2 wheel exists, Python's ``re`` takes every window (``python-re``), with unbounded repeats
capped: the rule validator's structural check keeps regexes free of exponential constructs, and both engines
use the same (Perl) semantics, so the answers are the same.

Every match of every pattern is reported — never one winner per position across patterns, which silently
loses hits; the per-pattern policy (leftmost-longest, non-overlapping) is applied afterwards, here.

Hyperscan was measured and rejected: the wheels on PyPI are Vectorscan builds that, on this project's
patterns, overrun the stack in start-of-match mode and drop matches from multi-pattern databases (see
docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = ["Hit", "Matcher", "PatternEntry", "available_backends", "build_matcher", "leftmost_longest"]

Hit = tuple[int, int, int]
"""(pattern id, start, end) in code points of the normalised text."""


@dataclass(frozen=True)
class PatternEntry:
    regex: str  # engine regex source (literals escaped)
    literal: str | None  # the literal text when the pattern is a plain phrase
    anchors: tuple[str, ...] | None = None  # for a regex: one of these occurs in every match (None: unknown)
    # For a regex: the other literal pieces every match holds, each a tuple of alternatives (None: unknown, read
    # from the regex when it is first run). The matcher's automaton looks for them too, so that a regex whose
    # anchor occurs but another piece does not is passed over without a search of the text.
    others: tuple[tuple[str, ...], ...] | None = None


class Matcher(Protocol):
    name: str

    def scan(self, text: str, read: Collection[int] | None = None) -> list[Hit]:
        """All hits, after the per-pattern policy, in no particular order. With ``read``, a pattern not in it
        may be left out (its hits would not be read)."""
        ...


def leftmost_longest(hits: Iterable[Hit]) -> list[Hit]:
    """Per pattern: keep the leftmost, then longest, non-overlapping matches (what ``re.finditer`` gives)."""
    ordered = sorted(hits, key=lambda h: (h[0], h[1], -h[2]))
    kept: list[Hit] = []
    last_pid = -1
    last_end = -1
    for pid, start, end in ordered:
        if pid != last_pid:
            last_pid, last_end = pid, -1
        if start >= last_end:
            kept.append((pid, start, end))
            last_end = end
    return kept


def available_backends() -> list[str]:
    """Regex engines usable here, best first. google-re2 is looked for, not imported (its import loads RE2's
    libraries, a few milliseconds that a small check seldom needs)."""
    from importlib.util import find_spec

    names = ["re2"] if find_spec("re2") is not None else []
    names.append("python-re")
    return names


def build_matcher(patterns: Sequence[PatternEntry], backend: str | None = None) -> Matcher:
    """Compile ``patterns`` (ids are their positions) with ``backend``, or the best one available."""
    from .automaton import AutomatonMatcher

    chosen = backend or available_backends()[0]
    if chosen not in available_backends():
        raise ValueError(f"unknown backend {chosen!r}; available: {', '.join(available_backends())}")
    return AutomatonMatcher(patterns, chosen)
