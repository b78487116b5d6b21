"""The table of facts (kinds/consistency_facts.py): for each row, copy that states the fact with a figure the record
does not hold is reported however it is spelt (any of the row's words, a qualifier, full-width or spaced digits,
Chinese numerals, the number joined by 的), and copy that states the record's own figure is not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consumer_rules.kinds.consistency_facts import FACTS
from consumer_rules.product import Product
from tests.helpers import builtin_rules

_INS = {"type": "insurance", "insurance_subtype": "critical_illness", "issuer": "XX人寿保险股份有限公司"}
_LOAN = {"type": "loan", "issuer": "XX消费金融有限公司"}
_GRADED = {**_INS, "name": "安康重疾", "insurance": {"illnesses": {"critical": 100, "moderate": 20, "mild": 40}}}
_PAID = {
    **_INS,
    "name": "安康重疾",
    "insurance": {"illnesses": {"critical_payouts": 2, "moderate_payouts": 2, "mild_payouts": 3}},
}
_CARD = {"type": "credit_card", "issuer": "XX银行股份有限公司"}
_WEALTH = {
    "type": "wealth_management",
    "name": "稳享180天持有期理财",
    "issuer": "XX理财有限责任公司",
    "risk_level": "R2",
    "returns": {"low": "2.8%", "high": "3.3%", "kind": "benchmark", "method": "以债券类资产收益率为基础测算"},
    "fees": [{"name": "销售服务费", "rate": "0.3%", "basis": "按年"}],
}


@dataclass(frozen=True)
class Row:
    fact: str
    rules: tuple[str, ...]  # the row's rule, and any other rule on the same fact that may stand in for it
    product: dict[str, Any]
    differs: tuple[str, ...]  # the same wrong figure, spelt several ways
    agrees: tuple[str, ...]  # the record's figure, spelt several ways


ROWS = [
    Row(
        "annual_rate",
        ("PRD023",),
        {**_LOAN, "name": "随心借", "apr": "7.2%"},
        ("3.6%", "3.6 %", "３．６％", "百分之三点六", "3.60%"),
        ("7.2%", "7.2 %", "７．２％", "百分之七点二"),
    ),
    Row(
        "daily_rate",
        ("PRD048", "PRD065"),
        {**_LOAN, "name": "随心借", "apr": "7.3%", "credit": {"daily_rate": "0.02%"}},
        ("0.01%", "0.01 %", "万分之一", "０．０１％"),
        ("0.02%", "万分之二", "０．０２％"),
    ),
    Row(
        "monthly_rate",
        ("PRD049", "PRD066"),
        {**_LOAN, "name": "随心借", "apr": "7.2%", "credit": {"monthly_rate": "0.6%"}},
        ("0.5%", "0.5 %", "千分之五", "０．５％"),
        ("0.6%", "千分之六", "０．６％"),
    ),
    Row(
        "benchmark",
        ("PRD022",),
        _WEALTH,
        ("4.5%", "4.5 %", "４．５％", "百分之四点五"),
        # the bottom of the record's 2.8%-3.3%: the top alone is the best case given as the figure (best_end)
        ("2.8%", "2.80%", "２．８％", "百分之二点八"),
    ),
    Row(
        "stated_return",
        ("PRD086",),
        _WEALTH,
        ("4.5%", "4.5 %", "４．５％", "百分之四点五"),
        ("2.8%", "3%", "3.2%", "百分之三"),  # inside the range; its top alone is best_end's
    ),
    Row(
        "guaranteed_rate",
        ("PRD067",),
        {**_INS, "name": "鑫享年金", "guarantees": {"guaranteed_rate": "1.75%", "non_guaranteed": ["红利"]}},
        ("2.5%", "2.5 %", "２．５％", "百分之二点五"),
        ("1.75%", "1.75 %", "百分之一点七五"),
    ),
    Row(
        "guaranteed_growth",
        ("PRD115",),
        {
            **_INS,
            "name": "鑫享增额终身寿险",
            "term": "终身",
            "guarantees": {"guaranteed": ["有效保险金额按3%年复利递增"]},
        },
        ("3.5%", "3.5 %", "３．５％", "百分之三点五"),
        ("3%", "3.0%", "３％", "百分之三"),
    ),
    Row(
        "fee_rate",
        ("PRD024",),
        _WEALTH,
        ("0.1%", "0.1 %", "０．１％", "千分之一"),
        ("0.3%", "0.30%", "千分之三"),
    ),
    Row(
        "paying_period",
        ("PRD054",),
        {**_INS, "name": "鑫享年金", "insurance": {"premium": "1万元", "frequency": "年交", "paying_period": "10年交"}},
        ("5年", "五年", "5 年"),
        ("10年", "十年", "10 年"),
    ),
    Row(
        "daily_premium",
        ("PRD055",),
        {**_INS, "name": "安康重疾", "insurance": {"premium": "1万元", "frequency": "年交"}},
        ("2元", "2 元", "两元", "¥2"),
        ("27元", "27.4元", "27 元"),
    ),
    Row(
        "instalments",
        ("PRD064",),
        {**_LOAN, "name": "随心借", "apr": "7.2%", "credit": {"instalments": "3/6/12期"}},
        ("24期", "24 期", "二十四期"),
        ("12期", "6期", "12 期", "十二期"),
    ),
    Row(
        "ages",
        ("PRD090",),
        {**_INS, "name": "安康重疾", "target": {"min_age": 0, "max_age": 60}},
        ("70周岁", "70 周岁", "七十岁"),
        ("60周岁", "60 周岁", "18岁", "六十岁"),
    ),
    Row(
        "applicant_ages",
        ("PRD168",),
        {
            **_INS,
            "name": "安康重疾",
            "target": {"min_age": 0, "max_age": 60, "applicant_min_age": 18, "applicant_max_age": 60},
        },
        ("70周岁", "70 周岁", "七十岁"),
        ("60周岁", "60 周岁", "18岁", "六十岁"),
    ),
    Row(
        "term",
        ("PRD026",),
        {"type": "deposit", "name": "三年期定期存款", "issuer": "XX银行股份有限公司", "term": "3年"},
        ("5年", "五年", "5 年", "60个月"),
        ("3年", "三年", "3 年"),
    ),
    Row(
        "minimum_amount",
        ("PRD027",),
        {"type": "deposit", "name": "大额存单", "issuer": "XX银行股份有限公司", "minimum_amount": "20万元"},
        ("1万元", "1 万元", "10000元", "一万元", "壹万元"),
        ("20万元", "20 万元", "200000元", "二十万元"),
    ),
    Row(
        "premium",
        ("PRD061",),
        {**_INS, "name": "安康重疾", "insurance": {"premium": "1万元", "frequency": "年交"}},
        ("5000元", "5 千元", "五千元", "¥5000"),
        ("1万元", "10000元", "1 万元", "一万元"),
    ),
    Row(
        "waiting_period",
        ("PRD098",),
        {**_INS, "name": "安康重疾", "insurance": {"waiting_days": "90天"}},
        ("30天", "30 天", "三十天", "1个月"),
        ("90天", "90 天", "九十天", "3个月"),
    ),
    Row(
        "critical_illnesses",
        ("PRD160",),
        _GRADED,
        ("120种", "120 种", "一百二十种", "１２０种"),
        ("100种", "100 种", "一百种", "１００种"),
    ),
    Row(
        "moderate_illnesses",
        ("PRD161",),
        _GRADED,
        ("25种", "25 种", "二十五种", "２５种"),
        ("20种", "20 种", "二十种", "２０种"),
    ),
    Row(
        "mild_illnesses",
        ("PRD162",),
        _GRADED,
        ("50种", "50 种", "五十种", "５０种"),
        ("40种", "40 种", "四十种", "４０种"),
    ),
    Row(
        "critical_payouts",
        ("PRD164",),
        _PAID,
        ("3次", "3 次", "三次", "３次"),
        ("2次", "2 次", "两次", "二次", "２次"),
    ),
    Row(
        "moderate_payouts",
        ("PRD165",),
        _PAID,
        ("3次", "3 次", "三次", "３次"),
        ("2次", "2 次", "两次", "２次"),
    ),
    Row(
        "mild_payouts",
        ("PRD166",),
        _PAID,
        ("5次", "5 次", "五次", "５次"),
        ("3次", "3 次", "三次", "３次"),
    ),
    Row(
        "cooling_off",
        ("PRD091",),
        {**_INS, "name": "安康重疾", "cooling_off_days": 15},
        ("10天", "10 天", "十天"),
        ("15天", "15 天", "十五天"),
    ),
    Row(
        "credit_line",
        ("PRD058",),
        {**_LOAN, "name": "随心借", "apr": "7.2%", "credit": {"credit_line": "1000元-20万元"}},
        ("50万", "50万元", "50 万", "五十万元"),
        ("20万", "20万元", "20 万元", "5万元"),
    ),
    Row(
        "renewal_guaranteed",
        ("PRD119",),
        {**_INS, "type": "insurance", "name": "好医保长期医疗", "insurance": {"renewal_guaranteed_years": 6}},
        ("20年", "二十年", "20 年", "240个月"),
        ("6年", "六年", "6 年"),
    ),
    Row(
        "break_even",
        ("PRD120",),
        {
            **_INS,
            "name": "鑫享增额终身寿险",
            "term": "终身",
            "liquidity": {"early_exit": ["surrender"], "surrender_loss_years": 7},
        },
        ("5年", "五年", "5 年", "60个月"),
        ("8年", "八年", "8 年", "十年"),
    ),
    Row(
        "deductible",
        ("PRD127",),
        {
            **_INS,
            "insurance_subtype": "health",
            "name": "好医保百万医疗",
            "insurance": {
                "benefits": [
                    {"name": "一般医疗保险金", "kind": "medical", "sum_insured": "200万元", "deductible": "1万元"}
                ]
            },
        },
        ("5000元", "5 千元", "五千元", "¥5000"),
        ("1万元", "10000元", "1 万元", "一万元"),
    ),
    Row(
        "cooling_off_fee",
        ("PRD128",),
        {**_INS, "name": "安康重疾", "cooling_off_days": 15, "cooling_off_fee": "工本费10元"},
        ("20元", "20 元", "二十元", "¥20"),
        ("10元", "10 元", "十元", "¥10"),
    ),
    Row(
        "illustrated_rate",
        ("PRD133",),
        {
            **_INS,
            "insurance_subtype": "participating",
            "name": "鑫享年年",
            "guarantees": {"non_guaranteed": ["红利"], "illustrated_rates": ["0%", "2.5%", "4%"]},
        },
        ("6%", "6 %", "６％", "百分之六"),
        ("4%", "4 %", "４％", "百分之四"),
    ),
    Row(
        "paying_to_age",
        ("PRD134",),
        {**_INS, "name": "安康重疾", "insurance": {"paying_period": "交至60岁"}},
        ("55岁", "55 周岁", "五十五岁", "55周岁"),
        ("60岁", "60 周岁", "六十岁", "60周岁"),
    ),
    Row(
        "interest_free",
        ("PRD063",),
        {
            "type": "credit_card",
            "name": "白金卡",
            "issuer": "XX银行股份有限公司",
            "apr": "13.02%",
            "credit": {"interest_free_days": 56},
        },
        ("60天", "60 天", "六十天"),
        ("56天", "56 天", "五十六天"),
    ),
]

# Qualifiers copy puts between the word and the figure, and joiners.
_BETWEEN = ("", "：", "为", " ", "仅", "低至", "最高", "高达", "只要")


def _plain_words(fact: str) -> list[str]:
    """The row's phrases read with the figure after them (期理财 and the like take it before: 3年期理财)."""
    return [w for w in FACTS[fact].words if isinstance(w, str) and not w.startswith("期")]


