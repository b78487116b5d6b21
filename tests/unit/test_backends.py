"""Both regex engines give the same hits; literals are exact code-point spans; regexes stay linear."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from consumer_rules.backends import PatternEntry, build_matcher, leftmost_longest
from tests.helpers import load_pack, rule


def _scan_all_in_re2(entries: list[PatternEntry], text: str) -> list[tuple[int, int, int]]:
    """What a fresh matcher finds when no window may run in Python's re: the reference for the re/RE2 choice."""
    from consumer_rules.backends import automaton

    budget = automaton.BACKTRACK_BUDGET
    automaton.BACKTRACK_BUDGET = 0
    try:
        return build_matcher(entries, "re2").scan(text)
    finally:
        automaton.BACKTRACK_BUDGET = budget


@cache
def _python_re(regex: str) -> Any:
    """``regex`` compiled by Python's re, ignoring case, once: the packs hold more regexes than re's own cache (512),
    so compiling through it anew for every example was most of what the whole-pack properties cost."""
    import re

    return re.compile(regex, re.IGNORECASE)


@cache
def _re2(regex: str) -> Any:
    """``regex`` compiled by RE2 as the matcher compiles it (ignoring case), once."""
    import re2

    from consumer_rules.backends.automaton import _re2_options

    return re2.compile(regex, _re2_options())


LITERALS = ["保本", "本保", "保", "收益", "收益率", "哈哈", "abc", "最佳"]
REGEXES = ["收益[^。]{0,4}\\d+%", "(?:保本|保收益)", "a+b", "\\d+(?:\\.\\d+)?%"]
ENTRIES = [PatternEntry(__import__("re").escape(p), p) for p in LITERALS] + [PatternEntry(r, None) for r in REGEXES]
ALPHABET = list("保本收益率哈abc最佳。，1234.%的 ")
RE2 = build_matcher(ENTRIES, "re2")
PYTHON_RE = build_matcher(ENTRIES, "python-re")


def test_policy_keeps_leftmost_longest_non_overlapping() -> None:
    assert leftmost_longest([(0, 0, 2), (0, 1, 3), (0, 0, 4), (1, 0, 2)]) == [(0, 0, 4), (1, 0, 2)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=60))
def test_matchers_agree(text: str) -> None:
    assert sorted(RE2.scan(text)) == sorted(PYTHON_RE.scan(text))


def test_literal_hits_are_exact_code_point_spans() -> None:
    text = "哈哈哈，保本abc最佳"
    hits = sorted((h for h in RE2.scan(text) if h[0] < len(LITERALS)), key=lambda h: (h[1], h[0]))
    assert [(LITERALS[p], text[s:e]) for p, s, e in hits] == [
        ("哈哈", "哈哈"),
        ("保本", "保本"),
        ("保", "保"),
        ("abc", "abc"),
        ("最佳", "最佳"),
    ]
    assert [s for p, s, _ in hits] == [0, 4, 4, 6, 9]


def test_rule_sets_agree_on_builtin_rules(builtin, builtin_python_re) -> None:  # type: ignore[no-untyped-def]
    from consumer_rules.testing import case_kind  # noqa: F401 - the harness itself is tested elsewhere

    texts = [
        "本理财产品保本保息，预期年化收益率8.5%，最佳选择！",
        "理财非存款、产品有风险、投资须谨慎。不保本。",
        "使用即视为同意本政策。最终解释权归本公司所有。",
    ]
    for text in texts:
        a = [(f.rule_id, f.start, f.end) for f in builtin.check_text(text).findings]
        b = [(f.rule_id, f.start, f.end) for f in builtin_python_re.check_text(text).findings]
        assert a == b


def test_exponential_regexes_are_refused_and_long_runs_are_linear(tmp_path: Path) -> None:
    """(a+)+b backtracks for ever in Python's re: the validator refuses it. a+c is fine and RE2 runs it in
    linear time on a long run of a's."""
    from consumer_rules.errors import RuleLoadError

    with pytest.raises(RuleLoadError, match="nests one repeat inside another"):
        load_pack(tmp_path / "bad", [rule("TST001", kind="forbid", match=[{"regex": "(a+)+b"}])])
    rs = load_pack(tmp_path / "ok", [rule("TST001", kind="forbid", match=[{"regex": "a+c"}])], backend="re2")
    assert rs.check_text("a" * 1_000_000 + "d").findings == []
    assert [f.excerpt for f in rs.check_text("a" * 5_000 + "c").findings] == ["a" * 5_000 + "c"]


