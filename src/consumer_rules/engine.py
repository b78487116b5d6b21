"""What every rule kind shares on one scanned document: the document view, the guards, the rule plan.

Everything here is position arithmetic on hits already found by the matcher: a negator is a hit that ends
just before a match in the same clause, a mask or a longer legitimate word is a hit that covers it. No
look-behind, no second scan, no tokenizer. What each kind does with them is in ``kinds/``.

Every per-document step is linear (up to a logarithm) in the text and its hits, however many matches and
guards it holds: each group of guard patterns becomes a :class:`SpanIndex` once per document (spans sorted
by start and by end, with a running maximum of ends), so "is this match inside a mask, a longer word or a
title", "does a negator end just before it", "is a guard word in its clause" and "is an accepted phrasing
within N characters" are a few binary searches each, never a scan of all hits.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from .backends import Hit
from .compiled import CLAUSE_BREAKS, SENTENCE_BREAKS, CompiledRule, CompiledRules, names_its_products
from .lazy import lazy_regex

if TYPE_CHECKING:
    from .kinds.forbid import ForbidLogic

Span = tuple[int, int]

_CLAUSE_RE = lazy_regex("[" + re.escape(CLAUSE_BREAKS) + "]")
_SENTENCE_RE = lazy_regex("[" + re.escape(SENTENCE_BREAKS) + "]")
_PARAGRAPH_RE = lazy_regex(r"\n[ \t\r\u3000]*\n|\x1f")  # a blank line, or a block boundary
_TITLE_MAX = 61


@dataclass(frozen=True)
class RawFinding:
    rule: CompiledRule
    start: int  # normalised offsets
    end: int
    scope: str  # "span" or "document"


# A negator before 将/把 denies the verbs after the object it fronts, however long the object and however many verbs
# are listed: 不会将您的任何数据出售、出租或共享给第三方, 不得把用户信息用于营销或提供给他人. A purpose or a condition
# put between (不会出于第三方的营销目的与第三方共享, 不会在您不知情的情况下提供) is as transparent.
_FRONTED_SCOPE = 40
_MODALS = r"(?:会|能|得|可|应|要|再|主动|擅自|随意|随便|私自|以任何(?:方式|形式|理由|名义))*"
_FRONTED_OBJECT = lazy_regex(
    _MODALS
    + r"(?:(?:出于|基于|为了?)[^。!?;\n,:]{0,16}?(?:目的|需要|用途)|在[^。!?;\n,:]{0,20}?(?:情况|情形|前提)下)?"
    + _MODALS
    + r"(?:(?:将|把)[^。!?;\n,:]*)?$"
)
_NONE = -(1 << 62)  # "no span": below any offset, also after subtracting a window


class SpanIndex:
    """Spans sorted for containment, overlap and nearness queries in O(log n) each."""

    __slots__ = ("by_end", "ends", "max_end", "spans", "starts")

    def __init__(self, spans: Iterable[Span]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.max_end: list[int] = []  # max_end[i]: the largest end among spans[: i + 1]
        top = -1
        for _, e in self.spans:
            top = max(top, e)
            self.max_end.append(top)
        self.by_end = sorted(self.spans, key=lambda span: (span[1], span[0]))
        self.ends = [e for _, e in self.by_end]

    def __bool__(self) -> bool:
        return bool(self.spans)

    def __len__(self) -> int:
        return len(self.spans)

    def _max_end_starting_before(self, limit: int, strict: bool) -> int:
        """The largest end of the spans starting before ``limit`` (at or before it unless ``strict``)."""
        i = (bisect_left if strict else bisect_right)(self.starts, limit) - 1
        return self.max_end[i] if i >= 0 else _NONE

    def covers(self, start: int, end: int) -> bool:
        """A span with s <= start and end <= e."""
        return self._max_end_starting_before(start, strict=False) >= end

    def strictly_covers(self, start: int, end: int) -> bool:
        """A span with s < start and end < e."""
        return self._max_end_starting_before(start, strict=True) > end

    def overlaps(self, start: int, end: int) -> bool:
        """A span with s < end and e > start."""
        return self._max_end_starting_before(end, strict=True) > start

    def ending_within(self, low: int, high: int) -> list[Span]:
        """Spans whose end lies in [low, high]."""
        return self.by_end[bisect_left(self.ends, low) : bisect_right(self.ends, high)]

    def any_ending_within(self, low: int, high: int) -> bool:
        return bisect_left(self.ends, low) < bisect_right(self.ends, high)

    def any_starting_within(self, low: int, high: int) -> bool:
        return bisect_left(self.starts, low) < bisect_right(self.starts, high)

    def near(self, start: int, end: int, limit: int) -> bool:
        """A span at most ``limit`` characters from [start, end): s <= end + limit and e >= start - limit."""
        return self._max_end_starting_before(end + limit, strict=False) >= start - limit


_MEMBERS: dict[int, tuple[Sequence[int], frozenset[int]]] = {}


def _members(pids: Sequence[int]) -> frozenset[int]:
    """``pids`` as a set, built once per sequence (rule logic keeps its pattern lists for its lifetime)."""
    entry = _MEMBERS.get(id(pids))
    if entry is None or entry[0] is not pids:
        if len(_MEMBERS) > 4096:  # only a caller passing fresh lists gets here; keep the cache bounded
            _MEMBERS.clear()
        entry = _MEMBERS[id(pids)] = (pids, frozenset(pids))
    return entry[1]


@dataclass(frozen=True)
class Scope:
    """A section of a normalised text: ``text[start:end]`` is of ``kind``, written as ``genre``."""

    start: int
    end: int
    kind: str
    genre: str


class _Document:
    """One normalised text and its hits, with the lookups rule logic needs."""

    def __init__(
        self,
        text: str,
        hits: Iterable[Hit],
        compiled: CompiledRules,
        masks: Sequence[int],
        scopes: Sequence[Scope] | None = None,
        joins: Sequence[int] = (),
    ) -> None:
        self.text = text
        self.joins = joins  # where lines were joined for matching (NormalizedText.joins), in order
        self.scopes = scopes  # None: the whole text is one section, of a kind and genre every rule run accepts
        by_pid: dict[int, list[Span]] = {}
        for pid, start, end in hits:
            by_pid.setdefault(pid, []).append((start, end))
        for spans in by_pid.values():
            spans.sort()
        self.by_pid = by_pid
        self.compiled = compiled
        self.mask_ids = masks
        self._indexes: dict[tuple[int, ...], SpanIndex] = {}
        # the other rules' findings, for the rules that read them (a require rule's ``when_found``)
        self.found: Sequence[RawFinding] = ()

    def spans(self, pids: Sequence[int]) -> list[Span]:
        """The hits of ``pids``, in no particular order (every caller sorts them or builds an index)."""
        by_pid = self.by_pid
        out: list[Span] = []
        if len(pids) <= len(by_pid) or len(pids) < 16:
            for pid in pids:
                found = by_pid.get(pid)
                if found:
                    out.extend(found)
            return out
        # A long list of patterns (masks, negators) and few hits: walk the hits instead.
        members = _members(pids)
        for pid, found in by_pid.items():
            if pid in members:
                out.extend(found)
        return out

    def index(self, pids: Sequence[int]) -> SpanIndex:
        """The spans of ``pids`` as a :class:`SpanIndex`, built once per document and group of patterns."""
        key = tuple(pids)
        found = self._indexes.get(key)
        if found is None:
            found = self._indexes[key] = SpanIndex(self.spans(pids))
        return found

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
        # The masks are merged, so they do not overlap: only the last one starting at or before ``start`` can
        # hold the span.
        masks = self.masks
        i = bisect_right(masks, (start, float("inf"))) - 1
        return i >= 0 and masks[i][1] >= end

    @cached_property
    def title_index(self) -> SpanIndex:
        return SpanIndex(self.titles)

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

    def runs_at(self, rule: CompiledRule, pos: int) -> bool:
        """Whether ``rule`` runs at ``pos``: the section there is of a kind and genre the rule is for."""
        if self.scopes is None:
            return True
        return any(s.start <= pos < s.end and rule.info.runs_on(s.kind, s.genre) for s in self.scopes)


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
    # Every pattern the rules above, their masks and the title marks can read (see Logic.patterns): a regex
    # outside it is not run on documents of this plan. None: run them all.
    patterns: frozenset[int] | None = None

    @classmethod
    def build(
        cls,
        rules: Sequence[CompiledRule],
        pack_masks: Sequence[int] = (),
        applicable: Sequence[CompiledRule] = (),
        product_known: bool = False,
        always_read: Sequence[int] = (),
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
        read = set(masks) | set(always_read)  # ``always_read``: read by the engine itself (the title marks)
        for rule in rules:
            read |= rule.logic.patterns()
            read.update(rule.info.mentions)
            read.update(rule.info.unless_mentions)
            read.update(rule.info.own)
            read.update(rule.info.elsewhere)
            if not product_known:
                for words in rule.info.reference_words:
                    if words is not None:
                        read.update(words[0])
                        read.update(words[1])
        return cls(tuple(rules), tuple(always), by, tuple(dict.fromkeys(masks)), product_known, frozenset(read))

    def candidates(self, pids: Iterable[int]) -> list[CompiledRule]:
        chosen = set(self.always)
        for pid in pids:
            chosen.update(self.by_pattern.get(pid, ()))
        return [self.rules[i] for i in sorted(chosen)]


def evaluate(
    compiled: CompiledRules,
    text: str,
    hits: Iterable[Hit],
    plan: RulePlan,
    product: dict[str, Any] | None = None,
    scopes: Sequence[Scope] | None = None,
    joins: Sequence[int] = (),
) -> list[RawFinding]:
    """Findings in one normalised text; consistency rules run only when a ``product`` (its plain data) is given.
    ``scopes``: the text's sections when it has several, so that a rule's triggers count only in its own;
    ``joins``: where normalisation joined two lines, which a negator does not reach across."""
    doc = _Document(text, hits, compiled, plan.masks, scopes, joins)
    found: list[RawFinding] = []
    replaced = _replaced(plan.rules, product) if product is not None else frozenset()
    later: list[CompiledRule] = []
    for rule in plan.candidates(doc.by_pid):
        if not plan.product_known and not _about(rule, doc):
            continue  # not about this kind of product, as far as the copy tells
        if rule.info.code in replaced:
            continue  # a rule that knows the product decides what the copy owes
        if rule.logic.after_findings:
            later.append(rule)  # it reads the others' findings
            continue
        found.extend(rule.logic.evaluate(doc, rule, product))
    if later:
        doc.found = tuple(found)
        for rule in later:
            found.extend(rule.logic.evaluate(doc, rule, product))
    return found


def _replaced(rules: Sequence[CompiledRule], product: dict[str, Any]) -> frozenset[str]:
    """Codes of the generic rules that product rules applying to ``product`` stand in for (``replaces``)."""
    from .conditions import holds

    return frozenset(
        code
        for rule in rules
        if rule.info.replaces and holds(getattr(rule.logic, "when", None), product)
        for code in rule.info.replaces
    )


def _about(rule: CompiledRule, doc: _Document) -> bool:
    """Whether, with the product type unknown, the copy is about the products the rule is for."""
    info = rule.info
    if info.mentions and not any(pid in doc.by_pid for pid in info.mentions):
        return False
    if any(pid in doc.by_pid for pid in info.unless_mentions):
        return False
    return names_its_products(info.own, info.elsewhere, doc.by_pid)


def _leftmost_longest(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans, preferring the leftmost and then the longest (年化收益率 over 年化收益)."""
    kept: list[Span] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _cancelled(doc: _Document, logic: ForbidLogic, start: int, end: int) -> bool:
    if logic.use_masks and doc.masks and doc.masked(start, end):
        return True
    if logic.inside and doc.index(logic.inside).covers(start, end):
        return True
    if logic.quoted_title and doc.title_index.strictly_covers(start, end):
        return True
    if logic.negators and _negated(doc, logic, start):
        return True
    if logic.negation_within and _negated_within(doc, logic, start, end):
        return True
    return bool(logic.near) and _near_in_clause(doc, doc.index(logic.near), start, end, logic.near_sentence)


