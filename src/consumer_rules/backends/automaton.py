"""Aho-Corasick for phrases and regex anchors; RE2 positions for the regexes whose anchors occur."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import ahocorasick_rs

from . import Hit, PatternEntry, leftmost_longest

try:
    import re2
except ImportError:  # pragma: no cover - platforms without a google-re2 wheel use Python's re
    re2 = None

RE2_MAX_MEM = 256 << 20
# Above this many candidate regexes in a document, ask the regex set which occur before finding positions:
# one set pass costs about as much as three single-regex passes.
_SET_THRESHOLD = 3  # the default 8 MiB is too small for a set of a few thousand regexes


def _re2_options() -> Any:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    # Perl semantics (leftmost-first, lazy quantifiers honoured), exactly as Python's re in the python-re mode.
    options.longest_match = False
    options.max_mem = RE2_MAX_MEM
    return options


class PatternError(ValueError):
    """A pattern (``pid``; None for the set as a whole) that the regex engine cannot compile."""

    def __init__(self, pid: int | None, message: str) -> None:
        self.pid = pid
        super().__init__(message)


class AutomatonMatcher:
    def __init__(self, patterns: Sequence[PatternEntry], backend: str = "re2") -> None:
        self.name = backend
        self._patterns = list(patterns)
        self._build()

    def _build(self) -> None:
        # One automaton for phrases and for regex anchors; each key knows which patterns it serves.
        keys: dict[str, tuple[list[int], list[int]]] = {}  # key -> (phrase ids, regex ids it anchors)
        unanchored: list[int] = []
        for pid, entry in enumerate(self._patterns):
            if entry.literal is not None:
                keys.setdefault(entry.literal, ([], []))[0].append(pid)
            elif entry.anchors:
                for anchor in entry.anchors:
                    keys.setdefault(anchor, ([], []))[1].append(pid)
            else:
                unanchored.append(pid)
        self._phrase_ids = [phrases for phrases, _ in keys.values()]
        self._anchored_ids = [anchored for _, anchored in keys.values()]
        self._automaton = (
            ahocorasick_rs.AhoCorasick(list(keys), matchkind=ahocorasick_rs.MatchKind.Standard) if keys else None
        )
        self._unanchored = unanchored
        self._regex_ids = [pid for pid, entry in enumerate(self._patterns) if entry.literal is None]
        self._regexes: dict[int, Any] = {}  # compiled on first use: most never fire
        self._set: Any = None
        if self._regex_ids and self.name == "re2":
            regex_set = re2.Set.SearchSet(_re2_options())
            for pid in self._regex_ids:
                try:
                    regex_set.Add(self._patterns[pid].regex.encode("utf-8"))
                except Exception as exc:
                    raise PatternError(pid, f"RE2 cannot compile it: {exc}") from None
            try:
                regex_set.Compile()
            except Exception:
                raise PatternError(
                    None, f"RE2 cannot compile the rules' regexes together within {RE2_MAX_MEM >> 20} MiB"
                ) from None
            self._set = regex_set

    def verify(self) -> None:
        """Compile every regex now (they are otherwise compiled on first use), so that a rule set that loads
        also runs; raise :class:`PatternError` naming the first pattern that does not compile."""
        for pid in self._regex_ids:
            try:
                self._compiled(pid)
            except Exception as exc:
                raise PatternError(pid, f"{self.name} cannot compile it: {exc}") from None

    def _compiled(self, pid: int) -> Any:
        regex = self._regexes.get(pid)
        if regex is None:
            source = self._patterns[pid].regex
            if self._set is not None:
                regex = re2.compile(source.encode("utf-8"), _re2_options())
            else:
                regex = re.compile(bounded(source), re.IGNORECASE)
            self._regexes[pid] = regex
        return regex

    # Neither the automaton nor RE2 objects pickle; rebuilding them takes milliseconds.
    def __getstate__(self) -> dict[str, Any]:
        return {"patterns": self._patterns, "name": self.name}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._patterns = state["patterns"]
        self.name = state["name"]
        self._build()

    def scan(self, text: str) -> list[Hit]:
        hits: list[Hit] = []
        candidates: set[int] = set()
        if self._automaton is not None:
            phrase_ids, anchored_ids = self._phrase_ids, self._anchored_ids
            for index, start, end in self._automaton.find_matches_as_indexes(text, overlapping=True):
                for pid in phrase_ids[index]:
                    hits.append((pid, start, end))
                if anchored_ids[index]:
                    candidates.update(anchored_ids[index])
        candidates.update(self._unanchored)
        if candidates:
            if self._set is None:
                self._positions_python_re(text, sorted(candidates), hits)
            else:
                data = text.encode("utf-8")
                if len(candidates) > _SET_THRESHOLD:
                    # Many candidates: one pass of the regex set says which really occur.
                    fired = self._set.Match(data) or ()
                    candidates.intersection_update(self._regex_ids[i] for i in fired)
                if candidates:
                    self._positions_re2(text, data, sorted(candidates), hits)
        return leftmost_longest(hits) if hits else hits

    def _positions_re2(self, text: str, data: bytes, pids: list[int], hits: list[Hit]) -> None:
        # RE2's bytes interface is much cheaper than its str one; offsets are converted once, together.
        found: list[Hit] = []
        for pid in pids:
            regex = self._compiled(pid)
            found.extend((pid, m.start(), m.end()) for m in regex.finditer(data) if m.end() > m.start())
        if found:
            hits.extend(_to_code_points(data, found) if len(data) != len(text) else found)

    def _positions_python_re(self, text: str, pids: list[int], hits: list[Hit]) -> None:
        for pid in pids:
            regex = self._compiled(pid)
            hits.extend((pid, m.start(), m.end()) for m in regex.finditer(text) if m.end() > m.start())


def _to_code_points(data: bytes, hits: list[Hit]) -> list[Hit]:
    """Convert UTF-8 byte offsets to code-point offsets, decoding only between consecutive offsets."""
    offsets = sorted({h[1] for h in hits} | {h[2] for h in hits})
    mapping: dict[int, int] = {}
    prev_byte = 0
    chars = 0
    for off in offsets:
        chars += len(data[prev_byte:off].decode("utf-8"))
        mapping[off] = chars
        prev_byte = off
    return [(pid, mapping[s], mapping[e]) for pid, s, e in hits]


MAX_REPEAT = 200
_OPEN_REPEAT = re.compile(r"\{(\d+),\}")


def bounded(regex: str) -> str:
    """``regex`` with every unbounded repeat capped at MAX_REPEAT, for Python's backtracking ``re``.

    ``[0-9]+%`` on a run of 20,000 digits without a % backtracks quadratically in ``re`` (RE2 does not). Capping
    ``+``, ``*`` and ``{n,}`` bounds the work per starting position; only matches with a run longer than
    MAX_REPEAT characters differ, which marketing copy does not have."""
    out: list[str] = []
    i, in_class, after_repeat = 0, False, False
    while i < len(regex):
        ch = regex[i]
        if after_repeat and ch in "+?":  # a possessive (++) or lazy (+?) marker belongs to the repeat
            out.append(ch)
            i += 1
            after_repeat = False
            continue
        after_repeat = False
        if ch == "\\":
            out.append(regex[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if regex[i + 1 : i + 2] == "]":  # a ']' right after '[' is a literal
                out.append("[]")
                i += 2
                continue
        elif ch in "+*" and out and out[-1] not in ("(", "|"):
            out.append(f"{{{1 if ch == '+' else 0},{MAX_REPEAT}}}")
            i += 1
            after_repeat = True
            continue
        elif ch == "{":
            m = _OPEN_REPEAT.match(regex, i)
            if m:
                out.append(f"{{{m.group(1)},{max(MAX_REPEAT, int(m.group(1)))}}}")
                i = m.end()
                after_repeat = True
                continue
        out.append(ch)
        i += 1
    return "".join(out)
