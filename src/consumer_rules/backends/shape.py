"""What a regex's parse tree says about its matches: the literals every match contains, the longest match,
and how much a backtracking engine can try per position.

These are what let the matcher run a regex only in small windows around the places where it can match (see
:mod:`.automaton`), and let the rule validator say which regexes cannot be run that way.
"""

from __future__ import annotations

import importlib
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..regex_store import compile_regex, keep, recall, stored_regex

# Python's own regex parser gives the structure; its home moved in 3.11 (sre_parse is deprecated there).
try:
    _parser: Any = importlib.import_module("re._parser")
    _constants: Any = importlib.import_module("re._constants")
    _compiler: Any = importlib.import_module("re._compiler")
except ImportError:  # pragma: no cover - Python 3.10
    _parser = importlib.import_module("sre_parse")
    _constants = importlib.import_module("sre_constants")
    _compiler = importlib.import_module("sre_compile")

FACTOR_CAP = 1 << 40
# ^ and $ (and \A, \Z) without MULTILINE: the start and the end of the text.
_EDGES = {_constants.AT_BEGINNING, _constants.AT_BEGINNING_STRING, _constants.AT_END, _constants.AT_END_STRING}
_iscased: Any = getattr(importlib.import_module("_sre"), "unicode_iscased", lambda ch: True)
_UNBOUNDED = _constants.MAXREPEAT
_REPEATS = {_constants.MAX_REPEAT, _constants.MIN_REPEAT, getattr(_constants, "POSSESSIVE_REPEAT", None)}
_ONE_CHAR = {_constants.LITERAL, _constants.NOT_LITERAL, _constants.IN, _constants.ANY, _constants.CATEGORY}
_ATOMIC = getattr(_constants, "ATOMIC_GROUP", None)
# A character class of at most this many plain characters counts as alternatives (利[率息] needs 利率 or
# 利息); a required piece has at most this many alternatives.
_CLASS_EXPAND = 8
_MAX_ALTERNATIVES = 32
# A repeated class next to a single character joins it up to this many members (保[0-9一二三四五六七八九十两]+年 needs
# 保 and a numeral, then a numeral and 年): a lone character such as 保, 年 or 、 occurs a few times in every
# document, and each occurrence the automaton reports is a step of Python; 保3 or 5年 are rarer anchors.
_JOIN_EXPAND = 24
# … and the alternatives so joined may number up to this many (the automaton takes a key for each): (?:保障|保|守护)
# before a class of 18 numerals makes 54 keys, each rarer than 保.
_MAX_JOINED = 128
# The form of a stored RegexShape (see RegexShape.stored); change it when that form changes.
SHAPE_STATE = "regex-shape 2"


