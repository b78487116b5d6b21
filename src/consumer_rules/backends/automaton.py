"""Aho-Corasick for phrases and regex anchors; each regex runs only in windows around its anchors' hits.

Every regex has a maximum match length (from its parse tree; an unbounded repeat of one character class
is bounded by the longest run of that class in the document) and a required literal (its anchor, found by
the same automaton that finds the phrases). Every match contains an anchor occurrence, so every match lies
within ``[anchor end - length, anchor start + length)``: the regex runs over those windows, merged, and
finds exactly what it would find over the whole document — with no pass over the whole document. The other
literal pieces every match holds are keys of the same automaton when none of their alternatives is a single
character, so a regex whose anchor occurs but another piece does not is passed over without searching the text
(single characters occur in most texts: the automaton would report each, and a substring test is cheap). A regex
without an anchor, with ``^``/``$``/``\\b``, or with an unbounded repeat of more than one character runs over
the whole document (the validator warns about those).

A window runs through Python's ``re`` when its worst-case backtracking (window length × the regex's repeat
factor, or, tighter, window length × the tries of the regex's first element + the places in the window where
that element can match × the factor) is small, which is the common case and the cheapest call; otherwise
through RE2 (linear time on any input, but a call costs 15–50 µs on these regexes against 1–3 µs in ``re``).
The ``python-re`` backend uses Python's ``re`` throughout, with unbounded repeats capped.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import re
from collections.abc import Collection, Sequence
from typing import Any

from ..lazy import lazy_regex
from ..regex_store import compile_regex
from . import Hit, PatternEntry, leftmost_longest
from .key_finder import KeyFinder
from .shape import FACTOR_CAP, MAX_REPEAT, RegexShape, bounded, end_as_text_end, end_never
from .windows import clipped_windows, mark_positions, mark_set, windows

__all__ = ["MAX_REPEAT", "AutomatonMatcher", "PatternError", "bounded"]

RE2_MAX_MEM = 256 << 20
# Python's re takes a window when window length × repeat factor stays under this many steps: a few
# milliseconds in the worst case, microseconds in practice. Above it, RE2 (when the backend has it).
BACKTRACK_BUDGET = 200_000
# Per-plan key tables kept (a rule set has a few dozen plans at most).
_MAX_TABLES = 256
# What one automaton key serves for one set of patterns read: (phrase ids, the regexes it anchors, each with the
# numbers of the pieces the automaton must have found for it to run (None: none), numbers of the pieces it is an
# alternative of).
_KeyUse = tuple[tuple[int, ...], tuple[tuple[int, frozenset[int] | None], ...], tuple[int, ...]]
# A piece every match of a regex holds: (its number, its alternatives, a regex for any of them or None).
_Piece = tuple[int, tuple[str, ...], re.Pattern[str] | None]
# What ``scan`` needs of one regex (see ``AutomatonMatcher._plan``).
_RegexPlan = tuple[RegexShape, tuple[_Piece, ...], tuple[int, int] | None, str, tuple[_Piece, ...]]


# The matcher's index of its patterns (see _index): automaton keys, and per key its phrases, the regexes it
# anchors and the pieces it is an alternative of; per regex the numbers of its pieces that are keys; the numbers
# of pieces; the regexes without anchors.
_Index = tuple[
    tuple[str, ...],
    tuple[tuple[int, ...], ...],
    tuple[tuple[int, ...], ...],
    tuple[tuple[int, ...], ...],
    dict[int, frozenset[int]],
    dict[tuple[str, ...], int],
    tuple[int, ...],
]
# A key of a per-plan table not met yet (see AutomatonMatcher._table).
_UNSEEN = object()


def _index(patterns: Sequence[PatternEntry], shape: Any) -> _Index:
    """One automaton for phrases, regex anchors and the other pieces of regexes: its keys and what each serves.
    ``shape(pid)`` gives a regex's shape, for a regex whose anchors the entry does not give."""
    keys: dict[str, tuple[list[int], list[int], list[int]]] = {}  # key -> (phrases, regexes it anchors, pieces)
    unanchored: list[int] = []
    # regex id -> the numbers of its other pieces the automaton looks for (a regex is run only when they occur)
    found_pieces: dict[int, frozenset[int]] = {}
    piece_ids: dict[tuple[str, ...], int] = {}
    for pid, entry in enumerate(patterns):
        if entry.literal is not None:
            keys.setdefault(entry.literal, ([], [], []))[0].append(pid)
            continue
        anchors, others = entry.anchors, entry.others
        if anchors is None:  # not given: the regex's own best piece, if it has one
            pieces = shape(pid).pieces
            anchors, others = (pieces[0], pieces[1:]) if pieces else (None, None)
        if not anchors:
            unanchored.append(pid)
            continue
        for anchor in anchors:
            keys.setdefault(anchor, ([], [], []))[1].append(pid)
        if others:
            numbers = []
            for piece in others:
                if min(map(len, piece)) < 2:
                    # One character: common in any text (年, 您, a quote), where the automaton would report
                    # every occurrence; looked for in the text instead (one substring test or class search).
                    continue
                number = piece_ids.get(piece)
                if number is None:
                    number = piece_ids[piece] = len(piece_ids)
                    for alternative in piece:
                        keys.setdefault(alternative, ([], [], []))[2].append(number)
                numbers.append(number)
            if numbers:
                found_pieces[pid] = frozenset(numbers)
    return (
        tuple(keys),
        tuple(tuple(phrases) for phrases, _, _ in keys.values()),
        tuple(tuple(anchored) for _, anchored, _ in keys.values()),
        tuple(tuple(numbers) for _, _, numbers in keys.values()),
        found_pieces,
        piece_ids,
        tuple(unanchored),
    )


