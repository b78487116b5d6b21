"""Positions of regex matches with RE2, in leftmost-longest mode (linear time, no backtracking)."""

from __future__ import annotations

import re
from typing import Any

try:
    import re2
except ImportError:  # pragma: no cover - RE2 is a declared dependency; Python's re is the last resort
    re2 = None


def compile_regex(source: str) -> Any:
    if re2 is not None:
        options = re2.Options()
        options.case_sensitive = False
        options.log_errors = False
        # Leftmost-longest (POSIX), so every backend agrees whatever the order of alternatives.
        options.longest_match = True
        return re2.compile(source, options)
    return re.compile(source, re.IGNORECASE)  # pragma: no cover


def finditer(regex: Any, text: str, pid: int) -> list[tuple[int, int, int]]:
    return [(pid, m.start(), m.end()) for m in regex.finditer(text) if m.end() > m.start()]