@dataclass
class RegexShape:
    """Where a regex's matches can be.

    ``whole``: it must run over the whole document (``^``, ``$``, ``\\b``, look-around, or an unbounded
    repeat of more than one character), since what it matches depends on more than a window. Otherwise
    ``sizes(lengths)`` gives the longest match and a bound on the backtracking per starting position, given
    the document's longest run of each class in ``runs`` (the bodies of its unbounded one-character repeats:
    ``[0-9]+`` can be no longer than the longest run of digits).

    ``pieces``: literal pieces every match contains, each a tuple of alternatives (lower-cased); the first is
    the anchor the automaton looks for.

    ``edges``: it runs whole only for its ``^`` or ``$`` (start and end of the text); ``sizes`` then still
    bounds its backtracking, so that a short text can run it in Python's ``re``.
    """

    source: str
    _tree: Any  # the parse tree (None until first needed in a shape loaded from the cache; see ``parsed``)
    whole: bool
    runs: dict[str, Any]  # run key -> compiled regex finding runs of that class (None until first needed)
    pieces: tuple[tuple[str, ...], ...]
    edges: bool = False
    _sizes: dict[tuple[int, ...], tuple[int, int]] = field(default_factory=dict)
    _starts: tuple[tuple[Any, int] | None] | None = None
    _barriers: str | None = None

    @classmethod
    def of(cls, regex: str) -> RegexShape:
        """The shape of ``regex``; the same object for the same regex while it is among the most recent (the
        compiler reads a regex's pieces, then the matcher its shape: parsing it once saves about a tenth of a build
        without the cache)."""
        return _shape_of(regex)

    @classmethod
    def _made(cls, regex: str) -> RegexShape:
        parsed = _parser.parse(regex)
        whole, edges, runs = _collect_runs(parsed)
        return cls(regex, parsed, whole, runs, required_pieces(parsed), edges)

    @property
    def parsed(self) -> Any:
        """The regex's parse tree (parsed again on first use in a shape loaded from the cache)."""
        if self._tree is None:
            self._tree = _parser.parse(self.source)
        return self._tree

    # What the cache keeps of a shape (see ``AutomatonMatcher._shape_states``): everything but the source, the
    # pieces (both kept beside it already), the parse tree, the compiled searches for runs and the start counter,
    # which do not pickle or cost more to load than to make again. The parse tree is made again only for what
    # depends on the document (the sizes of a regex with runs, where a match can start). ``SHAPE_STATE`` names
    # the form: a shape stored in another is refused.
    def stored(self) -> tuple[Any, ...]:
        """The shape as the cache keeps it, with what is worth keeping computed first: its longest match and
        backtracking bound when they do not depend on the document, and the marks its windows stop at."""
        if not (self.whole and not self.edges):
            self.barriers()
            if not self.runs:
                self.sizes(())
        return (SHAPE_STATE, self.whole, tuple(self.runs), self.edges, dict(self._sizes), self._barriers)

    @classmethod
    def from_stored(cls, source: str, pieces: tuple[tuple[str, ...], ...], state: tuple[Any, ...]) -> RegexShape:
        """The shape of ``source`` (whose pieces are ``pieces``) from what :meth:`stored` gave for it."""
        if not isinstance(state, tuple) or len(state) != 6 or state[0] != SHAPE_STATE:
            raise ValueError("a regex shape stored in another form")
        _, whole, runs, edges, sizes, barriers = state
        return cls(source, None, whole, dict.fromkeys(runs), pieces, edges, sizes, None, barriers)

    def sizes(self, lengths: tuple[int, ...] = ()) -> tuple[int, int]:
        """(longest match, backtracking factor) when the runs are ``lengths`` long (in ``runs`` order)."""
        # Each run's length rounded up to a power of two: the bounds only grow, so they still hold, and documents
        # share them, where exact lengths made almost every document's a new pair to work out.
        lengths = tuple(1 << (n - 1).bit_length() if n > 2 else n for n in lengths)
        found = self._sizes.get(lengths)
        if found is None:
            found = recall(("sizes", self.source, lengths))  # worked out in an earlier run
            if found is None:
                bound = dict(zip(self.runs, lengths, strict=True))
                factor = min(_factor(self.parsed, bound), _steps(self.parsed, bound)[1], FACTOR_CAP)
                found = (_width(self.parsed, bound), factor)
                keep(("sizes", self.source, lengths), found)
            self._sizes[lengths] = found
        return found

    def starts(self) -> tuple[Any, int] | None:
        """Where a match can start, for a tighter bound on backtracking than ``sizes`` gives: (a function
        counting the positions of ``text[a:b]`` that hold a character a match can start with, ignoring case;
        the most a backtracking engine tries at a position where no match starts), or None when the regex opens
        with something of unknown reach (a negated class, a category, ``.``, an optional part, an assertion other
        than ``^``, which only the start of the text passes).

        At a position whose character is not in the class the regex's first element fails at once, after at
        most that many tries (one per word of an alternation it opens with); only at the others can it cost the
        backtracking factor. So ``window × tries + starts in the window × factor`` bounds a search of a window,
        and a window with few possible starts (an opening quote, a word of a list) stays cheap however large the
        factor."""
        if self._starts is None:
            self._starts = (_starts(self.parsed),)
        return self._starts[0]

    def barriers(self) -> str:
        """The sentence and clause marks (of ``BARRIER_CANDIDATES``) that no match can hold, as a sorted string
        (empty when there are none, or when the regex holds something whose reach is not read here): every
        element of the regex fails on them. A match then lies between two of them, so the matcher's window
        around an anchor stops at the nearest one on each side (``[^。!?\\n;]{0,80}视为`` cannot reach back past
        the sentence before)."""
        if self._barriers is None:
            excluded = set(BARRIER_CANDIDATES)
            if not _exclude(self.parsed, self.parsed.state, excluded):
                excluded.clear()
            self._barriers = "".join(sorted(excluded))
        return self._barriers

    def run_lengths(self, text: str, known: dict[str, int] | None = None) -> tuple[int, ...]:
        """The longest run in ``text`` of each class in ``runs``; ``known`` caches them across regexes."""
        known = {} if known is None else known
        if None in self.runs.values():  # loaded from the cache: the searches are compiled on first use
            stored = [stored_regex(_run_name(key), re.IGNORECASE) for key in self.runs]
            if None in stored:
                self.runs = _collect_runs(self.parsed)[2]
            else:  # from an earlier run's programs, without parsing the regex again
                self.runs = dict(zip(self.runs, stored, strict=True))
        lengths = []
        for key, run in self.runs.items():
            length = known.get(key)
            if length is None:
                length = known[key] = max(map(len, run.findall(text)), default=0)
            lengths.append(length)
        return tuple(lengths)