def test_patterns_that_once_broke_a_vectorscan_database_match() -> None:
    """A multi-pattern Hyperscan (Vectorscan) database missed this match; the automaton must not."""
    matcher = build_matcher(
        [PatternEntry("保", "保"), PatternEntry("收益[^。]{0,4}\\d+%", None), PatternEntry("\\d+(?:\\.\\d+)?%", None)]
    )
    assert sorted(matcher.scan("。1。。率率1%")) == [(2, 6, 8)]


def test_python_re_repeats_are_capped() -> None:
    from consumer_rules.backends.automaton import MAX_REPEAT, bounded

    assert bounded(r"[0-9]+(?:\.[0-9]+)?%") == f"[0-9]{{1,{MAX_REPEAT}}}(?:\\.[0-9]{{1,{MAX_REPEAT}}})?%"
    assert (
        bounded(r"a*b+?c{2,}d++") == f"a{{0,{MAX_REPEAT}}}b{{1,{MAX_REPEAT}}}?c{{2,{MAX_REPEAT}}}d{{1,{MAX_REPEAT}}}+"
    )
    assert bounded(r"[+*]x\+y") == r"[+*]x\+y"


def test_long_digit_runs_are_not_quadratic_with_python_re(tmp_path: Path) -> None:
    import time

    rs = load_pack(
        tmp_path, [rule("TST001", kind="forbid", match=[{"regex": "收益[0-9]+(?:\\.[0-9]+)?%"}])], backend="python-re"
    )
    started = time.perf_counter()
    assert rs.check_text("收益" + "1" * 50_000 + "。%").findings == []
    assert time.perf_counter() - started < 5  # unbounded, this backtracks for about a minute
    assert [f.excerpt for f in rs.check_text("收益12.5%").findings] == ["收益12.5%"]


# --- windows: a regex runs only around its anchors, and finds what a run over the whole text finds ------------


def _reference_scan(patterns: list[PatternEntry], text: str) -> list[tuple[int, int, int]]:
    """Every pattern over the whole text: phrases by str.find (overlapping), regexes by re.finditer."""

    hits = []
    for pid, entry in enumerate(patterns):
        if entry.literal is not None:
            start = text.find(entry.literal)
            while start >= 0:
                hits.append((pid, start, start + len(entry.literal)))
                start = text.find(entry.literal, start + 1)
        else:
            regex = _python_re(entry.regex)
            hits.extend((pid, m.start(), m.end()) for m in regex.finditer(text) if m.end() > m.start())
    return sorted(leftmost_longest(hits))


def _fragments() -> list[str]:
    """Pieces of real rule patterns (phrases, anchors) plus digits, punctuation and filler."""
    import consumer_rules

    compiled = consumer_rules.load_rules(cache=False).compiled
    pieces = (
        {p.literal for p in compiled.patterns if p.literal}
        | {a for p in compiled.patterns if p.anchors for a in p.anchors}
        | {a for p in compiled.patterns if p.others for piece in p.others for a in piece}
    )
    return sorted(pieces) + list("0123456789.%。，！\n 元年月的了是我") + ["12.5%", "100", "2024年", "第一"]


FRAGMENTS = _fragments()


# The three properties below run every built-in regex (about 1,900) over the whole text for each example. Each
# regex is compiled once (_python_re, _re2): through re's own cache of 512 they were compiled anew for every example,
# which made 20 examples cost 110 s of the suite; 100 now cost about 12 s. CONSUMER_RULES_WHOLE_PACK_EXAMPLES=1000
# runs the deep version before a release or after a change to the matcher.
WHOLE_PACK_EXAMPLES = int(os.environ.get("CONSUMER_RULES_WHOLE_PACK_EXAMPLES", "100"))


