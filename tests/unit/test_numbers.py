"""Quantities in Chinese copy: values round-trip through their written forms, and offsets are exact."""

from __future__ import annotations

from decimal import Decimal, localcontext
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consumer_rules.numbers import Quantity, find_quantities, parse_number

_DIGITS = "零一二三四五六七八九"
_FINANCIAL = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")
_FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


def chinese(n: int) -> str:
    """The standard Chinese numeral for 0 <= n < 10**12, with 零 for every gap (10005 -> 一万零五)."""
    if n == 0:
        return "零"
    out = ""
    gap = False  # a zero digit or a zero 万-group stood since the last digit written
    for group_unit, group in (("亿", n // 10**8), ("万", n // 10**4 % 10**4), ("", n % 10**4)):
        if group == 0:
            gap = gap or bool(out)
            continue
        for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = group // unit_value % 10
            if digit == 0:
                gap = gap or bool(out)
                continue
            if gap:
                out += "零"
                gap = False
            out += _DIGITS[digit] + unit
        out += group_unit
    # 一十二 is read as well, but 十二 is how it is written.
    return out[1:] if out.startswith("一十") else out


def chinese_decimal(value: Decimal) -> str:
    whole, _, frac = format(value, "f").partition(".")
    return chinese(int(whole)) + ("点" + "".join(_DIGITS[int(d)] for d in frac) if frac else "")


def only(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


def summary(text: str) -> list[tuple[str, str, str, str]]:
    return [(q.kind, str(q.value), q.unit, q.text) for q in find_quantities(text)]


def test_writer_writes_standard_numerals() -> None:
    assert chinese(12) == "十二"
    assert chinese(105) == "一百零五"
    assert chinese(10005) == "一万零五"
    assert chinese(100001000) == "一亿零一千"
    assert chinese(120000000) == "一亿二千万"
    assert chinese(35000) == "三万五千"


# parse_number ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,000", "1000"),
        ("1,234,567.5", "1234567.5"),
        ("3.5", "3.5"),
        ("0.05", "0.05"),
        ("三点五", "3.5"),
        ("零点五", "0.5"),
        ("十", "10"),
        ("十二", "12"),
        ("一百零五", "105"),
        ("一百一十", "110"),
        ("两千", "2000"),
        ("三万五千", "35000"),
        ("五万", "50000"),
        ("1.5万", "15000"),
        ("三点五万", "35000"),
        ("一亿二千万", "120000000"),
        ("一万亿", "1000000000000"),
        ("壹万", "10000"),
        ("贰拾叁", "23"),
        ("壹佰零伍", "105"),
        ("5万", "50000"),
        ("3千", "3000"),
        ("12345万", "123450000"),
        ("3万5000", "35000"),
        ("一千五", "1500"),  # colloquial: the trailing digit takes the next lower unit
        ("三万五", "35000"),
        ("二〇二四", "2024"),
        ("３．５", "3.5"),
        ("１，０００", "1000"),
    ],
)
def test_parse_number(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(
    "text", ["", "abc", "万", "百", "十百", "五五", "三五", "1,0000", "3.", "3点", "一亿二亿", "5%"]
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


def test_values_are_exact_decimals() -> None:
    value = parse_number("0.1")
    assert value is not None and value * 3 == Decimal("0.3")  # no float on the way
    assert only("1.5亿元").value.as_tuple().exponent == 0  # 150000000, not 1.50E+8


# Real phrases ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("年化利率7.2%", [("percent", "0.072", "%", "7.2%")]),
        ("日息0.05%", [("percent", "0.0005", "%", "0.05%")]),
        ("万分之五的日息", [("percent", "0.0005", "‱", "万分之五")]),
        ("千分之五", [("percent", "0.005", "‰", "千分之五")]),
        ("百分之三点五", [("percent", "0.035", "%", "百分之三点五")]),
        ("百分之3.5", [("percent", "0.035", "%", "百分之3.5")]),
        ("百分之百保本", [("percent", "1", "%", "百分之百")]),
        ("３．５％", [("percent", "0.035", "%", "３．５％")]),
        ("收益 3.5 %", [("percent", "0.035", "%", "3.5 %")]),
        ("3‰", [("percent", "0.003", "‰", "3‰")]),
        ("5万元起购", [("amount", "50000", "元", "5万元")]),
        ("最低5万起购", [("amount", "50000", "元", "5万")]),
        ("1.5亿元", [("amount", "150000000", "元", "1.5亿元")]),
        ("起投金额1,000元", [("amount", "1000", "元", "1,000元")]),
        ("人民币5万元", [("amount", "50000", "元", "人民币5万元")]),
        ("人民币壹万元整", [("amount", "10000", "元", "人民币壹万元")]),
        ("五万元", [("amount", "50000", "元", "五万元")]),
        ("¥1000", [("amount", "1000", "元", "¥1000")]),
        ("￥１０００", [("amount", "1000", "元", "￥１０００")]),
        ("1000块", [("amount", "1000", "元", "1000块")]),
        ("期限90天", [("duration", "90", "天", "90天")]),
        ("3个月", [("duration", "90", "月", "3个月")]),
        ("1年", [("duration", "365", "年", "1年")]),
        ("两年期", [("duration", "730", "年", "两年")]),
        ("2周", [("duration", "14", "周", "2周")]),
        ("7日年化", [("duration", "7", "天", "7日")]),
        ("手续费全免", []),
        (
            "年化利率7.2%,日息0.05%,期限90天,5万元起购",
            [
                ("percent", "0.072", "%", "7.2%"),
                ("percent", "0.0005", "%", "0.05%"),
                ("duration", "90", "天", "90天"),
                ("amount", "50000", "元", "5万元"),
            ],
        ),
    ],
)
def test_real_phrases(text: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert summary(text) == expected


# Care points -------------------------------------------------------------------------------------


def test_thousands_separator_or_list() -> None:
    assert summary("1,000元") == [("amount", "1000", "元", "1,000元")]
    assert summary("3%,5%") == [("percent", "0.03", "%", "3%"), ("percent", "0.05", "%", "5%")]
    assert summary("3%，5%") == [("percent", "0.03", "%", "3%"), ("percent", "0.05", "%", "5%")]
    assert summary("3,5%") == [("percent", "0.05", "%", "5%")]  # 3 is a list item without unit
    assert summary("1,2000元") == [("amount", "2000", "元", "2000元")]  # not a thousands group: 1 stays bare


def test_years_and_dates_are_not_durations() -> None:
    assert find_quantities("2024年12月31日") == []
    assert find_quantities("二〇二四年十二月三十一日") == []
    assert find_quantities("2024年") == []
    assert find_quantities("24年12月") == []  # a two-digit year in a date
    assert find_quantities("每月1日还款") == []
    assert find_quantities("2023-2024年") == []
    assert summary("期限2024年") == [("duration", "738760", "年", "2024年")]  # a term, however odd
    assert summary("100年") == [("duration", "36500", "年", "100年")]


def test_ordinals_and_other_counts_are_skipped() -> None:
    assert find_quantities("第一年") == []
    assert find_quantities("第1-3年") == []
    # a space after 第, as text converted from a PDF writes it: still a position (保险期间届满之日起第 30日)
    assert find_quantities("第 30日") == [] and find_quantities("第\u30003年") == []
    assert summary("共 30日") == [("duration", "30", "天", "30日")]
    assert find_quantities("3.5厘") == []
    assert find_quantities("3周年") == []
    assert find_quantities("5万人") == []
    assert find_quantities("5万美元") == []
    assert find_quantities("3个工作日") == []
    assert find_quantities("共100") == []  # a bare number is not an amount
    assert find_quantities("下午三点") == []


def test_ages_are_their_own_kind() -> None:
    assert summary("18周岁") == [("age", "18", "岁", "18周岁")]
    assert summary("0-65岁可投") == [("age", "0", "岁", "0"), ("age", "65", "岁", "65岁")]
    assert summary("最高支持80周岁投保") == [("age", "80", "岁", "80周岁")]
    assert find_quantities("3周年") == []  # an anniversary, not an age


def test_ranges_give_two_quantities() -> None:
    both = [("percent", "0.032", "%", "3.2%"), ("percent", "0.038", "%", "3.8%")]
    assert summary("3.2%-3.8%") == both
    assert summary("3.2%～3.8%") == both
    assert summary("3.2%至3.8%") == both
    assert summary("3.2-3.8%") == [("percent", "0.032", "%", "3.2"), ("percent", "0.038", "%", "3.8%")]
    assert summary("1-3个月") == [("duration", "30", "月", "1"), ("duration", "90", "月", "3个月")]
    assert summary("3-5万元") == [("amount", "30000", "元", "3"), ("amount", "50000", "元", "5万元")]
    assert summary("5000-1万元") == [("amount", "5000", "元", "5000"), ("amount", "10000", "元", "1万元")]
    assert summary("三五年") == [("duration", "1095", "年", "三"), ("duration", "1825", "年", "五年")]


def test_offsets_point_into_raw_text() -> None:
    text = "产品Ａ：年化３．５％，起投１，０００元，期限９０天"
    found = find_quantities(text)
    assert [q.text for q in found] == ["３．５％", "１，０００元", "９０天"]
    assert [q.value for q in found] == [Decimal("0.035"), Decimal(1000), Decimal(90)]
    assert all(text[q.start : q.end] == q.text for q in found)


def test_long_runs_are_not_numbers_and_the_callers_context_does_not_matter() -> None:
    assert find_quantities("1" * 40 + "元") == []  # an account number, not money
    assert parse_number("一十" * 30) is None
    with localcontext(prec=3):
        assert only("123456789元").value == 123456789
        assert parse_number("1.5万亿") == 1_500_000_000_000


# Round trips -------------------------------------------------------------------------------------

percents = st.integers(1, 9999).map(lambda n: Decimal(n).scaleb(-2))  # 0.01 .. 99.99, two decimals at most


@settings(max_examples=300, deadline=None)
@given(percents, st.booleans(), st.sampled_from(["arabic", "full-width", "chinese", "prefix-arabic"]))
def test_percent_round_trip(value: Decimal, trim: bool, form: str) -> None:
    number = format(value.normalize() if trim else value, "f")  # "12.30" and "12.3" are both written
    written = {
        "arabic": number + "%",
        "full-width": (number + "%").translate(_FULL_WIDTH),
        "chinese": "百分之" + chinese_decimal(Decimal(number)),
        "prefix-arabic": "百分之" + number,
    }[form]
    text = f"年化收益率{written},期限1年"
    q = find_quantities(text)[0]
    assert (q.kind, q.value, q.unit, q.text) == ("percent", value / 100, "%", written)


def amount_forms(n: int) -> list[str]:
    forms = [str(n), f"{n:,}", chinese(n), chinese(n).translate(_FINANCIAL)]
    if n % 10**8 == 0:
        forms.append(f"{n // 10**8}亿")
    if n % 10**4 == 0:
        forms.append(f"{n // 10**4}万")
    if n % 100 == 0:
        forms.append(format(Decimal(n).scaleb(-4).normalize(), "f") + "万")  # 1.23万
    return forms


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.integers(1, 999_999_999), st.integers(1, 99_999).map(lambda n: n * 10**4)))
def test_amount_round_trip(n: int) -> None:
    for written in amount_forms(n):
        text = f"起投金额{written}元起"
        q = only(text)
        assert (q.kind, q.value, q.unit, q.text) == ("amount", Decimal(n), "元", written + "元")
        assert parse_number(written) == n


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([("天", "天", 1, 99_999), ("个月", "月", 30, 999), ("年", "年", 365, 100), ("周", "周", 7, 999)]),
    st.integers(1, 99_999),
    st.booleans(),
)
def test_duration_round_trip(unit: tuple[str, str, int, int], n: int, in_chinese: bool) -> None:
    word, normalised, days, top = unit
    n = n % top + 1
    written = (chinese(n) if in_chinese else str(n)) + word
    q = only(f"期限{written},到期还本")
    assert (q.kind, q.value, q.unit, q.text) == ("duration", Decimal(n * days), normalised, written)


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789１５.．,，%％一二五十百千万亿点分之元年月日天个第期-~至 人¥")),
        max_size=40,
    )
)
def test_any_text_gives_exact_ordered_spans(text: str) -> None:
    found = find_quantities(text)
    assert all(text[q.start : q.end] == q.text and q.start < q.end for q in found)
    assert all(a.end <= b.start for a, b in pairwise(found))
    assert all(q.kind in ("percent", "amount", "duration", "count") for q in found)


