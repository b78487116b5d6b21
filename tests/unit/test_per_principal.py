"""A cost quoted in yuan on a sum in yuan (借1万元，日息低至1元) is read as the rate it makes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from consumer_rules.kinds.consistency import _per_principal
from consumer_rules.numbers import find_quantities


def _read(text: str, keyword: str) -> Decimal | None:
    kw_start = text.index(keyword)
    after = find_quantities(text[kw_start + len(keyword) :])
    found = _per_principal(text, kw_start, after)
    return None if found is None else found.value


@pytest.mark.parametrize(
    ("text", "keyword", "rate"),
    [
        ("借1万元，日息低至1元", "日息", Decimal("0.0001")),
        ("1000元用一天只要0.1元", "用一天", Decimal("0.0001")),
        ("每万元每天利息低至1.5元", "每天利息", Decimal("0.00015")),
        ("借一千元，月息30元", "月息", Decimal("0.03")),
    ],
)
def test_the_cost_over_the_sum_is_the_rate(text: str, keyword: str, rate: Decimal) -> None:
    assert _read(text, keyword) == rate


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("日息低至1元", "日息"),  # no sum it is quoted on
        ("借1万元。日息低至1元", "日息"),  # the sum belongs to the sentence before
        ("借1万元\x1f日息低至1元", "日息"),  # … or to the block before (a Markdown or HTML block boundary)
        ("借100元，日息还110元", "日息"),  # more than the sum: a repayment, not a rate
        ("借1万元，日息低至0.02%", "日息"),  # already a rate: read as one elsewhere
    ],
)
def test_no_rate_without_a_sum_in_the_same_sentence(text: str, keyword: str) -> None:
    assert _read(text, keyword) is None
