"""Kind ``forbid``, compiled: report every occurrence of a phrase that no guard cancels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..engine import RawFinding, Span, _cancelled, _Document
from . import Logic

if TYPE_CHECKING:
    from ..compiled import CompiledRule


@dataclass(frozen=True)
class ForbidLogic(Logic):
    match: tuple[int, ...]
    inside: tuple[int, ...]
    near: tuple[int, ...]
    near_sentence: bool  # 'near' looks at the whole sentence, not just the clause
    negators: tuple[int, ...]
    negation_except: tuple[int, ...]
    negation_window: int
    quoted_title: bool
    # (when, inside) pairs: with a product given that holds ``when``, matches inside ``inside`` state what its
    # record says.
    product_truths: tuple[tuple[Any, tuple[int, ...]], ...] = ()
    use_masks: bool = True  # a match overlapping a mask is cancelled
    negation_within: bool = False  # a negator inside the match cancels it too (Negation.within)

    def triggers(self) -> tuple[int, ...]:
        return self.match

    def evaluate(self, doc: _Document, rule: CompiledRule, product: dict[str, Any] | None) -> list[RawFinding]:
        return _forbid(doc, rule, self, product)


def _forbid(
    doc: _Document, rule: CompiledRule, logic: ForbidLogic, product: dict[str, Any] | None = None
) -> list[RawFinding]:
    candidates = doc.spans(logic.match)
    if not candidates:
        return []
    true_of_product: list[Span] = []
    if product is not None and logic.product_truths:
        from ..conditions import holds

        for when, inside in logic.product_truths:
            if holds(when, product):
                true_of_product += doc.spans(inside)
    kept: list[Span] = []
    for start, end in sorted(candidates, key=lambda s: (s[0], -s[1])):
        if kept and start < kept[-1][1]:
            continue  # overlaps a longer or earlier match of the same rule: one finding is enough
        if _cancelled(doc, logic, start, end):
            continue
        if any(s <= start and end <= e for s, e in true_of_product):
            continue  # the copy states what the product's record says
        kept.append((start, end))
    return [RawFinding(rule, s, e, "span") for s, e in kept]
