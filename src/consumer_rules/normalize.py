"""The normalised view of a text that rules match against, with a map back to the original.

Evasions such as ``保 本``, ``保\\u200b本``, full-width ``ＡＰＰ`` or Traditional ``保證`` must still match, yet
every finding has to point at the exact original characters. So matching never runs on the original:
it runs on a normalised copy, and each hit is mapped back through an :class:`OffsetMap`.

Normalisation, in order:

1. one-for-one character folding (same length, so no offsets move): NFKC of single characters
   (full-width letters, digits, ％, compatibility ideographs), Latin case, Traditional -> Simplified;
2. edits that change the length, recorded in the offset map: zero-width and soft characters removed,
   whitespace (with at most one line break) between two Chinese characters removed, a toned pinyin syllable in
   brackets right after a Chinese character removed (ruby text a scraper flattened: 出發(fā)日), and characters
   whose NFKC form is longer than one character (①⑩㎡) expanded.

The character table is built once per process from :mod:`unicodedata` and OpenCC's own dictionary.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .cache import cached
from .lazy import lazy_regex
from .regex_store import compile_regex

__all__ = ["NormalizedText", "OffsetMap", "fold", "normalize", "normalize_folded", "normalize_phrase"]

# Characters that carry no visible content and are used to split words past a filter.
# C0 and C1 controls other than white space and the block separator U+001F, bidi marks, embeddings and
# isolates, Mongolian free variation selectors, variation selectors and tag characters among them.
_INVISIBLE = (
    "\x00-\x08\x0e-\x1e\x7f-\x84\x86-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufe00-\ufe0f\ufeff"
    "\U000e0000-\U000e007f\U000e0100-\U000e01ef"
)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Whitespace that may be dropped between Chinese characters (line breaks are counted separately).
_SPACE = " \t\r\n\f\v\u0085\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], dict[str, str], re.Pattern[str], re.Pattern[str]]:
    """(one-for-one table, expansions, pattern of foldable chars, pattern of edits).

    Walking the Basic Multilingual Plane through NFKC and OpenCC costs about 45 ms, a sixth of a one-file
    check, so the two maps come from the on-disk cache, keyed by everything they are made from."""
    table, expansions = cached(_maps_key(), _build_maps, kind="normalize")
    foldable = compile_regex("[" + "".join(_class_escape(chr(cp)) for cp in sorted(table)) + "]+")
    expand_class = "".join(_class_escape(ch) for ch in sorted(expansions))
    # Characters removed or expanded wherever they stand.
    # One character class (no alternation), so the regex engine can skip ahead to candidates.
    edits = compile_regex(rf"[{_INVISIBLE}{expand_class}]")
    return table, expansions, foldable, edits


def _maps_key() -> str:
    """Python and its Unicode tables, OpenCC's installed files, and this module's code. OpenCC is identified by
    where it is installed and when, not imported: importing it costs more than the cache saves."""
    import hashlib
    import importlib.util
    import os
    import sys

    spec = importlib.util.find_spec("opencc")
    opencc = "none"
    if spec is not None and spec.origin:
        st = os.stat(spec.origin)
        opencc = f"{spec.origin}:{st.st_size}:{st.st_mtime_ns}"
    digest = hashlib.sha256()
    for part in (sys.version, unicodedata.unidata_version, opencc):
        digest.update(part.encode() + b"\0")
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:32]


def _build_maps() -> tuple[dict[int, str], dict[str, str]]:
    table: dict[int, str] = {}
    expansions: dict[str, str] = {}
    for cp in range(0x80, 0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        folded = unicodedata.normalize("NFKC", ch)
        if folded == ch:
            continue
        if len(folded) == 1:
            table[cp] = folded
        elif folded.strip() and not unicodedata.combining(folded[0]):
            expansions[ch] = folded.lower()
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = chr(cp + 32)
    # Case-fold what NFKC produced (Ａ -> A -> a) and non-ASCII capitals with a one-character lower form.
    for cp, folded in list(table.items()):
        lowered = folded.lower()
        if len(lowered) == 1 and lowered != folded:
            table[cp] = lowered
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        if cp not in table and len(ch.lower()) == 1 and ch.lower() != ch:
            table[cp] = ch.lower()
    for source, simplified in _traditional_to_simplified().items():
        target = table.get(ord(simplified), simplified)
        table[ord(source)] = target
        # Compatibility ideographs map to a Traditional form first; carry them on to Simplified.
    for cp, folded in list(table.items()):
        again = _traditional_to_simplified().get(folded)
        if again is not None:
            table[cp] = again
    # Invisible characters are removed by the edit pass, never folded.
    for ch in _expand_class(_INVISIBLE):
        table.pop(ord(ch), None)
        expansions.pop(ch, None)
    return table, expansions


def _class_escape(ch: str) -> str:
    return "\\" + ch if ch in "\\]^-[" else ch


def _expand_class(spec: str) -> list[str]:
    """Expand a character-class body such as 'a-c\\u00ad' into its characters."""
    out: list[str] = []
    i = 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            out.extend(chr(cp) for cp in range(ord(spec[i]), ord(spec[i + 2]) + 1))
            i += 3
        else:
            out.append(spec[i])
            i += 1
    return out


@lru_cache(maxsize=1)
def _traditional_to_simplified() -> dict[str, str]:
    """One-character Traditional -> Simplified pairs from OpenCC's t2s dictionary."""
    try:
        import opencc
    except ImportError:  # pragma: no cover - OpenCC is a declared dependency
        return {}
    converter = opencc.OpenCC("t2s")
    chars = [chr(cp) for cp in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0xF900, 0xFB00))]
    # One character per line: OpenCC converts phrases as well, and a line break keeps it per character.
    converted = converter.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - defensive: never seen with OpenCC's t2s
        return {}
    return {src: dst for src, dst in zip(chars, converted, strict=True) if src != dst and len(dst) == 1}


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets in the normalised text back to code-point offsets in the original.

    The normalised text is a sequence of pieces. A piece either copies original characters one for one,
    or replaces an original range ``[orig, orig_end)`` with some other number of characters (zero for a
    deletion). ``norm_starts`` and ``orig_starts`` hold each piece's start; ``copies`` says which kind it is.
    """

    norm_starts: tuple[int, ...]
    orig_starts: tuple[int, ...]
    orig_ends: tuple[int, ...]
    copies: tuple[bool, ...]

    def start(self, norm_index: int) -> int:
        """Original offset of the character at ``norm_index`` (a match start)."""
        i = self._piece(norm_index)
        if self.copies[i]:
            return self.orig_starts[i] + (norm_index - self.norm_starts[i])
        return self.orig_starts[i]

    def end(self, norm_end: int) -> int:
        """Original offset just after the character at ``norm_end - 1`` (an exclusive match end)."""
        if norm_end <= 0:
            return self.start(0) if self.norm_starts else 0
        i = self._piece(norm_end - 1)
        if self.copies[i]:
            return self.orig_starts[i] + (norm_end - self.norm_starts[i])
        return self.orig_ends[i]

    def _piece(self, norm_index: int) -> int:
        # Deletions are empty pieces that share their start with the next piece; bisect_right picks the
        # last piece starting at or before the index, so skip back over nothing and forward over empties.
        i = bisect_right(self.norm_starts, norm_index) - 1
        return max(i, 0)


@dataclass(frozen=True)
class NormalizedText:
    """The text rules match against, and how to get back to the original."""

    original: str
    text: str
    offsets: OffsetMap | None  # None: same length, one for one
    # Where a single line break between two Chinese characters was taken out (保\n本 is 保本), as positions in
    # ``text``: the lines are one phrase for matching, but a negator does not reach across (see engine._negated).
    joins: tuple[int, ...] = ()

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` code-point offsets of the normalised range ``[start, end)``."""
        if self.offsets is None:
            return start, end
        if end <= start:
            pos = self.offsets.start(start) if start < len(self.text) else len(self.original)
            return pos, pos
        return self.offsets.start(start), self.offsets.end(end)