# A class of more characters than this is not worth counting: the bound would rarely help.
_MAX_START_CHARS = 256


@lru_cache(maxsize=4096)
def _shape_of(regex: str) -> RegexShape:
    return RegexShape._made(regex)


def _wider_in_re2(op: Any, arg: Any) -> bool:
    """Whether a one-character element may match more characters in RE2 than in Python's ``re``: a negated
    category (``\\S``, ``\\D``, ``\\W``: RE2's are the complements of ASCII classes) or a category in a negated
    class (``[^\\s]``)."""
    if op == _constants.CATEGORY:
        return "NOT" in str(arg)
    if op == _constants.IN:
        categories = [value for item, value in arg if item == _constants.CATEGORY]
        negated = any(item == _constants.NEGATE for item, _ in arg)
        return any("NOT" in str(value) for value in categories) or (negated and bool(categories))
    return False


# Marks that end a sentence or a clause in normalised text (full-width forms are folded to ASCII there): the
# characters ``RegexShape.barriers`` looks at.
BARRIER_CANDIDATES = "\n\x1f!,.:;?…、。"


_MARKS_MATCHED: dict[tuple[Any, str, int], frozenset[str]] = {}


def _matched_marks(op: Any, arg: Any, state: Any) -> frozenset[str]:
    """The characters of ``BARRIER_CANDIDATES`` a one-character element matches.

    A plain character or its negation is read directly (the marks have no upper or lower case); any other element
    is compiled alone as Python's re compiles it (ignoring case, the regex's own flags), so which marks it matches
    is the engine's own answer, and kept: the packs repeat the same classes thousands of times, and compiling each
    again cost seconds in every process that planned the regexes. RE2 matches no more of them: its \\d, \\s and
    \\w are the ASCII parts of re's (the negated ones, wider in RE2, are set aside by the caller)."""
    if op == _constants.LITERAL:
        return frozenset(BARRIER_CANDIDATES) & {chr(arg)}
    if op == _constants.NOT_LITERAL:
        return frozenset(BARRIER_CANDIDATES) - {chr(arg)}
    key = (op, repr(arg), state.flags)  # the regex's flags count: . matches a line break under (?s)
    marks = _MARKS_MATCHED.get(key)
    if marks is None:
        one = _compiler.compile(_parser.SubPattern(state, [(op, arg)]), re.IGNORECASE)
        marks = _MARKS_MATCHED[key] = frozenset(ch for ch in BARRIER_CANDIDATES if one.fullmatch(ch))
    return marks


def _exclude(seq: Any, state: Any, excluded: set[str]) -> bool:
    """Remove from ``excluded`` every character an element of ``seq`` can match; False when ``seq`` holds an
    element whose reach is not read here (look-around, a back-reference, a group with its own flags), about which
    nothing can be said."""
    for op, arg in seq:
        if not excluded:
            return True
        if op in _ONE_CHAR:
            if _wider_in_re2(op, arg):
                excluded.clear()
                return True
            excluded.difference_update(_matched_marks(op, arg, state))
        elif op == _constants.SUBPATTERN:
            if arg[1] or arg[2] or not _exclude(arg[-1], state, excluded):  # (?s:…) and the like: not read here
                return False
        elif op == _constants.BRANCH:
            if not all(_exclude(branch, state, excluded) for branch in arg[1]):
                return False
        elif op == _ATOMIC:
            if not _exclude(arg, state, excluded):
                return False
        elif op in _REPEATS:
            if not _exclude(arg[2], state, excluded):
                return False
        elif op != _constants.AT:  # ^, $, \b match no character; anything else is not read here
            return False
    return True


