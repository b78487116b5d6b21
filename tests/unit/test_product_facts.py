"""The facts a product record holds (issue 10): every written form read back to the same value (hypothesis),
ranges kept as ranges, unreadable values reported at file:line:col, and partial records."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

import consumer_rules
from consumer_rules import RuleLoadError
from consumer_rules.conditions import holds, left_out, lookup
from consumer_rules.product import Product, Span, load_product, product_data


def _load_error(tmp_path: Path, record: dict[str, object] | str) -> RuleLoadError:
    """The error of loading ``record`` (a mapping, or YAML text to keep its line and column) from p.yaml."""
    path = tmp_path / "p.yaml"
    text = record if isinstance(record, str) else yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleLoadError) as info:
        load_product(path)
    return info.value


BASE = {"name": "随心借", "type": "loan", "issuer": "XX银行股份有限公司"}

# Rates with up to two decimals, 0.01% to 36%; amounts in yuan; days up to 30 years.
_hundredths = st.integers(min_value=1, max_value=3600)
_yuan = st.integers(min_value=1, max_value=10**8)


def _pct(hundredths: int) -> Decimal:
    return Decimal(hundredths) / 10000  # 350 -> 0.035 (3.5%)


def _written_pct(hundredths: int) -> str:
    return f"{Decimal(hundredths) / 100:f}%"


def _cn_int(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


@given(_hundredths, st.sampled_from(["{}", "年化{}", "年利率{}", "年化利率：{}", "约{}"]))
def test_a_rate_reads_back(h: int, form: str) -> None:
    assert Product.model_validate({**BASE, "apr": form.format(_written_pct(h))}).apr == _pct(h)


@given(_hundredths, _hundredths, st.sampled_from(["-", "~", "～", "至", "到", " - "]))
def test_a_rate_range_is_kept_whole(a: int, b: int, join: str) -> None:
    low, high = sorted((a, b))
    apr = Product.model_validate({**BASE, "apr": f"{_written_pct(low)}{join}{_written_pct(high)}"}).apr
    assert apr == Span(low=_pct(low), high=_pct(high))


@given(_hundredths, st.sampled_from([("最高{}", "high"), ("不超过{}", "high"), ("低至{}", "low"), ("{}起", "low")]))
def test_one_end_of_a_range(h: int, form: tuple[str, str]) -> None:
    apr = Product.model_validate({**BASE, "apr": form[0].format(_written_pct(h))}).apr
    assert isinstance(apr, Span) and getattr(apr, form[1]) == _pct(h)


@given(_yuan, st.sampled_from(["{}元", "人民币{}元", "{:,}元", "最高{}元"]))
def test_an_amount_reads_back(n: int, form: str) -> None:
    line = Product.model_validate({**BASE, "credit": {"credit_line": form.format(n)}}).credit
    assert line is not None
    expected = Span(high=Decimal(n)) if form.startswith("最高") else Decimal(n)
    assert line.credit_line == expected


@given(st.integers(min_value=1, max_value=9999))
def test_wan_amounts(n: int) -> None:
    assert Product.model_validate({**BASE, "minimum_amount": f"{n}万元"}).minimum_amount == Decimal(n) * 10000


@given(st.integers(min_value=1, max_value=99), st.sampled_from(["至{}岁", "保至{}周岁", "到{}岁", "至被保险人{}周岁"]))
def test_to_age_terms(age: int, form: str) -> None:
    for written in (str(age), _cn_int(age)):
        term = Product.model_validate({**BASE, "term": form.format(written)}).term
        assert term is not None and term.to_age == age and term.days is None


@given(st.integers(min_value=1, max_value=30), st.sampled_from([("{}年", 365), ("{}个月", 30), ("{}天", 1)]))
def test_day_terms(n: int, form: tuple[str, int]) -> None:
    term = Product.model_validate({**BASE, "term": form[0].format(n)}).term
    assert term is not None and term.days == n * form[1]


@given(st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=30))
def test_paying_periods_and_instalments(years: int, count: int) -> None:
    ins = Product.model_validate({**BASE, "insurance": {"paying_period": f"{years}年交"}}).insurance
    assert ins is not None and ins.paying_period is not None and ins.paying_period.years == years
    credit = Product.model_validate({**BASE, "credit": {"instalments": f"{count}/{count + 3}期"}}).credit
    assert credit is not None and credit.instalments == [count, count + 3]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("终身", {"lifelong": True}),
        ("保障终身", {"lifelong": True}),
        ("至终身", {"lifelong": True}),
        ("至八十岁", {"to_age": 80}),
        ("无固定期限", {"open_ended": True}),
        ("1-3年", {"days": Span(low=Decimal(365), high=Decimal(1095))}),
    ],
)
def test_written_terms(written: str, expected: dict[str, object]) -> None:
    term = Product.model_validate({**BASE, "term": written}).term
    assert term is not None
    assert {k: getattr(term, k) for k in expected} == expected


def test_insurance_sections() -> None:
    p = Product.model_validate(
        {
            **BASE,
            "type": "insurance",
            "term": "终身",
            "insurance": {
                "premium": "10万元",
                "frequency": "年交",
                "paying_period": "趸交",
                "benefits": [
                    {"name": "一般医疗保险金", "kind": "medical", "sum_insured": "200万元", "deductible": "1万元"}
                ],
            },
            "guarantees": {"guaranteed_rate": "1.75%", "non_guaranteed": ["红利"]},
            "liquidity": {"access": "at_maturity", "early_exit": ["surrender", "policy_loan"]},
        }
    )
    assert p.insurance is not None and p.insurance.frequency == "annual" and p.insurance.paying_period is not None
    assert p.insurance.paying_period.single and p.insurance.benefits[0].deductible == Decimal(10000)
    assert p.guarantees is not None and p.guarantees.guaranteed_rate == Decimal("0.0175")
    paying = Product.model_validate({**BASE, "insurance": {"paying_period": "交至60岁"}}).insurance
    assert paying is not None and paying.paying_period is not None and paying.paying_period.to_age == 60


def test_loan_card_fee_coupon_and_sale_sections() -> None:
    p = Product.model_validate(
        {
            **BASE,
            "apr": "7.2%-24%",
            "credit": {"credit_line": "最高20万元", "instalments": "3-24期", "repayment": "等额本息、先息后本"},
            "fees": [{"name": "账户管理费", "rate": 0, "max_rate": "1%"}],
            "coupons": [{"name": "免息券", "benefit": "30天免息", "cap": "500元", "min_instalments": 3}],
            "sale": {"buyer": {"risk_class": "C2", "age": 72}},
        }
    )
    assert p.credit is not None and p.credit.repayment == ["equal_instalment", "interest_first"]
    assert p.credit.instalments == Span(low=Decimal(3), high=Decimal(24))
    assert p.fees[0].max_rate == Decimal("0.01") and p.coupons[0].cap == Decimal(500)
    assert p.sale is not None and p.sale.buyer.age == 72
    data = product_data(p)
    # A range meets a comparison when some value in it does.
    assert holds({"apr": {"gt": 0.2}}, data) and holds({"apr": {"lt": 0.1}}, data)
    assert not holds({"apr": {"gt": 0.3}}, data)
    assert lookup(data, "fees.max_rate:max") == Decimal("0.01")


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("apr", "6%-18% 或更高", "cannot read '或更高'"),
        ("apr", "5万元", "is an amount"),
        ("apr", "18%-6%", "runs backwards"),
        ("apr", "6% 18%", "not a range"),
        ("apr", "年化六", "write the unit"),
        ("cooling_off_days", "半个月左右", "not a duration"),
        ("term", "至八十几岁", "not an age"),
        ("term", "五年左右吧", "not a duration"),
    ],
)
def test_unreadable_values_are_errors_at_file_line_col(field: str, value: str, problem: str, tmp_path: Path) -> None:
    error = _load_error(tmp_path, {**BASE, field: value})
    assert f"p.yaml:4:{len(field) + 3}: {field}" in str(error)
    assert problem in str(error)


def test_a_range_where_one_value_fits_is_an_error() -> None:
    with pytest.raises(ValueError, match="a range where one percent is needed"):
        Product.model_validate({**BASE, "fees": [{"name": "x", "max_rate": "1%-2%"}]})
    returns = Product.model_validate({**BASE, "returns": {"value": "2.8%-3.3%"}}).returns
    assert returns is not None and returns.value is None
    assert (returns.low, returns.high) == (Decimal("0.028"), Decimal("0.033"))


def test_completeness_partial() -> None:
    whole = product_data(Product.model_validate({**BASE, "completeness": "partial", "apr": "7%"}))
    assert left_out(whole, "complaint_channel") and not left_out(whole, "apr")
    section = product_data(
        Product.model_validate({**BASE, "completeness": {"complaint_channel": "partial", "cooling_off_days": "full"}})
    )
    assert left_out(section, "complaint_channel") and not left_out(section, "cooling_off_days")
    assert not left_out(product_data(Product.model_validate({**BASE, "completeness": "full"})), "complaint_channel")


def test_a_record_that_does_not_say_it_is_complete_is_not_reported_for_what_it_leaves_out() -> None:
    unstated = product_data(Product.model_validate(BASE))
    # Not written: unknown, not absent.
    assert left_out(unstated, "complaint_channel") and left_out(unstated, "returns.method")
    # Written empty: the record says the product has none.
    empty = product_data(Product.model_validate({**BASE, "complaint_channel": "", "cooling_off_days": None}))
    assert not left_out(empty, "complaint_channel") and not left_out(empty, "cooling_off_days")
    # A section written without one of its fields leaves that field unknown.
    benchmark = product_data(Product.model_validate({**BASE, "returns": {"value": "3%"}}))
    assert left_out(benchmark, "returns.method") and not left_out(benchmark, "returns.value")
    # Facts the type cannot be offered without are reported unless the record says it is partial.
    fund = {"name": "成长混合", "type": "fund", "issuer": "XX基金"}
    assert not left_out(product_data(Product.model_validate(fund)), "risk_level")
    assert left_out(product_data(Product.model_validate({**fund, "completeness": "partial"})), "risk_level")
    with pytest.raises(ValueError, match="not a section of a product: 'complaint'"):
        Product.model_validate({**BASE, "completeness": {"complaint": "partial"}})


@pytest.mark.parametrize(
    ("written", "frequency"),
    [("趸交", "single"), ("一次性交清", "single"), ("年交", "annual"), ("年缴", "annual"), ("半年交", "semiannual"),
     ("季交", "quarterly"), ("月交", "monthly"), ("月缴", "monthly")],
)  # fmt: skip
def test_payment_frequencies(written: str, frequency: str) -> None:
    ins = Product.model_validate({**BASE, "insurance": {"frequency": written}}).insurance
    assert ins is not None and ins.frequency == frequency


@pytest.mark.parametrize(
    ("written", "methods"),
    [("等额本息", ["equal_instalment"]), ("等额本金/先息后本", ["equal_principal", "interest_first"]),
     ("到期还本付息、随借随还", ["bullet", "flexible"]), (["最低还款"], ["minimum_payment"])],
)  # fmt: skip
def test_repayment_methods(written: object, methods: list[str]) -> None:
    credit = Product.model_validate({**BASE, "credit": {"repayment": written}}).credit
    assert credit is not None and credit.repayment == methods
    with pytest.raises(ValueError, match="repayment"):
        Product.model_validate({**BASE, "credit": {"repayment": "按心情还"}})


_ASSET_CLASSES = {
    "fixed_income": ["固定收益类", "固收类", "债券型", "纯债"],
    "equity": ["权益类", "股票型"],
    "mixed": ["混合类", "混合型", "偏债混合", "灵活配置"],
    "commodity_derivatives": ["商品及金融衍生品类"],
    "money_market": ["货币市场", "现金管理类"],
}


@given(
    st.sampled_from([(cls, name) for cls, names in _ASSET_CLASSES.items() for name in names]),
    st.sampled_from(["", "产品", "基金"]),
    st.sampled_from(["", " "]),
)
def test_an_asset_class_reads_back_from_its_chinese_name(pair: tuple[str, str], tail: str, space: str) -> None:
    cls, name = pair
    fund = {"name": "成长混合", "type": "fund", "issuer": "XX基金"}
    assert Product.model_validate({**fund, "asset_class": space + name + tail}).asset_class == cls
    assert Product.model_validate({**fund, "asset_class": cls}).asset_class == cls  # the English value itself
    assert product_data(Product.model_validate({**fund, "asset_class": name}))["asset_class"] == cls


def test_an_unknown_asset_class_is_an_error_at_file_line_col(tmp_path: Path) -> None:
    # 稳健型 is a risk appetite, not what the product invests in: never guessed into a class
    error = _load_error(tmp_path, {"name": "成长混合", "type": "fund", "issuer": "XX基金", "asset_class": "稳健型"})
    assert "p.yaml:4:14: asset_class" in str(error) and "'mixed'" in str(error)


def test_paying_period_and_daily_premium_are_derived_for_comparison_with_copy() -> None:
    record = {"name": "x", "type": "insurance", "issuer": "y"}
    data = product_data(
        Product.model_validate(
            {**record, "insurance": {"premium": "730元", "frequency": "年交", "paying_period": "10年交"}}
        )
    )
    assert lookup(data, "insurance.paying_period.days") == 3650
    assert lookup(data, "insurance.premium_per_day") == Decimal(2)
    monthly = product_data(Product.model_validate({**record, "insurance": {"premium": "300元", "frequency": "月交"}}))
    assert abs(lookup(monthly, "insurance.premium_per_day") - Decimal(300) * 12 / 365) < Decimal("0.0001")
    assert abs(lookup(monthly, "insurance.premium_per_month") - 300) < Decimal("0.0001")
    assert abs(lookup(monthly, "insurance.premium_per_year") - 3600) < Decimal("0.0001")
    # A single premium, or one without a frequency, is not spread over days.
    for written in ({"premium": "1万元", "frequency": "趸交"}, {"premium": "3650元"}):
        assert (
            lookup(product_data(Product.model_validate({**record, "insurance": written})), "insurance.premium_per_day")
            is None
        )
    # Derived values are not part of the format: writing one is an error like any unknown key.
    with pytest.raises(ValueError, match="premium_per_day"):
        Product.model_validate({**record, "insurance": {"premium_per_day": 2}})


_INSURANCE = {"name": "臻享终身寿", "type": "insurance", "issuer": "XX人寿保险有限责任公司"}


def _ratio(written: object) -> object:
    record = {**_INSURANCE, "insurance": {"benefits": [{"name": "身故保险金", "premium_ratio": written}]}}
    insurance = Product.model_validate(record).insurance
    assert insurance is not None
    return insurance.benefits[0].premium_ratio


@given(st.integers(min_value=1, max_value=500), st.sampled_from(["{}%", "所交保费的{}%", "已交保费的{}%", "保费×{}%"]))
def test_a_premium_ratio_reads_back(percent: int, form: str) -> None:
    # 105% and 所交保费的105% are 1.05: a share of premiums is not rescaled as a rate written 105 would be.
    assert _ratio(form.format(percent)) == Decimal(percent) / 100


@given(st.integers(min_value=1, max_value=50), st.sampled_from(["{}倍", "所交保费的{}倍"]))
def test_a_premium_multiple_reads_back(tenths: int, form: str) -> None:
    factor = Decimal(tenths) / 10
    assert _ratio(form.format(f"{factor:f}")) == factor
    assert _ratio(factor) == factor  # a plain number is a multiple: 1.6 is 160%


def test_a_premium_ratio_range_and_the_chinese_multiple() -> None:
    assert _ratio("120%-160%") == Span(low=Decimal("1.2"), high=Decimal("1.6"))
    assert _ratio("三倍") == Decimal(3)


def _sum_ratio(written: object) -> object:
    record = {**_INSURANCE, "insurance": {"benefits": [{"name": "身故保险金", "sum_ratio": written}]}}
    insurance = Product.model_validate(record).insurance
    assert insurance is not None
    return insurance.benefits[0].sum_ratio


@given(
    st.integers(min_value=1, max_value=1000),
    st.sampled_from(["{}%", "基本保额的{}%", "基本保险金额的{}%", "有效保险金额的{}%", "所选保额的{}%", "保额×{}%"]),
)
def test_a_share_of_the_sum_insured_reads_back(percent: int, form: str) -> None:
    assert _sum_ratio(form.format(percent)) == Decimal(percent) / 100


@given(st.integers(min_value=1, max_value=100), st.sampled_from(["{}倍", "基本保额的{}倍", "保险金额的 {} 倍"]))
def test_a_multiple_of_the_sum_insured_reads_back(tenths: int, form: str) -> None:
    factor = Decimal(tenths) / 10
    assert _sum_ratio(form.format(f"{factor:f}")) == factor


def test_half_the_sum_insured_and_a_range() -> None:
    assert _sum_ratio("一半") == _sum_ratio("所选保额的一半") == Decimal("0.5")
    assert _sum_ratio("10%-30%") == Span(low=Decimal("0.1"), high=Decimal("0.3"))


def _illnesses(written: object, field: str = "critical") -> object:
    insurance = Product.model_validate({**_INSURANCE, "insurance": {"illnesses": {field: written}}}).insurance
    assert insurance is not None and insurance.illnesses is not None
    return getattr(insurance.illnesses, field)


@given(st.integers(min_value=0, max_value=99), st.sampled_from(["{}", "{}种", " {} 种"]), st.booleans())
def test_a_count_of_illnesses_reads_back(n: int, form: str, in_chinese: bool) -> None:
    assert _illnesses(form.format(_cn_int(n) if in_chinese else n)) == n


@pytest.mark.parametrize(("field", "written"), [("critical", "一百多种"), ("mild_payouts", "多次")])
def test_an_unreadable_count_is_an_error_at_file_line_col(tmp_path: Path, field: str, written: str) -> None:
    error = _load_error(
        tmp_path,
        f"name: 安康重疾\ntype: insurance\nissuer: XX人寿\ninsurance:\n  illnesses:\n    {field}: {written}\n",
    )
    problem = error.problems[0]
    assert (problem.line, field in problem.message, written in problem.message) == (6, True, True)


def test_the_applicant_s_ages_are_a_range_of_their_own() -> None:
    target = Product.model_validate(
        {
            **_INSURANCE,
            "target": {"min_age": 0, "max_age": "60周岁", "applicant_min_age": "18周岁", "applicant_max_age": 70},
        }
    ).target
    assert target is not None
    assert (target.ages, target.applicant_ages) == (
        Span(low=Decimal(0), high=Decimal(60)),
        Span(low=Decimal(18), high=Decimal(70)),
    )


@given(st.integers(min_value=1, max_value=99), st.sampled_from(["{}", "{}次", " {} 次"]), st.booleans())
def test_how_many_times_a_grade_pays_reads_back(n: int, form: str, in_chinese: bool) -> None:
    assert _illnesses(form.format(_cn_int(n) if in_chinese else n), "mild_payouts") == n


def test_an_unreadable_premium_ratio_is_an_error_at_file_line_col(tmp_path: Path) -> None:
    error = _load_error(
        tmp_path,
        "name: 臻享终身寿\ntype: insurance\nissuer: XX人寿\ninsurance:\n  benefits:\n"
        "    - {name: 身故保险金, premium_ratio: 较大者}\n",
    )
    problem = error.problems[0]
    assert (problem.line, "premium_ratio" in problem.message) == (6, True)


@given(st.integers(min_value=0, max_value=80), st.integers(min_value=0, max_value=40))
def test_target_ages_are_one_range_for_copy_to_compare_with(low: int, span: int) -> None:
    target = Product.model_validate({**_INSURANCE, "target": {"min_age": low, "max_age": low + span}}).target
    assert target.ages == Span(low=Decimal(low), high=Decimal(low + span))
    assert product_data(Product.model_validate({**_INSURANCE, "target": {"students": False}}))["target"]["ages"] is None


def test_the_student_target_round_trips() -> None:
    for value in (True, False, None):
        product = Product.model_validate({**BASE, "apr": "18%", "target": {"students": value}})
        assert product.target.students is value
        again = Product.model_validate(product.model_dump(mode="json", round_trip=True))
        assert again.target.students is value


def _insurance(**fields: object) -> Product:
    return Product.model_validate({**_INSURANCE, **fields})


@given(
    st.integers(min_value=1, max_value=365),
    st.sampled_from(["{}天", "{}日", "等待期{}天", "等待期为{}天", "观察期{}天"]),
)
def test_a_waiting_period_reads_back(days: int, form: str) -> None:
    insurance = _insurance(insurance={"waiting_days": form.format(days)}).insurance
    assert insurance is not None and insurance.waiting_days == days
    again = Product.model_validate(
        _insurance(insurance={"waiting_days": days}).model_dump(mode="json", round_trip=True)
    )
    assert again.insurance is not None and again.insurance.waiting_days == days


@given(st.integers(min_value=0, max_value=90), st.integers(min_value=1, max_value=180))
def test_a_waiting_period_by_benefit_is_a_range_whose_low_end_says_whether_some_cover_has_none(
    low: int, span: int
) -> None:
    product = _insurance(insurance={"waiting_days": f"{low}-{low + span}天"})
    assert product.insurance is not None
    assert product.insurance.waiting_days == Span(low=Decimal(low), high=Decimal(low + span))
    # PRD097 reads the shortest waiting period: 0-90天 (accidents 0 days) makes 0等待期 true of some cover.
    assert lookup(product_data(product), "insurance.waiting_days:min") == low
    assert holds({"insurance.waiting_days:min": {"gt": 0}}, product_data(product)) is (low > 0)


@pytest.mark.parametrize("written", ["无等待期", "无观察期", "没有等待期", "0", "0天", "等待期为0天", "零"])
def test_no_waiting_period_is_zero(written: str) -> None:
    insurance = _insurance(insurance={"waiting_days": written}).insurance
    assert insurance is not None and insurance.waiting_days == 0


@given(
    st.integers(min_value=1, max_value=500), st.sampled_from(["{}元", "工本费{}元", "扣除{}元工本费", "收取{}元手续费"])
)
def test_a_cooling_off_fee_reads_back(yuan: int, form: str) -> None:
    assert _insurance(cooling_off_fee=form.format(yuan)).cooling_off_fee == yuan
    assert _insurance(cooling_off_fee=f"扣除不超过{yuan}元的工本费").cooling_off_fee == Span(high=Decimal(yuan))
    again = Product.model_validate(_insurance(cooling_off_fee=yuan).model_dump(mode="json", round_trip=True))
    assert again.cooling_off_fee == yuan


@pytest.mark.parametrize("written", ["全额退还", "全额退还保费", "退还全部保费", "无", "不扣费", "不扣除任何费用", 0])
def test_a_full_cooling_off_refund_is_zero(written: object) -> None:
    assert _insurance(cooling_off_fee=written).cooling_off_fee == 0


@given(st.integers(min_value=1, max_value=5000), st.integers(min_value=1, max_value=5000))
def test_the_main_benefit_cap_is_what_a_headline_sum_is_compared_with(main_wan: int, other_wan: int) -> None:
    benefits = [
        {"name": "特定疾病医疗保险金", "kind": "medical", "sum_insured": f"{other_wan}万元"},
        {"name": "一般医疗保险金", "kind": "medical", "sum_insured": f"最高{main_wan}万元", "main": True},
    ]
    product = _insurance(insurance={"benefits": benefits})
    assert product.insurance is not None
    assert product.insurance.main_sum_insured == Span(high=Decimal(main_wan * 10000))
    assert lookup(product_data(product), "insurance.main_sum_insured:max") == main_wan * 10000
    unmarked = _insurance(insurance={"benefits": [{**benefits[1], "main": False}]})
    assert unmarked.insurance is not None and unmarked.insurance.main_sum_insured is None
    with pytest.raises(ValueError, match="main_sum_insured"):
        Product.model_validate({**_INSURANCE, "insurance": {"main_sum_insured": 1}})


@pytest.mark.parametrize(
    ("field", "value"),
    [("insurance", {"waiting_days": "90天或180天"}), ("cooling_off_fee", "看情况")],
)
def test_unreadable_waiting_periods_and_cooling_off_fees_are_errors_at_file_line_col(
    field: str, value: object, tmp_path: Path
) -> None:
    problem = _load_error(tmp_path, {**_INSURANCE, field: value}).problems[0]
    assert problem.line >= 4 and ("waiting_days" in problem.message or "cooling_off_fee" in problem.message)


@pytest.mark.parametrize("written", ["扣除工本费", "工本费", "扣除工本费后退还全部保险费", "收取手续费后退还已交保费"])
def test_a_cooling_off_charge_without_an_amount_is_above_zero_and_unpriced(written: str) -> None:
    # 犹豫期内解除合同扣除工本费后退还全部保险费: a charge, amount not stated. Not 0, not a guessed sum.
    product = _insurance(cooling_off_fee=written)
    assert product.cooling_off_fee == Span(low=Decimal("0.01"))
    assert holds([{"cooling_off_fee": {"gt": 0}}, {"cooling_off_fee:min": {"gt": 0}}], product_data(product))
    assert not holds({"cooling_off_fee:min": {"gt": 0}}, product_data(_insurance(cooling_off_fee="全额退还")))


@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9.99"), places=2),
    st.sampled_from(["{}%", "{}％", "{} %", "百分之{}"]),
)
def test_a_universal_account_s_rates_read_back_as_written(rate: Decimal, form: str) -> None:
    record = {"name": "福满年年", "type": "insurance", "issuer": "XX人寿"}
    written = form.format(rate)
    account = {"guaranteed_rate": written, "settlement_rate": written}
    product = Product.model_validate({**record, "insurance": {"universal_account": account}})
    data = product_data(product)
    assert lookup(data, "insurance.universal_account.guaranteed_rate") == rate / 100
    assert lookup(data, "insurance.universal_account.settlement_rate") == rate / 100


def test_a_universal_account_rate_that_is_no_rate_is_an_error_at_file_line_col(tmp_path: Path) -> None:
    error = _load_error(
        tmp_path,
        "name: 福满年年\ntype: insurance\nissuer: XX人寿\ninsurance:\n  universal_account:\n"
        "    guaranteed_rate: 按公司公告\n",
    )
    assert "p.yaml:6:22: insurance.universal_account.guaranteed_rate" in str(error)


def test_the_account_s_guarantee_is_not_taken_for_the_policy_s() -> None:
    """Copy that states the attached account's floor is right when the record holds it, and the policy's own
    guaranteed rate is another figure (PRD067 compares with both)."""
    rules = consumer_rules.load_rules()
    record = {
        "name": "福满年年",
        "type": "insurance",
        "insurance_subtype": "annuity",
        "issuer": "XX人寿保险股份有限公司",
        "term": "终身",
        "guarantees": {"guaranteed_rate": "2%"},
        "insurance": {"universal_account": {"guaranteed_rate": "1.75%"}},
    }
    product = Product.model_validate(record)
    right = rules.check_text("万能账户保底1.75%，超过部分不保证。", product=product)
    assert "PRD067" not in {f.rule_id for f in right.findings}
    wrong = rules.check_text("万能账户保底3%，超过部分不保证。", product=product)
    assert [f.excerpt for f in wrong.findings if f.rule_id == "PRD067"] == ["3%"]


@given(st.integers(min_value=0, max_value=99), st.sampled_from(["{}", "{}岁", "{}周岁", "满{}周岁", "年满{}岁"]))
def test_ages_are_written_in_years(age: int, form: str) -> None:
    for written in {form.format(age), form.format(_cn_int(age))}:
        product = _insurance(
            target={"min_age": written, "max_age": form.format(age + 1)}, sale={"buyer": {"age": written}}
        )
        assert product.target is not None and (product.target.min_age, product.target.max_age) == (age, age + 1)
        assert product.sale is not None and product.sale.buyer is not None and product.sale.buyer.age == age
        again = Product.model_validate(product.model_dump(mode="json", round_trip=True))
        assert again.target == product.target and again.sale == product.sale


@given(st.integers(min_value=1, max_value=60), st.sampled_from(["{}", "{}天", "{}日"]))
def test_days_and_years_in_their_written_forms(n: int, form: str) -> None:
    product = _insurance(
        cooling_off_days=form.format(n),
        insurance={
            "renewal_guaranteed_years": f"{n}年",
            "paying_period": {"years": f"{n}年"},
            "benefits": [],
        },
    )
    assert product.cooling_off_days == n
    assert product.insurance is not None and product.insurance.renewal_guaranteed_years == n
    assert product.insurance.paying_period is not None and product.insurance.paying_period.years == n
    loan = Product.model_validate(
        {**BASE, "coupons": [{"name": "免息券", "benefit": "7天免息", "valid_days": form.format(n)}]}
    )
    assert loan.coupons[0].valid_days == n


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("target", {"min_age": "出生满30天"}, "is 0"),
        ("target", {"max_age": "老年"}, "18周岁"),
        ("cooling_off_days", "15-20天", "one value"),
    ],
)
def test_an_age_or_a_count_of_days_that_cannot_be_read_is_an_error_at_file_line_col(
    field: str, value: object, words: str, tmp_path: Path
) -> None:
    problem = _load_error(tmp_path, {**_INSURANCE, field: value}).problems[0]
    assert problem.line >= 4 and words in problem.message


@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9.99"), places=2),
    st.sampled_from(
        [("{}%/月", "每月"), ("{}%/日", "每日"), ("{}%每期", "每期"), ("每年{}%", "每年"), ("{}% / 笔", "每笔")]
    ),
)
def test_a_rate_written_with_its_period_keeps_the_period_as_its_basis(rate: Decimal, form: tuple[str, str]) -> None:
    written, basis = form
    fee = Product.model_validate({**BASE, "fees": [{"name": "服务费", "rate": written.format(rate)}]}).fees[0]
    assert (fee.rate, fee.basis) == (rate / 100, basis)
    again = Product.model_validate({**BASE, "fees": [fee.model_dump(mode="json", round_trip=True)]}).fees[0]
    assert again == fee


def test_a_rate_with_a_period_beside_a_basis_of_its_own_is_still_an_error(tmp_path: Path) -> None:
    # which of the two is meant is not for the loader to guess
    record = {**BASE, "fees": [{"name": "服务费", "rate": "0.3%/月", "basis": "按年"}]}
    assert "cannot read" in _load_error(tmp_path, record).problems[0].message


def test_an_unknown_chinese_repayment_method_names_the_ones_it_can_be(tmp_path: Path) -> None:
    text = "name: 随心借\ntype: loan\nissuer: XX银行股份有限公司\ncredit:\n  repayment: [等额本息, 先本后息]\n"
    problem = _load_error(tmp_path, text).problems[0]
    assert (problem.line, problem.column) == (5, 21) and "先本后息" in problem.message and "先息后本" in problem.message
    method = Product.model_validate({**BASE, "credit": {"repayment": "等额本息、随借随还"}}).credit
    assert method is not None and method.repayment == ["equal_instalment", "flexible"]


@given(
    st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=4, unique=True),
    st.booleans(),
    st.sampled_from(["/", "、", "，", "或"]),
)
def test_the_paying_periods_a_policy_offers_are_one_record(years: list[int], single: bool, sep: str) -> None:
    written = sep.join((["趸交"] if single else []) + [f"{n}年交" for n in years])
    period = _insurance(insurance={"paying_period": written}).insurance.paying_period  # type: ignore[union-attr]
    assert period is not None and period.single is single
    low, high = min(years), max(years)
    assert period.years == (low if low == high else Span(low=Decimal(low), high=Decimal(high)))
    again = Product.model_validate(
        {**_INSURANCE, "insurance": {"paying_period": period.model_dump(mode="json", round_trip=True)}}
    )
    assert again.insurance is not None and again.insurance.paying_period == period


@given(
    st.lists(st.integers(min_value=1, max_value=40), min_size=0, max_size=3, unique=True),
    st.one_of(st.none(), st.integers(min_value=50, max_value=105)),
    st.booleans(),
    st.sampled_from(["/", "、", "，", "或"]),
)
def test_the_terms_a_policy_offers_are_one_record(years: list[int], age: int | None, lifelong: bool, sep: str) -> None:
    choices = [f"{n}年" for n in years] + ([f"至{age}岁"] if age is not None else []) + (["终身"] if lifelong else [])
    assume(len(choices) >= 2)
    term = _insurance(term=sep.join(choices)).term
    assert term is not None and term.lifelong is lifelong and term.to_age == age and not term.open_ended
    if years:
        low, high = min(years) * 365, max(years) * 365
        assert term.days == (low if low == high else Span(low=Decimal(low), high=Decimal(high)))
    else:
        assert term.days is None
    again = Product.model_validate({**_INSURANCE, "term": term.model_dump(mode="json", round_trip=True)})
    assert again.term == term


def test_a_term_choice_names_its_line_when_it_cannot_be_one_record(tmp_path: Path) -> None:
    text = "name: 安心寿险\ntype: insurance\ninsurance_subtype: life\n"
    text += "issuer: XX人寿保险股份有限公司\nterm: 至70岁/至80岁\n"
    problem = _load_error(tmp_path, text).problems[0]
    assert problem.line == 5 and "cover to one age only" in problem.message
    problem = _load_error(tmp_path, text.replace("至70岁/至80岁", "开放式或终身")).problems[0]
    assert problem.line == 5 and "open-ended" in problem.message


def test_copy_naming_one_of_the_terms_offered_is_not_a_contradiction() -> None:
    rules = consumer_rules.load_rules()
    offered = _insurance(insurance_subtype="life", term="20年/30年/至70岁/终身")

    def found(text: str, product: Product) -> set[str]:
        return {f.rule_id for f in rules.check_text(text, product=product).findings} & {"PRD043", "PRD089", "PRD113"}

    for text in ("保障20年，到期可续。", "终身保障，安心一生。", "保障至70岁，覆盖家庭责任期。"):
        assert not found(text, offered), text
    # a record that offers one term still reads the others as contradictions
    assert found("保障20年，到期可续。", _insurance(insurance_subtype="life", term="终身")) == {"PRD043"}
    assert found("终身保障，安心一生。", _insurance(insurance_subtype="life", term="20年")) == {"PRD089"}
    assert found("保障至70岁，覆盖家庭责任期。", _insurance(insurance_subtype="life", term="终身")) == {"PRD113"}


def test_a_policy_paid_once_or_over_years_is_not_said_to_lack_single_premium() -> None:
    rules = consumer_rules.load_rules()
    product = _insurance(insurance_subtype="life", insurance={"paying_period": "趸交/3-10年交"})
    assert not [f for f in rules.check_text("趸交10万，第5年回本。", product=product).findings if f.rule_id == "PRD117"]
    years_only = _insurance(insurance_subtype="life", insurance={"paying_period": "3-10年交"})
    assert [f for f in rules.check_text("趸交10万，第5年回本。", product=years_only).findings if f.rule_id == "PRD117"]
