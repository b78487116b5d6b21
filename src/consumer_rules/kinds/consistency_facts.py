"""The facts a product record holds, and the ways copy states each of them.

A consistency rule compares one fact of the record with what the copy says of it. The copy may say it in many
words (年化利率, 年利率, 年息, 利率), with a qualifier (最高, 低至, 起, 约, 仅, 高达), with its unit written several
ways (3.5%, 3.5 %, ３．５％, 百分之三点五, 年息3厘; 1万元, 1 万元, 壹万元, 10000元; 90天, 3个月, 三个月) and with the
number before or after the word (年利率3.5%, 3.5%的年利率, 1万元起购). A claim that states the fact differently from
the record is an inconsistency, whatever the exact wording; so the words belong to the fact, not to one rule, and a
rule names the fact (``quantity: {fact: annual_rate}``) instead of listing its own words.

How a figure is read, for every row (kinds/consistency.py, numbers.py):

- units: % ‰ ‱, 百分之/千分之/万分之, 厘 (年息1厘 = 1%, 月息1厘 = 0.1%, 日息1厘 = 0.01%), 万2 (日息万2 = 0.02%);
  元/万/亿 and ¥; 天/日, 周, 个月 (30 days), 年 (365 days); 期; 岁/周岁; 倍; 种; 次. Full-width digits and signs, spaces
  between digits and their unit (1 万元, 180 天, 3.5 %) and Traditional characters read as their plain forms.
- where: after the word within the rule's window (年利率高达3.5%), before it where the rule says ``side`` (1万元起购,
  180天持有期), and joined to it by 的 for every rule (3.5%的年利率). A number after 比, 高于, 超过, 相比 … (also across
  a space: 比 180 天) names what the product is compared with, and is not the product's.
- qualifiers: 最高/高达/可达/最长 and 低至/最低/起/仅 name one end of what the record holds, so the figure must be
  one of the record's values or one end of its range; ``inside`` rows accept any value in the range (a choice such
  as 3-24期, a credit line); ``above`` rows report only a figure above the record's cap (a headline sum);
  ``not_above`` rows only a span the fact covers. A range in the copy inside the record's range says nothing the
  record does not. With ``best_end``, the end best for the buyer stated alone without such a word (年化收益率4.5%
  of 3.5%-4.5%) is reported.
- approximate: 约/大约/近 before the figure or 左右 after it round it to the last digit written (约3.3% agrees with
  3.28%).
- another figure: words in the clause that make the number someone else's (近一年, 同类平均, 上浮, 基准) are each
  rule's ``unless``.

The table of every fact the record holds, the words copy states it with and the rules that compare it is
docs/products-facts.md. The rows with a figure are :data:`FACTS` below (but the sums insured and premium
multiples, whose rules read different words for a headline and for one benefit); rows marked *claim* there are phrase
rules (``match``) with no figure to compare, whose wordings are listed in the rule itself.
``tests/unit/test_product_facts_table.py`` checks each row of :data:`FACTS` with the spellings its words, qualifiers
and units allow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["FACTS", "Fact", "fact_per_sum", "fact_words"]


@dataclass(frozen=True)
class Fact:
    """One fact of the record with a figure: what kind of number states it and the words copy puts beside it."""

    kind: str
    words: tuple[Any, ...]  # phrases, or {"regex": ...} like a rule's patterns
    # an interest rate: a cost in yuan after the words, on a sum in yuan before them (借1万元，日息低至1元), is the
    # rate it makes; a fee in yuan (手续费为70元 on a 1000元 loan) may be any of the record's fees, so is not read so
    per_sum: bool = False


_R = "regex"

FACTS: dict[str, Fact] = {
    "annual_rate": Fact(
        "percent",
        (
            "年化利率",
            "年利率",
            "年息",
            "年化借款利率",
            "借款年化利率",
            "贷款年化利率",
            "年化综合成本",
            "年化综合资金成本",
            "综合年化成本",
            "综合年化",
            "年化成本",
            "年化息费",
            "年化费率",
            "年化",
            "存款利率",
            "执行利率",
            "贷款利率",
            "借款利率",
            "息费低至",
            # 利率 alone: not 日利率/月利率 (their own rows), nor 基准利率, 活期利率, 定期利率, 保证利率, 结算利率
            {_R: "(?:^|[^日月周天准期证算底定])利率", "note": "利率 alone, not a daily, monthly or reference rate"},
        ),
        per_sum=True,
    ),
    "daily_rate": Fact(
        "percent",
        (
            "日利率",
            "日息",
            "日费率",
            "日利息",
            "每日利率",
            "每天利率",
            "每日利息",
            "每天利息",
            "按日计息",
            # the cost of a sum for a day, in yuan (1000元用一天只要0.1元): read with the sum before it
            "用一天",
            "用1天",
        ),
        per_sum=True,
    ),
    "monthly_rate": Fact("percent", ("月利率", "月息", "月利息", "每月利率", "每月利息"), per_sum=True),
    "benchmark": Fact(
        "percent",
        (
            "业绩比较基准",
            "业绩基准",
            "比较基准",
            "预期收益率",
            "预期年化收益率",
            "预期年化",
            "预期收益",
            "预计年化收益率",
            "预计年化",
            "目标收益率",
        ),
    ),
    "stated_return": Fact(
        "percent",
        (
            "年化收益率",
            "年化收益",
            "年化回报率",
            "年化回报",
            "年化",
            "七日年化收益率",
            "七日年化",
            "7日年化",
            "收益率",
            "回报率",
            "年收益率",
            "年收益",
            "收益可达",
            "收益高达",
            "收益达",
            # the rate or return with only a verb between (利率为5.8%, 收益是4%): copy that calls a wealth product's
            # return its 利率, as a bank's staff do
            "利率为",
            "利率是",
            "收益为",
            "收益是",
        ),
    ),
    "guaranteed_rate": Fact(
        "percent",
        (
            "保证利率",
            "最低保证利率",
            "保底利率",
            "保证收益率",
            "保证年化",
            "保证结算利率",
            "保证回报",
            "保底收益",
            "保底",
            "确定利率",
            "确定收益",
            "确定回报",
            "锁定利率",
            "锁定收益",
            "锁定年化",
            "稳拿",
            "稳得",
            "铁定",
        ),
    ),
    "fee_rate": Fact(
        "percent",
        (
            "认购费率",
            "认购费",
            "申购费率",
            "申购费",
            "赎回费率",
            "赎回费",
            "管理费率",
            "固定管理费",
            "管理费",
            "托管费率",
            "托管费",
            "销售服务费率",
            "销售服务费",
            "手续费率",
            "手续费",
            "服务费率",
            "服务费",
            "费率",
        ),
    ),
    "paying_period": Fact(
        "duration",
        (
            "交费期",
            "缴费期",
            "交费期间",
            "缴费期间",
            "交费年限",
            "缴费年限",
            "交费",
            "缴费",
            "交满",
            "缴满",
            "交清",
            "缴清",
            "只需交",
            "只要交",
            "仅需交",
            "只交",
            "只缴",
            "仅交",
            "共交",
            "连交",
            "需交",
            "要交",
            "再交",
            # 交/缴 alone with its years after it: 交5年，保终身; 本产品缴十年. Not inside another word
            # (提交, 成交, 社交, 公交), nor after years (10年交20年保: the years before it, 5年交, are PRD116's and
            # the rest is the cover)
            {
                _R: "(?:^|[^提成移转递外社公上结杂年月期])[交缴](?:费期间|费期|费年限|费|满|清)?",
                "note": "交 or 缴 alone",
            },
        ),
    ),
    "daily_premium": Fact(
        "amount",
        (
            "每天只需",
            "每天仅需",
            "每天只要",
            "每天",
            "每日",
            "一天只需",
            "一天仅需",
            "一天只要",
            "一天",
            "日均",
            "平均每天",
            "折合每天",
        ),
    ),
    "instalments": Fact(
        "count",
        (
            "最长可分",
            "最多可分",
            "最高可分",
            "最长分",
            "最多分",
            "可分",
            "分期",
            "分",
            "期数",
            "还款期数",
            "可选",
        ),
    ),
    "ages": Fact(
        "age",
        (
            "投保年龄",
            "承保年龄",
            "可投保年龄",
            "购买年龄",
            "参保年龄",
            "年龄",
            "可投保",
            "均可投保",
            "都能投保",
            "都可投保",
            "可以投保",
            "能投保",
            "投保",
            "可投",
            "可保",
            "可买",
            "能买",
            "也能买",
            "都能买",
            "可参保",
            "可购买",
            "可以买",
            "最高支持",
            "最高可投",
            "最大投保年龄",
            # the youngest age written in days, the oldest after it: 出生满28天至70周岁, 28天-65岁
            {"regex": "(?:出生)?满?[0-9]+天(?:至|-|~|到)"},
        ),
    ),
    # the applicant's ages (投保人年龄18-70周岁, 投保人须年满18周岁), which may differ from the insured's
    "applicant_ages": Fact("age", ("投保人年龄", "投保人")),
    "guaranteed_growth": Fact(
        "percent",
        (
            "复利递增",
            "复利增长",
            "复利增值",
            "复利滚存",
            "年复利",
            "复利",
            "逐年递增",
            "每年递增",
            "保额递增",
            "年递增率",
            "递增率",
            "年增长率",
            "增长率",
        ),
    ),
    "term": Fact(
        "duration",
        (
            "产品期限",
            "投资期限",
            "理财期限",
            "存款期限",
            "借款期限",
            "贷款期限",
            "期限",
            "存期",
            "最短持有期",
            "持有期",
            "封闭期",
            "锁定期",
            "保险期间",
            "保障期间",
            "保障期限",
            "最短持有",
            "持有满",
            "持有期满",
            "期理财",
            "期产品",
            "期存款",
            "期定存",
            "期储蓄",
            "期大额存单",
            "投资周期",
            "理财周期",
            "产品周期",
            "运作周期",
            "封闭运作期",
            "投资期",
            "借款周期",
            "贷款周期",
            "最长可借",
        ),
    ),
    "minimum_amount": Fact(
        "amount",
        (
            "起购金额",
            "起购点",
            "起购",
            "起投金额",
            "起投",
            "起存金额",
            "起存",
            "认购起点",
            "购买起点",
            "投资起点",
            "起点金额",
            "最低购买金额",
            "最低投资金额",
            "最低认购金额",
            "最低申购金额",
            "最低借款金额",
            "最低存入金额",
            "投资门槛",
            "购买门槛",
            "起购门槛",
            "最低",
        ),
    ),
    "premium": Fact(
        "amount",
        (
            "每年只需",
            "每年仅需",
            "每年只要",
            "每月只需",
            "每月仅需",
            "每月只要",
            "一年只需",
            "一个月只需",
            "每年交",
            "每月交",
            "每年缴",
            "每月缴",
            "年交保费",
            "月交保费",
            "年缴保费",
            "月缴保费",
            "每年保费",
            "每月保费",
            "年保费",
            "月保费",
            "保费每年",
            "保费每月",
            "年交",
            "月交",
            "年缴",
            "月缴",
        ),
    ),
    "waiting_period": Fact(
        "duration",
        ("等待期", "观察期", "等待期为", "等待期仅", "等待期只有", "等待期只要", "观察期为", "观察期仅"),
    ),
    # How many illnesses of a grade the policy covers: 120种重疾, 重大疾病保障：120种, 轻症40种. The grade's name is the
    # word; 中度重疾 and 轻度重疾 are the lower grades' names, so the critical row's 重疾 inside them is theirs.
    "critical_illnesses": Fact("items", ("重疾", "重大疾病", "重症", "重度疾病")),
    "moderate_illnesses": Fact("items", ("中症", "中度疾病", "中度重疾", "中度重症")),
    "mild_illnesses": Fact("items", ("轻症", "轻度疾病", "轻度重疾", "轻疾", "轻微疾病")),
    # how many times a grade pays: 重疾最多赔付2次, 轻症赔3次, 重疾二次赔付 (the number may stand after the words
    # that pay, so the rules read a wider window than the counts of illnesses)
    "critical_payouts": Fact("times", ("重疾", "重大疾病", "重症", "重度疾病")),
    "moderate_payouts": Fact("times", ("中症", "中度疾病", "中度重疾", "中度重症")),
    "mild_payouts": Fact("times", ("轻症", "轻度疾病", "轻度重疾", "轻疾", "轻微疾病")),
    "cooling_off": Fact(
        "duration",
        (
            "犹豫期",
            "冷静期",
            "犹豫期为",
            "犹豫期长达",
            "犹豫期有",
            "冷静期为",
            "冷静期长达",
            "无理由退保",
            "无条件退保",
            "全额退保",
            "全额退款",
        ),
    ),
    "credit_line": Fact(
        "amount",
        (
            "最高可借",
            "最高借",
            "最高可贷",
            "最高贷",
            "最高额度",
            "最高授信",
            "借款额度",
            "贷款额度",
            "授信额度",
            "信用额度",
            "额度最高",
            "额度高达",
            "额度",
            "可借",
            "最多可借",
            "最多借",
        ),
    ),
    "renewal_guaranteed": Fact(
        "duration",
        ("保证续保", "续保保证", "保证续保期", "保证续保期间", "保证续保期限", "保证续保长达", "保证续保期长达"),
    ),
    # the year a surrender no longer loses money, as copy boasts it: 第5年回本, 5年现金价值超过已交保费
    "break_even": Fact(
        "duration",
        (
            "回本",
            "即可回本",
            "就能回本",
            "就可回本",
            "实现回本",
            "现价回本",
            "退保不亏",
            "退保不亏本",
            "退保无损失",
            "现金价值超过已交保费",
            "现金价值超过所交保费",
            "现金价值超过保费",
            "现价超过保费",
        ),
    ),
    # the part of a claim the buyer pays first, as medical cover states it: 年免赔额1万元, 1万元免赔额, 免赔额为5000元
    "deductible": Fact(
        "amount",
        ("免赔额", "年免赔额", "年度免赔额", "免赔额度", "绝对免赔额", "累计免赔额", "免赔额为", "免赔"),
    ),
    # what a cancellation in the cooling-off period keeps back: 犹豫期内退保扣10元工本费, 仅收取工本费5元
    "cooling_off_fee": Fact(
        "amount",
        (
            "工本费",
            "犹豫期退保工本费",
            "退保工本费",
            "退保手续费",
            "犹豫期退保手续费",
            "犹豫期内退保扣除",
            "犹豫期退保扣除",
        ),
    ),
    # the rates a participating or universal policy's illustration uses: 中档演示利率4.5%, 演示利率（高档）6%
    "illustrated_rate": Fact(
        "percent",
        (
            "演示利率",
            "演示收益率",
            "利益演示利率",
            "中档演示利率",
            "高档演示利率",
            "低档演示利率",
            "中档演示",
            "高档演示",
            "低档演示",
            "中档利率",
            "高档利率",
            "低档利率",
            "演示利率(中档)",
            "演示利率(高档)",
            "演示利率(低档)",
        ),
    ),
    # the age premiums are paid to: 交至60岁, 缴费至65周岁
    "paying_to_age": Fact(
        "age",
        ("交至", "缴至", "交到", "缴到", "交费至", "缴费至", "交费到", "缴费到", "交费期至", "缴费期至"),
    ),
    "interest_free": Fact(
        "duration", ("最长免息期", "免息期最长", "免息期长达", "免息期高达", "免息还款期", "免息期", "最长免息")
    ),
}


def fact_words(name: str) -> tuple[Any, ...]:
    """The words copy puts beside the fact ``name`` (a key of :data:`FACTS`)."""
    return FACTS[name].words


def fact_per_sum(name: str | None) -> bool:
    """Whether a cost in yuan on a sum before the fact's words is read as its rate (see :attr:`Fact.per_sum`)."""
    return name is not None and FACTS[name].per_sum
