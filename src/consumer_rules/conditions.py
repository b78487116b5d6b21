"""Conditions on product descriptions, as field and consistency rules write them.

    {type: [fund, wealth_management], risk_level: {present: true}}        all must hold
    [{offering: private}, {channels: {any: [app, website]}}]              any must hold
    {risk_level: {le: {path: "target.risk_classes:min"}}}                  compare with another field

Paths are dotted (``target.max_age``); a ``:min``, ``:max`` or ``:count`` suffix reduces a list. Levels
R1–R5 and C1–C5 compare as numbers, so "R4 <= C2" is false.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

_LEVEL = re.compile(r"^[RC]([1-5])$")
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
    if reduce in ("min", "max") and isinstance(value, list):
        items = [_ordinal(v) for v in value if v is not None]
        if not items:
            return _MISSING
        return min(items) if reduce == "min" else max(items)
    return value


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
        expected = _resolve(raw, root, item)
        if op == "present":
            ok = present(value) == bool(expected)
        elif op == "not":
            ok = value not in expected if isinstance(expected, list) else value != expected
        elif op in ("gt", "ge", "lt", "le"):
            if not present(value) or expected is _MISSING or expected is None:
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
        elif op == "matches":
            ok = isinstance(value, str) and re.search(str(expected), value) is not None
        elif op == "not_matches":
            ok = not isinstance(value, str) or re.search(str(expected), value) is None
        else:
            raise ValueError(f"unknown test {op!r}")
        if not ok:
            return False
    return True


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


KNOWN_TESTS = {"present", "not", "gt", "ge", "lt", "le", "any", "none", "matches", "not_matches"}


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
                for op in ("matches", "not_matches"):
                    if op in test:
                        try:
                            re.compile(str(test[op]))
                        except re.error as exc:
                            return f"{op} for {path!r} is not a valid regex: {exc}"
    return None