def compiled_re2(source: str) -> Any:
    """RE2 objects are immutable and shared safely, so every rule set built in a process reuses them: a second
    build of the packs (``rules test`` after ``rules validate``, a service that reloads its rules) compiles
    none again. The memory budget is part of the key: a form compiled under another budget is not reused."""
    return _compiled_re2(source, RE2_MAX_MEM)


@functools.lru_cache(maxsize=8192)
def _compiled_re2(source: str, budget: int) -> Any:
    import re2

    return re2.compile(source.encode("utf-8"), _re2_options(budget))


def _re2_options(budget: int | None = None) -> Any:
    import re2  # only when a window first needs it: a small check seldom does

    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    # Perl semantics (leftmost-first, lazy quantifiers honoured), exactly as Python's re.
    options.longest_match = False
    options.max_mem = RE2_MAX_MEM if budget is None else budget
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

    def _build(
        self, index: _Index | None = None, shapes: Sequence[bytes | None] = (), finder: KeyFinder | None = None
    ) -> None:
        """Set up the matcher from its patterns; ``index`` is what :func:`_index` gave for them and ``finder``
        the finder of its keys (both kept in the pickle, so that a cached rule set loads without going over
        every pattern again)."""
        self._use_re2 = self.name == "re2"
        # All built on first use: most regexes never have a candidate window.
        self._shapes: dict[int, RegexShape] = {}
        # Per pattern, its regex's shape as the cache stored it (see _shape_states), loaded on first use.
        self._stored_shapes = shapes
        self._others: dict[int, tuple[tuple[str, ...], ...]] = {}  # the pieces a window must hold besides its anchor
        self._python: dict[int, Any] = {}
        self._inner: dict[int, Any] = {}  # regexes with $, for windows the text goes on after (see _inner_regex)
        self._re2: dict[int, Any] = {}
        self._starts: dict[int, tuple[Any, int] | None] = {}  # see RegexShape.starts
        self._plans: dict[int, _RegexPlan] = {}
        self._piece_search: dict[tuple[str, ...], re.Pattern[str]] = {}
        if index is None:
            index = _index(self._patterns, self._shape)
        self._index = index
        keys, self._phrase_ids, self._anchored_ids, self._piece_numbers, self._found_pieces, piece_ids, unanchored = (
            index
        )
        # Numbers of the pieces of regexes; those the automaton does not look for are numbered on first use.
        self._piece_ids = dict(piece_ids)
        self._finder = finder if finder is not None else KeyFinder(keys)
        self._unanchored = unanchored
        self._regex_ids = [pid for pid, entry in enumerate(self._patterns) if entry.literal is None]
        # Per set of patterns read (one per rule plan): what each automaton key serves among them, filled in as
        # the keys are met.
        self._tables: dict[frozenset[int] | None, tuple[list[Any], tuple[int, ...]]] = {}

    def verify(self) -> None:
        """Read every regex now, so that a rule set that loads also runs; raise :class:`PatternError` naming the
        first pattern that does not compile.

        Each is parsed (its shape) and compiled by RE2 where RE2 runs long windows; Python's ``re`` compiles it
        on first use, after the same parse: compiling all of them here was a quarter of a cold build, for the few
        regexes a small check meets. Without RE2, ``re`` is the only engine and compiles every one now."""
        for pid in self._regex_ids:
            try:
                self._shape(pid)
                if self._use_re2:
                    self._re2_regex(pid)
                else:
                    self._python_regex(pid)
            except Exception as exc:
                raise PatternError(pid, f"{self.name} cannot compile it: {exc}") from None

    def warm(self) -> None:
        """Build now what ``scan`` otherwise builds on first use: every regex's plan, its compiled ``re`` form and
        the searches for its pieces, for a benchmark that times the checks alone (see ``RuleSet.warm``: worker
        processes are not warmed; each builds what its files meet). RE2 forms are left to first use (only windows
        too long for ``re`` need them)."""
        self._finder.build()
        for pid in self._regex_ids:
            for _, _, search in self._plan(pid)[1]:
                if search is not None:
                    search.search("")  # compiles it
            self._python_regex(pid)

    def shape(self, pid: int) -> RegexShape:
        """What the matcher knows about regex ``pid``: anchors, longest match, backtracking factor."""
        return self._shape(pid)

    def _source(self, pid: int) -> str:
        source = self._patterns[pid].regex
        return source if self._use_re2 else bounded(source)

    def _shape(self, pid: int) -> RegexShape:
        shape = self._shapes.get(pid)
        if shape is None:
            shape = self._shapes[pid] = self._stored_shape(pid) or RegexShape.of(self._source(pid))
            anchors = self._patterns[pid].anchors
            if anchors is None:  # the anchor is the regex's best piece (see _build)
                anchors = shape.pieces[0] if shape.pieces else None
            self._others[pid] = tuple(p for p in shape.pieces if p != anchors)
        return shape

    def _python_regex(self, pid: int) -> Any:
        regex = self._python.get(pid)
        if regex is None:
            source = self._source(pid)
            if self._use_re2 and self._shape(pid).edges:  # runs in re or RE2 by the text's length: the same $
                source = end_as_text_end(source)
            regex = self._python[pid] = compile_regex(source, re.IGNORECASE)
        return regex

    def _inner_regex(self, pid: int) -> Any:
        """Regex ``pid`` for a window that the text goes on after, in Python's ``re``: ``$`` never holds (``re``
        would take the window's end for the text's end)."""
        regex = self._inner.get(pid)
        if regex is None:
            regex = self._inner[pid] = compile_regex(end_never(self._source(pid)), re.IGNORECASE)
        return regex

    def _re2_regex(self, pid: int) -> Any:
        regex = self._re2.get(pid)
        if regex is None:
            regex = self._re2[pid] = compiled_re2(self._patterns[pid].regex)
        return regex

    # Neither the automaton nor RE2 objects pickle: the automaton is built again from the keys when a process has
    # scanned enough text to need it (see .key_finder), RE2 forms on first use. Every regex's shape is pickled with
    # them, each on its own, so that a process loads the shapes of the regexes its documents meet (a few µs each)
    # instead of making them (about 0.5 ms each: parsing the regex, its pieces, its longest match and backtracking
    # bound, the marks its windows stop at); a one-file check loads only the few it needs. Python's compiled ``re``
    # forms do not pickle (a pickled pattern is compiled again on load): they are still made on first use.
    def __getstate__(self) -> dict[str, Any]:
        return {
            "patterns": self._patterns,
            "name": self.name,
            "index": self._index,
            "shapes": self._shape_states(),
            "finder": self._finder,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._patterns = state["patterns"]
        self.name = state["name"]
        self._build(state.get("index"), state.get("shapes") or (), state.get("finder"))

    def _shape_states(self) -> tuple[bytes | None, ...]:
        """Every regex's shape, each pickled on its own (see :meth:`RegexShape.stored`), with the digest of the
        source it was made from, and its pieces when the pattern's anchors and other pieces do not give them;
        None for a phrase."""
        regexes = set(self._regex_ids)
        states: list[bytes | None] = []
        for pid in range(len(self._patterns)):
            if pid not in regexes:
                states.append(None)
                continue
            shape = self._shape(pid)
            pieces = None if shape.pieces == _entry_pieces(self._patterns[pid]) else shape.pieces
            state = (_digest(self._source(pid)), pieces, shape.stored())
            states.append(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
        return tuple(states)

    def _stored_shape(self, pid: int) -> RegexShape | None:
        """Regex ``pid``'s shape as stored with the matcher, if it was made from this very regex: a shape stored
        for other source (another backend's form of it, a changed pattern) or in another form (another engine
        version) is made again."""
        state = self._stored_shapes[pid] if pid < len(self._stored_shapes) else None
        if state is None:
            return None
        source = self._source(pid)
        try:
            digest, pieces, stored = pickle.loads(state)
            if digest != _digest(source):
                return None
            if pieces is None:
                pieces = _entry_pieces(self._patterns[pid])
            return RegexShape.from_stored(source, pieces, stored)
        except Exception:
            return None

    def _plan(self, pid: int) -> _RegexPlan:
        """What ``scan`` needs of regex ``pid``, built on first use: its shape; the other pieces a window must
        hold (each with a number for the per-document record of which pieces occur, and for a piece of several
        alternatives one search for them all); (longest match, backtracking factor) when they do not depend on
        the document (no unbounded repeats); the marks its windows stop at (see :mod:`.windows`); and the pieces
        the automaton does not look for, to be looked for in the text (with a search for them all, or None: a
        substring test for each alternative, see :func:`_found_by_substrings`)."""
        plan = self._plans.get(pid)
        if plan is None:
            shape = self._shape(pid)
            pieces = self._piece_ids
            others = tuple(
                (pieces.setdefault(piece, len(pieces)), piece, self._search(piece)) for piece in self._others[pid]
            )
            found = self._found_pieces.get(pid, frozenset())
            plan = self._plans[pid] = (
                shape,
                others,
                None if shape.runs or (shape.whole and not shape.edges) else shape.sizes(()),
                "" if shape.whole and not shape.edges else mark_set(shape.barriers()),
                tuple(
                    (number, piece, None if _found_by_substrings(piece) else search)
                    for number, piece, search in others
                    if number not in found
                ),
            )
        return plan

    def prepare(self, read: Collection[int] | None) -> None:
        """Build now what ``scan`` with these patterns ``read`` would build on first use (before a fork)."""
        self._finder.build()
        table, _, key = self._table(read)
        for index, use in enumerate(table):
            if use is _UNSEEN:
                table[index] = self._key_use(index, key)

    def _table(self, read: Collection[int] | None) -> tuple[list[Any], tuple[int, ...], frozenset[int] | None]:
        """For the patterns ``read`` (None: all), the table of what each automaton key serves among them (see
        :meth:`_key_use`; ``_UNSEEN`` until the key is first met), the unanchored regexes among them, and ``read``
        as a frozenset. One table per rule plan, filled in key by key: a small document meets a few dozen of the
        keys, so it pays for those, not for every pattern the plan reads."""
        key = read if read is None or isinstance(read, frozenset) else frozenset(read)
        found = self._tables.get(key)
        if found is None:
            unanchored = tuple(pid for pid in self._unanchored if key is None or pid in key)
            if len(self._tables) >= _MAX_TABLES:  # callers passing ever new sets: keep memory bounded
                self._tables.clear()
            found = self._tables[key] = ([_UNSEEN] * len(self._phrase_ids), unanchored)
        return found[0], found[1], key

    def _key_use(self, index: int, read: frozenset[int] | None) -> _KeyUse | None:
        """What automaton key ``index`` serves among the patterns ``read``: (its phrases, the regexes it anchors,
        the numbers of the pieces it is an alternative of); None when it serves none of them, so that ``scan``
        passes over it at once. The piece numbers are kept whoever reads them: a piece is only ever looked up
        for a regex being run, so one that no regex read needs is harmless."""
        phrases, anchored, numbers = self._phrase_ids[index], self._anchored_ids[index], self._piece_numbers[index]
        if read is not None:
            phrases = tuple(pid for pid in phrases if pid in read)
            anchored = tuple(pid for pid in anchored if pid in read)
        if not (phrases or anchored or numbers):
            return None
        found_pieces = self._found_pieces
        return phrases, tuple((pid, found_pieces.get(pid)) for pid in anchored), numbers

    def _search(self, piece: tuple[str, ...]) -> re.Pattern[str] | None:
        """For a piece of several alternatives, a regex matching any of them (one search instead of a substring
        test per alternative), compiled when first searched with; None for one alternative, which a substring
        test finds fastest."""
        if len(piece) < 2:
            return None
        search = self._piece_search.get(piece)
        if search is None:
            search = self._piece_search[piece] = lazy_regex("|".join(map(re.escape, piece)))
        return search

    def scan(self, text: str, read: Collection[int] | None = None) -> list[Hit]:
        hits: list[Hit] = []
        key_spans: dict[int, list[tuple[int, int]]] = {}  # anchor key -> where it occurs
        found: set[int] = set()  # the pieces (numbers) the automaton found
        table, unanchored, read_set = self._table(read)
        for index, start, end in self._finder.find(text):
            use = table[index]
            if use is _UNSEEN:
                use = table[index] = self._key_use(index, read_set)
            if use is None:
                continue  # no rule that applies to this document reads what this key serves
            phrases, anchored, pieces = use
            for pid in phrases:
                hits.append((pid, start, end))
            if anchored:
                spans = key_spans.get(index)
                if spans is None:
                    key_spans[index] = [(start, end)]
                else:
                    spans.append((start, end))
            if pieces:
                found.update(pieces)
        size = len(text)
        whole = [(0, size)]
        present: dict[int, bool] = {}  # piece number -> one of its alternatives is in the text (pieces looked for)
        runs: dict[str, int] = {}  # class -> its longest run in the text
        marks: dict[str, list[int]] = {}  # a set of marks (see .windows) -> where they stand in the text
        for pid in unanchored:
            self._run(pid, text, whole, hits, runs)
        if not key_spans:
            return leftmost_longest(hits) if hits else hits
        anchor_spans: dict[int, list[tuple[int, int]]] = {}
        for index, spans in key_spans.items():
            for pid, needed in table[index][1]:
                if needed and not needed <= found:
                    continue  # a piece every match holds is not in the document (known before the regex's plan)
                if pid in anchor_spans:
                    anchor_spans[pid] = anchor_spans[pid] + spans
                else:
                    anchor_spans[pid] = spans
        plans = self._plans
        for pid, spans in anchor_spans.items():
            shape, others, sizes, stops, lazy = plans.get(pid) or self._plan(pid)
            missing = False
            for number, piece, search in lazy:  # the same for pieces the automaton does not look for
                there = present.get(number)
                if there is None:
                    there = present[number] = (
                        any(map(text.__contains__, piece)) if search is None else search.search(text) is not None
                    )
                if not there:
                    missing = True
                    break
            if missing:
                continue
            if shape.whole and not shape.edges:
                self._run(pid, text, whole, hits, runs)
                continue
            width, factor = sizes or shape.sizes(shape.run_lengths(text, runs))
            if stops:  # every match lies between two marks it cannot hold: windows stop at them
                at = marks.get(stops)
                if at is None:
                    at = marks[stops] = mark_positions(stops, text)
                todo = clipped_windows(spans, width, size, at) if at else windows(spans, width, size)
            elif width >= size:  # every window is the whole (short) document
                self._run(pid, text, whole, hits, runs, factor)
                continue
            else:
                todo = windows(spans, width, size)
            if others and todo != whole:  # every match lies in one window, with all its pieces
                todo = [w for w in todo if _holds_all(text, w, others)]
            if todo:
                self._run(pid, text, todo, hits, runs, factor)
        return leftmost_longest(hits) if hits else hits

    def _run(
        self,
        pid: int,
        text: str,
        windows: list[tuple[int, int]],
        hits: list[Hit],
        runs: dict[str, int],
        factor: int | None = None,
    ) -> None:
        if not self._use_re2:
            factor = 1
        elif factor is None:
            shape = self._shape(pid)
            if shape.whole and not shape.edges:
                factor = FACTOR_CAP
            else:
                factor = shape.sizes(shape.run_lengths(text, runs) if shape.runs else ())[1]
        size = len(text)
        edged = (self._shapes.get(pid) or self._shape(pid)).edges  # ^ or $: the text's edges
        if not edged:
            # The common case, kept free of the checks for ^ and $ that other regexes need per window.
            regex = self._python.get(pid) or self._python_regex(pid)
            append = hits.append
            for a, b in windows:
                if (b - a) * factor <= BACKTRACK_BUDGET or self._few_starts(pid, text, a, b, factor):
                    for m in regex.finditer(text, a, b):
                        s, e = m.span()
                        if e > s:
                            append((pid, s, e))
                else:
                    self._run_re2(pid, text, a, b, hits)
            return
        encoded: bytes | None = None  # the whole text in UTF-8, for RE2 windows of such a regex
        for a, b in windows:
            if edged and b >= size - 1:
                b = size  # $ is the end of the text (or, in re, also before a final line break): run up to it
            if (b - a) * factor <= BACKTRACK_BUDGET or self._few_starts(pid, text, a, b, factor):
                if edged and b < size:  # the text goes on after the window: $ holds nowhere in it
                    regex = self._inner.get(pid) or self._inner_regex(pid)
                else:
                    regex = self._python.get(pid) or self._python_regex(pid)
                for m in regex.finditer(text, a, b):  # ^ holds only at the text's start, not at a
                    s, e = m.span()
                    if e > s:
                        hits.append((pid, s, e))
            elif edged and (a or b < size):
                # RE2 searches the window with the whole text around it, so that ^ and $ are the text's edges.
                if encoded is None:
                    encoded = text.encode("utf-8")  # once per regex and text, not once per window
                low = len(text[:a].encode("utf-8"))
                high = low + len(text[a:b].encode("utf-8"))
                found = [
                    (pid, m.start(), m.end())
                    for m in self._re2_regex(pid).finditer(encoded, low, high)
                    if m.end() > m.start()
                ]
                hits.extend(_to_code_points(encoded, found) if found and len(encoded) != size else found)
            else:
                self._run_re2(pid, text, a, b, hits)

    def _run_re2(self, pid: int, text: str, a: int, b: int, hits: list[Hit]) -> None:
        """Regex ``pid`` in RE2 over ``text[a:b]``, a window whose edges are not the text's (or a regex without
        ``^`` and ``$``)."""
        # RE2's bytes interface is much cheaper than its str one; offsets are converted once, together.
        data = text[a:b].encode("utf-8")
        found = [(pid, m.start(), m.end()) for m in self._re2_regex(pid).finditer(data) if m.end() > m.start()]
        if found and len(data) != b - a:
            found = _to_code_points(data, found)
        hits.extend((p, s + a, e + a) for p, s, e in found)

    def _few_starts(self, pid: int, text: str, a: int, b: int, factor: int) -> bool:
        """Whether ``text[a:b]`` stays within the backtracking budget counted by where a match can start: a
        window too long for ``factor`` at every position often has only a few places where the regex's first
        element can match (see :meth:`RegexShape.starts`)."""
        if pid not in self._starts:
            self._starts[pid] = self._shape(pid).starts()
        starts = self._starts[pid]
        if starts is None:
            return False
        count, tries = starts
        steps = (b - a) * tries
        return steps <= BACKTRACK_BUDGET and steps + count(text, a, b) * factor <= BACKTRACK_BUDGET


def _digest(source: str) -> bytes:
    """A short digest of a regex's source, naming what a stored shape was made from."""
    return hashlib.blake2b(source.encode("utf-8"), digest_size=8).digest()


def _entry_pieces(entry: PatternEntry) -> tuple[tuple[str, ...], ...] | None:
    """The pieces a pattern's entry gives (its anchors, then its other pieces), or None when it gives none."""
    if entry.anchors is None or entry.others is None:
        return None
    return (entry.anchors, *entry.others)


def _found_by_substrings(piece: tuple[str, ...]) -> bool:
    """Whether a piece is looked for in a whole text faster by a substring test per alternative than by one search
    for them all: a few alternatives, or single characters (measured on the corpus, a piece of up to four
    alternatives or of single characters only takes a third less time so; a search that opens with a class of
    many characters tests every character of the text against it)."""
    return len(piece) <= 4 or all(len(alternative) == 1 for alternative in piece)


def _holds_all(text: str, window: tuple[int, int], others: tuple[_Piece, ...]) -> bool:
    """Whether ``text[window]`` holds an alternative of every piece of ``others``."""
    a, b = window
    for _, piece, search in others:
        if (text.find(piece[0], a, b) < 0) if search is None else search.search(text, a, b) is None:
            return False
    return True


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
