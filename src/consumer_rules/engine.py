"""Rule logic on the hits of one scan: guards for forbid rules, presence and proximity for require rules.

Everything here is position arithmetic on hits already found by the matcher: a negator is a hit that ends
just before a match in the same clause, a mask or a longer legitimate word is a hit that covers it. No
look-behind, no second scan, no tokenizer.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from .backends import Hit
from .compiled import (
    CLAUSE_BREAKS,
    SENTENCE_BREAKS,
    CompiledRule,
    CompiledRules,
    ConsistencyLogic,
    ForbidLogic,
    QuantityLogic,
    RequireLogic,
)
from .conditions import holds, lookup

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
            if isinstance(rule.logic, RequireLogic):
                masks.extend(rule.logic.accept)
        always: list[int] = []
        by_pattern: dict[int, list[int]] = {}
        for i, rule in enumerate(rules):
            logic = rule.logic
            if isinstance(logic, ForbidLogic):
                keys = logic.match
            elif isinstance(logic, RequireLogic):
                keys = logic.when
            elif isinstance(logic, ConsistencyLogic):
                keys = (
                    logic.claims.match if logic.claims else logic.quantity.near if logic.quantity else ()
                )  # accept mode: always runs (when a product is given)
            else:
                continue  # field rules read the product, not the text
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
        logic = rule.logic
        if isinstance(logic, ForbidLogic):
            found.extend(_forbid(doc, rule, logic))
        elif isinstance(logic, RequireLogic):
            found.extend(_require(doc, rule, logic))
        elif isinstance(logic, ConsistencyLogic) and product is not None and holds(logic.when, product):
            found.extend(_consistency(doc, rule, logic, product))
    return found


def _about(rule: CompiledRule, doc: _Document) -> bool:
    """Whether, with the product type unknown, the copy is about the products the rule is for."""
    info = rule.info
    if info.mentions and not any(pid in doc.by_pid for pid in info.mentions):
        return False
    return not any(pid in doc.by_pid for pid in info.unless_mentions)


def _consistency(
    doc: _Document, rule: CompiledRule, logic: ConsistencyLogic, product: dict[str, Any]
) -> list[RawFinding]:
    if logic.claims is not None:
        return _forbid(doc, rule, logic.claims)
    if logic.quantity is not None:
        return _quantities(doc, rule, logic.quantity, product)
    if doc.spans(logic.accept):
        return []
    return [RawFinding(rule, 0, 0, "document")]


_RANGE_JOIN = re.compile(r"\s*(?:-|~|～|—|至|到)\s*$")


def _quantities(doc: _Document, rule: CompiledRule, q: QuantityLogic, product: dict[str, Any]) -> list[RawFinding]:
    """Numbers written next to a keyword (after it, or before it with ``side``) that differ from every value of
    the product's fields. Both ends of a range (2.8%-3.3%) are compared."""
    from .numbers import Quantity, find_quantities

    expected = [v for path in q.fields for v in _numbers(lookup(product, path))]
    if not expected:
        return []  # the product does not say: nothing to compare
    tolerance = Decimal(str(q.tolerance))
    out = []
    seen: set[int] = set()

    def report(found: list[Quantity], base: int) -> None:
        for quantity in found:
            start = base + quantity.start
            if start not in seen and all(abs(quantity.value - v) > tolerance for v in expected):
                seen.add(start)
                out.append(RawFinding(rule, start, base + quantity.end, "span"))

    for kw_start, kw_end in _leftmost_longest(doc.spans(q.near)):
        if q.side in ("after", "both"):
            base = kw_end
            found = find_quantities(doc.text[base : base + q.window + 40])
            first = next((x for x in found if x.kind == q.kind), None)
            if first is None and q.kind == "percent":
                first = _bare_percent(doc.text, base)
            if first is not None and first.start <= q.window and doc.same_clause(base, base + first.start):
                chosen = [first]
                rest = found[found.index(first) + 1 :] if first in found else []
                for nxt in rest:  # the other end of a range
                    gap = doc.text[base + chosen[-1].end : base + nxt.start]
                    if nxt.kind != q.kind or not _RANGE_JOIN.match(gap):
                        break
                    chosen.append(nxt)
                report(chosen, base)
        if q.side in ("before", "both"):
            base = max(0, kw_start - q.window - 40)
            found = [x for x in find_quantities(doc.text[base:kw_start]) if x.kind == q.kind]
            if (
                found
                and kw_start - (base + found[-1].end) <= q.window
                and doc.same_clause(base + found[-1].end, kw_start)
            ):
                report([found[-1]], base)
    return out


_BARE_NUMBER = re.compile(r"[\s:：]{0,2}(\d{1,2}(?:\.\d+)?)(?![\d.%‰‱])")


def _bare_percent(text: str, base: int) -> Any:
    """年化3.5 (the % left out) right after a rate keyword: a percentage all the same."""
    from .numbers import Quantity

    m = _BARE_NUMBER.match(text, base)
    if m is None:
        return None
    start, end = m.start(1) - base, m.end(1) - base
    return Quantity("percent", Decimal(m.group(1)) / 100, "%", start, end, m.group(1))


def _numbers(value: Any) -> list[Decimal]:
    """Plain numbers in a product value: a number, a list of them, or a rate's value/low/high."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (int, float, Decimal)):
        return [Decimal(str(value))]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    if isinstance(value, dict):
        return [n for key in ("value", "low", "high", "rate", "amount", "days") for n in _numbers(value.get(key))]
    return []


def _leftmost_longest(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans, preferring the leftmost and then the longest (年化收益率 over 年化收益)."""
    kept: list[Span] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _forbid(doc: _Document, rule: CompiledRule, logic: ForbidLogic) -> list[RawFinding]:
    candidates = doc.spans(logic.match)
    if not candidates:
        return []
    kept: list[Span] = []
    for start, end in sorted(candidates, key=lambda s: (s[0], -s[1])):
        if kept and start < kept[-1][1]:
            continue  # overlaps a longer or earlier match of the same rule: one finding is enough
        if _cancelled(doc, logic, start, end):
            continue
        kept.append((start, end))
    return [RawFinding(rule, s, e, "span") for s, e in kept]


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


def _require(doc: _Document, rule: CompiledRule, logic: RequireLogic) -> list[RawFinding]:
    if logic.when:
        triggers = _leftmost_longest(t for t in doc.spans(logic.when) if not doc.inside_mask(*t))
        if not triggers:
            return []
    else:
        triggers = []
    accepted = sorted(doc.spans(logic.accept))
    if logic.within == "document" or not triggers:
        if accepted:
            return []
        start, end = triggers[0] if triggers else (0, 0)
        return [RawFinding(rule, start, end, "document")]
    if logic.within == "paragraph":
        ok = {doc.paragraph(s) for s, _ in accepted}
        reported: set[int] = set()
        out = []
        for start, end in triggers:
            para = doc.paragraph(start)
            if para not in ok and para not in reported:
                reported.add(para)
                out.append(RawFinding(rule, start, end, "document"))
        return out
    limit = int(logic.within)
    out = []
    last_reported = -(10**9)
    for start, end in triggers:
        if any(max(0, a_start - end, start - a_end) <= limit for a_start, a_end in accepted):
            continue
        if start - last_reported <= limit:
            continue
        last_reported = start
        out.append(RawFinding(rule, start, end, "document"))
    return out