def _found(row: Row, text: str) -> list[str]:
    product = Product.model_validate({**row.product})
    report = builtin_rules().check_text(text, kind="marketing", product=product)
    return [f.excerpt for f in report.findings if f.rule_id in row.rules]


def test_every_figure_row_is_tested() -> None:
    assert {r.fact for r in ROWS} == set(FACTS)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.fact)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_figure_the_record_does_not_hold_is_reported(row: Row, data: st.DataObject) -> None:
    word = data.draw(st.sampled_from(_plain_words(row.fact)), label="word")
    between = data.draw(st.sampled_from(_BETWEEN), label="between")
    figure = data.draw(st.sampled_from(row.differs), label="figure")
    text = f"本产品{word}{between}{figure}，欢迎咨询。"
    assert _found(row, text), text


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.fact)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_record_s_own_figure_is_not_reported(row: Row, data: st.DataObject) -> None:
    word = data.draw(st.sampled_from(_plain_words(row.fact)), label="word")
    between = data.draw(st.sampled_from(_BETWEEN), label="between")
    figure = data.draw(st.sampled_from(row.agrees), label="figure")
    text = f"本产品{word}{between}{figure}，欢迎咨询。"
    assert not _found(row, text), text


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.fact)
def test_a_figure_joined_by_de_is_the_word_s(row: Row) -> None:
    word = _plain_words(row.fact)[0]
    assert _found(row, f"本产品提供{row.differs[0]}的{word}。"), word
    assert not _found(row, f"本产品提供{row.agrees[0]}的{word}。"), word


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.fact)
def test_a_figure_after_a_comparison_is_another_product_s(row: Row) -> None:
    word = _plain_words(row.fact)[0]
    assert not _found(row, f"比 {row.differs[0]}的{word}更好。"), word