@pytest.mark.parametrize(
    ("text", "value", "unit", "written"),
    [
        ("日息低至2厘", "0.0002", "厘", "2厘"),
        ("月息6厘", "0.006", "厘", "6厘"),
        ("年息3厘", "0.03", "厘", "3厘"),
        ("日利率：1.5厘", "0.00015", "厘", "1.5厘"),
        # 分 is ten 厘 of the period, and may carry one more digit of 厘
        ("月息1分", "0.01", "分", "1分"),
        ("年息1分2", "0.12", "分", "1分2"),
        ("年利率1分2厘", "0.12", "分", "1分2厘"),
        ("月息一分五", "0.015", "分", "一分五"),
        ("日息1分", "0.001", "分", "1分"),
    ],
)
def test_li_and_fen_are_rates_sized_by_their_period(text: str, value: str, unit: str, written: str) -> None:
    (q,) = find_quantities(text)
    assert (q.kind, q.value, q.unit, q.text) == ("percent", Decimal(value), unit, written)


def test_li_without_a_period_or_as_length_is_no_rate() -> None:
    assert find_quantities("2厘") == [] and find_quantities("日息长5厘米") == []


def test_fen_without_a_rate_period_is_no_rate() -> None:
    assert find_quantities("得分90分") == [] and find_quantities("1分钱") == []
    assert [q.text for q in find_quantities("月息1分，3分钟到账")] == ["1分"]