@settings(max_examples=3 * WHOLE_PACK_EXAMPLES, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60))
@example(parts=["Google llc", "一个"])
@example(parts=["\n", "\n", "%日息", "llc"])  # \b is ASCII in RE2 and Unicode in re: no built-in pattern may rely on it
def test_windowed_scan_equals_whole_text_scan_on_builtin_patterns(builtin, builtin_python_re, parts) -> None:  # type: ignore[no-untyped-def]
    text = "".join(parts)
    patterns = list(builtin.compiled.patterns)
    expected = _reference_scan(patterns, text)
    assert sorted(builtin.compiled.matcher.scan(text)) == expected
    assert sorted(builtin_python_re.compiled.matcher.scan(text)) == expected


@settings(max_examples=WHOLE_PACK_EXAMPLES, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60))
def test_every_match_starts_where_the_shape_says_a_match_can_start(builtin, parts) -> None:  # type: ignore[no-untyped-def]

    text = "".join(parts)
    matcher = builtin.compiled.matcher
    for pid, entry in enumerate(builtin.compiled.patterns):
        starts = None if entry.literal is not None else matcher.shape(pid).starts()
        if starts is not None:
            count, tries = starts
            assert tries >= 1
            for m in _python_re(entry.regex).finditer(text):
                assert count(text, m.start(), m.start() + 1) == 1, (entry.regex, m.group())


def test_starts_are_the_first_characters_of_a_match_or_unknown() -> None:
    from consumer_rules.backends.shape import RegexShape

    def starts(regex: str) -> tuple[int, int] | None:
        """(how many places of a sample text a match can start at, tries where none can)."""
        found = RegexShape.of(regex).starts()
        sample = "他说“保本”，热线电话：95588，专线 Ab aB"
        return None if found is None else (found[0](sample, 0, len(sample)), found[1])

    assert starts('[“"‘][^。]{1,60}[”"’](?:等)?的?(?:宣传|说法)') == (1, 1)
    assert starts("(?:电话|热线|专线)[^。]{0,11}(?:9[56])") == (3, 3)  # one try per word where none starts
    assert starts(r"[0-9]+(?:\.[0-9]+)?%") == (5, 1)
    assert starts("(?:ab|c)d") == (2, 2)  # ignoring case
    assert starts("(?:[a-z]|一|二|三|四|五|六|七|八|九|十|百|千)d") == (4, 1)  # one class to re
    assert starts(r"^[#*\s]{0,6}《?[^\n。]{0,30}(?:协议|合同)") == (1, 1)  # only the start of the text
    assert starts(r"\A第一") == (1, 1)
    # one character of context, or the start of the text, before a known first character: the places before it
    assert starts('(?:^|[^有称布])[“"][^。]{1,60}[”"]的?(?:宣传|说法)') == (1, 4)
    assert starts(r"(?:^|\n)第一") == (0, 4)
    assert starts("a?b") == (4, 2)  # an optional element adds what it can start with, and its try
    assert starts("(?:预期)?(?:收益|回报)率") == (0, 3)
    for unknown in [r"(?:^|\n)\s*第一", "(?:^|ab)c", "a?b?", "[^x]abc", "(?:a|b*)c", r"\s*保本", ".保本", "(?m)^第一"]:
        assert starts(unknown) is None, unknown


def test_a_regex_that_opens_with_the_text_start_runs_in_python_re_on_any_text() -> None:
    from consumer_rules.backends import automaton

    # ^ without MULTILINE: re tries the start of the text only, so a long text costs one start, not its length.
    regex = r"^[#*\s]{0,6}《?[^\n。!?,;《》]{0,30}(?:协议|合同|服务条款)》?[*\s]{0,4}(?:\n|$)"
    matcher = build_matcher([PatternEntry(regex, None)], "re2")
    shape = matcher.shape(0)
    assert shape.whole and shape.edges
    for text in ["用户服务协议\n本协议" + "的" * 3000, "# 借款合同\n" + "正文" * 100, "本页" + "协议\n" * 500]:
        factor = shape.sizes(shape.run_lengths(text))[1]
        assert len(text) * factor > automaton.BACKTRACK_BUDGET
        assert matcher._few_starts(0, text, 0, len(text), factor)
        in_re2 = _scan_all_in_re2([PatternEntry(regex, None)], text)
        assert matcher.scan(text) == in_re2
    assert matcher.scan("用户服务协议\n本协议") == [(0, 0, 7)]


