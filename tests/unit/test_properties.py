"""Properties of the whole engine on arbitrary input (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consumer_rules import RuleSet
from tests.helpers import load_pack, rule

RULES = [
    rule(
        "TST001",
        kind="forbid",
        match=["保本", "保收益", {"regex": "年化[^。]{0,6}\\d+(?:\\.\\d+)?%"}],
        unless={"negated": {"words": ["不", "非", "不承诺"], "window": 4}},
    ),
    rule("TST002", kind="forbid", match=["最佳", "第一"], unless={"inside": ["第一期", "最佳实践"]}),
    rule("TST003", kind="require", when=["理财"], accept=["理财非存款、产品有风险、投资须谨慎"], within="paragraph"),
]


@pytest.fixture(scope="module", params=["re2", "python-re"])
def ruleset(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    return load_pack(tmp_path_factory.mktemp("pack"), RULES, backend=str(request.param))


_filler = st.text(
    alphabet=st.sampled_from(list("本产品的收益稳健，。\n 理财非存款最第一期abcXYZ１２３％%年化")), max_size=30
)
_noise = st.sampled_from([" ", "\u200b", "\u200c", "\u3000", "\n", "\u00ad", "\ufeff"])


def _disguise(phrase: str, data: st.DataObject) -> str:
    """Insert invisible or white-space characters between the characters of a phrase."""
    out = []
    for i, ch in enumerate(phrase):
        out.append(ch)
        if i < len(phrase) - 1 and data.draw(st.booleans()):
            out.append(data.draw(_noise))
    return "".join(out)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(st.text(max_size=200))
def test_no_input_makes_the_engine_raise_and_excerpts_are_exact(ruleset: RuleSet, text: str) -> None:
    report = ruleset.check_text(text)
    for f in report.findings:
        assert text[f.start : f.end] == f.excerpt
        assert f.line >= 1 and f.column >= 1


@SETTINGS
@given(_filler, _filler, st.sampled_from(["保本", "保收益", "最佳"]), st.data())
def test_disguised_phrases_still_flag_at_their_original_characters(
    ruleset: RuleSet, before: str, after: str, phrase: str, data: st.DataObject
) -> None:
    before = before.rstrip("不非诺")  # a negator right before would (correctly) cancel the match
    disguised = _disguise(phrase, data)
    text = f"{before}，{disguised}，{after}"
    report = ruleset.check_text(text)
    start = len(before) + 1
    spans = {(f.start, f.end) for f in report.findings}
    assert (start, start + len(disguised)) in spans
    for f in report.findings:
        assert text[f.start : f.end] == f.excerpt


@SETTINGS
@given(_filler, st.sampled_from(["不", "非", "不承诺"]), st.sampled_from(["保本", "保收益"]))
def test_a_negator_before_a_guarantee_removes_it(ruleset: RuleSet, before: str, negator: str, phrase: str) -> None:
    text = f"{before}。本产品{negator}{phrase}"
    codes = [(f.rule_id, f.excerpt) for f in ruleset.check_text(text).findings]
    assert ("TST001", phrase) not in codes


@SETTINGS
@given(st.sampled_from(["保本", "最佳"]), st.data())
def test_full_width_and_traditional_variants_flag(ruleset: RuleSet, phrase: str, data: st.DataObject) -> None:
    variant = {
        "保本": data.draw(st.sampled_from(["保本", "保　本", "保\u200d本"])),
        "最佳": data.draw(st.sampled_from(["最佳", "最 佳"])),
    }[phrase]
    assert any(f.excerpt == variant for f in ruleset.check_text(f"这是{variant}选择").findings)


_WIDE = {ch: chr(ord(ch) + 0xFEE0) for ch in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"}


@pytest.fixture(scope="module")
def latin_rules(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    return load_pack(tmp_path_factory.mktemp("latin"), [rule("TST001", kind="forbid", match=["top1", "no.1"])])


@SETTINGS
@given(st.sampled_from(["top1", "no.1"]), st.data())
def test_full_width_and_upper_case_variants_of_each_character_still_flag(
    latin_rules: RuleSet, phrase: str, data: st.DataObject
) -> None:
    variant = "".join(
        data.draw(st.sampled_from([ch, ch.upper(), _WIDE.get(ch, ch), _WIDE.get(ch.upper(), ch)])) for ch in phrase
    )
    text = f"行业{variant}的选择"
    assert [f.excerpt for f in latin_rules.check_text(text).findings] == [variant]
