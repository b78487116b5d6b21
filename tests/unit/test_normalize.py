"""The normalised view and its offset map back to the original text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consumer_rules.normalize import normalize, normalize_phrase, tidy_prose


def test_folds_width_case_and_traditional() -> None:
    assert normalize("ＡＰＰ 年化３．５％").text == "app 年化3.5%"
    assert normalize("保證收益，穩賺不賠").text == "保证收益,稳赚不赔"
    assert normalize("NO.1").text == "no.1"


def test_removes_gaps_inside_chinese_runs_only() -> None:
    assert normalize("保 本").text == "保本"
    assert normalize("保\n本").text == "保本"
    assert normalize("保\r\n本").text == "保本"
    assert normalize("保\u3000本").text == "保本"
    assert normalize("保\u200b本").text == "保本"
    assert normalize("保\u200d \u00ad本").text == "保本"
    assert normalize("年化 12%").text == "年化 12%"  # a digit is not Chinese: keep the space
    assert normalize("a\u200bb").text == "ab"  # invisible characters go everywhere


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # A title line and the body below it are not one phrase, and rules can see where the heading ends.
        ("使用需知\n本卡不记名", "使用需知\n本卡不记名"),
        ("隐私政策\n我们重视", "隐私政策\n我们重视"),
        ("联系我们\n客服电话", "联系我们\n客服电话"),
        ("第三条 退款\n本店不退", "第三条退款\n本店不退"),
        ("一、产品特点\n保本保息", "一、产品特点\n保本保息"),
        ("（二）服务说明\n本服务", "(二)服务说明\n本服务"),
        # ... while a phrase split over two lines inside running text is still one phrase.
        ("本产品保\n本保息", "本产品保本保息"),
        ("年化收益\n5.6%", "年化收益\n5.6%"),  # not between two Chinese characters: kept
        ("产品收益\n稳定可靠", "产品收益稳定可靠"),  # no title word, no number: read as wrapped
        ("一、保\n本", "一、保本"),  # a one-character line is no heading
        ("本活动须知，请\n查看", "本活动须知,请查看"),  # punctuation: a sentence, not a title
        # Two fields of a product sheet, each a label and a colon, are not one wrapped sentence.
        ("保险期间：20年\n交费期间：10年", "保险期间:20年\n交费期间:10年"),
        ("保险期间：终身\n交费方式：年交", "保险期间:终身\n交费方式:年交"),
        ("初始费用：\n全免\n退保费用：\n1%", "初始费用:\n全免\n退保费用:\n1%"),  # a value on its own line
        # ... but a line that only ends in a label, or a next line that holds none, is still read as wrapped.
        ("本产品保\n本保息：高", "本产品保本保息:高"),
        ("产品特点：稳\n健收益", "产品特点:稳健收益"),
    ],
)
def test_a_heading_keeps_its_line_break(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


def test_blank_line_between_chinese_keeps_paragraphs_apart() -> None:
    assert normalize("保\n\n本").text == "保\n\n本"
    assert normalize("保\n\u200b\n本").text == "保\n\n本"


def test_expansions_map_back_to_the_whole_character() -> None:
    norm = normalize("收益⑩倍")
    assert norm.text == "收益10倍"
    start = norm.text.index("10")
    assert norm.span(start, start + 2) == (2, 3)


def test_phrases_and_texts_meet() -> None:
    assert normalize_phrase("保 證") == normalize("保证").text


def test_span_of_match_across_removed_gap() -> None:
    original = "本产品保 \u200b本保息"
    norm = normalize(original)
    i = norm.text.index("保本")
    start, end = norm.span(i, i + 2)
    assert original[start:end] == "保 \u200b本"


_pieces = st.sampled_from(
    [
        "保",
        "本",
        "收",
        "益",
        " ",
        "\n",
        "\u200b",
        "\u3000",
        "Ａ",
        "ａ",
        "１",
        "％",
        "a",
        "A",
        "。",
        "，",
        "證",
        "⑩",
        "\r\n",
        "\n\n",
        "x",
        "最",
        "佳",
    ]
)
texts = st.lists(st.one_of(_pieces, st.text(max_size=3)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_every_normalised_character_maps_inside_the_original(text: str) -> None:
    norm = normalize(text)
    n = len(norm.text)
    for i in range(n):
        start, end = norm.span(i, i + 1)
        assert 0 <= start < end <= len(text)
    for i in range(n + 1):
        for j in range(i + 1, n + 1):
            start, end = norm.span(i, j)
            assert 0 <= start <= end <= len(text)
            # The original excerpt normalises back to (a superset of) the normalised range.
            assert norm.text[i:j] in normalize(text[start:end]).text or norm.text[i:j].strip() == ""


@settings(max_examples=200, deadline=None)
@given(texts)
def test_normalising_is_idempotent(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once


def test_the_folding_maps_come_from_the_cache_and_equal_a_fresh_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consumer_rules import normalize as module

    monkeypatch.setenv("CONSUMER_RULES_CACHE_DIR", str(tmp_path))
    fresh = module._build_maps()
    assert module.cached(module._maps_key(), module._build_maps, kind="normalize") == fresh
    (entry,) = tmp_path.glob("normalize-*.pickle")
    # A damaged entry is never read: it is rebuilt, with the same maps.
    entry.write_bytes(entry.read_bytes()[:-10])
    assert module.cached(module._maps_key(), lambda: fresh, kind="normalize") == fresh
    assert fresh[0][ord("Ａ")] == "a" and fresh[0][ord("證")] == "证"


@pytest.mark.parametrize(
    ("folded", "shown"),
    [
        ("要求广告引用的内容真实、准确。 卖货的文案", "要求广告引用的内容真实、准确。卖货的文案"),
        ("a， 是b", "a，是b"),
        # curly quotes are Chinese prose's own: a folded line between two quoted phrases is no gap
        ("是压舱石” “经中国医学科学院", "是压舱石”“经中国医学科学院"),
        ("文案写 “保本”", "文案写“保本”"),
        ("“第一年租金收益7%” “升值空间大”", "“第一年租金收益7%”“升值空间大”"),
        # English keeps its spaces, quoted or not
        ("called “safe” “sure” here", "called “safe” “sure” here"),
        ("the 保本 rule", "the 保本 rule"),
    ],
)
def test_rule_prose_loses_the_spaces_yaml_folding_puts_between_chinese_words(folded: str, shown: str) -> None:
    assert tidy_prose(folded) == shown


def test_pinyin_printed_after_its_characters_is_read_through() -> None:
    # Ruby text flattened by a scraper puts each syllable after its character; the words read whole again and a
    # finding still points at the original characters. A list's (a) or (ii) has no tone mark and stays.
    original = "出發(fā)日前45天內(nèi)不接受退款，條款(a)與(ii)"
    n = normalize(original)
    assert n.text == "出发日前45天内不接受退款,条款(a)与(ii)"
    start = n.text.index("天内不接受")
    s, e = n.span(start, start + len("天内不接受"))
    assert original[s:e] == "天內(nèi)不接受"
