"""A figure is the benefit's the copy names (PRD045 sums insured, PRD094 shares of the premiums, PRD163 shares of the
sum insured): named by the benefit's
own name or by its kind (身故, 满期, 重疾), it is compared with that benefit's figure alone, however the figure is
spelt; the benefit named last before the figure is the one; a benefit the record gives no figure, or does not list,
is not compared, and a figure naming no benefit is compared with them all unless the record is partial."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import copy_findings

_POLICY = {
    "name": "福满两全保险",
    "type": "insurance",
    "insurance_subtype": "life",
    "issuer": "XX人寿保险股份有限公司",
    "insurance": {
        "benefits": [
            {
                "name": "满期保险金",
                "kind": "maturity",
                "premium_ratio": "120%",
                "sum_insured": "30万元",
                "sum_ratio": "100%",
            },
            {
                "name": "身故保险金",
                "kind": "death",
                "premium_ratio": "160%",
                "sum_insured": "50万元",
                "sum_ratio": "300%",
                "main": True,
            },
            {"name": "祝福金", "kind": "survival"},
        ]
    },
}
_MATURITY = ("满期", "期满", "满期保险金")
_DEATH = ("身故", "身故保险金", "离世")
_RATIO = {"120%": ("120%", "1.2倍", "百分之一百二十", "120 %"), "160%": ("160%", "1.6倍", "百分之一百六十")}
_SHARE = {"100%": ("100%", "1倍", "百分之一百", "100 %"), "300%": ("300%", "3倍", "三倍", "百分之三百")}
_SUM = {"30万": ("30万元", "30万", "三十万元", "300000元"), "50万": ("50万元", "50万", "五十万元", "500000元")}


def _found(text: str, rule: str) -> bool:
    return any(f.rule_id == rule for f in copy_findings(text, _POLICY))


def _benefit_and_figures(
    data: st.DataObject, spellings: dict[str, tuple[str, ...]], death_figure: str, maturity_figure: str
) -> tuple[str, str, str]:
    """A benefit's name as copy writes it, its own figure and the other benefit's, each in a drawn spelling."""
    death = data.draw(st.booleans(), label="death")
    word = data.draw(st.sampled_from(_DEATH if death else _MATURITY), label="word")
    own, other = (death_figure, maturity_figure) if death else (maturity_figure, death_figure)
    right = data.draw(st.sampled_from(spellings[own]), label="right")
    wrong = data.draw(st.sampled_from(spellings[other]), label="wrong")
    return word, right, wrong


# (rule, spellings of each figure, the death benefit's figure, the maturity benefit's, how copy writes one)
_NAMED = [
    ("PRD094", _RATIO, "160%", "120%", "{word}按已交保费的{figure}给付。"),  # a share of the premiums
    ("PRD045", _SUM, "50万", "30万", "{word}保额{figure}。"),  # a sum insured
    ("PRD163", _SHARE, "300%", "100%", "{word}按基本保额的{figure}给付。"),  # a share of the sum insured
]


@pytest.mark.parametrize(("rule", "spellings", "death", "maturity", "copy"), _NAMED, ids=[n[0] for n in _NAMED])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_figure_is_the_named_benefit_s(
    rule: str, spellings: dict[str, tuple[str, ...]], death: str, maturity: str, copy: str, data: st.DataObject
) -> None:
    word, right, wrong = _benefit_and_figures(data, spellings, death_figure=death, maturity_figure=maturity)
    assert not _found(copy.format(word=word, figure=right), rule)
    assert _found(copy.format(word=word, figure=wrong), rule)  # the other benefit's figure


def test_a_benefit_the_record_gives_no_figure_is_not_compared() -> None:
    assert not _found("祝福金按已交保费的150%给付。", "PRD094")
    assert not _found("祝福金按基本保额的20%给付。", "PRD163")
    assert not _found("祝福金保额80万元。", "PRD045")


def test_a_figure_naming_no_benefit_is_compared_with_them_all() -> None:
    assert not _found("按已交保费的120%给付。", "PRD094")
    assert _found("按已交保费的150%给付。", "PRD094")


def test_the_benefit_named_last_before_the_figure_is_the_one_it_belongs_to() -> None:
    # 满期 names a time here; the clause is about the death benefit, whose share is 160%
    assert not _found("满期前身故按已交保费的160%给付。", "PRD094")
    assert _found("满期前身故按已交保费的120%给付。", "PRD094")


def test_a_figure_of_a_benefit_the_record_does_not_list_is_not_compared() -> None:
    assert not _found("重疾按已交保费的150%给付。", "PRD094")  # the record lists no critical-illness benefit
    assert _found("满期按已交保费的150%给付。", "PRD094")


def test_on_a_partial_record_a_figure_naming_no_benefit_is_not_compared() -> None:
    partial = {**_POLICY, "completeness": "partial"}
    assert not any(f.rule_id == "PRD094" for f in copy_findings("按已交保费的150%给付。", partial))
    assert any(f.rule_id == "PRD094" for f in copy_findings("满期按已交保费的150%给付。", partial))
