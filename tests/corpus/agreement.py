"""How far two careful labellers agree, and the checker against each labelling.

Every corpus item was labelled a second time by someone who saw only its issuer and text (never the first labels,
the rules or the checker's findings), from the label guide in README.md and docs/categories.md. Where the two
labellings differed, a third person who knew neither which came first nor what the checker finds decided by the
guide, and the item's ``categories`` and ``compliant`` now hold that decision. Four boundaries on which the
labellers and deciders had split both ways (README.md) were then written into the guide and applied to every
item they touch. ``second_labels.yaml`` keeps both
readings, so the agreement can be recomputed and any decision traced:

    <item name>:
      first: [...]        # the categories before the second reading
      second: [...]       # the second labeller's categories
      kind: marketing     # the second labeller's document kind
      decided: "..."      # only where the two differed: what was kept or dropped, and why
      boundary: "..."     # only where one of the guide's four boundaries (README.md) later moved a category
      third: [...]        # on a sample: a third labelling, blind, made after the decisions

Agreement between two humans bounds what a checker can be shown to reach against either of them: a checker that
matched one labeller perfectly would score about the other labeller's agreement against the second.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

SECOND_LABELS = Path(__file__).resolve().parent / "second_labels.yaml"


@dataclass(frozen=True)
class Reading:
    """One item's two labellings and the decision between them."""

    first: frozenset[str]
    second: frozenset[str]
    kind: str
    decided: str = ""
    boundary: str = ""
    third: frozenset[str] | None = None


def load_readings(path: Path = SECOND_LABELS) -> dict[str, Reading]:
    if not path.exists():
        return {}
    data: dict[str, dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        name: Reading(
            frozenset(entry.get("first") or ()),
            frozenset(entry.get("second") or ()),
            str(entry.get("kind", "")),
            str(entry.get("decided", "")),
            str(entry.get("boundary", "")),
            frozenset(entry["third"]) if "third" in entry else None,
        )
        for name, entry in data.items()
    }


def pair_scores(reference: Mapping[str, Set[str]], other: Mapping[str, Set[str]]) -> tuple[float, float]:
    """Precision and recall of ``other`` against ``reference`` over (item, category) pairs."""
    tp = sum(len(reference[n] & other[n]) for n in reference)
    fp = sum(len(other[n] - reference[n]) for n in reference)
    fn = sum(len(reference[n] - other[n]) for n in reference)
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


class Scored(Protocol):
    """What the agreement report reads of one scored item: evaluate.ItemResult."""

    name: str
    part: str
    expected: set[str]
    found: set[str]
    kind: str


def against_first(chosen: Sequence[Scored], readings: Mapping[str, Reading]) -> tuple[float, float, float, float]:
    """Precision and recall of the second labeller, then of the checker, both against the first labels."""
    first = {i.name: readings[i.name].first for i in chosen}
    second = {i.name: readings[i.name].second for i in chosen}
    found = {i.name: i.found for i in chosen}
    return (*pair_scores(first, second), *pair_scores(first, found))


def agreement_report(items: Sequence[Scored], readings: Mapping[str, Reading]) -> str:
    out = []
    for part in ("dev", "holdout"):
        chosen = [i for i in items if i.part == part and i.name in readings]
        if not chosen:
            continue
        first = {i.name: readings[i.name].first for i in chosen}
        second = {i.name: readings[i.name].second for i in chosen}
        final = {i.name: i.expected for i in chosen}
        found = {i.name: i.found for i in chosen}
        n = len(chosen)
        same_verdict = sum(bool(first[k]) == bool(second[k]) for k in first)
        same_kind = sum(readings[i.name].kind == i.kind for i in chosen)
        changed = sum(first[k] != final[k] for k in first)
        p, r, _, _ = against_first(chosen, readings)
        lines = [
            f"== {part}: {n} items labelled twice",
            f"compliant or not: the two labellers agree on {same_verdict} of {n} ({same_verdict / n:.2f})",
            f"kind: they agree on {same_kind} of {n} ({same_kind / n:.2f})",
            f"categories, second against first: precision {p:.2f}, recall {r:.2f}, F1 {_f1(p, r):.2f}",
            f"labels changed since the first labelling (decisions and boundaries): {changed} items",
        ]
        for name, reference in (("first labels", first), ("second labels", second), ("labels as decided", final)):
            cp, cr = pair_scores(reference, found)
            lines.append(f"checker against the {name}: precision {cp:.2f}, recall {cr:.2f}")
        # A third labelling made after the decisions tells whether they moved the labels towards an independent
        # reading of the guide or away from it.
        sample = [i.name for i in chosen if readings[i.name].third is not None]
        if sample:
            third = {k: readings[k].third or frozenset() for k in sample}
            scores = []
            for name, reference in (("first", first), ("second", second), ("decided", final)):
                tp, tr = pair_scores({k: reference[k] for k in sample}, third)
                scores.append(f"{name} {_f1(tp, tr):.2f}")
            lines.append(f"a third labelling of {len(sample)} items, F1 against the " + ", ".join(scores))
        per: Counter[tuple[str, str]] = Counter()
        for k in first:
            for c in first[k] | second[k]:
                per[c, "both" if c in first[k] and c in second[k] else ("first" if c in first[k] else "second")] += 1
        lines.append(f"{'category':28} {'both':>5} {'first only':>11} {'second only':>12}")
        for c in sorted({c for c, _ in per}):
            lines.append(f"{c:28} {per[c, 'both']:5} {per[c, 'first']:11} {per[c, 'second']:12}")
        out.append("\n".join(lines))
    return "\n\n".join(out) or "no item has a second labelling"
