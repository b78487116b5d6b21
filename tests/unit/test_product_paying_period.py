"""The paying period however copy spells it (PRD054, PRD116): 交5年, 缴十年, 5年交, 分5年缴, 5年期交, 交费期5年,
5年交清 are all the years of payment, compared with the record's ``insurance.paying_period``; the record's own years
pass in every spelling, and the clause after a bare 交 (保20年) states the cover, not the payments. 趸交 against years
of payment and years of payment against 趸交 are PRD117 and PRD118."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from consumer_rules.product import Product
from tests.helpers import builtin_rules

_RULES = ("PRD054", "PRD116")
_POLICY = {
    "name": "金满意足终身寿险",
    "type": "insurance",
    "insurance_subtype": "life",
    "issuer": "XX人寿保险股份有限公司",
    "term": "终身",
    "insurance": {"paying_period": "10年交", "frequency": "年交"},
}
_FORMS = (
    "交{n}年",
    "缴{n}年",
    "只需交{n}年",
    "{n}年交",
    "{n}年缴",
    "分{n}年交",
    "{n}年期交",
    "交费期{n}年",
    "缴费期间：{n}年",
    "{n}年交清",
    "{n}年缴费",
)
_AFTER = ("，保终身。", "，终身受益。", "保终身。", "。")


def _spell(n: int, chinese: bool) -> str:
    if not chinese:
        return str(n)
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def _found(text: str, product: dict | None = None) -> list[str]:
    report = builtin_rules().check_text(text, kind="marketing", product=Product.model_validate(product or _POLICY))
    return [f.rule_id for f in report.findings if f.rule_id in (*_RULES, "PRD117", "PRD118")]


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=30).filter(lambda n: n != 10),
    chinese=st.booleans(),
    form=st.sampled_from(_FORMS),
    after=st.sampled_from(_AFTER),
)
def test_other_years_of_payment_are_reported_in_every_spelling(n: int, chinese: bool, form: str, after: str) -> None:
    text = "本产品" + form.format(n=_spell(n, chinese)) + after
    assert set(_found(text)) & set(_RULES), text


@settings(max_examples=40, deadline=None)
@given(chinese=st.booleans(), form=st.sampled_from(_FORMS), after=st.sampled_from(_AFTER))
def test_the_record_s_years_pass_in_every_spelling(chinese: bool, form: str, after: str) -> None:
    text = "本产品" + form.format(n=_spell(10, chinese)) + after
    assert not _found(text), text


@settings(max_examples=30, deadline=None)
@given(cover=st.integers(min_value=11, max_value=40), chinese=st.booleans())
def test_the_clause_after_a_bare_jiao_states_the_cover(cover: int, chinese: bool) -> None:
    text = f"10年交，保{_spell(cover, chinese)}年。"
    policy = {**_POLICY, "term": f"{cover}年"}
    assert not _found(text, policy), text


def test_paid_once_and_paid_over_years_contradict_each_other() -> None:
    single = {**_POLICY, "insurance": {"paying_period": "趸交", "frequency": "趸交"}}
    assert _found("趸交，保终身。") == ["PRD117"]
    assert _found("5年交，保终身。", single) == ["PRD118"]
    assert not _found("趸交，保终身。", single)
    assert not _found("趸交或10年交可选，保终身。")


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=99), st.sampled_from(["\n", " ", ""]), st.sampled_from(["周岁", "岁"]))
def test_an_age_on_the_line_before_the_payments_is_no_paying_period(age: int, gap: str, unit: str) -> None:
    # 承保年龄:出生满30天-70周岁 / 缴费方式:趸缴: the keyword's guard takes 岁 once the line break is folded away, which
    # cut 70周岁 down to 70周 (weeks); the number before a keyword is read whole
    text = f"承保年龄:出生满30天-{age}{unit}{gap}缴费方式:趸缴、3年交、5年交"
    assert _found(text, {**_POLICY, "insurance": {"paying_period": "趸交/3-20年交"}}) == []
