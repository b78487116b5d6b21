"""The windows a regex runs in: around its anchor's occurrences, as wide as its longest match, and no wider than
the stretch between two marks the regex cannot match.

A regex none of whose elements matches, say, ``。`` or a line break (``[^。!?\\n;]{0,80}视为…``: see
:meth:`.shape.RegexShape.barriers`) has every match between two such marks, so the window around an anchor stops
at the nearest mark on each side: the same matches are found, in windows that are often a sentence instead of
twice the longest match. Smaller windows hold the regex's other pieces less often (the window is then passed
over), and a smaller window runs in Python's ``re`` where a larger one needed RE2.

The marks are looked for in a few fixed sets, so that a document finds the positions of a few sets (on first
need), not of one set per regex.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from ..lazy import lazy_regex

Span = tuple[int, int]

# Sets of marks whose positions windows are clipped at, the fullest first: a regex is clipped at the first set
# none of whose marks it can match. All of them, then the sentence and clause marks that the packs' classes leave
# out most often.
MARK_SETS = ("\n!?。", "!?。", "\n。", "\n", "。")
_FINDERS = {marks: lazy_regex("[" + re.escape(marks) + "]") for marks in MARK_SETS}
_START = re.Match.start


def mark_set(barriers: str) -> str:
    """The fullest of ``MARK_SETS`` all of whose marks are in ``barriers`` (the marks a regex cannot match); ""
    when there is none: the regex's windows are not clipped."""
    for marks in MARK_SETS:
        if all(mark in barriers for mark in marks):
            return marks
    return ""


def mark_positions(marks: str, text: str) -> list[int]:
    """Where the marks of ``marks`` (one of ``MARK_SETS``) stand in ``text``, in order."""
    return list(map(_START, _FINDERS[marks].finditer(text)))


def windows(spans: Sequence[Span], width: int, size: int) -> list[Span]:
    """Merged windows ``[end - width, start + width)`` around the anchor occurrences ``spans``, within the text."""
    if len(spans) == 1:
        start, end = spans[0]
        return [(max(0, end - width), min(size, start + width))]
    return _merged([(max(0, end - width), min(size, start + width)) for start, end in spans])


def clipped_windows(spans: Sequence[Span], width: int, size: int, marks: list[int]) -> list[Span]:
    """:func:`windows`, each stopped at the nearest of ``marks`` (positions of characters no match holds) on
    either side of its anchor occurrence. An occurrence with a mark inside (which no match can hold, so it cannot
    be in a match) keeps its whole window."""
    out: list[Span] = []
    count = len(marks)
    # The occurrences of one key come in order, and so do their windows: they are merged as they come, without a
    # sort. A window that starts before the last one (occurrences of several keys, or one that keeps its whole
    # window) leaves the merging to _merged.
    last_low = last_high = -1
    ordered = True
    for start, end in spans:
        low = end - width
        high = start + width
        i = bisect_left(marks, start)
        if i == count or marks[i] >= end:  # no mark inside the occurrence
            if i and marks[i - 1] >= low:
                low = marks[i - 1] + 1
            if i < count and marks[i] < high:
                high = marks[i]
        if low < 0:
            low = 0
        if high > size:
            high = size
        if low <= last_high and low >= last_low:
            if high > last_high:
                last_high = high
                out[-1] = (last_low, high)
            continue
        if low < last_low:
            ordered = False
        out.append((low, high))
        last_low, last_high = low, high
    return out if ordered else _merged(out)


def _merged(windows: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for a, b in sorted(windows):
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged
