"""The built-in packs as a whole: what they share."""

from __future__ import annotations

import pytest
import yaml

from consumer_rules import load_rules
from consumer_rules.discovery import builtin_packs_dir
from consumer_rules.model import PackManifest
from tests.helpers import builtin_rules


def test_framing_is_the_same_in_every_pack_that_carries_it() -> None:
    """Critical and quoting framing is language, not policy: each text pack carries the same list, so a
    pack used alone reads warnings right, and the copies cannot drift apart."""
    lists = {}
    for pack in ("cn-advertising", "cn-consumer", "cn-finance", "cn-privacy"):
        data = yaml.safe_load((builtin_packs_dir() / pack / "pack.yaml").read_text(encoding="utf-8"))
        lists[pack] = PackManifest.model_validate(data).framing
    first = lists["cn-finance"]
    assert len(first) >= 8
    assert all(framing == first for framing in lists.values()), "framing differs between packs"


# A claim talked about in one sentence: turned away from, denied to exist, or named as a scam's bait. Each would
# be a finding if the text made the claim (稳赚不赔, 保本保息, 刚性兑付, 不过退费, 必下款, 年化收益15% …).
TALK_ABOUT_CLAIMS = [
    "新规出台后，培训机构将告别“不过退费”营销模式。",
    "贷款哪有真正“必下款”的馅饼？",
    "世上哪有稳赚不赔的理财？",
    "天下没有“保本高收益”的好事。",
    "拒绝“保本保息”的诱惑，理性投资。",
    "摒弃“刚性兑付”思维，树立风险意识。",
    "揭秘“零风险、高收益”背后的真相。",
    "不存在“百分百通过”的考试培训。",
    "“稳赚不赔”从来都是骗局。",
    "年化收益15%的承诺，往往是非法集资的诱饵。",
    "广告中不得出现诸如“国家级”、“最高级”、“最佳”等用语。",
    "这种「秒批」往往伴随着更高的利率，借款前要算清成本。",
    "今天来聊聊大家口中的“必下款”平台，究竟有哪些申请条件。",
    "尽管“保本”听起来安全，但这类产品的收益往往很低。",
    "虽然产品承诺保本，但要看清楚由谁来兑付。",
    "名义保本，实际亏损的结构性产品并不少见。",
    "任何承诺“保本保息”的面向公众的理财产品都值得怀疑。",
]


def test_claims_talked_about_are_not_findings() -> None:
    rs = load_rules()
    for text in TALK_ABOUT_CLAIMS:
        found = [(f.rule_id, f.excerpt) for f in rs.check_text(text).findings if f.severity.value != "info"]
        assert found == [], text
    # the same words said by the copy itself are still claims
    for claim, rule_id in (
        ("稳赚不赔的理财，年化8%！", "FIN002"),
        ("本课程不过退费，立即报名！", "AD013"),
        ("极速借款，秒批到账，立即申请！", "FIN112"),
        ("虽然收益不高，但本产品保本保息。", "FIN001"),
    ):
        found = {f.rule_id for f in rs.check_text(claim).findings}
        if rule_id not in found:
            pytest.fail(f"{claim}: {sorted(found)}")


def test_the_loan_and_card_rules_stand_down_on_insurance_copy() -> None:
    """FIN112 (loans and cards sold as needing no review) is scoped to two products that both have a vocabulary
    now that cards have one: 第三次续保开始就无需审核 in a medical policy's article is no loan claim."""
    rs = builtin_rules()

    def codes(text: str) -> set[str]:
        return {f.rule_id for f in rs.check_text(text).findings}

    assert "FIN112" not in codes("这款百万医疗险保费低，从第三次续保开始就无需审核。")
    assert "FIN112" in codes("信用卡秒批，无需审核，当天下卡。")
    assert "FIN112" in codes("急用钱？无需审核，当天放款。")


def test_premiums_paid_in_instalments_do_not_make_copy_about_a_loan() -> None:
    """The loan vocabulary's 分期 is credit; 分期缴纳 is a policy's premiums paid over years. An insurance page that
    says so and gives its compound rate (利率是3.5%) owes no loan's annual rate (FIN111)."""
    rs = builtin_rules()
    text = "增额终身寿险是年复利，利率是3.5%。缴费方式：支持一次性缴清或分期缴纳。"
    assert "FIN111" not in {f.rule_id for f in rs.check_text(text).findings}
    loan = "利率是3.5%，支持分期还款。"
    assert "FIN111" in {f.rule_id for f in rs.check_text(loan).findings}