def test_a_regex_that_opens_with_a_character_of_context_counts_the_places_before_its_quote() -> None:
    from consumer_rules.backends import automaton

    regex = '(?:^|[^有称布])[“"‘「『][^。!?\n]{1,60}[”"’」』](?:等|之类)?的?(?:宣传|说法|话术|字眼)'
    matcher = build_matcher([PatternEntry(regex, None)], "re2")
    factor = matcher.shape(0).sizes(())[1]
    for text in ["“保本保息”的说法" + "的" * 400 + "称“稳赚”之类的话术", "“" * 3 + "的" * 400 + "，“稳赚”的字眼"]:
        assert len(text) * factor > automaton.BACKTRACK_BUDGET
        assert matcher._few_starts(0, text, 0, len(text), factor)
        in_re2 = _scan_all_in_re2([PatternEntry(regex, None)], text)
        assert matcher.scan(text) == in_re2 != []


def test_a_window_with_few_places_to_start_runs_in_python_re() -> None:
    from consumer_rules.backends import automaton

    # Opening quotes far apart: the window is long for the factor at every position, not for the two places a
    # match can start; both engines give the same hits.
    regex = '[“"][^。!?\n]{1,60}[”"](?:等|之类|这类)?的?(?:宣传|说法|话术|字眼|字样|用语|噱头)'
    text = "“保本保息”的说法" + "的" * 150 + "“稳赚”之类的话术"
    matcher = build_matcher([PatternEntry(regex, None)], "re2")
    shape = matcher.shape(0)
    assert len(text) * shape.sizes(())[1] > automaton.BACKTRACK_BUDGET
    assert matcher._few_starts(0, text, 0, len(text), shape.sizes(())[1])
    in_re2 = _scan_all_in_re2([PatternEntry(regex, None)], text)
    assert matcher.scan(text) == in_re2 == [(0, 0, 9), (0, 159, 168)]


def test_shape_gives_pieces_width_and_runs() -> None:
    from consumer_rules.backends.shape import RegexShape

    shape = RegexShape.of("(?:理财|基金|宝)(?:产品)?(?:的)?(?:年)?(?:利率|利息)")
    assert shape.pieces[0] == ("利息", "利率")  # 利[率息], not just 利
    assert not shape.whole and shape.sizes()[0] == 2 + 2 + 1 + 1 + 2
    digits = RegexShape.of(r"收益[0-9]+(?:\.[0-9]+)?%")
    assert ("%",) in digits.pieces and ("收益",) in digits.pieces
    assert digits.run_lengths("收益12.5% 和 123456") == (6,)
    # a run's length is rounded up to a power of two (8), so documents with runs of 5 to 8 share one bound
    assert digits.sizes((6,))[0] == 2 + 8 + 1 + 8 + 1
    assert digits.sizes((5,)) is digits.sizes((8,))
    assert digits.sizes((2,))[0] == 2 + 2 + 1 + 2 + 1  # short runs as they are
    assert RegexShape.of(r"(?:^|[\n。])第一").whole  # ^ reads outside any window
    assert RegexShape.of(r"(?:ab)+c").whole  # an unbounded repeat of more than one character


