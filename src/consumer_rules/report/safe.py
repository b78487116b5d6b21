"""Neutralising what a checked file, its name or a rule file could smuggle into a terminal or a CI log.

A file name or a line of copy can hold escape sequences (ESC, CSI, OSC, BEL) that a terminal runs, bidi
controls that reorder what a reviewer reads, raw bytes of a file name that is not UTF-8, and line breaks
followed by ``::error ...::`` or ``##[...]``, which GitHub Actions and Azure Pipelines run as workflow
commands. Every value that did not come from consumer-rules itself goes through :func:`printable` before it
is written as text, and every text report through :func:`no_commands`.
"""

from __future__ import annotations

import re

from ..lazy import lazy_regex

# C0 (tab kept) and C1 controls, DEL, line and paragraph separators, bidi embeddings, overrides and isolates,
# and lone surrogates (the raw bytes of a file name that is not UTF-8, or a string built in Python).
_UNSAFE = lazy_regex("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(m: re.Match[str]) -> str:
    cp = ord(m.group())
    if 0xDC80 <= cp <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{cp - 0xDC00:02x}"
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}"


def printable(text: str) -> str:
    """``text`` on one line with every control, bidi or unencodable character written as ``\\xNN``/``\\uNNNN``."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


_COMMAND = lazy_regex(r"^(\s*)(::|##\[)", re.MULTILINE)


def no_commands(text: str) -> str:
    """``text`` with no line that a CI runner would take for a workflow command (``::name ...::`` on GitHub,
    ``##[name]`` / ``##vso[`` on Azure): the leading character of such a line is written as ``\\x3a``/``\\x23``."""
    return _COMMAND.sub(lambda m: m.group(1) + ("\\x3a:" if m.group(2) == "::" else "\\x23#["), text)


# In JSON, these are legal raw but reach terminals raw too (DEL, C1), break JavaScript (U+2028/9) or cannot be
# encoded as UTF-8 (lone surrogates): written as \uXXXX escapes, which every JSON reader decodes back.
_JSON_UNSAFE = lazy_regex("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_safe(text: str) -> str:
    """JSON text with the characters above escaped; the data it describes is unchanged."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# XML 1.0 cannot hold C0 controls other than tab, line feed and carriage return, lone surrogates or U+FFFE/F.
_XML_UNSAFE = lazy_regex("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold (and DEL, C1) written as ``\\xNN``/``\\uNNNN``."""
    return _XML_UNSAFE.sub(_escape, text) if _XML_UNSAFE.search(text) else text


def no_commands_markup(text: str) -> str:
    """As :func:`no_commands` for XML and HTML text, with character references (``&#58;``), which read the same."""
    return _COMMAND.sub(lambda m: m.group(1) + ("&#58;:" if m.group(2) == "::" else "&#35;#["), text)
