"""A coupon's figures as copy states them (PRD121 fewest instalments, PRD122 days valid): another figure is reported
however it is spelt, the coupon's own passes, and a figure of something else in the clause (逾期3期以上, 免息期30天)
is not the coupon's."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import copy_findings

_LOAN = {
    "name": "随心借",
    "type": "loan",
    "issuer": "XX消费金融有限公司",
    "apr": "7.2%-24%",
    "coupons": [{"name": "新客免息券", "benefit": "30天免息", "cap": "500元", "min_instalments": 3, "valid_days": 7}],
}
_COUNTS = {3: ("3期", "三期", "3 期"), 6: ("6期", "六期", "6 期"), 12: ("12期", "十二期")}
_DAYS = {7: ("7天", "七天", "7 天", "7日"), 30: ("30天", "三十天", "30日", "一个月")}
_COUNT_FORMS = ("免息券分{x}及以上可用。", "借款至少分{x}可用免息券。", "本券{x}以上可用。")
_DAY_FORMS = ("免息券领取后{x}内有效。", "优惠券有效期{x}。", "新客券{x}内使用。", "有效期为{x}，过期作废。")


def _found(text: str, rule: str) -> bool:
    return any(f.rule_id == rule for f in copy_findings(text, _LOAN))


@settings(max_examples=30, deadline=None)
@given(form=st.sampled_from(_COUNT_FORMS), other=st.sampled_from((6, 12)), data=st.data())
def test_another_fewest_instalments_is_reported(form: str, other: int, data: st.DataObject) -> None:
    assert _found(form.format(x=data.draw(st.sampled_from(_COUNTS[other]))), "PRD121")
    assert not _found(form.format(x=data.draw(st.sampled_from(_COUNTS[3]))), "PRD121")


@settings(max_examples=30, deadline=None)
@given(form=st.sampled_from(_DAY_FORMS), data=st.data())
def test_another_span_of_validity_is_reported(form: str, data: st.DataObject) -> None:
    assert _found(form.format(x=data.draw(st.sampled_from(_DAYS[30]))), "PRD122")
    assert not _found(form.format(x=data.draw(st.sampled_from(_DAYS[7]))), "PRD122")


def test_another_matter_s_figure_is_not_the_coupon_s() -> None:
    assert not _found("逾期6期以上将影响征信。", "PRD121")
    assert not _found("免息期30天内有效还款即可。", "PRD122")


# The coupon of _LOAN waives 30 days: copy that names 7 is the wrong span, however either is spelt.
_FREE_FORMS = ("新客领{x}免息券。", "借款免息{x}，随借随还。", "首借享{x}无息。")


@settings(max_examples=30, deadline=None)
@given(form=st.sampled_from(_FREE_FORMS), data=st.data())
def test_another_interest_free_span_is_reported(form: str, data: st.DataObject) -> None:
    assert _found(form.format(x=data.draw(st.sampled_from(_DAYS[7]))), "PRD153")
    assert not _found(form.format(x=data.draw(st.sampled_from(_DAYS[30]))), "PRD153")


@given(
    days=st.integers(min_value=1, max_value=90),
    form=st.sampled_from(["{}天免息", "免息{}天", "{}日无息", "新人专享{} 天免息"]),
)
def test_a_coupon_s_interest_free_days_read_back_from_its_benefit(days: int, form: str) -> None:
    from consumer_rules.product import Coupon

    assert Coupon(name="免息券", benefit=form.format(days)).interest_free_days == days
    assert Coupon(name="利息券", benefit="利息8折").interest_free_days is None
    # a span that is not the waiver's (the coupon's own validity) is not read as one
    assert Coupon(name="免息券", benefit="免息券30天有效").interest_free_days is None
    assert Coupon(name="免息券", benefit="免息一个月").interest_free_days == 30
