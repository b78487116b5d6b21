"""Conditions on product descriptions, as field and consistency rules write them.

    {type: [fund, wealth_management], risk_level: {present: true}}        all must hold
    [{offering: private}, {channels: {any: [app, website]}}]              any must hold
    {risk_level: {le: {path: "target.risk_classes:min"}}}                  compare with another field
    {fees: {some: {name: {matches: 退保}, rate: {gt: 0}}}}                  one item of a list meets them all

Paths are dotted (``target.max_age``); a ``:min``, ``:max`` or ``:count`` suffix reduces a list (``:min`` and
``:max`` of a range are its low and high ends: a waiting period of 30-90天 has no day without one). Levels
R1–R5 and C1–C5 compare as numbers, so "R4 <= C2" is false. A range (``{low, high}``, e.g. apr 6%-18%) meets a
comparison when some value in it does: ``gt``/``ge`` look at its high end, ``lt``/``le`` at its low end.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from .lazy import lazy_regex

_LEVEL = lazy_regex(r"^[RC]([1-5])$")
_MISSING = object()


def path_loc(path: str) -> tuple[str | int, ...]:
    """The keys of a dotted ``path`` (its :min/:max/:count suffix dropped), as a location in the product file."""
    return tuple(part for part in path.partition(":")[0].split(".") if part)


def lookup(data: Any, path: str) -> Any:
    """The value at ``path`` in ``data`` (dicts and lists), with an optional :min/:max/:count suffix."""
    path, _, reduce = path.partition(":")
    value: Any = data
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list):
            value = [item.get(part) for item in value if isinstance(item, dict)]
        else:
            return _MISSING
    if reduce == "count":
        return len(value) if isinstance(value, list) else 0
    if reduce in ("min", "max") and _is_span(value):  # a range's low or high end
        value = [value]
    if reduce in ("min", "max") and isinstance(value, list):
        ends = [e for v in value for e in (_ends(v) if _is_span(v) else (v,))]
        items = [_ordinal(v) for v in ends if v is not None]
        if not items:
            return _MISSING
        return min(items) if reduce == "min" else max(items)
    return value


def _is_span(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"low", "high"}


def _ends(value: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(v for v in (value["low"], value["high"]) if v is not None)


def present(value: Any) -> bool:
    return value is not _MISSING and value is not None and value != "" and value != []


def _ordinal(value: Any) -> Any:
    if isinstance(value, str):
        m = _LEVEL.match(value)
        if m:
            return int(m.group(1))
    if isinstance(value, float):
        return Decimal(str(value))
    return value


def _resolve(test: Any, root: Any, item: Any) -> Any:
    if isinstance(test, dict) and set(test) == {"path"}:
        found = lookup(item, test["path"])
        return found if found is not _MISSING else lookup(root, test["path"])
    return test


def _test(value: Any, test: Any, root: Any, item: Any) -> bool:
    if isinstance(test, list):
        return value in test
    if not isinstance(test, dict):
        return bool(value == test) if value is not _MISSING else False
    for op, raw in test.items():
        expected = _resolve(raw, root, item) if op not in ("some", "every") else raw
        if op == "present":
            ok = present(value) == bool(expected)
        elif op == "not":
            ok = value not in expected if isinstance(expected, list) else value != expected
        elif op in ("gt", "ge", "lt", "le"):
            if not present(value) or expected is _MISSING or expected is None:
                return False
            if _is_span(value):  # a range holds when some value in it does: its high end for gt, low for lt
                end = value["high"] if op in ("gt", "ge") else value["low"]
                if end is None:
                    return False
                value = end
            if _is_span(expected):
                expected = expected["low"] if op in ("gt", "ge") else expected["high"]
                if expected is None:
                    return False
            a, b = _ordinal(value), _ordinal(expected)
            try:
                ok = {"gt": a > b, "ge": a >= b, "lt": a < b, "le": a <= b}[op]
            except TypeError:
                return False
        elif op == "any":
            ok = isinstance(value, list) and any(v in expected for v in value)
        elif op == "none":
            ok = not isinstance(value, list) or not any(v in expected for v in value)
        elif op == "some":
            # a list of records (fees, benefits) one of which meets the nested conditions
            ok = isinstance(value, list) and any(holds(raw, root, v) for v in value if isinstance(v, dict))
        elif op == "every":
            # a list of records, not empty, each of which meets the nested conditions (every benefit guaranteed)
            records = [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
            ok = bool(records) and len(records) == len(value) and all(holds(raw, root, v) for v in records)
        elif op == "matches":  # a list of texts (guarantees.guaranteed) matches when one of them does
            texts = value if isinstance(value, list) else [value]
            ok = any(isinstance(t, str) and _search(str(expected), t) for t in texts)
        elif op == "not_matches":
            texts = value if isinstance(value, list) else [value]
            ok = not any(isinstance(t, str) and _search(str(expected), t) for t in texts)
        else:
            raise ValueError(f"unknown test {op!r}")
        if not ok:
            return False
    return True


def completeness(product: dict[str, Any], section: str) -> str | None:
    """The record's ``completeness`` mark for ``section`` (a top-level field: fees, insurance): the section's own
    mark where the record marks sections one by one, else the record's."""
    marked = product.get("completeness")
    return marked.get(section) if isinstance(marked, dict) else marked