def test_a_lone_character_is_joined_by_the_numerals_repeated_beside_it() -> None:
    # 保, 年 or 分 alone occur a few times in every document, and each occurrence the automaton reports costs a step
    # of Python: a class of numerals repeated beside one is joined to it (X+ is X X*), so 保3 or 5年 anchor instead.
    from consumer_rules.backends.shape import RegexShape

    numerals = "0123456789一二三四五六七八九十两"
    shape = RegexShape.of("(?:只|仅|就)?保[0-9一二三四五六七八九十两]+年")
    assert tuple(sorted("保" + n for n in numerals)) in shape.pieces
    assert tuple(sorted(n + "年" for n in numerals)) in shape.pieces
    assert ("保",) not in shape.pieces and ("年",) not in shape.pieces
    # before a longer word (收益率) or after a repeat nothing joins, the word and the class stay apart: ten keys of
    # 收益率0 … 收益率9 would cost more than they save, and a class alone is no anchor
    assert RegexShape.of("收益率[0-9]+%").pieces == (("收益率",), ("%",))
    assert RegexShape.of("[0-9]+").pieces == ()
    # a class of a few characters joins whatever stands before it, as a single one does (利[率息])
    assert RegexShape.of("[a-c]+x").pieces == (("ax", "bx", "cx"),)
    matcher = build_matcher([PatternEntry("(?:只|仅|就)?保[0-9一二三四五六七八九十两]+年", None, None)])
    assert matcher.scan("本产品只保5年，保障期内") == [(0, 3, 7)]
    assert matcher.scan("保障5年") == []


def test_a_long_run_makes_a_wide_window_not_a_missed_match() -> None:
    matcher = build_matcher([PatternEntry(r"收益[0-9]+%", None, ("%",))])
    text = "前文" * 300 + "收益" + "1" * 5_000 + "%" + "后文" * 300
    assert matcher.scan(text) == [(0, 600, 600 + 2 + 5_000 + 1)]


def test_word_lists_bound_backtracking_by_the_words_that_can_match_together() -> None:
    from consumer_rules.backends.shape import RegexShape, _factor

    # Of 合作伙伴, 关联方, 第三方 at most one matches at a position: what follows is tried once, not three times.
    shape = RegexShape.of("(?:与|向)[^。]{0,10}(?:合作伙伴|关联方|第三方)[^。]{0,6}(?:共享|提供)")
    assert shape.sizes(())[1] < _factor(shape.parsed, {})
    # Words where one is the start of another (保, 保本) can both match: each counts.
    assert RegexShape.of("(?:保|保本)[^。]{0,9}x").sizes(())[1] >= 2 * 10
    # Letters that differ only in case can both match.
    assert RegexShape.of("(?:ab|AB)[^。]{0,9}x").sizes(())[1] >= 2 * 10


_WORD = st.text(alphabet="保本收益零风险aBk1%\u01c5", max_size=4)


@settings(max_examples=300)
@given(st.lists(_WORD, max_size=10))
@example(["", "保", "保本", "保本", "本"])
@example(["ab", "AB", "保"])
def test_words_together_is_the_pairwise_count(words: list[str]) -> None:
    """The count of words that can match at one position (counted by prefixes when no word has a cased
    character) is the pairwise count it stands for."""
    from consumer_rules.backends.shape import _agree, _together

    pairwise = max((sum(1 for other in words if _agree(word, other)) for word in words), default=0)
    assert _together(words) == pairwise


@pytest.mark.parametrize("text", ["买保险", "买保险\n", "保险\n买", "", "\n"])
def test_start_and_end_of_text_read_the_same_in_either_engine(text: str) -> None:
    # A regex that runs whole only for its ^ and $ runs in Python's re on a short text and in RE2 on a long
    # one; $ is the very end of the text in both (Python's $ would also match before a final line break).
    entries = [PatternEntry("保险$", None), PatternEntry("^保险", None), PatternEntry("(?:^|[^款])保险", None)]
    short = build_matcher(entries, "re2")
    assert all(short.shape(pid).edges for pid in range(3))

    hits = sorted(short.scan(text))
    assert sorted(_scan_all_in_re2(entries, text)) == hits
    expected = [(pid, m.start(), m.end()) for pid, e in enumerate(entries) for m in re2_finditer(e.regex, text)]
    assert hits == sorted(expected)


def re2_finditer(regex: str, text: str) -> list[Any]:
    import re2

    return [m for m in re2.compile(regex).finditer(text) if m.end() > m.start()]