def _starts(parsed: Any) -> tuple[Any, int] | None:
    """See :meth:`RegexShape.starts`."""
    if not len(parsed.data):
        return None
    op, arg = parsed.data[0]
    text_edges = not parsed.state.flags & re.MULTILINE  # ^ is the start of the text
    if op == _constants.AT and arg in _TEXT_START and text_edges:
        # ^ (\A): a match starts only where the text does, and re tries no other place (it gives up at once when
        # the regex fails there), so however long the text, a search costs what one start costs.
        return _at_text_start, 1
    if op == _constants.BRANCH and len(parsed.data) > 1 and text_edges:
        # (?:^|[^有称布])“…: one character of context (or the start of the text) before what the match is about.
        # A match starts just before a character the next element starts with, or at the start of the text.
        alternatives = arg[1]
        if all(len(a.data) == 1 and (a.data[0][0] in _ONE_CHAR or _text_start(*a.data[0])) for a in alternatives):
            first = _seq_first(parsed.data[1:])
            if first is None or len(first[0]) > _MAX_START_CHARS:
                return None
            after = _AfterContext(_char_counter(first[0]), any(_text_start(*a.data[0]) for a in alternatives))
            return after.count, len(alternatives) * (1 + first[1])
    first = _seq_first(parsed.data)
    if first is None or len(first[0]) > _MAX_START_CHARS:
        return None
    return _char_counter(first[0]), first[1]


def _char_counter(chars: set[str]) -> Any:
    """A function counting the positions of ``text[a:b]`` that hold one of ``chars``, ignoring case."""
    ordered = sorted(chars)
    if not any(_iscased(ord(ch)) for ch in ordered):
        # Characters without case match only themselves, ignoring case or not (Python's re compiles them so):
        # a few are counted by str.count, far cheaper than a class search that ignores case.
        if len(ordered) <= _COUNTED:
            return _Counter(tuple(ordered)).count
        return _Counter(compile_regex("[" + "".join(map(re.escape, ordered)) + "]").findall).found
    return _Counter(compile_regex("[" + "".join(map(re.escape, ordered)) + "]", re.IGNORECASE).findall).found


_TEXT_START = {_constants.AT_BEGINNING, _constants.AT_BEGINNING_STRING}


def _text_start(op: Any, arg: Any) -> bool:
    return op == _constants.AT and arg in _TEXT_START


def _at_text_start(text: str, a: int, b: int) -> int:
    """The places of ``text[a:b]`` where a regex that opens with ``^`` can start: the start of the text."""
    return 1 if a == 0 < b else 0


class _AfterContext:
    """The places of ``text[a:b]`` where a regex that opens with one character of context can start: before a
    character its next element starts with, and (``at_start``: one alternative is ``^``) at the start of the
    text when that character stands there."""

    __slots__ = ("at_start", "inner")

    def __init__(self, inner: Any, at_start: bool) -> None:
        self.inner = inner
        self.at_start = at_start

    def count(self, text: str, a: int, b: int) -> int:
        found: int = self.inner(text, a + 1, b + 1)
        if self.at_start and a == 0 < b and self.inner(text, 0, 1) and not self.inner(text, 1, 2):
            found += 1  # the start of the text, unless counted already as the place before its second character
        return found


# At most this many characters are counted one by one with str.count; more are found by a class search.
_COUNTED = 12


class _Counter:
    """How many positions of ``text[a:b]`` hold one of the characters a match can start with."""

    __slots__ = ("what",)

    def __init__(self, what: Any) -> None:
        self.what = what

    def count(self, text: str, a: int, b: int) -> int:
        return sum(text.count(ch, a, b) for ch in self.what)

    def found(self, text: str, a: int, b: int) -> int:
        return len(self.what(text, a, b))


def _first_chars(op: Any, arg: Any) -> tuple[set[str], int] | None:
    """The characters a match of one element can start with, and how many tries the element makes at a position
    whose character is not one of them (it fails on that character); None when unknown or when the element can
    match the empty string."""
    if op == _constants.LITERAL:
        return {chr(arg)}, 1
    if op == _constants.IN:
        chars: set[str] = set()
        for item, value in arg:
            if item == _constants.LITERAL:
                chars.add(chr(value))
            elif item == _constants.RANGE and value[1] - value[0] < _MAX_START_CHARS:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            else:  # a negation, a category
                return None
        return chars, 1
    if op in (_constants.SUBPATTERN, _ATOMIC, _constants.BRANCH):
        branches = [arg[-1]] if op == _constants.SUBPATTERN else [arg] if op == _ATOMIC else list(arg[1])
        found: set[str] = set()
        tries = 0
        for branch in branches:
            first = _seq_first(branch.data)
            if first is None:
                return None
            found |= first[0]
            tries += first[1]
        return found, tries
    if op in _REPEATS and arg[0] >= 1:
        return _seq_first(arg[2].data)
    return None


