"""Other products named in the copy: their terms and classes are not the checked product's."""

from __future__ import annotations

from consumer_rules import RuleSet, load_rules
from consumer_rules.kinds.other_products import other_product_names

OWN = "兴全安泰平衡养老目标三年持有期混合型基金中基金(FOF)"
BIO = (
    "现任兴全安泰平衡养老目标三年持有期混合型基金中基金(fof)、兴全优选进取三个月持有期混合型基金中基金(fof)、"
    "兴全安泰积极养老目标五年持有期混合型发起式基金中基金(fof)基金经理。"
)


def names(text: str, own: str = OWN) -> list[str]:
    return [text[a:b] for a, b in other_product_names(text, own)]


def test_a_sibling_fund_is_another_product_and_the_checked_one_is_not() -> None:
    found = names(BIO)
    assert "兴全优选进取三个月持有期混合型基金中基金(fof)" in found
    assert "兴全安泰积极养老目标五年持有期混合型发起式基金中基金(fof)" in found  # shares only its brand
    assert not any("平衡养老目标三年" in n for n in found)


def test_a_short_name_of_the_checked_product_is_its_own() -> None:
    assert names("福禄鑫尊两全保险每年领取。", "国寿福禄鑫尊两全保险(分红型)") == []


def test_the_record_name_is_read_as_the_text_is_whatever_its_script_or_width() -> None:
    # the checked text is normalised (Traditional to Simplified, full width to half); the record's name must be too,
    # or the product's own full name reads as another product's and its terms are never compared
    text = "华夏养老2040三年持有混合型基金中基金(fof)管理费率1.2%"
    assert names(text, "華夏養老2040三年持有混合型基金中基金（FOF）") == []
    assert names(text, "华夏成长混合型基金") == ["华夏养老2040三年持有混合型基金中基金(fof)"]


def test_a_bare_class_or_a_name_holding_a_claim_is_no_other_product() -> None:
    assert names("这款保本型年金保险很稳。", "国寿福禄鑫尊两全保险(分红型)") == []
    assert names("另一只保本稳赢混合型基金也很好。") == []
    assert names("这是我行精心打造的年金保险，欢迎咨询。", "鑫福年年年金保险") == []  # a sentence, not a name


def test_a_term_inside_another_funds_name_is_not_compared_with_the_record() -> None:
    from consumer_rules.product import Product

    rules: RuleSet = load_rules()
    product = Product.model_validate(
        {"name": OWN, "type": "fund", "issuer": "兴证全球基金管理有限公司", "term": {"lockup_days": "3年"}}
    )
    own_term = "本基金为兴全安泰平衡养老目标三年持有期混合型基金中基金(FOF)，持有期三个月。"
    assert [f.rule_id for f in rules.check_text(own_term, product=product).findings if f.rule_id == "PRD026"]
    others = [f for f in rules.check_text(BIO, product=product).findings if f.category == "inconsistency"]
    assert others == []


def test_a_sentence_about_another_share_class_named_by_its_code_holds_that_class_s_figures() -> None:
    from consumer_rules.kinds.other_products import other_code_sentences
    from consumer_rules.product import Product

    text = "保守养老一年持有a(019665)管理费率0.60%。保守养老一年持有y(022272)成立较晚,管理费率0.30%,托管费率0.075%。"
    spans = [text[a:b] for a, b in other_code_sentences(text, "019665")]
    assert spans == ["(022272)成立较晚,管理费率0.30%,托管费率0.075%"]
    assert other_code_sentences(text, "") == ()  # no code on the record: no class can be told apart

    rules: RuleSet = load_rules()
    record = {
        "name": "保守养老目标一年持有期混合型基金中基金(FOF)",
        "type": "fund",
        "issuer": "XX基金管理有限公司",
        "fees": [{"name": "管理费", "rate": "0.60%"}, {"name": "托管费", "rate": "0.15%"}],
        "completeness": "partial",
    }
    copy = "本基金A类(019665)管理费率0.60%。Y类(022272)管理费率0.30%,托管费率0.075%。"
    with_code = Product.model_validate({**record, "registration_code": "019665"})
    without_code = Product.model_validate(record)
    fees = {"PRD024"}
    assert [f for f in rules.check_text(copy, product=with_code).findings if f.rule_id in fees] == []
    assert {f.excerpt for f in rules.check_text(copy, product=without_code).findings if f.rule_id in fees} >= {"0.30%"}