class _Builder:
    """Collects the pieces of a normalised text and the offset map that goes with them."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.norm_starts: list[int] = []
        self.orig_starts: list[int] = []
        self.orig_ends: list[int] = []
        self.copies: list[bool] = []
        self.norm_pos = 0

    def add(self, text: str, orig_start: int, orig_end: int, copy: bool) -> None:
        self.norm_starts.append(self.norm_pos)
        self.orig_starts.append(orig_start)
        self.orig_ends.append(orig_end)
        self.copies.append(copy)
        self.out.append(text)
        self.norm_pos += len(text)

    def add_gap_keeping_space(self, gap: str, start: int) -> None:
        """Copy the white space of ``gap`` and delete its invisible characters."""
        pos = 0
        for m in _INVISIBLE_RUN.finditer(gap):
            if m.start() > pos:
                self.add(gap[pos : m.start()], start + pos, start + m.start(), True)
            self.add("", start + m.start(), start + m.end(), False)
            pos = m.end()
        if pos < len(gap):
            self.add(gap[pos:], start + pos, start + len(gap), True)

    def offset_map(self) -> OffsetMap:
        return OffsetMap(tuple(self.norm_starts), tuple(self.orig_starts), tuple(self.orig_ends), tuple(self.copies))


_INVISIBLE_RUN = lazy_regex(f"[{_INVISIBLE}]+")


def normalize(original: str) -> NormalizedText:
    """Return the normalised view of ``original``."""
    return normalize_folded(original)[0]


def normalize_folded(original: str) -> tuple[NormalizedText, str]:
    """The normalised view of ``original`` and its first step alone (what :func:`fold` returns), which a
    check needs both of: one folding pass instead of two."""
    table, _, foldable, _ = _tables()
    folded = foldable.sub(lambda m: m.group().translate(table), original)
    planned = _plan_edits(folded)
    if not planned:
        return NormalizedText(original, folded, None), folded
    build = _Builder()
    orig_pos = 0
    joins: list[int] = []
    for start, end, replacement in planned:
        if start > orig_pos:
            build.add(folded[orig_pos:start], orig_pos, start, True)
        if replacement is None:
            build.add_gap_keeping_space(folded[start:end], start)
        else:
            if not replacement and "\n" in folded[start:end]:
                joins.append(build.norm_pos)
            build.add(replacement, start, end, False)
        orig_pos = end
    if orig_pos < len(folded):
        build.add(folded[orig_pos:], orig_pos, len(folded), True)
    return NormalizedText(original, "".join(build.out), build.offset_map(), tuple(joins)), folded


# A gap of white space (or invisible characters) between two Chinese characters. The leading class lets the
# regex engine skip straight to white space; the look-behind then checks the character before it.
_GAP = f"[{_SPACE}{_INVISIBLE}]"
_HAN_GAP = lazy_regex(rf"{_GAP}(?<=[{_HAN}]{_GAP}){_GAP}*(?=[{_HAN}])")


def _plan_edits(text: str) -> list[tuple[int, int, str | None]]:
    """(start, end, replacement) for each edit, in order; replacement None: drop only invisible characters."""
    _, expansions, _, edits = _tables()
    line_table = _line_table()  # made from the same expansions: a heading is read as the line will be
    planned: list[tuple[int, int, str | None]] = []
    line_start = 0  # where the current line of the normalised text starts, in ``text``
    prev_end = 0
    for match in _HAN_GAP.finditer(text):
        gap = match.group()
        newline = text.rfind("\n", prev_end, match.start())
        if newline >= 0:  # a line break outside the gaps is always kept
            line_start = newline + 1
        prev_end = match.end()
        breaks = gap.count("\n")
        if breaks == 0 or (
            breaks == 1
            and not _is_heading(text, line_start, match.start(), line_table)
            and not _is_field_pair(text, (line_start, match.start()), match.end(), line_table)
        ):
            planned.append((match.start(), match.end(), ""))  # 保 本 is 保本
            continue
        if _INVISIBLE_RUN.search(gap):
            # a paragraph break stays a paragraph break, and a heading stays on its own line
            planned.append((match.start(), match.end(), None))
        line_start = match.start() + gap.rfind("\n") + 1
    # Other edits outside the gaps: both lists are in text order, so one pointer over the gaps (linear time;
    # a scan of the gaps per edit was quadratic on text full of zero-width characters).
    others: list[tuple[int, int, str | None]] = []
    i = 0
    for m in edits.finditer(text):
        pos = m.start()
        while i < len(planned) and planned[i][1] <= pos:
            i += 1
        if i < len(planned) and planned[i][0] <= pos:
            continue  # inside a gap, which deals with it
        others.append((pos, m.end(), expansions.get(m.group(), "")))
    # Pinyin a page printed after its characters (出發(fā)日前45天內(nèi)不接受退款, ruby text flattened by a scraper):
    # removed, so the words read whole again. Only a syllable with a tone mark, right after a Chinese character,
    # is taken for one: (a) and (ii) in a list stay.
    for m in _RUBY.finditer(text):
        if m.start() and _IS_HAN.match(text, m.start() - 1):
            others.append((m.start(), m.end(), ""))
    if others:
        planned = sorted(planned + others)
    return planned


_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# (The bracket first and the character before it tested apart: a pattern that opens with a look-behind is tried at
# every position of every text, ten times slower.)
_RUBY = lazy_regex(rf"\([a-zü]{{0,5}}[{_TONED}][a-zü]{{0,5}}\)")
_IS_HAN = lazy_regex(f"[{_HAN}]")


# A heading: a numbered section title (第三条 退款, 一、产品特点, （二）) or a line that ends in a title word
# (隐私政策, 使用需知, 联系我们), short and without sentence punctuation. Its line break is kept: a heading and the
# next line are not one phrase, and rules can see where a heading ends. Other single line breaks between
# Chinese characters are removed (保\n本 is 保本).
_HEADING_NUMBER = lazy_regex(
    r"第[一二三四五六七八九十百零0-9]{1,4}[条章节部篇]分?|[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十0-9]{1,3}\)"
)
_HEADING_WORD = lazy_regex(
    r"(?:须知|需知|规则|细则|说明|公约|条款|协议|政策|声明|指引|联系我们|联系方式|特点|特色|亮点|简介|介绍|概述|附则)$"
)
_HEADING_STOP = lazy_regex(r"[。,;!?、…\"'“”‘’「」()]")
_HEADING_TRIM = "#*·:> \t\r\f\v\u00a0\u3000"
_HEADING_SCAN = 120  # a line longer than this (white space included) is no heading
_TWO_HAN = lazy_regex(f"[{_HAN}]{{2}}")


@lru_cache(maxsize=1)
def _line_table() -> dict[int, str | None]:
    """A ``str.translate`` table that reads a line as normalisation leaves it: gap characters dropped, expansions
    made. One translate instead of a regex match per character (headings are read at every line break between
    Chinese characters)."""
    table: dict[int, str | None] = {ord(ch): folded for ch, folded in _tables()[1].items()}
    for ch in _expand_class(_SPACE + _INVISIBLE):
        table[ord(ch)] = None
    return table


def _is_heading(text: str, start: int, end: int, table: dict[int, str | None]) -> bool:
    """Whether ``text[start:end]`` (a line, as the normalised text will show it) is a heading.

    The line is read as normalisation leaves it: white space and invisible characters gone, expansions made,
    so that normalising twice decides the same (the normalised text is its own normal form)."""
    if end - start > _HEADING_SCAN:
        return False
    line = text[start:end].translate(table).strip(_HEADING_TRIM)
    if not 2 <= len(line) <= 24:
        return False
    number = _HEADING_NUMBER.match(line)
    body = line[number.end() :].strip(_HEADING_TRIM) if number else line
    if not 2 <= len(body) <= 20 or _HEADING_STOP.search(body) or not _TWO_HAN.search(body):
        return False
    return number is not None or _HEADING_WORD.search(body) is not None


# A field line of a product sheet or a form: a short label and a colon (保险期间：终身, 交费期间：10年).
_FIELD_LABEL = lazy_regex(rf"[{_HAN}]{{2,10}}:")
_FIELD_SCAN = 24
_FIELD_LEAD = "#*·>-+ \t"  # list and quote marks before a label
_VALUE_TRIM = _HEADING_TRIM.replace(":", "")  # what may follow the label of the line above before its line break


def _is_field_pair(text: str, line: tuple[int, int], next_start: int, table: dict[int, str | None]) -> bool:
    """Whether the line ``line`` and the one at ``next_start`` are two fields of a sheet, not one sentence wrapped,
    so the line break between them stays: the next line opens with a label and a colon, and this one does too
    (保险期间：20年 / 交费期间：10年) or is the value of a label on the line before (初始费用： / 全免 / 退保费用：).
    Read as normalisation leaves them, like a heading."""
    next_end = text.find("\n", next_start)
    if not _opens_with_label(text, next_start, len(text) if next_end < 0 else next_end, table):
        return False
    start, end = line
    return _opens_with_label(text, start, end, table) or text[max(0, start - 8) : max(0, start - 1)].rstrip(
        _VALUE_TRIM
    ).endswith(":")


def _opens_with_label(text: str, start: int, end: int, table: dict[int, str | None]) -> bool:
    head = text[start : min(end, start + _FIELD_SCAN)].translate(table).lstrip(_FIELD_LEAD)
    return _FIELD_LABEL.match(head) is not None


def fold(original: str) -> str:
    """Step 1 of :func:`normalize` alone: one-for-one folding (same length, lines kept), for reading a text's
    layout with the vocabulary rules use."""
    table, _, foldable, _ = _tables()
    return foldable.sub(lambda m: m.group().translate(table), original)


def normalize_phrase(phrase: str) -> str:
    """Normalise a rule's literal phrase exactly as texts are normalised, so the two always meet."""
    return normalize(phrase).text


_CJK = rf"{_HAN}\u3000-\u303f\uff00-\uffef"
# Curly quotes sit in General Punctuation, not among the CJK marks, and Chinese prose uses them: a folded line between
# 压舱石” and “经 is a stray space too, while English prose keeps its spaces (a quote needs Chinese beside it).
_CURLY = "\u2018\u2019\u201c\u201d"
_CJK_GAP = lazy_regex(
    rf"(?<=[{_CJK}])\s+(?=[{_CJK}{_CURLY}])"  # Chinese, then Chinese or a quote
    rf"|(?<=[{_CURLY}])\s+(?=[{_CURLY}]?[{_CJK}])"  # a quote, then Chinese (or a quote opening Chinese)
    rf"|(?<=[{_CJK}][{_CURLY}])\s+(?=[{_CURLY}])"  # a quote closing Chinese, then a quote
)


def tidy_prose(text: str) -> str:
    """Rule prose for display: trimmed, and no stray spaces where YAML folded a line between Chinese words."""
    return _CJK_GAP.sub("", text.strip())
