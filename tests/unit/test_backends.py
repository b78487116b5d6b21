"""Both regex engines give the same hits; literals are exact code-point spans; regexes stay linear."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consumer_rules.backends import PatternEntry, build_matcher, leftmost_longest
from tests.helpers import load_pack, rule

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
