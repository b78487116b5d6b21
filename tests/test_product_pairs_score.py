"""The product checks scored on the real product + copy pairs (tests/product_pairs/).

The scorer (tests/product_pairs/score.py) runs ``RuleSet.check_product`` on every pair's product.yaml and
copy.md and compares the error and warning findings with the reviewers' labels (decided.yaml where the two
reviewers differed and a third decided, else expected.yaml).

Issue 10's target is precision >= 0.85 and recall >= 0.80 on pairs nobody wrote the rules against.

The dev set (26 pairs) was collected as the first holdout, before the product rules existed. Measured on it as
the rules grew: precision 20/65 = 0.31 and recall 19/53 = 0.36 when the scorer was added; 23/43 = 0.53 and
22/53 = 0.42 (1 of 59 must_not_flag phrases hit, 11 of 26 pairs exact) three rounds later. By then about ten
per-pair lines had been seen while tuning, so it became the dev set, open for writing product rules, and a fresh
holdout was collected blind to the rules (tests/product_pairs/holdout). Fixing families of misses on the dev
set (guarantee promises, terms and fees against the record, guaranteed renewal, high-return and germ-killing
claims, missing wording folded per document) brought it to precision 42/56 = 0.75 and recall 40/53 = 0.75
(1 of 59 must_not_flag phrases hit, 14 of 26 pairs exact). Then: generic warning rules replaced by the
product's own when the record says what it is, the record's guarantees, ages, cooling-off days, premium ratios
and student target read against the copy: precision 45/52 = 0.87, recall 43/53 = 0.81 (0 of 59, 17 of 26); the
holdout stayed at 14/46 = 0.30 and 12/46 = 0.26. Waiting periods, cooling-off deductions, coupon caps and the main
benefit's cap as record fields, and the insurer named as the record holds it (PRD102 for FIN200): precision
46/52 = 0.88, recall 44/53 = 0.83 (0 of 59, 17 of 26); the holdout unchanged.

With the batch of pairs 27-39 open as dev (39 pairs, 86 expected items) the dev set stood at precision 62/79 =
0.78, recall 60/86 = 0.70 (2 of 99 must_not_flag phrases hit, 23 of 39 exact). Instalment prices without their
cost, low-cost claims without a figure, fees owed with no amount, a loan's rate shown without its fees, funds in
deposit words, hurrying the buyer, and a platform's general lines kept from one loan's record: precision 84/100 =
0.84, recall 75/87 = 0.86 (1 of 99, 25 of 39; pair 02 gained an expected 费用低); the holdout unchanged.
A third blind batch (pairs 40-53, 14 pairs, 24 expected items) was scored before that work at precision 9/26 =
0.35, recall 9/24 = 0.38 (2 of 62, 4 of 14 exact) and after it at 10/27 = 0.37, 10/24 = 0.42 (2 of 62, 4 of 14),
then opened as dev: 53 pairs, precision 95/129 = 0.74, recall 85/111 = 0.77 (3 of 161, 29 of 53 exact).
A facts table that every comparing rule reads, new comparisons (paying period, benefit by name, renewal,
break-even year, coupons, buyer class) and a hook that drops a promise the record confirms brought dev to 97/128 =
0.76, 87/111 = 0.78 (2 of 161, 31 of 53) and left the holdout where it was. Two more blind batches collected during
that work (pairs 54-76 after dropping four whose copy was already in the corpus and two near copies of holdout
pairs) scored, on the 20 pairs nobody had seen: 13/53 = 0.25, 13/40 = 0.33 (7 of 72, 3 of 20 exact) before it and
13/57 = 0.23, 13/40 = 0.33 (7 of 72, 2 of 20) after it; then opened as dev: 76 pairs, 114/191 = 0.60, 104/159 =
0.65 (9 of 243, 34 of 76).

The holdout (25 pairs, collected and labelled by someone who never read the rules or ran the checker) is the
figure that counts. Scored first with the rules as they stood when it arrived: precision 13/58 = 0.22, recall
11/46 = 0.24, 8 of 81 must_not_flag phrases hit, 3 of 25 pairs exact. After the dev-set work above: precision
14/47 = 0.30, recall 12/46 = 0.26, 8 of 81, 3 of 25: the dev gains barely carried over. Only its totals are
asserted and printed here; nobody writing rules reads its pairs. Two holdout pairs (3 and 22) turned out to be
near copies of dev corpus items (tests/product_pairs/exposed.yaml); without them the holdout stood at precision
9/38 = 0.24, recall 8/37 = 0.22, 3 of 23 exact.

Every pair was then labelled by a second reviewer, blind, and where the two differed (38 dev and 12 holdout pairs)
a third decided between them (decided.yaml; tests/product_pairs/dev/README.md). The pairs are scored against the
decided labels from then on: dev 109/191 = 0.57, 100/177 = 0.56 (12 of 276 must_not_flag phrases hit, 28 of 76
exact), down from 0.60 / 0.65 against the first reviewer's labels the rules were tuned on; holdout 16/46 = 0.35,
14/49 = 0.29 (11 of 97, 3 of 25), up from 0.30 / 0.26. The floors were reset to these figures: the reference
changed, not the rules. Giving the product rules that report a contradiction of the record the contract's category
(inconsistency) then moved dev to 110/192 = 0.57, 101/177 = 0.57 (29 exact) and the holdout to 17/50 = 0.34,
15/49 = 0.31. A missing warning is then matched wherever either side anchors it (it is one problem of the copy,
and its anchor a convention): dev 112/192 = 0.58, 103/177 = 0.58; holdout 18/50 = 0.36, 16/49 = 0.33. The
record's own guaranteed rate said to compound (保底1.5%复利增值) then stopped reading as a return talked up: dev
112/191 = 0.59 (11 of 276 must_not_flag phrases hit); holdout unchanged. Two guards from the rules' own intent (a
bank's deposit named as the yardstick is not the policy in deposit words; 趸交/3年/5年 lists choices) and a
conjunction read as two parts listed (分红收益与保底利率) then brought dev to 112/186 = 0.60; holdout unchanged. A
contract's first payment date (自首个养老保险金领取日起) read as an ordinal, not a rank: dev 112/184 = 0.61; and
保证收益+浮动分红 on a record with guaranteed and non-guaranteed parts read as the contract's make-up: 112/183. An
age bound that leaves itself out (出生满30天-70周岁(不含)) read as the last age below it: 112/182 = 0.62, 30 exact. A
germ-killing claim on a record without tested effects given the category of an unsupported product effect (other),
since the record states nothing contrary (the third reviewer's reading): 112/180 = 0.62, 31 exact; holdout unchanged.
A record can then state what a fund or wealth product invests in (asset_class): dev pair 62, a mixed product sold
as 固收+, says so, and PRD138 finds it: 113/181 = 0.62, 104/177 = 0.59; the holdout records, written before the
field, do not state it. A fee taken out of the loan before it is paid (借款手续费…在借款金额中直接扣除) then read as the
interest deducted up front it stands in for: 114/182 = 0.63, 105/177 = 0.59, 32 exact; holdout unchanged.
Thirteen comparisons of facts the record could already hold (ways out before maturity, named fund fees waived, a
distributing bank called the issuer, a coupon's scope, the rest of the repayment methods, benefits not covered) and
the attached universal account's floor then changed neither set: no pair's record states those facts (their
liquidity, coupon conditions and repayment are mostly empty), so what the new checks find is not measured here.
A participating policy sold on its dividends (享受分红, 分红复利多) then owed its uncertainty statement (FIN016): dev
115/183 = 0.63, 106/177 = 0.60; a guarantee the record holds as a whole (a traditional endowment's 保证收益, a
principal-guaranteed product's 保本) stopped reading as a promise (FIN001): 115/180; and a paying period can be the
choices a policy offers (趸交/3-10年交), so four dev records that had to leave 趸交 in a comment now hold it: 115/178 =
0.65, 33 exact. The first 25 holdout pairs stayed at 18/51 = 0.35, 16/49 = 0.33, 3 exact.

A second holdout batch (pairs 26-50: 25 pairs, 44 expected items, 105 traps), collected and labelled blind after the
schema had grown, its records using the new fields, was then scored with the rules as above (none written against
it): precision 8/58 = 0.14, recall 8/44 = 0.18, 1 of 25 exact. The largest share of its false findings (22 of 50) are
contradictions of the record (inconsistency) that neither reviewer saw, none of them right: the comparing rules read
fresh records and copy far less well than the dev set suggests. The holdout is now 50 pairs: 26/109 = 0.24,
24/93 = 0.26, 22 of 202 must_not_flag phrases hit, 4 of 50 exact; its floor was reset to that (the holdout grew,
the rules did not get worse).

A sixth dev batch collected beside it (pairs 77-89, 13 pairs, 14 expected items) scored before any rule was tuned
on it at 8/31 = 0.26, 7/14 = 0.50 (8 traps hit, 3 of 13 exact). Reading its false findings found general faults: a
number cut short by a keyword that takes the character before it as its guard (70周岁 before 缴费, once the line
break is folded away, read as 70周 of payments), 第 30日 with a space read as thirty days, an attained age (保额增长至
到达年龄为99周岁) read as an age sold to, two words read as 配资 across a folded space (支配 资金), a deposit's 保本
(保本保息的大额存单) read as a promise about the product sold, the mandated opening of a universal-life brochure
(扣除一定的初始费用后) read as a fee without its amount, renewal promised in sales talk (不会影响续保, 可以买到99岁)
not read, and the agency-disclosure rules (FIN043, PRD034: an article seen only in summaries, never confirmed by a
reviewer) counted as warnings rather than advice. After them the batch scored 9/17 = 0.53, 8/14 = 0.57 (3, 6 of 13),
dev (89 pairs) 124/193 = 0.64, 114/191 = 0.60, 13 of 348 traps, 39 exact; and the holdout, read only as totals,
moved from 26/109 to 26/100 = 0.26, recall unchanged at 24/93 = 0.26, 21 of 202 traps, 5 of 50 exact.

A seventh dev batch (pairs 90-101, 12 pairs, 21 expected items, aimed at loans, agent-sold savings insurance and bank
wealth products) scored 5/22 = 0.23, 5/21 = 0.24 before it was read and 5/17 = 0.29, 5/21 after: the product's own
name (工银保本B) is no claim where the copy gives it, and a credit line's life (授信期限3年) is not the loan's term. Its
misses are mostly a missing annual rate that the reviewers anchored on another sentence than the checker, and
contradictions the records cannot hold. Dev (101 pairs) then stood at 129/210 = 0.61, 119/212 = 0.56, 16 of 398
traps, 42 exact; the holdout at 26/98 = 0.27, 24/93 = 0.26, 21 of 202, 5 of 50 exact.

An eighth dev batch (pairs 102-112, 11 pairs, 31 expected items: savings and health insurance, loan
apps and instalments, wealth products, a fund and a food), collected blind, labelled twice and
decided like the rest, scored 5/24 = 0.21, 4/31 = 0.13 with the rules of the round's start, 1 exact.
Read, it showed a dividend's uncertainty said in the copy's own words (实际红利可能大可能小) taken for no
warning, a premium told as money put away (每年存3384元), a privacy promise (对用户的个人信息完全保密) that the
record's third parties contradict (PRD158), renewal said never to be refused (PRD056), a time
counted from the term's end taken for the term, a fund's scope listing 股指期货 taken for leveraged
trading, and an FAQ's question (是保证续保的吗？) taken for the claim. After the fixes the batch scored
11/24 = 0.46, 9/31 = 0.29; pairs 110-112, read last, 0/5 and 0/6 before the two fixes made for them
and 0/2, 0/6 after, one pair exact (their misses are contradictions the records cannot hold, such as
a food sold as camel milk). Dev (112 pairs) then stood at 141/228 = 0.62, 129/243 = 0.53, 18 of 451
traps, 44 exact; the holdout at 26/98 = 0.27, 24/93 = 0.26, 21 of 202, 5 of 50 exact, moved by none
of it.

A ninth dev batch (pairs 113-124, 12 pairs, 28 expected items: savings and health insurance, loans,
instalments, a prepaid fuel package, funds, a wealth product, account precious metals and a pension fund
of funds), collected blind while a round of rules was written from dev alone, scored 11/50 = 0.22,
11/28 = 0.39, 9 traps, 2 exact with the rules of the round's start and the same at its end. Read, it
showed a fund manager's biography whose other funds' terms and classes were compared with the record of
the fund checked (nine false findings in one pair): a term inside another product's full name is now that
product's; an annuity's 每生存满一年 is no deposit term, a sum 领取 after 交保费 no gift, a list of classes no
claim about the product. After the fixes the batch scored 11/30 = 0.37, 11/28 = 0.39, 4 traps, 4 exact. Dev
(124 pairs) then stood at 153/258 = 0.59, 141/271 = 0.52, 21 of 507 traps, 48 exact; the holdout at 26/97 =
0.27, 24/93 = 0.26, 21 of 202, 5 of 50 exact (one false finding fewer, from the class lists).

A later round, from the dev pairs' false findings alone, read each figure against the fact it is about: a sentence
naming another share class by its code holds that class's fees; a benefit's ratio is the benefit's named last
before it, and one the record does not list is not compared; a fee rate is the fee its clause names; a class of
products' usual return (现金管理类产品…普遍在…) is not the product's; an age at which a benefit or waiver applies is
not a buyer's age. Dev (135 pairs) then stood at 157/266 = 0.59, 145/297 = 0.49, 23 of 562 traps, 48 exact; the
holdout at 26/96 = 0.27, 24/93 = 0.26, 21 of 202, 5 of 50 exact.

The floors sit just under the latest figures: they catch a regression, and are raised as the rules improve,
never lowered (a blind batch joining dev lowers the dev figures it is measured on, and its floor with them; one
joining the holdout, the holdout's).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

import consumer_rules
from tests.helpers import load_scorer


@dataclass(frozen=True)
class Floor:
    pairs: int  # every pair has a product.yaml
    expected: int
    precision: float
    recall: float
    traps: int  # at most
    exact: int


FLOORS = {
    "dev": Floor(pairs=135, expected=297, precision=0.58, recall=0.48, traps=23, exact=48),
    "holdout": Floor(pairs=50, expected=93, precision=0.26, recall=0.25, traps=21, exact=5),
}


@pytest.mark.parametrize("which", FLOORS)
def test_pairs_stay_above_the_floor(which: str) -> None:
    floor = FLOORS[which]
    totals = load_scorer().score_all(which)
    assert len(totals.pairs) == floor.pairs, f"{which}: every pair has a product.yaml"
    assert totals.sum("expected") == floor.expected
    assert totals.precision >= floor.precision
    assert totals.recall >= floor.recall
    assert totals.traps <= floor.traps
    assert totals.exact >= floor.exact


@pytest.mark.parametrize("which", FLOORS)
def test_every_pair_has_a_second_reviewers_findings_in_the_same_form(which: str) -> None:
    import yaml

    from consumer_rules.vocabulary import CATEGORIES

    scorer = load_scorer()
    for pair in scorer.pair_dirs(which):
        second = yaml.safe_load((pair / "second.yaml").read_text(encoding="utf-8"))
        copy = (pair / "copy.md").read_text(encoding="utf-8")
        facts = (pair / "facts.yaml").read_text(encoding="utf-8")
        for item in second["findings"] or []:
            assert item["category"] in CATEGORIES, (pair.name, item)
            where = facts if item["category"] in scorer.FACT_CATEGORIES else copy
            assert str(item["excerpt"]) in where, (pair.name, item["excerpt"])
        assert all(str(p) in copy for p in second["must_not_flag"] or []), pair.name


def test_agreement_counts_findings_as_the_checker_is_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scorer = load_scorer()
    pair = tmp_path / "dev" / "01-x"
    pair.mkdir(parents=True)
    (pair / "product.yaml").write_text("{}\n", encoding="utf-8")
    (pair / "copy.md").write_text("本产品保本保息，年化收益8%，稳赚不赔。\n", encoding="utf-8")
    (pair / "expected.yaml").write_text(
        "findings:\n"
        "  - {category: guarantee_promise, excerpt: 保本保息}\n"
        "  - {category: misleading_return, excerpt: 年化收益8%}\n"
        "must_not_flag: []\n",
        encoding="utf-8",
    )
    (pair / "second.yaml").write_text(
        "findings:\n"
        "  - {category: guarantee_promise, excerpt: 保本}\n"  # inside the first's excerpt: the same finding
        "  - {category: guarantee_promise, excerpt: 稳赚不赔}\n"  # not written by the first reviewer
        "  - {category: extreme_claim, excerpt: 年化收益8%}\n"  # same words, another category: not the same
        "must_not_flag: []\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(scorer, "PAIRS", tmp_path)
    found = scorer.agreement("dev")
    assert (found.pairs, found.reference, found.other) == (1, 2, 3)
    assert (found.reference_matched, found.other_matched) == (1, 1)
    assert found.category_pairs == (1, 1, 1) and found.same_verdict == 1
    assert "precision 1/3 = 0.33, recall 1/2 = 0.50" in found.line()
    # Where the two differ, a third reviewer's decided.yaml is what the pair is scored against; the first
    # reviewer's findings stay in expected.yaml, and the decided ones are compared with both.
    assert scorer.label_file(pair) == pair / "expected.yaml"
    (pair / "decided.yaml").write_text(
        "findings:\n"
        "  - {category: guarantee_promise, excerpt: 保本保息, why: w, from: both}\n"
        "  - {category: guarantee_promise, excerpt: 稳赚不赔, why: w, from: second}\n"
        "must_not_flag: []\n",
        encoding="utf-8",
    )
    assert scorer.label_file(pair) == pair / "decided.yaml"
    assert scorer.label_file(pair, "first") == pair / "expected.yaml"
    versus_first = scorer.agreement("dev", "decided", "first")
    assert (versus_first.reference_matched, versus_first.other_matched) == (1, 1)
    versus_second = scorer.agreement("dev", "decided", "second")
    assert (versus_second.reference_matched, versus_second.other_matched) == (2, 2)
    assert scorer.decided_count("dev") == 1


def test_a_missing_warning_matches_wherever_either_side_anchors_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy lacks its risk warning once. The checker anchors the finding on its first trigger (the benchmark
    figure), a reviewer on the product's name; scored by overlapping excerpts, that one problem counted as a
    false finding and a miss. Absence categories now match by category within the copy, for the checker as
    for the two reviewers; other categories still need overlapping excerpts."""
    scorer = load_scorer()
    pair = tmp_path / "dev" / "01-x"
    pair.mkdir(parents=True)
    (pair / "product.yaml").write_text(
        "name: 稳健一号\ntype: wealth_management\nissuer: XX理财有限责任公司\nrisk_level: R2\n", encoding="utf-8"
    )
    (pair / "copy.md").write_text(
        "<!-- source: https://example.com (test) -->\n稳健一号理财产品，业绩比较基准年化4.5%，欢迎购买。\n",
        encoding="utf-8",
    )
    (pair / "expected.yaml").write_text(
        "findings:\n"
        "  - {category: missing_risk_warning, excerpt: 稳健一号理财产品, why: w}\n"
        "  - {category: misleading_return, excerpt: 稳健一号, why: w}\n"  # elsewhere than the checker's: a miss
        "must_not_flag: []\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(scorer, "PAIRS", tmp_path)
    score = scorer.score_pair(pair, consumer_rules.load_rules())
    assert score.matched_expected == 1 and score.missed == ["misleading_return «稳健一号»"]
    assert not any(f.startswith("PRD030 ") for f in score.false_findings), score.false_findings
