"""A claim the product's record confirms is a fact stated, not a promise: 保底利率2.5% of a policy whose guaranteed rate
is 2.5% is the contract's term, so a generic rule's guarantee promise over it is not reported when the copy is checked
against that record (kinds/consistency.without_confirmed); another figure, or the same copy without a record, still
is."""

from __future__ import annotations

import pytest

from consumer_rules.product import Product
from tests.helpers import builtin_rules

_POLICY = {
    "name": "直富保年金保险(万能型)",
    "type": "insurance",
    "insurance_subtype": "universal",
    "issuer": "XX人寿保险股份有限公司",
    "guarantees": {"guaranteed_rate": "2.5%", "non_guaranteed": ["超过最低保证利率的结算利息"]},
}


def _codes(text: str, product: dict | None = None) -> set[str]:
    prod = Product.model_validate(product) if product else None
    kwargs = {"product": prod} if prod else {"product_type": "insurance"}
    report = builtin_rules().check_text(text, kind="marketing", **kwargs)
    codes = {f.rule_id for f in report.findings}
    for f in report.findings:
        codes |= {r.rule_id for r in f.related}
    return codes


@pytest.mark.parametrize("text", ["本款年金保险保底利率2.5%，领取灵活。", "万能账户保底2.5%，超出部分不保证。"])
def test_the_record_s_own_guaranteed_rate_is_not_a_promise(text: str) -> None:
    assert "FIN203" in _codes(text)  # without the record: a floor promised
    assert "FIN203" not in _codes(text, _POLICY)  # with it: the contract's guaranteed rate


@pytest.mark.parametrize("text", ["本款年金保险保底利率3.5%，领取灵活。", "万能账户保底4%，超出部分不保证。"])
def test_another_figure_is_still_a_promise_and_an_inconsistency(text: str) -> None:
    codes = _codes(text, _POLICY)
    assert "PRD067" in codes
    assert "FIN203" in codes


def test_the_guaranteed_rate_said_to_compound_is_the_contract_s_term() -> None:
    text = "万能账户享受保底2.5%复利增值。"
    assert "FIN102" in _codes(text)  # without the record: compounding talked up
    assert "FIN102" not in _codes(text, _POLICY)
    assert "FIN102" in _codes("万能账户享受保底4%复利增值。", _POLICY)  # not the record's rate


def test_a_record_without_a_guaranteed_rate_confirms_nothing() -> None:
    policy = {**_POLICY, "guarantees": {"non_guaranteed": ["红利"]}}
    assert "FIN203" in _codes("本款年金保险保底利率2.5%，领取灵活。", policy)


def test_only_the_categories_named_are_confirmed() -> None:
    # the confirmed figure does not silence a missing warning or another claim elsewhere in the copy
    codes = _codes("保底利率2.5%，稳定分红，年年有钱领。", _POLICY)
    assert "FIN203" in codes  # 稳定分红 is its own promise, away from the confirmed rate


def test_a_policy_whose_whole_return_is_guaranteed_confirms_its_figure() -> None:
    policy = {
        "name": "龙抬头养老年金",
        "type": "insurance",
        "insurance_subtype": "annuity",
        "issuer": "XX人寿保险股份有限公司",
        "returns": {"value": "3.5%", "kind": "guaranteed"},
    }
    text = "这款年金保证收益3.5%，稳稳到手。"
    without = _codes(text)
    assert without & {"FIN001", "FIN203", "FIN003", "FIN006"}, without  # without the record: a promise
    assert not _codes(text, policy) & {"FIN001", "FIN203", "FIN003", "FIN006"}
    assert "PRD103" in _codes("这款年金保证收益4.5%，稳稳到手。", policy)


_FUND = {"name": "工银保本B", "type": "fund", "issuer": "XX基金管理有限公司", "risk_level": "R2"}


@pytest.mark.parametrize("name", ["工银保本B", "稳盈保本1号"])
def test_the_product_s_own_name_is_no_claim(name: str) -> None:
    fund = {**_FUND, "name": name}
    assert not _codes(f"理财经理推荐了“{name}”。", fund) & {"FIN001", "PRD020"}
    # the same word outside the name is still the copy's claim, and without a record the name is read as ever
    assert {"FIN001", "PRD020"} <= _codes(f"理财经理推荐了“{name}”，称产品保本。", fund)
    assert "FIN001" in _codes(f"理财经理推荐了“{name}”。")