def _near_in_clause(doc: _Document, near: SpanIndex, start: int, end: int, sentence: bool) -> bool:
    """Whether a word of ``near`` stands in the clause (sentence) of the match [start, end): it overlaps the
    match, or ends before it with no break in between, or starts after it with no break in between (what
    :func:`_same_clause_as` says of each word, for all of them at once)."""
    if not near:
        return False
    if near.overlaps(start, end):
        return True
    breaks = doc.sentence_breaks if sentence else doc.clause_breaks
    i = bisect_left(breaks, start)
    last_before = breaks[i - 1] if i > 0 else -1  # the last break at a position < start
    if near.any_ending_within(last_before + 1, start):
        return True
    j = bisect_left(breaks, end)
    first_after = breaks[j] if j < len(breaks) else len(doc.text)  # the first break at a position >= end
    return near.any_starting_within(end, first_after)


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


def _negated_within(doc: _Document, logic: ForbidLogic, start: int, end: int) -> bool:
    """A negator that a gap of the pattern let into the match (协会并未推荐, 专家从不推荐) denies the act the match
    ends with. One at the match's first character is part of the claim, and so is one the rule excepts."""
    excepts = doc.index(logic.negation_except)
    for ns, ne in doc.index(logic.negators).ending_within(start + 2, end - 1):
        if ns > start and not (excepts and excepts.covers(ns, ne)):
            return True
    return False


