"""Hyperscan compile flags, shared by the matcher and the rule validator."""

from __future__ import annotations

try:
    import hyperscan
except ImportError:  # pragma: no cover - platforms without a wheel use the fallback matcher
    hyperscan = None  # type: ignore[assignment]

# No HS_FLAG_SOM_LEFTMOST: Hyperscan's start-of-match tracking overruns the stack on long runs of a
# repeated character (e.g. `a+c` over 500 a's crashes hyperscan 0.7-0.9 wheels). Literals do not need
# it (start = end - length) and regexes only need Hyperscan to say *whether* they occur.
HS_FLAGS_LITERAL = 0
HS_FLAGS_REGEX = 0
if hyperscan is not None:
    HS_FLAGS_LITERAL = hyperscan.HS_FLAG_UTF8
    HS_FLAGS_REGEX = hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SINGLEMATCH
