"""Identifiers the copy states against the record (consistency ``identifier``): the complaint hotline (PRD129) and
the registration code (PRD130). A telephone number is compared by its digits however it is spaced, dashed,
bracketed or written in full-width characters; a code without case or dashes. Every finding's excerpt is the
identifier exactly as the copy writes it."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consumer_rules.product import Product
from tests.helpers import builtin_rules

_WEALTH = {"name": "稳享180天持有期", "type": "wealth_management", "issuer": "XX理财有限责任公司", "risk_level": "R2"}


def _found(text: str, code: str, **fields: Any) -> list[str]:
    product = Product.model_validate({**_WEALTH, **fields})
    report = builtin_rules().check_text(text, kind="marketing", product=product)
    found = [f for f in report.findings if f.rule_id == code]
    for f in found:
        assert text[f.start : f.end] == f.excerpt
    return [f.excerpt for f in found]


def _spelt(digits: str, data: st.DataObject) -> str:
    """``digits`` written as copy writes a number: groups split by spaces or dashes, full-width or not."""
    cuts = sorted(data.draw(st.sets(st.integers(1, len(digits) - 1), max_size=3), label="cuts"))
    joiner = data.draw(st.sampled_from([" ", "-", ""]), label="joiner")
    parts = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    written = joiner.join(parts)
    if data.draw(st.booleans(), label="full-width"):
        written = written.translate(str.maketrans("0123456789- ", "０１２３４５６７８９－　"))
    return written


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_hotline_is_compared_by_its_digits(data: st.DataObject) -> None:
    word = data.draw(st.sampled_from(["客服热线", "投诉电话：", "服务热线 ", "请致电"]), label="word")
    own = _spelt("4008205555", data)
    other = _spelt("4008206666", data)
    record = {"complaint_channel": "客服及投诉电话 400-820-5555（24小时）"}
    assert _found(f"如有疑问，{word}{own}。", "PRD129", **record) == []
    assert _found(f"如有疑问，{word}{other}。", "PRD129", **record) == [other]


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("投诉专线：(021) 6888-1234。", False),  # the record's number, with its area code in brackets
        ("投诉专线：(021) 6888-4321。", True),
        ("对结果不满意，可拨打金融监管投诉热线12378。", False),  # a regulator's line, not the firm's
        ("客服热线\n95519", False),  # a number on the next line is not the keyword's
        ("客服热线95519转2。", False),
    ],
)
def test_what_a_hotline_is(text: str, reported: bool) -> None:
    record = {"complaint_channel": "全国客服热线95519，投诉专线021-68881234"}
    assert bool(_found(text, "PRD129", **record)) is reported, text


@pytest.mark.parametrize(("record", "copy"), [("95511-3", "95511"), ("95511", "95511转3"), ("95511转3", "95511-3")])
def test_an_extension_does_not_make_another_number(record: str, copy: str) -> None:
    assert _found(f"客服热线：{copy}。", "PRD129", complaint_channel=f"客服热线{record}") == []
    assert _found("客服热线：95512。", "PRD129", complaint_channel=f"客服热线{record}") == ["95512"]


def test_a_record_without_a_number_is_not_compared() -> None:
    assert _found("客服热线：400-820-6666。", "PRD129", complaint_channel="APP内在线客服") == []


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("产品登记编码：Z7001621000123。", False),
        ("登记编码 z7001-621000123", False),  # case and dashes are not the code
        ("产品登记编码：Ｚ７００１６２１０００１２３。", False),  # full-width
        ("产品登记编码：Z7001621000999。", True),
        ("登记编码可在中国理财网查询。", False),  # no code after the word
    ],
)
def test_what_a_registration_code_is(text: str, reported: bool) -> None:
    assert bool(_found(text, "PRD130", registration_code="Z7001621000123")) is reported, text