def _seq_first(items: Any) -> tuple[set[str], int] | None:
    """:func:`_first_chars` of a sequence: the first element that must match, with what the optional elements
    before it (年化(?:预期)?收益 after 年化, a leading (?:预期)?) can start with and the tries they make."""
    found: set[str] = set()
    tries = 0
    for op, arg in items:
        optional = op in _REPEATS and arg[0] == 0
        first = _seq_first(arg[2].data) if optional else _first_chars(op, arg)
        if first is None:
            return None
        found |= first[0]
        tries += first[1]
        if not optional:
            return found, tries
    return None  # every element optional: it can match the empty string


def _run_name(key: str) -> str:
    """The name a run's search is stored under (its key is the class's parse, not a regex)."""
    return f"(run) {key}"


def _collect_runs(parsed: Any) -> tuple[bool, bool, dict[str, Any]]:
    """(whole, edges, runs) of a parse tree (see :class:`RegexShape`)."""
    runs: dict[str, Any] = {}
    whole = not _collect(parsed, parsed.state, runs)
    edges = whole and _collect(parsed, parsed.state, runs, edges=True)
    return whole, edges, runs


def _collect(seq: Any, state: Any, runs: dict[str, Any], edges: bool = False) -> bool:
    """Record the unbounded one-character repeats of ``seq`` in ``runs``; False if the regex must run whole
    (with ``edges``: unless only for the start and end of the text)."""
    for op, arg in seq:
        if op in _ONE_CHAR or (edges and op == _constants.AT and arg in _EDGES):
            continue
        if op == _constants.SUBPATTERN:
            if not _collect(arg[-1], state, runs, edges):
                return False
        elif op == _constants.BRANCH:
            if not all(_collect(branch, state, runs, edges) for branch in arg[1]):
                return False
        elif op == _ATOMIC:
            if not _collect(arg, state, runs, edges):
                return False
        elif op in _REPEATS:
            _low, high, body = arg
            if high == _UNBOUNDED:
                if len(body) != 1 or body[0][0] not in _ONE_CHAR:
                    return False
                key = repr(body.data)
                if key not in runs:
                    # written X X* rather than X+: a search for runs that opens with the class itself skips
                    # straight to where the class occurs (about 40% less a document); the same runs are found
                    sub = _parser.SubPattern(state, [body[0], (_constants.MAX_REPEAT, (0, _UNBOUNDED, body))])
                    runs[key] = compile_regex(_run_name(key), re.IGNORECASE, tree=sub)
            elif not _collect(body, state, runs, edges):
                return False
        else:  # assertions (^, $, \b), look-around, back-references: they read outside any window
            return False
    return True


def unbounded_group(seq: Any) -> bool:
    """True when ``seq`` repeats more than one character without bound (``(?:ab)+``): its longest match
    cannot be bounded by a run of one class, so the regex runs over whole documents."""
    for op, arg in seq:
        if op == _constants.SUBPATTERN:
            inner = [arg[-1]]
        elif op == _constants.BRANCH:
            inner = list(arg[1])
        elif op == _ATOMIC:
            inner = [arg]
        elif op in _REPEATS:
            _low, high, body = arg
            if high == _UNBOUNDED and (len(body) != 1 or body[0][0] not in _ONE_CHAR):
                return True
            inner = [body]
        else:
            continue
        if any(unbounded_group(part) for part in inner):
            return True
    return False


def _width(seq: Any, runs: dict[str, int]) -> int:
    total = 0
    for op, arg in seq:
        if op in _ONE_CHAR:
            total += 1
        elif op == _constants.SUBPATTERN:
            total += _width(arg[-1], runs)
        elif op == _constants.BRANCH:
            total += max(_width(branch, runs) for branch in arg[1])
        elif op in _REPEATS:
            _low, high, body = arg
            if high == _UNBOUNDED:
                high = runs[repr(body.data)]
            total += high * _width(body, runs)
        elif op == _ATOMIC:
            total += _width(arg, runs)
    return total