_ROUNDED = {**_WEALTH, "returns": {"value": "3.28%", "kind": "benchmark", "method": "以债券类资产收益率为基础测算"}}


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("业绩比较基准约3.3%。", False),  # 约: rounded to the digit written
        ("业绩比较基准3.3%左右。", False),
        ("业绩比较基准大约 3.3 %。", False),
        ("业绩比较基准约3%。", False),
        ("业绩比较基准3.3%。", True),  # no qualifier: the figure as stated
        ("业绩比较基准约3.5%。", True),  # rounded, still another figure
    ],
)
def test_an_approximate_figure_agrees_with_the_record_to_the_digit_it_writes(text: str, reported: bool) -> None:
    row = Row("benchmark", ("PRD022",), _ROUNDED, (), ())
    assert bool(_found(row, text)) is reported, text


_RANGED = {**_WEALTH, "returns": {"low": "3.5%", "high": "4.5%", "kind": "benchmark", "method": "以债券收益率测算"}}


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("业绩比较基准4.5%，欢迎购买。", True),  # the top of the range given as the product's figure
        ("业绩比较基准：４．５％。", True),
        ("业绩比较基准最高4.5%。", False),  # named as the top
        ("业绩比较基准可达4.5%。", False),
        ("业绩比较基准4.5%（上限）。", False),
        ("业绩比较基准约4.5%。", False),
        ("业绩比较基准3.5%-4.5%。", False),  # the range itself
        ("业绩比较基准3.5%。", False),  # the bottom: no better than the record
        ("业绩比较基准5%。", True),  # outside the range, as before
    ],
)
def test_the_best_end_of_a_range_alone_is_reported(text: str, reported: bool) -> None:
    row = Row("benchmark", ("PRD022",), _RANGED, (), ())
    assert bool(_found(row, text)) is reported, text


@pytest.mark.parametrize(
    ("text", "reported"),
    [("年利率7.2%，随借随还。", True), ("年利率7.2%起。", False), ("年利率低至7.2%。", False), ("年利率24%。", False)],
)
def test_a_loan_s_lowest_rate_alone_is_reported(text: str, reported: bool) -> None:
    row = Row("annual_rate", ("PRD023",), {**_LOAN, "name": "随心借", "apr": "7.2%-24%"}, (), ())
    assert bool(_found(row, text)) is reported, text
