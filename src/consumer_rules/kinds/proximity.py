"""Kind ``proximity``, compiled: two things said together, such as a return compared with bank deposits.

Reports each occurrence of a ``first`` phrase with a ``second`` phrase close to it (in the same clause, the
same sentence, or within a number of characters), before or after it. The finding spans both (or, with
``report: first``, the first alone). Either part
is cancelled by the rule's guards (masks, inside, negation, near, quoted titles), as a forbid match is.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..engine import RawFinding, Span, _cancelled, _Document, _leftmost_longest
from . import Logic
from .forbid import ForbidLogic

if TYPE_CHECKING:
    from ..compiled import CompiledRule


@dataclass(frozen=True)
class ProximityLogic(Logic):
    first: ForbidLogic  # the first part and the guards of both parts
    second: tuple[int, ...]
    within: str | int  # "clause", "sentence", or characters between the two parts
    first_only: bool = False  # the finding points at the first part alone

    def triggers(self) -> tuple[int, ...]:
        return self.first.match

    def evaluate(self, doc: _Document, rule: CompiledRule, product: dict[str, Any] | None) -> list[RawFinding]:
        guards = self.first
        firsts = [s for s in _leftmost_longest(doc.spans(guards.match)) if not _cancelled(doc, guards, *s)]
        if not firsts:
            return []
        seconds = [s for s in _leftmost_longest(doc.spans(self.second)) if not _cancelled(doc, guards, *s)]
        starts = [s for s, _ in seconds]
        out: list[RawFinding] = []
        reported_to = -1
        for first in firsts:
            # The parts do not overlap among themselves, so the nearest second on either side is the one to try.
            i = bisect_left(starts, first[0])
            together = [
                (min(first[0], s[0]), max(first[1], s[1]))
                for s in (seconds[j] for j in (i - 1, i) if 0 <= j < len(seconds))
                # (a first part inside the second is the reason's own words: 并未恢复到98元的价格销售)
                if self._close(doc, first, s) and not (self.first_only and s[0] <= first[0] and first[1] <= s[1])
            ]
            if together:
                start, end = first if self.first_only else min(together, key=lambda span: span[1] - span[0])
                if start >= reported_to:
                    out.append(RawFinding(rule, start, end, "span"))
                    reported_to = end
        return out

    def _close(self, doc: _Document, a: Span, b: Span) -> bool:
        left, right = (a, b) if a[0] <= b[0] else (b, a)
        gap_start, gap_end = left[1], right[0]
        if gap_end <= gap_start:
            return True  # they overlap or touch
        if isinstance(self.within, int):
            return gap_end - gap_start <= self.within
        return doc.same_clause(gap_start, gap_end, sentence=self.within == "sentence")