def _factor(seq: Any, runs: dict[str, int]) -> int:
    """An upper bound on the ways a backtracking engine can try ``seq`` from one position."""
    product = 1
    for op, arg in seq:
        if op == _constants.SUBPATTERN:
            product *= _factor(arg[-1], runs)
        elif op == _constants.BRANCH:
            product *= sum(_factor(branch, runs) for branch in arg[1])
        elif op in _REPEATS:
            low, high, body = arg
            if high == _UNBOUNDED:
                high = runs[repr(body.data)]
            product *= max(1, high - low + 1) * _factor(body, runs)
        elif op == _ATOMIC:
            product *= _factor(arg, runs)
        product = min(product, FACTOR_CAP)
    return product


def _steps(seq: Any, runs: dict[str, int]) -> tuple[int, int]:
    """(ways, attempts): how many ways ``seq`` can match from one position (each one a path on which a
    backtracking engine goes on with what follows), and a bound on the attempts it makes to find them all.

    A second bound beside :func:`_factor`, tighter on alternations of words: of ``(?:合作伙伴|关联方|第三方)``
    at most one matches at a position (none is a prefix of another), so what follows is tried once, not once per
    word; the words themselves cost one attempt each. A sequence costs ``a1 + w1 * (a2 + w2 * (a3 + ...))``."""
    items: list[tuple[int, int]] = []
    for op, arg in seq:
        if op in _ONE_CHAR:
            items.append((1, 1))
        elif op == _constants.SUBPATTERN:
            items.append(_steps(arg[-1], runs))
        elif op == _ATOMIC:
            items.append(_steps(arg, runs))
        elif op == _constants.BRANCH:
            words: list[str] = []
            ways = attempts = 0
            for branch in arg[1]:
                exact = _exact(branch)
                if exact is None:
                    w, a = _steps(branch, runs)
                    ways, attempts = ways + w, attempts + a
                else:
                    words.extend(exact)
                    attempts += len(exact)
            items.append((ways + _together(words), attempts))
        elif op in _REPEATS:
            low, high, body = arg
            if high == _UNBOUNDED:
                high = runs[repr(body.data)]
            w, a = _steps(body, runs)
            # k rounds of the body can match in up to w**k ways; each way tries one more round.
            ways = attempts = 0
            paths = 1
            for k in range(high + 1):
                if k >= low:
                    ways += paths
                attempts += paths * a
                paths = min(paths * w, FACTOR_CAP)
                if attempts >= FACTOR_CAP:
                    break
            items.append((max(1, min(ways, FACTOR_CAP)), max(1, min(attempts, FACTOR_CAP))))
        else:
            items.append((1, 1))
    ways, attempts = 1, 0
    for w, a in reversed(items):
        attempts = min(a + w * attempts, FACTOR_CAP)
        ways = min(ways * w, FACTOR_CAP)
    return ways, max(attempts, 1)


def _together(words: list[str]) -> int:
    """The most of ``words`` that can match at one position: words that all agree, character by character, as
    far as the shorter of each two goes (two different characters agree only when both have case, since the
    engine ignores case)."""
    return _most_together(tuple(words))


@lru_cache(maxsize=8192)
def _most_together(words: tuple[str, ...]) -> int:
    # Kept per list of words: a regex's backtracking bound is worked out again for every new length of its runs
    # in a document, and the packs share their framing lists between many regexes.
    if any(_iscased(ord(ch)) for word in words for ch in word):
        return max((sum(1 for other in words if _agree(word, other)) for word in words), default=0)
    # Without a character that has case, two words agree only when one is a prefix of the other: count a word's
    # prefixes among the words, and the words it is a prefix of (next to it once sorted), instead of every pair.
    counts = Counter(words)
    ordered = sorted(counts)
    best = 0
    for word, n in counts.items():
        together = sum(counts.get(word[:i], 0) for i in range(len(word))) + n
        j = bisect_right(ordered, word)
        while j < len(ordered) and ordered[j].startswith(word):
            together += counts[ordered[j]]
            j += 1
        best = max(best, together)
    return best


def _agree(a: str, b: str) -> bool:
    return all(x == y or (_iscased(ord(x)) and _iscased(ord(y))) for x, y in zip(a, b, strict=False))


# --- required literal pieces ---------------------------------------------------------------------------------