def _joined_between(joins: Sequence[int], a: int, b: int) -> bool:
    """Whether lines were joined at a position in [a, b]."""
    i = bisect_left(joins, a)
    return i < len(joins) and joins[i] <= b


class Negatable(Protocol):
    """What a negation test reads of a rule's logic: a forbid rule's claims, or a require rule's triggers."""

    @property
    def negators(self) -> tuple[int, ...]: ...
    @property
    def negation_except(self) -> tuple[int, ...]: ...
    @property
    def negation_window(self) -> int: ...


def _negated(doc: _Document, logic: Negatable, start: int) -> bool:
    excepts = doc.index(logic.negation_except)
    # The negator must end before the match: 并没有 overlapping 没有风险 is part of the promise, not a denial.
    # Only negators ending within the window are looked at (a handful), found by binary search.
    window = logic.negation_window
    for ns, ne in doc.index(logic.negators).ending_within(start - max(window, _FRONTED_SCOPE), start):
        if excepts and excepts.covers(ns, ne):
            continue
        if not doc.same_clause(ns, start):
            continue
        # Lines joined for matching: a negator whose line goes on past it (不保本 / 保本保息) has its object there and
        # does not reach the next line; one at a line's end (本产品不 / 保本保息, a wrapped sentence) does.
        if doc.joins and _joined_between(doc.joins, ne + 2, start):
            continue
        if ne >= start - window or _FRONTED_OBJECT.match(doc.text, ne, start):
            return True
    return False
