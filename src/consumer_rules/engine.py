"""What every rule kind shares on one scanned document: the document view, the guards, the rule plan.

Everything here is position arithmetic on hits already found by the matcher: a negator is a hit that ends
just before a match in the same clause, a mask or a longer legitimate word is a hit that covers it. No
look-behind, no second scan, no tokenizer. What each kind does with them is in ``kinds/``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .backends import Hit
from .compiled import CLAUSE_BREAKS, SENTENCE_BREAKS, CompiledRule, CompiledRules

if TYPE_CHECKING:
    from .kinds.forbid import ForbidLogic

Span = tuple[int, int]

_CLAUSE_RE = re.compile("[" + re.escape(CLAUSE_BREAKS) + "]")
_SENTENCE_RE = re.compile("[" + re.escape(SENTENCE_BREAKS) + "]")
_PARAGRAPH_RE = re.compile(r"\n[ \t\r\u3000]*\n|\x1f")  # a blank line, or a block boundary
_TITLE_MAX = 61


@dataclass(frozen=True)
class RawFinding:
    rule: CompiledRule
    start: int  # normalised offsets
    end: int
    scope: str  # "span" or "document"


class _Document:
    """One normalised text and its hits, with the lookups rule logic needs."""

    def __init__(self, text: str, hits: Iterable[Hit], compiled: CompiledRules, masks: Sequence[int]) -> None:
        self.text = text
        by_pid: dict[int, list[Span]] = {}
        for pid, start, end in hits:
            by_pid.setdefault(pid, []).append((start, end))
        for spans in by_pid.values():
            spans.sort()
        self.by_pid = by_pid
        self.compiled = compiled
        self.mask_ids = masks

    def spans(self, pids: Sequence[int]) -> list[Span]:
        out: list[Span] = []
        for pid in pids:
            out.extend(self.by_pid.get(pid, ()))
        return out

    @cached_property
    def masks(self) -> list[Span]:
        merged: list[list[int]] = []
        for start, end in sorted(self.spans(self.mask_ids)):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return [(s, e) for s, e in merged]

    def masked(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps a masked disclaimer."""
        masks = self.masks
        i = bisect_right(masks, (end, end)) - 1
        while i >= 0 and masks[i][1] > start:
            if masks[i][0] < end:
                return True
            i -= 1
        return False

    def inside_mask(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.masks if s <= start)

    @cached_property
    def titles(self) -> list[Span]:
        """Quoted titles 《…》: each 《 paired with the next 》 on the same line, at most 60 characters on."""
        opening, closing = self.compiled.title_marks
        closes = [s for s, _ in self.by_pid.get(closing, ())]
        spans: list[Span] = []
        for start, _ in self.by_pid.get(opening, ()):
            i = bisect_right(closes, start)
            if i < len(closes) and closes[i] - start <= _TITLE_MAX and "\n" not in self.text[start : closes[i]]:
                spans.append((start, closes[i] + 1))
        return spans

    @cached_property
    def clause_breaks(self) -> list[int]:
        return [m.start() for m in _CLAUSE_RE.finditer(self.text)]

    def same_clause(self, a: int, b: int, sentence: bool = False) -> bool:
        """No clause punctuation (or, with ``sentence``, no sentence punctuation) in text[a:b]."""
        if a > b:
            a, b = b, a
        breaks = self.sentence_breaks if sentence else self.clause_breaks
        i = bisect_left(breaks, a)
        return i >= len(breaks) or breaks[i] >= b

    @cached_property
    def sentence_breaks(self) -> list[int]:
        return [m.start() for m in _SENTENCE_RE.finditer(self.text)]

    @cached_property
    def paragraph_breaks(self) -> list[int]:
        return [m.start() for m in _PARAGRAPH_RE.finditer(self.text)]

    def paragraph(self, pos: int) -> int:
        return bisect_right(self.paragraph_breaks, pos)