def _loaded_without(builtin, monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, what: str) -> None:  # type: ignore[no-untyped-def]
    """Pickle the built-in matcher, make ``owner.name`` fail (``what`` must not happen on load), load it and
    check that it finds what the original finds, with and without a rule plan."""
    import pickle

    matcher = builtin.compiled.matcher
    data = pickle.dumps(matcher)

    def refuse(*_: Any) -> Any:
        raise AssertionError(what)

    monkeypatch.setattr(owner, name, refuse)
    loaded = pickle.loads(data)
    texts = ["本产品保本保收益，年化收益率高达12.5%，稳赚不赔", "我们会收集您的手机号码13812345678", *FRAGMENTS[:200]]
    plan = builtin._plan("marketing", None).patterns
    for text in texts:
        assert sorted(loaded.scan(text)) == sorted(matcher.scan(text))
        assert sorted(loaded.scan(text, plan)) == sorted(matcher.scan(text, plan))


def test_a_pickled_matcher_keeps_its_index_and_finds_the_same(builtin, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The cache stores the matcher's index of its patterns: loading it only builds the automaton again."""
    from consumer_rules.backends import automaton

    _loaded_without(builtin, monkeypatch, automaton, "_index", "the index was rebuilt on load")


def test_a_plan_table_filled_key_by_key_equals_one_built_whole(builtin) -> None:  # type: ignore[no-untyped-def]
    """A rule plan's key table is filled in as a document meets its keys; ``prepare`` fills it all at once
    (before a fork). Either way a scan finds the same."""
    import pickle

    plan = builtin._plan("privacy", None).patterns
    lazy = pickle.loads(pickle.dumps(builtin.compiled.matcher))
    whole = pickle.loads(pickle.dumps(builtin.compiled.matcher))
    whole.prepare(plan)
    text = "".join(FRAGMENTS[::7])
    assert sorted(lazy.scan(text, plan)) == sorted(whole.scan(text, plan))
    assert sorted(lazy.scan(text, plan)) == sorted(lazy.scan(text, set(plan)))
    assert set(lazy.scan(text, plan)) <= set(lazy.scan(text))


# --- windows stop at the marks a regex cannot match; regexes with ^ or $ run in windows too --------------------


def _re2_case_insensitive(regex: str, text: str) -> list[tuple[int, int]]:
    """``regex`` over the whole of ``text`` in RE2 as the matcher compiles it (ignoring case), code-point spans."""
    return [(m.start(), m.end()) for m in _re2(regex).finditer(text) if m.end() > m.start()]


def test_barriers_are_the_marks_no_element_can_match() -> None:
    from consumer_rules.backends.shape import RegexShape

    assert RegexShape.of(r"[^。!?\n;]{0,80}(?:视为|表示)").barriers() == "\n!;?。"
    assert RegexShape.of(r"a.b").barriers() == "\n"  # . matches every mark but the line break
    assert RegexShape.of(r"\sx").barriers() == "!,.:;?…、。"  # \s matches \n and \x1f
    # Nothing is said of what is not read here, or of what RE2 matches more widely than re (\S, [^\s]).
    for regex in [r"(?s:a.b)", r"(?=a)b", r"\S+x", r"[^\s]x", r"\Wx"]:
        assert RegexShape.of(regex).barriers() == "", regex


def test_mark_sets_and_clipped_windows() -> None:
    from consumer_rules.backends.windows import clipped_windows, mark_positions, mark_set, windows

    assert mark_set("\n!;?。") == "\n!?。"
    assert mark_set(";,") == ""
    text = "甲乙。丙丁视为戊己\n庚"
    marks = mark_positions("\n!?。", text)
    assert marks == [2, 9]
    # The anchor 视为 at [5, 7), longest match 20: the window stops after 。 and before the line break.
    assert windows([(5, 7)], 20, len(text)) == [(0, 11)]
    assert clipped_windows([(5, 7)], 20, len(text), marks) == [(3, 9)]
    # An occurrence holding a mark keeps its whole window; windows that touch merge.
    assert clipped_windows([(1, 4)], 3, len(text), marks) == [(1, 4)]
    assert clipped_windows([(3, 4), (5, 7)], 2, len(text), marks) == [(3, 7)]


@settings(max_examples=WHOLE_PACK_EXAMPLES, deadline=None)  # every built-in regex in both engines per example
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60))
def test_no_match_holds_a_barrier_in_either_engine(builtin, parts) -> None:  # type: ignore[no-untyped-def]

    text = "".join(parts)
    matcher = builtin.compiled.matcher
    for pid, entry in enumerate(builtin.compiled.patterns):
        if entry.literal is not None:
            continue
        barriers = matcher.shape(pid).barriers()
        if not barriers:
            continue
        spans = [m.span() for m in _python_re(entry.regex).finditer(text)]
        for start, end in spans + _re2_case_insensitive(entry.regex, text):
            assert not set(text[start:end]) & set(barriers), (entry.regex, text[start:end])