def _kinds(text: str) -> list[tuple[str, str, str, str]]:
    return [(q.kind, str(q.value), q.unit, q.text) for q in find_quantities(text)]


def test_instalment_counts() -> None:
    assert _kinds("最长可分24期") == [("count", "24", "期", "24期")]
    assert _kinds("分十二期还款") == [("count", "12", "期", "十二期")]
    assert _kinds("可选3-24期") == [("count", "3", "期", "3"), ("count", "24", "期", "24期")]
    assert _kinds("第3期") == []  # a position, not a count
    assert _kinds("3期限") == []
    assert _kinds("1.5期") == []  # no such count


def test_how_many_times() -> None:
    assert _kinds("重疾最多赔付3次") == [("times", "3", "次", "3次")]
    assert _kinds("轻症赔付三次") == [("times", "3", "次", "三次")]
    assert _kinds("重疾二次赔付") == [("times", "2", "次", "二次")]
    assert _kinds("赔付 2 次") == [("times", "2", "次", "2 次")]
    assert _kinds("第二次确诊") == []  # which payout, not how many
    assert _kinds("一次性给付") == []  # paid in one sum
    assert _kinds("次日到账") == []
    assert _kinds("1次日") == []
    assert _kinds("1.5次") == []


def test_kinds_and_halves() -> None:
    assert _kinds("保障120种重疾") == [("items", "120", "种", "120种")]
    assert _kinds("轻症保障：50 种") == [("items", "50", "种", "50 种")]
    assert _kinds("一百二十种") == [("items", "120", "种", "一百二十种")]
    assert _kinds("是一种重疾险") == []  # the article, not a count
    assert _kinds("确诊重大疾病(无论一种或多种)") == []
    assert _kinds("为所选保额的一半") == [("multiple", "0.5", "倍", "一半")]
    assert _kinds("一年半") == [("duration", "365", "年", "一年")]  # not half of anything


def test_wan_shorthand_is_per_ten_thousand() -> None:
    assert _kinds("日息万2") == [("percent", "0.0002", "‱", "万2")]
    assert _kinds("日利率万2.5起") == [("percent", "0.00025", "‱", "万2.5")]
    assert _kinds("日息万五") == [("percent", "0.0005", "‱", "万五")]
    assert _kinds("万一出险") == []  # in case
    assert _kinds("5万2千元") == [("amount", "52000", "元", "5万2千元")]
    assert _kinds("一万二") == []
    assert _kinds("万2000") == []


def test_li_after_annualised_is_one_percent() -> None:
    assert _kinds("年化7厘") == [("percent", "0.07", "厘", "7厘")]
    assert _kinds("年化利率低至3厘") == [("percent", "0.03", "厘", "3厘")]
    assert _kinds("月息8厘") == [("percent", "0.008", "厘", "8厘")]
    assert _kinds("日息2厘") == [("percent", "0.0002", "厘", "2厘")]
