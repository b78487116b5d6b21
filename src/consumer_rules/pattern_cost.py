"""Every regex of a rule set timed on its own, so one slow pattern shows up by name.

The matcher runs a regex only in windows around its anchor (see :mod:`.backends.shape`), so what a regex
costs depends on how often its anchor occurs, how wide its windows are and how much it backtracks. This
measures it: each regex alone, through the same matcher, over one fixed sample built from the anchors and
pieces of all the set's regexes (so every regex has windows to run in), with digits, punctuation and filler.
``rules validate`` warns about the regexes whose cost is out of line with the rest, about the regexes that
have no anchor at all (they run over the whole of every document) and about those that repeat a group
without bound (they run over the whole of every document that contains their anchor).
"""

from __future__ import annotations

import dataclasses
import random
import re
import statistics
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from .backends import PatternEntry, build_matcher
from .backends.shape import RegexShape, unbounded_group
from .compiled import CompiledRules
from .errors import Problem

SAMPLE_SEED = 20240609
SAMPLE_TOKENS = 2_000
# Out of line: more than this many times the median regex, and more than FLOOR_MS on the sample.
OUT_OF_LINE = 50.0
FLOOR_MS = 2.0
_FILLER = [*"的了和是在我们您本产品服务可以进行相关信息规定", "。", "，", "\n", "；", "！", " ", "：", "、"]
_NUMBERS = ["1", "12", "2024", "3.5%", "12.5%", "100元", "5万", "30天", "6个月", "2024年1月1日", "95588", "1" * 40]


@dataclass(frozen=True)
class RegexCost:
    pid: int
    regex: str
    rules: tuple[str, ...]  # codes of the rules that use it
    ms: float  # one scan of the sample, best of the rounds
    anchored: bool


def sample_text(compiled: CompiledRules, tokens: int = SAMPLE_TOKENS) -> str:
    """A fixed text where every regex's anchors and pieces occur, among digits, punctuation and filler."""
    pieces: set[str] = set()
    for entry in compiled.patterns:
        if entry.literal is None:
            for piece in RegexShape.of(entry.regex).pieces:
                pieces.update(piece)
    vocabulary = sorted(pieces)
    rnd = random.Random(SAMPLE_SEED)
    out = []
    for _ in range(tokens):
        draw = rnd.random()
        if draw < 0.35 and vocabulary:
            out.append(rnd.choice(vocabulary))
        elif draw < 0.5:
            out.append(rnd.choice(_NUMBERS))
        else:
            out.append(rnd.choice(_FILLER))
    return "".join(out)


def users(compiled: CompiledRules) -> dict[int, list[str]]:
    """Pattern id -> codes of the rules that use it."""
    found: dict[int, list[str]] = {}

    def walk(value: object, code: str) -> None:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name), code)
        elif isinstance(value, tuple) and value and all(isinstance(v, int) for v in value):
            for pid in value:
                codes = found.setdefault(pid, [])
                if code not in codes:
                    codes.append(code)
        elif isinstance(value, tuple) and value and all(isinstance(v, tuple) for v in value):
            for item in value:  # pairs that hold pattern ids, such as a forbid rule's (when, inside) truths
                for part in item:
                    walk(part, code)

    for rule in compiled.rules:
        walk(rule.info, rule.info.code)
        walk(rule.logic, rule.info.code)
    walk(compiled.masks, "pack masks")
    return found


# How many regexes of the rest of the set are timed beside a folder's own, for the median they are judged against.
BASELINE_REGEXES = 200