@dataclass(frozen=True)
class RulePlan:
    """Which rules a document can possibly trigger, found from its hits instead of looping over all rules.

    A forbid rule can only fire when one of its ``match`` patterns hit, a require rule with triggers only when
    a trigger hit; require rules without triggers always run.
    """

    rules: tuple[CompiledRule, ...]
    always: tuple[int, ...]  # positions in ``rules``
    by_pattern: dict[int, tuple[int, ...]]  # pattern id -> positions in ``rules``
    # Masked before forbid rules run: the packs' masks and the accepted phrasings of the require rules that
    # apply to this document (a rule that does not apply must not silence others with its phrasings).
    masks: tuple[int, ...] = ()
    product_known: bool = False

    @classmethod
    def build(
        cls,
        rules: Sequence[CompiledRule],
        pack_masks: Sequence[int] = (),
        applicable: Sequence[CompiledRule] = (),
        product_known: bool = False,
    ) -> RulePlan:
        """``rules``: the selected rules that apply; ``applicable``: all rules that apply (selected or not),
        whose accepted phrasings are masked, since a disclaimer stays a disclaimer when its rule is off."""
        masks = list(pack_masks)
        for rule in applicable:
            masks.extend(rule.logic.masks())
        always: list[int] = []
        by_pattern: dict[int, list[int]] = {}
        for i, rule in enumerate(rules):
            if not rule.logic.reads_copy:
                continue  # field rules read the product, not the text
            keys = rule.logic.triggers()
            if not keys:
                always.append(i)
            for pid in keys:
                by_pattern.setdefault(pid, []).append(i)
        by = {pid: tuple(v) for pid, v in by_pattern.items()}
        return cls(tuple(rules), tuple(always), by, tuple(dict.fromkeys(masks)), product_known)

    def candidates(self, pids: Iterable[int]) -> list[CompiledRule]:
        chosen = set(self.always)
        for pid in pids:
            chosen.update(self.by_pattern.get(pid, ()))
        return [self.rules[i] for i in sorted(chosen)]


def evaluate(
    compiled: CompiledRules, text: str, hits: Iterable[Hit], plan: RulePlan, product: dict[str, Any] | None = None
) -> list[RawFinding]:
    """Findings in one normalised text; consistency rules run only when a ``product`` (its plain data) is given."""
    doc = _Document(text, hits, compiled, plan.masks)
    found: list[RawFinding] = []
    for rule in plan.candidates(doc.by_pid):
        if not plan.product_known and not _about(rule, doc):
            continue  # not about this kind of product, as far as the copy tells
        found.extend(rule.logic.evaluate(doc, rule, product))
    return found


def _about(rule: CompiledRule, doc: _Document) -> bool:
    """Whether, with the product type unknown, the copy is about the products the rule is for."""
    info = rule.info
    if info.mentions and not any(pid in doc.by_pid for pid in info.mentions):
        return False
    return not any(pid in doc.by_pid for pid in info.unless_mentions)


def _leftmost_longest(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans, preferring the leftmost and then the longest (年化收益率 over 年化收益)."""
    kept: list[Span] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _cancelled(doc: _Document, logic: ForbidLogic, start: int, end: int) -> bool:
    if doc.masks and doc.masked(start, end):
        return True
    if any(s <= start and end <= e for s, e in doc.spans(logic.inside)):
        return True
    if logic.quoted_title and any(s < start and end < e for s, e in doc.titles):
        return True
    if logic.negators and _negated(doc, logic, start):
        return True
    return bool(logic.near) and any(
        _same_clause_as(doc, s, e, start, end, logic.near_sentence) for s, e in doc.spans(logic.near)
    )


def _same_clause_as(doc: _Document, s: int, e: int, start: int, end: int, sentence: bool = False) -> bool:
    """Whether the word at [s, e) stands in the clause of the match [start, end).

    Only the text between the two counts: punctuation inside a regex match does not split it from a word
    next to it.
    """
    if e <= start:
        return doc.same_clause(e, start, sentence)
    if s >= end:
        return doc.same_clause(end, s, sentence)
    return True


def _negated(doc: _Document, logic: ForbidLogic, start: int) -> bool:
    excepts = doc.spans(logic.negation_except)
    for ns, ne in doc.spans(logic.negators):
        # The negator must end before the match: 并没有 overlapping 没有风险 is part of the promise, not a denial.
        if ne > start or start - ne > logic.negation_window:
            continue
        if any(xs <= ns and ne <= xe for xs, xe in excepts):
            continue
        if doc.same_clause(ns, start):
            return True
    return False
