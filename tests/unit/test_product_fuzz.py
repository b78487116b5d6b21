"""Any value in any product field is read or refused with a validation error: never another exception."""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from consumer_rules.product import Product

BASE = {"name": "x", "type": "insurance", "issuer": "y"}
_words = st.text(
    alphabet=st.sampled_from(list("0123456789.%-~至到万元天年个月岁终身保交趸期/、最高低起种半倍 ")), max_size=12
)
_values = st.one_of(
    _words, st.integers(-10, 10**9), st.floats(allow_nan=True), st.booleans(), st.none(), st.lists(_words, max_size=3)
)
_FIELDS: list[tuple[str, ...]] = [
    ("apr",),
    ("minimum_amount",),
    ("term",),
    ("returns",),
    ("fees", "0", "rate"),
    ("fees", "0", "max_rate"),
    ("insurance", "premium"),
    ("insurance", "paying_period"),
    ("insurance", "frequency"),
    ("insurance", "benefits", "0", "sum_insured"),
    ("insurance", "benefits", "0", "premium_ratio"),
    ("insurance", "benefits", "0", "sum_ratio"),
    ("insurance", "illnesses", "critical"),
    ("insurance", "waiting_days"),
    ("cooling_off_fee",),
    ("target", "students"),
    ("credit", "instalments"),
    ("credit", "repayment"),
    ("credit", "credit_line"),
    ("credit", "daily_rate"),
    ("completeness",),
]


def _put(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    node: Any = value
    for key in reversed(path):
        node = [node] if key == "0" else {key: node}
    if path[0] == "fees":
        node = {"fees": [{"name": "费", **node["fees"][0]}]}
    if path[:2] == ("insurance", "benefits"):
        node = {"insurance": {"benefits": [{"name": "保险金", **node["insurance"]["benefits"][0]}]}}
    return node


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_FIELDS), _values)
def test_any_value_is_read_or_refused(path: tuple[str, ...], value: Any) -> None:
    with contextlib.suppress(ValidationError):
        Product.model_validate({**BASE, **_put(path, value)})
