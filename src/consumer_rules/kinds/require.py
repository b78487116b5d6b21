"""Kind ``require``, compiled: the document must carry an accepted phrasing (where a trigger asks for it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..engine import RawFinding, _Document, _leftmost_longest, _near_in_clause, _negated
from . import Logic

if TYPE_CHECKING:
    from ..compiled import CompiledRule


@dataclass(frozen=True)
class RequireLogic(Logic):
    when: tuple[int, ...]
    accept: tuple[int, ...]
    within: str | int
    promotes: tuple[int, ...] = ()
    # False: the accepted phrasings are evidence the rule looks for (a date, a number, a name), not wording that
    # makes a claim harmless, so they satisfy this rule and hide nothing from the others.
    accept_masks: bool = True
    # categories whose findings by other rules are triggers too (run after them: see engine.evaluate)
    when_found: tuple[str, ...] = ()
    when_found_packs: tuple[str, ...] = ()  # empty: findings of any pack
    # a trigger of ``when`` denied (不得承诺保本, 没有稳赚的方法) asks for nothing (RequireRule.when_negated)
    negators: tuple[int, ...] = ()
    negation_except: tuple[int, ...] = ()
    negation_window: int = 0
    # a trigger whose sentence holds one of these speaks of something else (RequireRule.when_unless)
    trigger_unless: tuple[int, ...] = ()

    @property
    def after_findings(self) -> bool:
        return bool(self.when_found)

    def triggers(self) -> tuple[int, ...]:
        return self.when

    def masks(self) -> tuple[int, ...]:
        # An accepted phrasing is a disclaimer: other rules must not flag words inside it. Evidence is not: a
        # year next to an award does not make the sentence around it any less of a claim.
        return self.accept if self.accept_masks else ()

    def evaluate(self, doc: _Document, rule: CompiledRule, product: dict[str, Any] | None) -> list[RawFinding]:
        return _require(doc, rule, self)


def _require(doc: _Document, rule: CompiledRule, logic: RequireLogic) -> list[RawFinding]:
    if logic.when or logic.when_found:
        # Only triggers in the rule's own sections count: a return quoted in a report below the copy does not
        # make the copy's finding, nor hide a trigger in the copy behind it.
        if logic.when_found and any(
            item.scope == "document" and item.rule.info.category == rule.info.category for item in doc.found
        ):
            return []  # another rule already asks this copy for the wording: a second finding would add nothing
        spans = []
        for span in doc.spans(logic.when) if logic.when else ():
            if doc.inside_mask(*span) or (logic.negators and _negated(doc, logic, span[0])):
                continue  # inside a disclaimer, or denied (不得承诺保本): no trigger
            if logic.trigger_unless and _near_in_clause(doc, doc.index(logic.trigger_unless), *span, True):
                continue  # about something else in its sentence (资金提现当日不设限额，快速到账 is a withdrawal)
            spans.append(span)
        spans += [
            (item.start, item.end)
            for item in doc.found
            if item.scope == "span"
            and item.rule.info.category in logic.when_found
            and (not logic.when_found_packs or item.rule.info.pack in logic.when_found_packs)
        ]
        triggers = _leftmost_longest(t for t in spans if doc.runs_at(rule, t[0]))
        if not triggers:
            return []
    else:
        triggers = []
    promoting = [p for p in doc.spans(logic.promotes) if doc.runs_at(rule, p[0])] if logic.promotes else []
    if logic.promotes and not promoting:
        return []  # the copy explains the product but does not offer it
    accepted = doc.index(logic.accept)
    if logic.within == "document" or not triggers:
        if accepted:
            return []
        # Without a trigger of its own, the finding points at the first words that promote (the rate shown, the
        # call to buy), as a consistency rule's does; with neither, at the whole document.
        start, end = triggers[0] if triggers else _leftmost_longest(promoting)[0] if promoting else (0, 0)
        return [RawFinding(rule, start, end, "document")]
    if logic.within == "paragraph":
        ok = {doc.paragraph(s) for s in accepted.starts}
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
        if accepted.near(start, end, limit):  # an accepted phrasing within ``limit`` characters
            continue
        if start - last_reported <= limit:
            continue
        last_reported = start
        out.append(RawFinding(rule, start, end, "document"))
    return out