def time_regexes(
    compiled: CompiledRules, rounds: int = 2, text: str | None = None, codes: Collection[str] | None = None
) -> list[RegexCost]:
    """Each regex of ``compiled``, alone, scanned over the sample ``rounds`` times; slowest first.

    ``codes``: time only the regexes these rules use, and a fixed draw of BASELINE_REGEXES of the others for the
    median (a folder of one's own is validated beside the built-in packs' 1,900 regexes, which take seconds)."""
    sample = sample_text(compiled) if text is None else text
    used = users(compiled)
    backend = compiled.matcher.name
    regexes = [pid for pid, entry in enumerate(compiled.patterns) if entry.literal is None]
    if codes is not None:
        wanted = set(codes)
        own = [pid for pid in regexes if wanted.intersection(used.get(pid, ()))]
        others = [pid for pid in regexes if not wanted.intersection(used.get(pid, ()))]
        baseline = random.Random(SAMPLE_SEED).sample(others, min(BASELINE_REGEXES, len(others)))
        regexes = sorted([*own, *baseline])
    costs = []
    for pid in regexes:
        entry = compiled.patterns[pid]
        matcher = build_matcher([PatternEntry(entry.regex, None, entry.anchors, entry.others)], backend)
        matcher.scan(sample)  # compiles
        best = float("inf")
        for _ in range(rounds):
            started = time.perf_counter()
            matcher.scan(sample)
            best = min(best, time.perf_counter() - started)
        costs.append(RegexCost(pid, entry.regex, tuple(used.get(pid, ())), best * 1000, bool(entry.anchors)))
    costs.sort(key=lambda c: -c.ms)
    return costs


# \b or \B outside a character class, not an escaped backslash followed by b.
_WORD_EDGE = re.compile(r"(?<!\\)(?:\\\\)*\\[bB]")


def cost_warnings(
    compiled: CompiledRules | None,
    where: dict[str, tuple[str, int]],
    costs: Iterable[RegexCost] | None = None,
    codes: Collection[str] | None = None,
) -> list[Problem]:
    """Warnings for regexes without an anchor and for regexes whose cost is out of line with the rest.

    ``where``: rule code -> (file, line), to name the rule's file. ``codes``: warn only about the regexes these
    rules use (the rest is timed in part, for the median)."""
    if costs is None:
        if compiled is None:
            raise ValueError("give the compiled rules or their measured costs")
        costs = time_regexes(compiled, codes=codes)
    measured = list(costs)
    if not measured:
        return []
    median = statistics.median(c.ms for c in measured) or 1e-6
    wanted = None if codes is None else set(codes)
    problems = []
    for cost in measured:
        if wanted is not None and not wanted.intersection(cost.rules):
            continue
        named = cost.rules or ("(unused)",)
        path, line = where.get(named[0], ("<rules>", 0))
        shown = cost.regex if len(cost.regex) <= 60 else cost.regex[:57] + "..."
        if not cost.anchored:
            problems.append(
                Problem(
                    path,
                    line,
                    0,
                    f"warning: {', '.join(named)}: regex {shown!r} has no literal piece that every match contains,"
                    " so it runs over the whole of every document",
                    "include a word every match has, e.g. write (?:保本|保收益) rather than 保(?:本|收益)?",
                )
            )
        if unbounded_group(RegexShape.of(cost.regex).parsed):
            problems.append(
                Problem(
                    path,
                    line,
                    0,
                    f"warning: {', '.join(named)}: regex {shown!r} repeats a group without bound, so it runs over"
                    " the whole of every document that contains its anchor",
                    "bound the repeat, e.g. (?:ab){1,10}, or repeat one character class only",
                )
            )
        if _WORD_EDGE.search(cost.regex):
            problems.append(
                Problem(
                    path,
                    line,
                    0,
                    f"warning: {', '.join(named)}: regex {shown!r} uses \\b or \\B, which RE2 reads as an ASCII word"
                    " edge and Python's re as a Unicode one (a Chinese character is a word character there), so"
                    " 'LLC提供' matches or not depending on which engine runs the window",
                    "write the edge out, e.g. (?:^|[^a-z0-9_])llc(?:[^a-z0-9_]|$)",
                )
            )
        if cost.ms > FLOOR_MS and cost.ms > OUT_OF_LINE * median:
            problems.append(
                Problem(
                    path,
                    line,
                    0,
                    f"warning: {', '.join(named)}: regex {shown!r} is slow: {cost.ms:.1f} ms on the sample text,"
                    f" {cost.ms / median:.0f}x the median regex ({median:.2f} ms)",
                    "anchor it on a longer or rarer word, and shorten its repeats such as [^。]{0,80}",
                )
            )
    return problems
