"""One finding per problem: a post-processing step over the findings of one document.

Rules overlap on purpose (a generic rule and a specific one, three triggers of one required warning), so the
raw findings of a text can outnumber its problems. Here they are folded together:

- findings of the same category on overlapping text become one, the others kept as its ``related``
  locations;
- document-level "missing wording" findings (scope ``document``) of the same category become one per
  document, anchored at the first trigger;
- a rule that declares ``supersedes: [CODE]`` absorbs that rule's findings on overlapping text (or, for
  missing wording, in the same document) whatever their category;
- one rule's findings on the same words, repeated through a document (a page that says 配资 in every paragraph,
  a slogan in a header and a footer), become one, at the first occurrence: the words are fixed once.

The finding that stays (the primary) carries the highest severity of its group, so folding never lowers what
a run fails on. A waiver of the primary covers the group; a waiver of a related rule removes that location.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TypeVar

from .findings import Finding

_W = TypeVar("_W")


def _overlap(a: Finding, b: Finding) -> bool:
    if a.start == a.end or b.start == b.end:
        return a.start == b.start and a.end == b.end
    return a.start < b.end and b.start < a.end


def _members(f: Finding) -> tuple[Finding, ...]:
    return (f, *f.related)


def _merge(primary: Finding, others: Iterable[Finding]) -> Finding:
    related = [r for o in (primary, *others) for r in _members(o) if r is not primary]
    related.sort(key=lambda r: (r.start, r.end, r.rule_id))
    severity = max((primary, *related), key=lambda f: f.severity.rank).severity
    flat = tuple(r._replace(related=()) if r.related else r for r in related)
    return primary._replace(severity=severity, related=flat)


def _first_trigger(f: Finding) -> tuple[int, int, int, str]:
    untriggered = 1 if f.start == f.end == 0 else 0
    return (untriggered, f.start, -f.severity.rank, f.rule_id)


def _strongest(f: Finding) -> tuple[int, int, int, str]:
    return (-f.severity.rank, f.start, -(f.end - f.start), f.rule_id)


def _supersede(findings: list[Finding], supersedes: Mapping[str, frozenset[str]]) -> list[Finding]:
    if not supersedes:
        return findings
    supersedes = _closure(supersedes)
    # Per (path, code): the findings sorted by start, and the longest span, so the candidates that can
    # overlap a finding are found by bisection (no pairwise scan on copy with many matches).
    by_rule: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, f in enumerate(findings):
        by_rule[(f.path, f.rule_id)].append(i)
    index = {
        key: (sorted(ids, key=lambda j: findings[j].start), max(findings[j].end - findings[j].start for j in ids))
        for key, ids in by_rule.items()
    }
    starts = {key: [findings[j].start for j in ids] for key, (ids, _) in index.items()}
    absorbed: set[int] = set()
    merged: dict[int, list[Finding]] = defaultdict(list)
    # The rules that supersede most go first, so a chain (A supersedes B, B supersedes C) ends in A's finding.
    order = sorted(range(len(findings)), key=lambda i: -len(supersedes.get(findings[i].rule_id, ())))
    for i in order:
        f = findings[i]
        if i in absorbed:
            continue
        for code in sorted(supersedes.get(f.rule_id, ())):
            key = (f.path, code)
            if key not in index:
                continue
            ids, longest = index[key]
            if f.scope == "document":  # missing wording: the document is the place for its kind
                candidates = ids
            else:
                lo = bisect_left(starts[key], f.start - longest)
                hi = bisect_right(starts[key], max(f.end, f.start))
                candidates = ids[lo:hi]
            for j in candidates:
                g = findings[j]
                same_document = f.scope == g.scope == "document"
                if j != i and j not in absorbed and (same_document or _overlap(f, g)):
                    absorbed.add(j)
                    merged[i].append(g)
                    merged[i].extend(merged.pop(j, ()))  # what it had absorbed comes along
    return [_merge(f, merged[i]) if merged.get(i) else f for i, f in enumerate(findings) if i not in absorbed]


def _same_words(findings: list[Finding]) -> list[Finding]:
    """One finding per rule and repeated excerpt in a document, at its first occurrence, the others related."""
    first: dict[tuple[str, str, str], int] = {}
    merged: dict[int, list[Finding]] = defaultdict(list)
    kept: list[int] = []
    for i in sorted(range(len(findings)), key=lambda j: (findings[j].start, findings[j].end)):
        f = findings[i]
        if f.scope == "document" or not f.excerpt:
            kept.append(i)
            continue
        key = (f.path, f.rule_id, f.excerpt)
        if key in first:
            merged[first[key]].append(f)
        else:
            first[key] = i
            kept.append(i)
    if not merged:
        return findings
    return [_merge(findings[i], merged[i]) if i in merged else findings[i] for i in sorted(kept)]


def _closure(supersedes: Mapping[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """Supersedes is transitive: A over B and B over C puts A over C."""
    out: dict[str, frozenset[str]] = {}
    for code in supersedes:
        seen: set[str] = set()
        todo = list(supersedes[code])
        while todo:
            other = todo.pop()
            if other not in seen and other != code:
                seen.add(other)
                todo.extend(supersedes.get(other, ()))
        out[code] = frozenset(seen)
    return out


def group(
    findings: Iterable[Finding],
    supersedes: Mapping[str, frozenset[str]] | None = None,
    local: frozenset[str] = frozenset(),
) -> list[Finding]:
    """The findings of one or more documents with each problem reported once (see the module's docs).

    ``local``: codes of rules whose wording is required near each trigger (``within: paragraph`` or a
    distance), not once per document: each of their findings is its own problem unless they overlap."""
    items = list(findings)
    if len(items) <= 1:
        return items  # nothing to fold
    items = _supersede(items, supersedes or {})
    items = _same_words(items)
    buckets: dict[tuple[str, str, str], list[Finding]] = defaultdict(list)
    for f in items:
        scope = "span" if f.scope != "document" else "local" if f.rule_id in local else "document"
        buckets[(f.path, f.category, scope)].append(f)
    out: list[Finding] = []
    for (_, _, scope), members in buckets.items():
        if scope == "document":
            primary = min(members, key=_first_trigger)
            out.append(_merge(primary, [m for m in members if m is not primary]) if len(members) > 1 else primary)
            continue
        members.sort(key=lambda f: (f.start, f.end))
        cluster: list[Finding] = []
        end = -1
        for f in members:
            # Past the cluster's end only an empty span can still overlap (an equal empty one).
            if cluster and not (f.start < end or (f.start == f.end and any(_overlap(f, c) for c in cluster))):
                out.append(_fold(cluster))
                cluster, end = [], -1
            cluster.append(f)
            end = max(end, f.end)
        if cluster:
            out.append(_fold(cluster))
    out.sort(key=lambda f: (f.start, f.end, f.rule_id))
    return out


def _fold(cluster: list[Finding]) -> Finding:
    if len(cluster) == 1:
        return cluster[0]
    primary = min(cluster, key=_strongest)
    return _merge(primary, [c for c in cluster if c is not primary])


def repeats(f: Finding) -> list[Finding]:
    """The places where a rule found the same words again as at ``f``'s place (folded into it by :func:`group`),
    also when ``f`` is another rule's finding the first place was folded into."""
    here = [m for m in (f, *f.related) if m is f or _overlap(m, f)]
    return [
        r
        for r in f.related
        if r.scope != "document"
        and not _overlap(r, f)
        and any(m.rule_id == r.rule_id and m.excerpt == r.excerpt for m in here)
    ]


def without_repeats(f: Finding) -> tuple[Finding, Finding | None]:
    """``f`` without its repeats, and the repeats as one finding of their own (None if there are none): a waiver
    of one place does not cover the same words elsewhere."""
    again = repeats(f)
    if not again:
        return f, None
    head = f._replace(related=tuple(r for r in f.related if r not in again))
    return head, _merge(again[0], again[1:])


def waivable(
    findings: Iterable[Finding], accepts: Callable[[Finding], _W | None]
) -> Iterator[tuple[Finding, _W | None]]:
    """Each finding with what accepts it (a waiver), in order. A waiver covers its own place: a finding it accepts
    gives back its repeats elsewhere as a finding of their own, which comes next and is asked again."""
    todo = list(findings)[::-1]
    while todo:
        f = todo.pop()
        accepted = accepts(f)
        if accepted is not None:
            f, elsewhere = without_repeats(f)
            if elsewhere is not None:
                todo.append(elsewhere)
        yield f, accepted


def without_related(f: Finding, drop: Callable[[Finding], bool]) -> tuple[Finding, list[Finding]]:
    """``f`` without the related locations ``drop`` accepts (waived), and those dropped."""
    dropped = [r for r in f.related if drop(r)]
    if not dropped:
        return f, []
    return f._replace(related=tuple(r for r in f.related if not drop(r))), dropped