def required_pieces(parsed: Any) -> tuple[tuple[str, ...], ...]:
    """Literal pieces every match of a parsed regex contains, best anchor first.

    Each piece is a tuple of alternatives, one of which occurs in every match; a piece whose alternatives
    are longer is a better anchor (it occurs in fewer documents)."""
    found = {_minimal(piece) for piece in _pieces(parsed)}
    # (a class of many single characters, 2-9 and the Chinese numerals, is in nearly every text: no piece)
    pieces = [p for p in found if p and all(p) and (len(p) <= _CLASS_EXPAND or max(map(len, p)) > 1)]
    pieces.sort(key=lambda p: (-min(len(a) for a in p), len(p), p))
    return tuple(pieces)


def _minimal(alternatives: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Lower-cased, without the alternatives that contain another (where 收益率 occurs, 收益 does too)."""
    lowered = sorted({a.lower() for a in alternatives}, key=lambda a: (len(a), a))
    kept: list[str] = []
    for a in lowered:
        if not any(k in a for k in kept):
            kept.append(a)
    return tuple(sorted(kept))


def _exact(seq: Any, expand: int = _CLASS_EXPAND) -> list[str] | None:
    """Every string ``seq`` can match, when it is a small finite set of literal strings (a class counting as its
    members when it has at most ``expand``); else None."""
    out = [""]
    for op, arg in seq:
        options: list[str] | None
        if op == _constants.LITERAL:
            options = [chr(arg)]
        elif op == _constants.IN:
            options = _class_members(arg, expand)
        elif op == _constants.SUBPATTERN:
            options = _exact(arg[-1], expand)
        elif op == _constants.BRANCH:
            branches = [_exact(branch, expand) for branch in arg[1]]
            options = None if any(b is None for b in branches) else [s for b in branches for s in b or ()]
        elif op in _REPEATS and arg[0] == 0 and arg[1] == 1:
            inner = _exact(arg[2], expand)
            options = None if inner is None else ["", *inner]
        else:
            return None
        if options is None or len(out) * len(options) > _MAX_ALTERNATIVES:
            return None
        out = [a + b for a in out for b in options]
    return out


def _common_suffix(strings: list[str]) -> str:
    suffix = strings[0]
    for s in strings[1:]:
        while not s.endswith(suffix):
            suffix = suffix[1:]
    return suffix


def _class_members(items: Any, expand: int = _CLASS_EXPAND) -> list[str] | None:
    members: list[str] = []
    for op, arg in items:
        if op == _constants.LITERAL:
            members.append(chr(arg))
        elif op == _constants.RANGE and arg[1] - arg[0] < expand:
            members.extend(map(chr, range(arg[0], arg[1] + 1)))  # 0-9
        else:
            return None
        if len(members) > expand:
            return None
    return members


def _pieces(seq: Any) -> list[list[str]]:
    """Required pieces of a parsed sequence: maximal runs of exact parts, and the pieces of groups."""
    pieces: list[list[str]] = []
    run: list[str] = [""]
    bare = False  # run is one repetition of a class that nothing has joined yet: no anchor on its own

    def flush() -> None:
        nonlocal run
        if run != [""] and not bare:
            pieces.append(run)
        run = [""]

    for op, arg in seq:
        # a larger class after a single character joins it too ((?:一|1)(?:粒|片|杯|瓶|颗|袋|盒|支|勺|包|罐))
        wide = op == _constants.IN and run != [""] and _poor(run)
        exact = _exact([(op, arg)], _JOIN_EXPAND if wide else _CLASS_EXPAND)
        if exact is not None:
            # a class of numerals joins what follows (5年, 3个月) as it joins what comes before
            joined = bare or (wide and len(exact) > _CLASS_EXPAND)
            if len(run) * len(exact) > (_MAX_JOINED if joined else _MAX_ALTERNATIVES):
                suffix = _common_suffix(run)
                flush()
                run = [suffix]  # what all the alternatives end with still joins what follows
            run = [a + b for a in run for b in exact]
            bare = False
            continue
        joined = _repeated_unit(op, arg, run)
        if joined is not None:
            # X+ is X X*: its first X follows what came before, its last X comes before what follows
            before, unit = joined
            if before is None:
                flush()
            elif before != [""]:
                pieces.append([a + b for a in before for b in unit])
            run, bare = list(unit), True
            continue
        flush()
        bare = False
        if op == _constants.SUBPATTERN:
            pieces.extend(_pieces(arg[-1]))
        elif op == _ATOMIC:
            pieces.extend(_pieces(arg))
        elif op == _constants.BRANCH:
            best = [required_pieces(branch) for branch in arg[1]]
            if all(best):
                pieces.append([a for b in best for a in b[0]])
        elif op in _REPEATS and arg[0] >= 1:
            pieces.extend(_pieces(arg[2]))
    flush()
    return pieces


def _poor(run: list[str]) -> bool:
    """Whether a literal run is no anchor worth the name: empty, or one character in some alternative."""
    return min(map(len, run)) <= 1


def _repeated_unit(op: Any, arg: Any, run: list[str]) -> tuple[list[str] | None, list[str]] | None:
    """For a repeat that must occur (``X+``, ``X{2,4}``) after ``run``, the literal run before it: the alternatives of
    one repetition, and the run they join (or what all its alternatives end with, when the two would make too many
    alternatives; None when they cannot join). A small class always counts as its members, a larger one (a class
    of numerals) only next to a single character, which alone is a poor anchor. None when the repeat is none."""
    if op not in _REPEATS or arg[0] < 1:
        return None
    unit = _exact(arg[2], _JOIN_EXPAND)  # (at most _MAX_ALTERNATIVES of them)
    if unit is None or not all(unit):
        return None
    if len(unit) > _CLASS_EXPAND and not _poor(run):
        return None  # 收益率[0-9]+: 收益率 is anchor enough, ten alternatives of it would only cost keys
    if len(run) * len(unit) > _MAX_JOINED:
        suffix = _common_suffix(run)
        return ([suffix] if suffix else None), unit  # (?:只|仅|就)?保[0-9]+: 保 and a digit after it
    return run, unit


def _regex_tokens(regex: str) -> Iterator[tuple[int, str, bool]]:
    """``(position, token, is_syntax)`` for each token of ``regex``: an escape pair, the ``[]`` that opens a class
    with a literal ``]``, or one character. ``is_syntax`` is true for a character outside any class and not escaped,
    the only place where ``$``, ``+``, ``*`` or ``{`` mean something to rewrite."""
    i, in_class = 0, False
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            yield i, regex[i : i + 2], False
            i += 2
        elif in_class:
            in_class = ch != "]"
            yield i, ch, False
            i += 1
        elif ch == "[" and regex[i + 1 : i + 2] == "]":  # a ']' right after '[' is a literal
            in_class = True
            yield i, "[]", False
            i += 2
        else:
            in_class = ch == "["
            yield i, ch, True
            i += 1


def end_as_text_end(regex: str) -> str:
    """``regex`` with ``$`` written ``\\Z``: in Python's ``re``, ``$`` also matches before a final line break;
    ``\\Z``, like RE2's ``$``, only at the very end."""
    return "".join("\\Z" if syntax and token == "$" else token for _, token, syntax in _regex_tokens(regex))


def end_never(regex: str) -> str:
    """``regex`` with ``$`` written ``(?!)``, an assertion that never holds: for a window of a text that goes on
    after it, where the window's end is not the text's."""
    return "".join("(?!)" if syntax and token == "$" else token for _, token, syntax in _regex_tokens(regex))


# --- capped repeats for the backtracking engine --------------------------------------------------------------

MAX_REPEAT = 200
_OPEN_REPEAT = re.compile(r"\{(\d+),\}")


def bounded(regex: str) -> str:
    """``regex`` with every unbounded repeat capped at MAX_REPEAT, for Python's backtracking ``re``.

    ``[0-9]+%`` on a run of 20,000 digits without a % backtracks quadratically in ``re`` (RE2 does not). Capping
    ``+``, ``*`` and ``{n,}`` bounds the work per starting position; only matches with a run longer than
    MAX_REPEAT characters differ, which marketing copy does not have."""
    out: list[str] = []
    after_repeat, skip_to = False, 0
    for i, token, syntax in _regex_tokens(regex):
        if i < skip_to:  # the rest of a {n,} already rewritten
            continue
        if after_repeat and token in ("+", "?"):  # a possessive (++) or lazy (+?) marker belongs to the repeat
            out.append(token)
            after_repeat = False
            continue
        after_repeat = False
        if syntax and token in ("+", "*") and out and out[-1] not in ("(", "|"):
            out.append(f"{{{1 if token == '+' else 0},{MAX_REPEAT}}}")
            after_repeat = True
            continue
        if syntax and token == "{":
            m = _OPEN_REPEAT.match(regex, i)
            if m:
                out.append(f"{{{m.group(1)},{max(MAX_REPEAT, int(m.group(1)))}}}")
                skip_to = m.end()
                after_repeat = True
                continue
        out.append(token)
    return "".join(out)