_EDGE_ENTRIES: list[PatternEntry] = []


def _edge_entries() -> list[PatternEntry]:
    """The built-in regexes with ^ or $ (the text's edges), which run in windows like the others."""
    import consumer_rules
    from consumer_rules.backends.shape import RegexShape

    if not _EDGE_ENTRIES:
        patterns = consumer_rules.load_rules(cache=False).compiled.patterns
        _EDGE_ENTRIES.extend(p for p in patterns if p.literal is None and RegexShape.of(p.regex).edges)
    return _EDGE_ENTRIES


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*FRAGMENTS, "\n", "\n\n", "电话", "客服热线", "13912345678", "一、"]), max_size=80))
@example(parts=["客服热线", "13912345678", "\n", "保险"])
def test_regexes_with_text_edges_find_in_windows_what_the_whole_text_gives(parts) -> None:  # type: ignore[no-untyped-def]
    text = "".join(parts)
    entries = _edge_entries()
    assert len(entries) > 20
    expected = sorted(
        leftmost_longest(
            (pid, start, end) for pid, e in enumerate(entries) for start, end in _re2_case_insensitive(e.regex, text)
        )
    )
    assert sorted(_scan_all_in_re2(entries, text)) == expected
    assert sorted(build_matcher(entries, "re2").scan(text)) == expected


def test_a_window_before_the_end_of_the_text_does_not_take_its_end_for_the_text_end() -> None:
    # The window around 电话 ends after 电话123, where the text goes on: $ must not hold there, nor ^ at a window
    # that starts inside the text.
    entries = [PatternEntry("电话[0-9]{3}$", None), PatternEntry("^(?:一、)?保险", None)]
    for text, expected in [
        ("电话1234" + "。" * 300, []),
        ("电话1234" + "。" * 300 + "电话567", [(0, 306, 311)]),
        ("。" * 300 + "保险", []),
        ("保险" + "。" * 300 + "\n保险", [(1, 0, 2)]),
    ]:
        for backend in ("re2", "python-re"):
            assert sorted(build_matcher(entries, backend).scan(text)) == expected, (backend, text[-8:])
        assert sorted(_scan_all_in_re2(entries, text)) == expected
    # Each backend reads $ as its engine does over the whole text: re also before a final line break.
    assert build_matcher(entries, "re2").scan("电话123\n") == []
    assert build_matcher(entries, "python-re").scan("电话123\n") == [(0, 0, 5)]


def _loaded(state: dict[str, Any]) -> Any:
    from consumer_rules.backends.automaton import AutomatonMatcher

    matcher = AutomatonMatcher.__new__(AutomatonMatcher)
    matcher.__setstate__(state)
    return matcher


