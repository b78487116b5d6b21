"""``json.dumps(obj, ensure_ascii=False, indent=2)``, the same text, several times faster.

With ``indent``, the standard library falls back to its pure-Python encoder, a tower of generators that
yields one small string at a time; for a report of thousands of findings that is most of the time the
``json`` and ``sarif`` formats take, and it runs after every file is checked, so no worker can share it.
This writes the same characters (the same separators, number forms, key conversions and errors for values
JSON cannot hold) straight into one list, using the standard library's own C string encoder.
"""

from __future__ import annotations

from json.encoder import encode_basestring
from typing import Any

__all__ = ["dumps_indented"]

_INF = float("inf")


def dumps_indented(obj: Any, indent: int = 2) -> str:
    """The text ``json.dumps(obj, ensure_ascii=False, indent=indent)`` returns."""
    out: list[str] = []
    _value(obj, out, 0, " " * indent, set())
    return "".join(out)


def _float(o: float) -> str:
    if o != o:
        return "NaN"
    if o == _INF:
        return "Infinity"
    if o == -_INF:
        return "-Infinity"
    return float.__repr__(o)


def _scalar(o: Any) -> str | None:
    """The JSON text of a scalar, or None for a container (or a value JSON cannot hold)."""
    if isinstance(o, str):
        return encode_basestring(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        return _float(o)
    return None


def _key(key: Any) -> str:
    if isinstance(key, str):
        return encode_basestring(key)
    if isinstance(key, float):
        return encode_basestring(_float(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return encode_basestring(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _value(o: Any, out: list[str], level: int, step: str, seen: set[int]) -> None:
    text = _scalar(o)
    if text is not None:
        out.append(text)
        return
    if isinstance(o, list | tuple):
        if not o:
            out.append("[]")
            return
        marker = _enter(o, seen)
        inner = "\n" + step * (level + 1)
        out.append("[" + inner)
        first = True
        for item in o:
            if not first:
                out.append("," + inner)
            first = False
            kind = type(item)
            if kind is str:
                out.append(encode_basestring(item))
            elif kind is int:
                out.append(int.__repr__(item))
            else:
                _value(item, out, level + 1, step, seen)
        out.append("\n" + step * level + "]")
        seen.discard(marker)
        return
    if isinstance(o, dict):
        if not o:
            out.append("{}")
            return
        marker = _enter(o, seen)
        inner = "\n" + step * (level + 1)
        out.append("{" + inner)
        first = True
        for key, item in o.items():
            if not first:
                out.append("," + inner)
            first = False
            out.append((encode_basestring(key) if type(key) is str else _key(key)) + ": ")
            kind = type(item)
            if kind is str:  # the common cases first, without a call
                out.append(encode_basestring(item))
            elif kind is int:
                out.append(int.__repr__(item))
            elif item is None:
                out.append("null")
            else:
                _value(item, out, level + 1, step, seen)
        out.append("\n" + step * level + "}")
        seen.discard(marker)
        return
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


def _enter(o: Any, seen: set[int]) -> int:
    marker = id(o)
    if marker in seen:
        raise ValueError("Circular reference detected")
    seen.add(marker)
    return marker