def left_out(product: dict[str, Any], path: str) -> bool:
    """Whether the absence of the value at ``path`` is no finding because the record does not claim to hold it.

    ``completeness: full`` (for the record or the path's section): the record holds every fact, so nothing is
    left out. ``partial``: whatever it does not hold is left out. Unstated: a field the record never wrote is
    unknown, so left out, unless the product's type cannot be offered without it (``product.MANDATORY``); a
    field written empty ('' or null) says the product has none, so it is reported."""
    from .product import MANDATORY

    field = path.partition(":")[0]
    section = field.split(".")[0]
    mark = completeness(product, section)
    given = product.get("_given")
    if given is None or mark == "full":
        return False
    if mark == "partial":
        return section not in given or not present(lookup(product, path))
    if field in given:
        return False
    return field not in MANDATORY.get(str(product.get("type")), ())


def holds(conditions: Any, root: Any, item: Any = None) -> bool:
    """Whether ``conditions`` hold for ``item`` (or the product ``root``)."""
    target = root if item is None else item
    if isinstance(conditions, list):
        return any(holds(c, root, item) for c in conditions)
    return all(_test(lookup(target, path), test, root, target) for path, test in (conditions or {}).items())


def failing(conditions: Any, root: Any, item: Any = None) -> list[str]:
    """The paths whose tests fail (all of them for a failing any-of list)."""
    target = root if item is None else item
    if isinstance(conditions, list):
        return [] if holds(conditions, root, item) else [p for c in conditions for p in failing(c, root, item)]
    return [path for path, test in (conditions or {}).items() if not _test(lookup(target, path), test, root, target)]


@lru_cache(maxsize=256)
def _regex(pattern: str) -> Any:
    """``pattern`` compiled for product fields with the engine copy is matched with: RE2 (linear time on any
    value), or, without it, Python's ``re`` with unbounded repeats capped as for copy."""
    try:
        import re2
    except ImportError:  # pragma: no cover - platforms without a google-re2 wheel
        from .backends.automaton import bounded

        return re.compile(bounded(pattern))
    options = re2.Options()
    options.log_errors = False
    return re2.compile(pattern, options)


def _search(pattern: str, value: str) -> bool:
    return _regex(pattern).search(value.encode("utf-8", "replace").decode("utf-8")) is not None


KNOWN_TESTS = {"present", "not", "gt", "ge", "lt", "le", "any", "none", "some", "every", "matches", "not_matches"}


def check_conditions(conditions: Any) -> str | None:
    """A problem with how ``conditions`` are written, for the rule validator; None when fine."""
    items = conditions if isinstance(conditions, list) else [conditions]
    for mapping in items:
        if not isinstance(mapping, dict):
            return "conditions are a mapping {path: test} or a list of such mappings"
        for path, test in mapping.items():
            if isinstance(test, dict) and set(test) != {"path"}:
                unknown = set(test) - KNOWN_TESTS
                if unknown:
                    return (
                        f"unknown test {sorted(unknown)[0]!r} for {path!r}; use one of {', '.join(sorted(KNOWN_TESTS))}"
                    )
                for op in ("some", "every"):
                    if op in test:
                        nested = check_conditions(test[op])
                        if nested is not None:
                            return f"in {op!r} for {path!r}: {nested}"
                for op in ("matches", "not_matches"):
                    if op in test:
                        try:
                            _regex(str(test[op]))
                        except Exception as exc:
                            return f"{op} for {path!r} is not a valid regex: {exc}"
    return None