def test_a_pickled_matcher_loads_its_regexes_shapes_instead_of_making_them(
    builtin, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The cache stores every regex's shape (pieces, longest match, backtracking bound, marks) with the matcher:
    a process that loads it parses a regex again only for what depends on the document, and finds the same."""
    from consumer_rules.backends.shape import RegexShape

    _loaded_without(builtin, monkeypatch, RegexShape, "of", "a shape was made again on load")


def test_a_loaded_shape_reads_as_the_one_it_was_stored_from(builtin) -> None:  # type: ignore[no-untyped-def]
    """Every built-in regex: the shape loaded from its stored form gives what a shape made from the regex gives,
    those parts that depend on the document (the runs' lengths, where a match can start) included; a shape
    stored in another form is refused."""
    import pickle

    from consumer_rules.backends.shape import RegexShape

    matcher = builtin.compiled.matcher
    text = "".join(FRAGMENTS[::5]) + "１２３４５６７８９０12345678901234 abc"
    for pid in matcher._regex_ids:
        made = RegexShape.of(matcher._source(pid))
        stored = pickle.loads(pickle.dumps(made.stored()))
        made = RegexShape.of(matcher._source(pid))  # nothing computed yet
        loaded = RegexShape.from_stored(made.source, made.pieces, stored)
        assert loaded._tree is None  # parsed again only when first needed
        assert (loaded.source, loaded.whole, loaded.edges, loaded.pieces) == (
            made.source,
            made.whole,
            made.edges,
            made.pieces,
        )
        assert list(loaded.runs) == list(made.runs)
        assert loaded.barriers() == made.barriers()
        lengths = made.run_lengths(text)
        assert loaded.run_lengths(text) == lengths
        assert loaded.sizes(lengths) == made.sizes(lengths)
        made_starts, loaded_starts = made.starts(), loaded.starts()
        assert (made_starts is None) == (loaded_starts is None)
        if made_starts is not None and loaded_starts is not None:
            assert made_starts[1] == loaded_starts[1]
            assert made_starts[0](text, 0, len(text)) == loaded_starts[0](text, 0, len(text))
    with pytest.raises(ValueError):
        RegexShape.from_stored("a+", (("a",),), ("regex-shape 0", False, (), False, {}, ""))


def test_a_stored_shape_of_other_source_or_form_is_made_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stored shape is used only for the very regex it was made from, in the form this engine stores: a changed
    pattern (or the other backend's form of it) or a shape stored by another engine version is made again."""
    from consumer_rules.backends import shape as shape_module

    regex = "收益[^。]{0,4}\\d+%"
    pid = len(LITERALS) + REGEXES.index(regex)
    state = RE2.__getstate__()
    assert state["shapes"][pid] is not None
    text = "收益是八个字符的数字12%，收益3%"
    # The pattern changed (its longest match too) but the stored shapes did not.
    changed = [*ENTRIES]
    changed[pid] = PatternEntry("收益[^。]{0,12}\\d+%", None)
    stale = _loaded({**state, "patterns": changed})
    assert stale.shape(pid).sizes((2,)) == shape_module.RegexShape.of(changed[pid].regex).sizes((2,))
    assert sorted(stale.scan(text)) == sorted(build_matcher(changed, "re2").scan(text))
    assert (pid, 0, 13) in stale.scan(text)
    # The other backend's form of the same regex (Python's re caps unbounded repeats).
    other = _loaded({**PYTHON_RE.__getstate__(), "name": "re2"})
    assert PYTHON_RE.shape(pid).runs == {}  # its \d+ is capped there
    assert list(other.shape(pid).runs) == list(RE2.shape(pid).runs) != []
    for p in range(len(LITERALS), len(ENTRIES)):
        assert other.shape(p).source == ENTRIES[p].regex
    # Stored in another form.
    monkeypatch.setattr(shape_module, "SHAPE_STATE", "regex-shape 0")
    made: list[str] = []
    real_of = shape_module.RegexShape.of.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(
        shape_module.RegexShape, "of", classmethod(lambda cls, source: made.append(source) or real_of(cls, source))
    )
    old = _loaded(state)
    assert old.shape(pid).sizes((2,)) == RE2.shape(pid).sizes((2,))
    assert made == [regex]


@pytest.mark.parametrize("backend", ["re2", "python-re"])
def test_a_regex_no_engine_can_run_fails_when_the_rule_set_is_built(backend: str) -> None:
    """verify() reads every regex when a rule set is built: one that parses but cannot be compiled (a look-behind
    of varying width) is named then, not met in the middle of a check."""
    from consumer_rules.backends.automaton import PatternError

    matcher = build_matcher([PatternEntry("保本", "保本"), PatternEntry("(?<=a+)收益", None)], backend)
    with pytest.raises(PatternError) as info:
        matcher.verify()  # type: ignore[attr-defined]
    assert info.value.pid == 1
