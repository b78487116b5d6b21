"""Regexes compiled on first use.

A module's regexes were compiled when it was imported: about 40 of them, 20 ms of a one-file check, most of
which that check never runs (title, heading and genre signs of texts it does not hold, report formats it does
not write). :func:`lazy_regex` stands in for ``re.compile``: the regex is compiled the first time one of its
methods is looked up, and each method, once looked up, is kept on the object, so later calls cost what they
cost on the compiled regex.
"""

from __future__ import annotations

import re
from typing import Any, cast

from .regex_store import compile_regex

__all__ = ["lazy_regex"]


class _LazyRegex:
    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern  # read without compiling (other regexes are built from it)
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:  # only for names not set on the object yet
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = compile_regex(self.pattern, self.flags)
        value = getattr(compiled, name)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"lazy_regex({self.pattern!r}, {self.flags!r})"


def lazy_regex(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done when the regex is first used."""
    return cast("re.Pattern[str]", _LazyRegex(pattern, int(flags)))
