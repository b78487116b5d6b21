"""Matchers: find every occurrence of every compiled pattern in a normalised text, in one pass.

Two interchangeable backends implement the same contract, and tests hold them to the same answers:

* :mod:`.hyperscan_backend` (primary): one Hyperscan block-mode database for all patterns;
* :mod:`.fallback_backend` (where no Hyperscan wheel exists): Aho-Corasick for phrases, RE2 for regexes.

Both report all matches of all patterns (never one winner per position across patterns, which silently
loses hits); the per-pattern policy (leftmost-longest, non-overlapping) is applied afterwards, here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = ["Hit", "Matcher", "PatternEntry", "available_backends", "build_matcher", "leftmost_longest"]

Hit = tuple[int, int, int]
"""(pattern id, start, end) in code points of the normalised text."""


@dataclass(frozen=True)
class PatternEntry:
    regex: str  # engine regex source (literals escaped)
    literal: str | None  # the literal text when the pattern is a plain phrase


class Matcher(Protocol):
    name: str

    def scan(self, text: str) -> list[Hit]:
        """All hits, after the per-pattern policy, in no particular order."""
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
    names = []
    try:
        import hyperscan  # noqa: F401

        names.append("hyperscan")
    except ImportError:  # pragma: no cover
        pass
    names.append("fallback")
    return names


def build_matcher(patterns: Sequence[PatternEntry], backend: str | None = None) -> Matcher:
    """Compile ``patterns`` (ids are their positions) with ``backend``, or the best one available."""
    chosen = backend or available_backends()[0]
    if chosen == "hyperscan":
        from .hyperscan_backend import HyperscanMatcher

        return HyperscanMatcher(patterns)
    if chosen == "fallback":
        from .fallback_backend import FallbackMatcher

        return FallbackMatcher(patterns)
    raise ValueError(f"unknown backend {chosen!r}; available: {', '.join(available_backends())}")
