"""Rule logic: forbid guards, require triggers and proximity, masks, scoping by kind and product."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from consumer_rules.errors import RuleLoadError
from tests.helpers import excerpts, load_pack, rule, write_pack

BACKENDS = ["re2", "python-re"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_forbid_reports_every_occurrence_with_original_text(tmp_path: Path, backend: str) -> None:
    rs = load_pack(tmp_path, [rule("TST001", kind="forbid", match=["保本"])], backend=backend)
    assert excerpts(rs, "保本，又是保 本，还有保\u200b本") == ["保本", "保 本", "保\u200b本"]


def test_overlapping_patterns_of_one_rule_give_one_finding(tmp_path: Path, backend: str) -> None:
    rs = load_pack(tmp_path, [rule("TST001", kind="forbid", match=["保本", "保本保息", "保息"])], backend=backend)
    assert excerpts(rs, "本产品保本保息。") == ["保本保息"]


def test_negation_within_window_and_same_clause(tmp_path: Path, backend: str) -> None:
    rs = load_pack(
        tmp_path,
        [rule("TST001", kind="forbid", match=["保本"], unless={"negated": {"words": ["不", "不承诺"], "window": 4}})],
        backend=backend,
    )
    assert excerpts(rs, "本产品不保本") == []
    assert excerpts(rs, "我们不承诺产品保本") == []  # 2 characters between negator and match
    assert excerpts(rs, "不，本产品保本") == ["保本"]  # the comma ends the negator's clause
    assert excerpts(rs, "不是说了吗本产品一定保本") == ["保本"]  # too far away
    assert excerpts(rs, "不仅保本还有收益") == ["保本"]  # 不仅 is in the default 'except' list


def test_a_negator_before_a_fronted_object_denies_the_verbs_after_it(tmp_path: Path, backend: str) -> None:
    rs = load_pack(
        tmp_path,
        [rule("TST001", kind="forbid", match=["共享给第三方"], unless={"negated": {"words": ["不会"], "window": 4}})],
        backend=backend,
    )
    # 将/把 moves the object before the verb: the negator's scope runs past it and over the listed verbs
    assert excerpts(rs, "我们不会将您的任何数据出售、出租或共享给第三方") == []
    assert excerpts(rs, "我们不会以任何形式把您的信息共享给第三方") == []
    # without 将/把 the window is the rule's own; a comma still ends the negator's clause
    assert excerpts(rs, "我们不会在您同意之后的任何时候共享给第三方") == ["共享给第三方"]
    assert excerpts(rs, "我们不会将您的数据出售，但会共享给第三方") == ["共享给第三方"]
    assert excerpts(rs, "我们将您的数据共享给第三方") == ["共享给第三方"]
    # a purpose or a condition between the negator and the act is as transparent as a fronted object
    assert excerpts(rs, "我们不会出于第三方的营销目的共享给第三方") == []
    assert excerpts(rs, "我们不会在您不知情的情况下将数据共享给第三方") == []
    assert excerpts(rs, "我们会出于营销目的共享给第三方") == ["共享给第三方"]


def test_promises_made_of_negations_need_their_own_negators(tmp_path: Path, backend: str) -> None:
    rs = load_pack(
        tmp_path,
        [
            rule(
                "TST001",
                kind="forbid",
                match=["稳赚不赔", "无风险"],
                unless={"negated": {"words": ["并非", "不是"], "window": 2}},
            )
        ],
        backend=backend,
    )
    assert excerpts(rs, "稳赚不赔，无风险") == ["稳赚不赔", "无风险"]
    assert excerpts(rs, "投资并非无风险") == []


def test_inside_longer_word_cancels(tmp_path: Path, backend: str) -> None:
    rs = load_pack(
        tmp_path,
        [
            rule(
                "TST001",
                kind="forbid",
                match=["最", "第一"],
                unless={"inside": ["最近", "最终", {"regex": "第一[期年次]"}]},
            )
        ],
        backend=backend,
    )
    assert excerpts(rs, "最近推出的第一期产品，最终收益以实际为准") == []
    assert excerpts(rs, "最好的产品，行业第一") == ["最", "第一"]


def test_quoted_titles_cancel_forbid_matches(tmp_path: Path, backend: str) -> None:
    rs = load_pack(tmp_path, [rule("TST001", kind="forbid", match=["最佳"])], backend=backend)
    assert excerpts(rs, "依据《最佳实践指引》办理") == []
    assert excerpts(rs, "最佳选择") == ["最佳"]


def test_near_guard_is_clause_scoped(tmp_path: Path, backend: str) -> None:
    rs = load_pack(
        tmp_path,
        [rule("TST001", kind="forbid", match=["即视为同意"], unless={"near": ["点击", "勾选"]})],
        backend=backend,
    )
    assert excerpts(rs, "点击“同意”即视为同意") == []
    assert excerpts(rs, "请点击。使用本应用即视为同意") == ["即视为同意"]


def test_masks_hide_disclaimers_from_forbid_rules(tmp_path: Path, backend: str) -> None:
    rules = [
        rule("TST001", kind="forbid", match=["存款"]),
        rule(
            "TST002",
            kind="require",
            accept=["理财非存款、产品有风险、投资须谨慎"],
            tolerate={"variants": {"须": ["需"]}},
            when=["理财"],
        ),
    ]
    rs = load_pack(tmp_path, rules, masks=["不保证最低收益"], backend=backend)
    assert excerpts(rs, "理财非存款，产品有风险，投资需谨慎。") == []
    assert excerpts(rs, "理财产品就像存款一样") == ["理财", "存款"]  # sorted by position


def test_require_document_points_at_first_trigger(tmp_path: Path, backend: str) -> None:
    rs = load_pack(
        tmp_path,
        [rule("TST001", kind="require", when=["年化"], accept=["投资有风险"])],
        backend=backend,
    )
    report = rs.check_text("第一段\n\n年化4%，年化5%")
    assert [(f.excerpt, f.scope, f.line, f.column) for f in report.findings] == [("年化", "document", 3, 1)]
    assert excerpts(rs, "年化4%。投资有风险") == []
    assert excerpts(rs, "没有收益数字的文案") == []


def test_a_negated_trigger_asks_for_nothing_when_the_rule_says_so(tmp_path: Path, backend: str) -> None:
    negated = {"words": ["不得", "没有"], "window": 4}
    guarded = rule("TST001", kind="require", when=["保本", "稳赚"], when_negated=negated, accept=["投资有风险"])
    rs = load_pack(tmp_path, [guarded], backend=backend)
    assert excerpts(rs, "机构不得承诺保本保息。") == []
    assert excerpts(rs, "股票没有稳赚的方法。") == []
    assert excerpts(rs, "本产品保本，稳赚不赔。") == ["保本"]  # one finding per document, at the first trigger
    assert excerpts(rs, "不得转让。本产品保本。") == ["保本"]  # a negator of another clause denies nothing here
    plain = load_pack(tmp_path / "plain", [rule("TST002", kind="require", when=["保本"], accept=["投资有风险"])])
    assert excerpts(plain, "机构不得承诺保本保息。") == ["保本"]  # without when_negated a trigger is a trigger


def test_a_trigger_whose_clause_speaks_of_something_else_asks_for_nothing(tmp_path: Path, backend: str) -> None:
    guarded = rule("TST001", kind="require", when=["快速到账"], when_unless=["提现"], accept=["年化利率"])
    rs = load_pack(tmp_path, [guarded], backend=backend)
    assert excerpts(rs, "资金提现当日不设限额，快速到账。") == []  # the word counts anywhere in the sentence
    assert excerpts(rs, "快速到账，提现不收费。") == []
    assert excerpts(rs, "提现不设限额。借款快速到账。") == ["快速到账"]  # another sentence speaks of another thing


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"when": ["保本"], "when_negated": {"words": ["不得"], "within": True}}, "'within' is not supported here"),
        ({"when_negated": {"words": ["不得"]}}, "when_negated needs 'when'"),
        ({"when_unless": ["提现"]}, "when_unless needs 'when'"),
    ],
)
def test_a_trigger_negation_the_engine_would_not_read_is_an_error(
    tmp_path: Path, fields: dict[str, object], problem: str
) -> None:
    with pytest.raises(RuleLoadError) as err:
        load_pack(tmp_path, [rule("TST001", kind="require", accept=["投资有风险"], **fields)])
    assert "TST001.yaml" in str(err.value) and problem in str(err.value)


def test_require_without_trigger_is_whole_document(tmp_path: Path, backend: str) -> None:
    rs = load_pack(tmp_path, [rule("TST001", kind="require", accept=["投诉电话"])], backend=backend)
    report = rs.check_text("欢迎来电")
    assert [(f.start, f.end, f.excerpt, f.scope) for f in report.findings] == [(0, 0, "", "document")]


def test_require_with_promotes_points_at_the_promoting_words(tmp_path: Path, backend: str) -> None:
    rs = load_pack(
        tmp_path, [rule("TST001", kind="require", accept=["投资有风险"], promotes=["立即购买"])], backend=backend
    )
    report = rs.check_text("稳健一号。立即购买")
    assert [(f.excerpt, f.scope, f.column) for f in report.findings] == [("立即购买", "document", 6)]
    assert excerpts(rs, "稳健一号，投资期限90天。") == []  # does not promote
    assert excerpts(rs, "立即购买。投资有风险") == []


def _warning_after(*packs: str) -> dict[str, object]:
    """A require rule asking for a risk warning wherever a guarantee is found by a rule of ``packs``."""
    found = {"categories": ["guarantee_promise"], "packs": list(packs)}
    return rule("TST002", kind="require", category="missing_risk_warning", when_found=found, accept=["投资有风险"])


def test_require_when_found_is_triggered_by_other_rules_findings(tmp_path: Path, backend: str) -> None:
    claims = rule("TST001", kind="forbid", category="guarantee_promise", match=["稳赚"], unless={"negated": {}})
    figures = rule("TST003", kind="require", category="missing_risk_warning", when=["年化"], accept=["投资有风险"])
    rs = load_pack(tmp_path, [claims, _warning_after("test-pack"), figures], backend=backend)
    # the missing warning is reported at the claim that asked for it
    assert [(f.rule_id, f.excerpt) for f in rs.check_text("本计划稳赚，欢迎认购").findings] == [
        ("TST001", "稳赚"),
        ("TST002", "稳赚"),
    ]
    assert excerpts(rs, "本计划稳赚。投资有风险", "TST002") == []  # the warning is there
    assert excerpts(rs, "本计划不稳赚", "TST002") == []  # no claim found, no trigger
    assert excerpts(rs, "欢迎认购", "TST002") == []
    # another rule of its category already asks this copy for the warning: nothing more to say
    raw = rs.check_text("年化5%，本计划稳赚").findings
    assert {g.rule_id for f in raw for g in (f, *f.related)} == {"TST001", "TST003"}


def test_require_when_found_reads_only_the_named_packs(tmp_path: Path, backend: str) -> None:
    claims = rule("TST001", kind="forbid", category="guarantee_promise", match=["保过"])
    rs = load_pack(tmp_path, [claims, _warning_after("cn-finance")], backend=backend)
    assert excerpts(rs, "考试保过", "TST001") == ["保过"]
    assert excerpts(rs, "考试保过", "TST002") == []  # the claim's rule is not of cn-finance


def test_require_when_found_names_an_existing_pack(tmp_path: Path) -> None:
    with pytest.raises(RuleLoadError) as err:
        load_pack(tmp_path, [_warning_after("cn-finanse")])
    text = str(err.value)
    assert "TST002.yaml" in text and "when_found.packs 'cn-finanse': no such pack" in text and "cn-finance" in text
    where = re.search(r"(\S+TST002\.yaml):(\d+):\d+: when_found\.packs 'cn-finanse'", text)
    assert where is not None, text
    assert "cn-finanse" in Path(where[1]).read_text(encoding="utf-8").splitlines()[int(where[2]) - 1]


def test_require_within_paragraph(tmp_path: Path, backend: str) -> None:
    rs = load_pack(
        tmp_path,
        [rule("TST001", kind="require", when=["过往业绩"], accept=["过往业绩不代表未来表现"], within="paragraph")],
        backend=backend,
    )
    text = "过往业绩优秀。\n\n过往业绩不代表未来表现。\n\n又见过往业绩。过往业绩"
    assert excerpts(rs, text) == ["过往业绩", "过往业绩"]


def test_require_within_characters(tmp_path: Path, backend: str) -> None:
    rs = load_pack(
        tmp_path, [rule("TST001", kind="require", when=["日息"], accept=["年化利率"], within=10)], backend=backend
    )
    assert excerpts(rs, "日息0.02%，年化利率7.3%") == []
    assert excerpts(rs, "日息0.02%" + "。" * 30 + "年化利率7.3%") == ["日息"]


def test_tolerated_punctuation_and_variants(tmp_path: Path, backend: str) -> None:
    rs = load_pack(
        tmp_path,
        [
            rule(
                "TST001",
                kind="require",
                accept=["理财非存款、产品有风险、投资须谨慎"],
                tolerate={"variants": {"须": ["需"]}},
            )
        ],
        backend=backend,
    )
    for ok in [
        "理财非存款、产品有风险、投资须谨慎",
        "理财非存款，产品有风险，投资需谨慎",
        "理财非存款 产品有风险 投资须谨慎",
        "理財非存款,產品有風險,投資須謹慎",
    ]:
        assert excerpts(rs, ok) == [], ok
    assert excerpts(rs, "理财非存款、产品有风险") == [""]


def test_applies_to_kinds_and_products(tmp_path: Path) -> None:
    rs = load_pack(
        tmp_path,
        [rule("TST001", kind="forbid", match=["保本"], applies_to={"kinds": ["marketing"], "products": ["fund"]})],
    )
    assert excerpts(rs, "保本", kind="marketing") == ["保本"]
    assert excerpts(rs, "保本", kind="terms") == []
    assert excerpts(rs, "保本", product_type="fund") == ["保本"]
    assert excerpts(rs, "保本", product_type="deposit") == []


def test_kind_is_guessed_from_the_opening(tmp_path: Path) -> None:
    rs = load_pack(tmp_path, [rule("TST001", kind="forbid", match=["同意"], applies_to={"kinds": ["privacy"]})])
    assert excerpts(rs, "XX银行隐私政策\n使用即同意") == ["同意"]
    assert excerpts(rs, "限时优惠，同意即可") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # untitled excerpts: the kind comes from what the text is made of
        ("我们会收集您的手机号码、设备信息和位置信息，用于身份验证。您可以在设置中关闭定位权限，撤回授权。", "privacy"),
        (
            "1.1 用户应当妥善保管账号。1.2 因用户违约造成的损失，由用户承担全部责任。1.3 本协议自签署之日起生效。",
            "terms",
        ),
        ("甲方应于每月5日前向乙方支付服务费，逾期未付的，乙方有权解除合同并要求甲方承担违约责任。", "terms"),
        ("第三方SDK名称：某推送SDK\n使用目的：消息推送\n收集的个人信息：设备标识符、网络信息", "privacy"),
        ("稳健理财，年化收益率3.5%，1万元起购，欢迎到网点咨询！", "marketing"),
        ("记者获悉，某银行因在广告中宣传“保本保息”被处罚款5万元。", "marketing"),
        # a title anywhere names the kind of what follows it
        ("某某App用户服务协议\n欢迎使用本服务。", "terms"),
        ("隐私政策\n更新日期：2023年1月1日", "privacy"),
        # 须知 (and 需知 as it is often written), 规则, 细则, 公约, a service's own 政策 or 指引 bind what follows
        ("使用需知\n1.每月前2张订单享受持卡立减\n2.本卡一经出售不可退款", "terms"),
        ("购卡须知\n本卡不记名，不挂失。", "terms"),
        ("积分兑换细则\n积分有效期为一年。", "terms"),
        ("社区公约\n会员应当遵守以下约定。", "terms"),
        ("退换货政策\n商品签收后7天内可申请退货。", "terms"),
        ("用户指引\n注册后即可使用全部功能。", "terms"),
        ("Cookie政策\n本网站使用Cookie记录您的偏好。", "privacy"),
        # ... while the headings of selling copy do not
        ("收益规则\n年化收益高达8%，保本保息，立即抢购！", "marketing"),
        ("优惠政策\n限时8折，立即抢购！", "marketing"),
        ("产品说明\n年化收益率3.5%，1万元起购，欢迎咨询！", "marketing"),
    ],
)
def test_kind_comes_from_structure(text: str, kind: str) -> None:
    from consumer_rules.document import detect_kind

    assert detect_kind(text) == kind


def test_a_text_holds_several_kinds_and_rules_run_on_their_sections(tmp_path: Path) -> None:
    from consumer_rules.document import detect_sections

    page = (
        "年年享理财，年化收益率4.2%，最佳选择！\n"
        "产品服务协议\n"
        "第一条 甲方应当按约定支付认购款。\n第二条 乙方有权单方变更本协议条款，最佳执行以乙方解释为准。"
    )
    sections = detect_sections(page)
    assert [s.kind for s in sections] == ["marketing", "terms"]
    assert page[sections[1].start :].startswith("产品服务协议")
    rs = load_pack(
        tmp_path,
        [
            rule("TST001", kind="forbid", match=["最佳"], applies_to={"kinds": ["marketing"]}),
            rule("TST002", kind="forbid", match=["单方变更"], applies_to={"kinds": ["terms"]}),
        ],
    )
    found = rs.check_text(page).findings
    assert [(f.rule_id, f.excerpt, f.line) for f in found] == [("TST001", "最佳", 1), ("TST002", "单方变更", 4)]
    # --kind still overrides: the whole text is then one section of that kind
    found = rs.check_text(page, kind="marketing").findings  # both places (the second folded in: the same words)
    assert [g.rule_id for f in found for g in (f, *f.related)] == ["TST001", "TST001"]


def test_regexes_run_case_insensitively(tmp_path: Path, backend: str) -> None:
    rs = load_pack(tmp_path, [rule("TST001", kind="forbid", match=[{"regex": "no\\.?1"}, "TOP1"])], backend=backend)
    assert excerpts(rs, "行业NO.1，ＴＯＰ１") == ["NO.1", "ＴＯＰ１"]


def test_selection_by_code_prefix_and_name(tmp_path: Path) -> None:
    rs = load_pack(
        tmp_path,
        [
            rule("TST001", kind="forbid", match=["甲"]),
            rule("TST002", kind="forbid", match=["乙"]),
            rule("TST010", kind="forbid", match=["丙"], name="other.thing"),
        ],
    )
    assert [r.code for r in rs.select(["TST00"]).rules] == ["TST001", "TST002"]
    assert [r.code for r in rs.select(["TST"], ["TST002"]).rules] == ["TST001", "TST010"]
    assert [r.code for r in rs.select(["TST002"], ["TST"]).rules] == ["TST002"]  # the longer prefix wins
    assert [r.code for r in rs.select(["other"]).rules] == ["TST010"]
    assert [r.code for r in rs.select((), ["TST001"]).rules] == ["TST002", "TST010"]


def test_a_negator_overlapping_the_match_does_not_cancel_it(tmp_path: Path, backend: str) -> None:
    rs = load_pack(
        tmp_path,
        [rule("TST001", kind="forbid", match=["没有风险"], unless={"negated": {"words": ["并没有"], "window": 0}})],
        backend=backend,
    )
    assert excerpts(rs, "本产品并没有风险。") == ["没有风险"]


def test_a_negator_inside_a_gapped_match_cancels_it_only_when_asked(tmp_path: Path, backend: str) -> None:
    def pack(within: bool) -> object:
        negated = {"words": ["不", "未", "并未"], "window": 3, "within": within}
        match = [{"regex": "协会[^,。]{0,4}推荐"}, "不查征信"]
        return load_pack(
            tmp_path / str(within),
            [rule("TST001", kind="forbid", match=match, unless={"negated": negated})],
            backend=backend,
        )

    assert excerpts(pack(False), "经查该协会并未推荐。") == ["协会并未推荐"]
    within = pack(True)
    assert excerpts(within, "经查该协会并未推荐。") == []
    assert excerpts(within, "中国保健协会推荐产品") == ["协会推荐"]
    assert excerpts(within, "本平台不查征信") == ["不查征信"]  # a negator opening the match is the claim itself
    assert excerpts(within, "该协会不断推荐") == ["协会不断推荐"]  # 不断 is excepted by default


def test_near_ignores_punctuation_inside_the_match(tmp_path: Path, backend: str) -> None:
    rs = load_pack(
        tmp_path,
        [rule("TST001", kind="forbid", match=[{"regex": "使用[^。]{0,10}视为同意"}], unless={"near": ["点击"]})],
        backend=backend,
    )
    assert excerpts(rs, "点击使用，即视为同意") == []
    assert excerpts(rs, "点击。使用，即视为同意") == ["使用，即视为同意"]


def test_require_points_at_the_longest_trigger(tmp_path: Path, backend: str) -> None:
    rs = load_pack(
        tmp_path,
        [rule("TST001", kind="require", when=["年化收益", "年化收益率"], accept=["投资有风险"])],
        backend=backend,
    )
    assert excerpts(rs, "年化收益率5%。") == ["年化收益率"]


def test_only_rules_that_apply_mask_with_their_phrasings(tmp_path: Path, backend: str) -> None:
    rules = [
        rule("TST001", kind="forbid", match=["保本"]),
        rule("TST002", kind="require", applies_to={"kinds": ["privacy"]}, accept=[{"regex": "据[^。]{0,30}后台"}]),
        rule("TST003", kind="require", when=["理财"], accept=["理财非存款"]),
        rule("TST004", kind="forbid", match=["存款"]),
    ]
    rs = load_pack(tmp_path, rules, backend=backend)
    # A privacy-only rule's phrasing does not hide a marketing finding.
    assert excerpts(rs, "数据表明本产品保本，详见后台", "TST001", kind="marketing") == ["保本"]
    assert excerpts(rs, "数据表明本产品保本，详见后台", "TST001", kind="privacy") == []
    # A disclaimer stays masked when its own rule is not selected.
    assert excerpts(rs.select(["TST004"]), "理财非存款", kind="marketing") == []


def test_evidence_accepted_by_a_require_rule_masks_nothing(tmp_path: Path, backend: str) -> None:
    rules = [
        rule("TST001", kind="forbid", match=[{"regex": "领导人[^。]{0,8}视察"}]),
        rule("TST002", kind="require", when=["荣获"], accept=[{"regex": "20[0-9]{2}年"}], within=40),
        rule("TST003", kind="require", when=["理财"], accept=["理财非存款"]),
        rule("TST004", kind="forbid", match=["存款"]),
    ]
    masking = load_pack(tmp_path / "masking", rules, backend=backend)
    # By default an accepted phrasing is a mask: the year hides the claim around it.
    assert excerpts(masking, "领导人2019年视察我们工厂。", "TST001") == []
    rules[1] = rule(
        "TST002", kind="require", when=["荣获"], accept=[{"regex": "20[0-9]{2}年"}], within=40, accept_masks=False
    )
    evidence = load_pack(tmp_path / "evidence", rules, backend=backend)
    assert excerpts(evidence, "领导人2019年视察我们工厂。", "TST001") == ["领导人2019年视察"]
    # The year still satisfies its own rule, and a trigger next to it still needs one.
    assert excerpts(evidence, "2023年荣获金牛奖。", "TST002") == []
    assert excerpts(evidence, "荣获金牛奖。", "TST002") == ["荣获"]
    # Other rules' disclaimers still mask.
    assert excerpts(evidence, "理财非存款。", "TST004") == []


def test_near_can_look_at_the_whole_sentence(tmp_path: Path, backend: str) -> None:
    rs = load_pack(
        tmp_path,
        [rule("TST001", kind="forbid", match=["免息"], unless={"near": ["仅限"], "near_scope": "sentence"})],
        backend=backend,
    )
    assert excerpts(rs, "分期免息，仅限活动期间。") == []
    assert excerpts(rs, "分期免息。仅限活动期间。") == ["免息"]


def test_mentions_keep_product_rules_to_copy_about_that_product(tmp_path: Path, backend: str) -> None:
    rs = load_pack(
        tmp_path,
        [
            rule(
                "TST001",
                kind="require",
                when=["近一年收益"],
                accept=["理财产品过往业绩不代表其未来表现"],
                applies_to={"products": ["wealth_management"], "mentions": ["理财"]},
            )
        ],
        backend=backend,
    )
    assert excerpts(rs, "XX基金近一年收益38%") == []  # the copy is not about wealth management
    assert excerpts(rs, "XX理财近一年收益3.8%") == ["近一年收益"]
    assert excerpts(rs, "XX近一年收益3.8%", product_type="wealth_management") == ["近一年收益"]  # known type


def test_shared_vocabularies_scope_rules_across_packs(tmp_path: Path, backend: str) -> None:
    """applies_to.about / not_about name a pack's vocabularies; packs loaded together pool their words."""
    import yaml

    import consumer_rules

    base = write_pack(
        tmp_path / "base",
        [
            rule("TST001", kind="forbid", match=["每天仅需"], applies_to={"about": ["insurance"]}),
            rule("TST002", kind="forbid", match=["预期收益率"], applies_to={"not_about": ["structured_deposit"]}),
        ],
    )
    manifest = yaml.safe_load((base / "pack.yaml").read_text(encoding="utf-8"))
    manifest["vocabularies"] = {
        "insurance": [{"regex": "(?:^|[^款])保险"}, "投保"],
        "structured_deposit": ["结构性存款"],
    }
    (base / "pack.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    extra = write_pack(tmp_path / "extra", [], prefix="EXT")
    manifest = yaml.safe_load((extra / "pack.yaml").read_text(encoding="utf-8"))
    manifest.update(name="extra-pack", vocabularies={"insurance": ["惠民保"]})
    (extra / "pack.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")

    rs = consumer_rules.load_rules([], [base], cache=False, backend=backend)
    assert excerpts(rs, "意外保险，每天仅需1元") == ["每天仅需"]
    assert excerpts(rs, "会员卡每天仅需1元，存款保险保障") == []  # 存款保险 is not insurance copy
    assert excerpts(rs, "惠民保每天仅需1元") == []
    assert excerpts(rs, "会员卡每天仅需1元", product_type="insurance") == ["每天仅需"]  # a known type decides
    assert excerpts(rs, "结构性存款预期收益率2%") == []
    assert excerpts(rs, "理财预期收益率2%") == ["预期收益率"]
    pooled = consumer_rules.load_rules([], [base, extra], cache=False, backend=backend)
    assert excerpts(pooled, "惠民保每天仅需1元") == ["每天仅需"]


def test_a_rule_for_some_products_stands_down_on_copy_about_others_only(tmp_path: Path, backend: str) -> None:
    """With the product type unknown, a rule scoped to products that all have a vocabulary does not run on copy
    that names another product and none of its own; a product type without a vocabulary keeps it running."""
    import yaml

    import consumer_rules

    folder = write_pack(
        tmp_path,
        [
            rule("TST001", kind="forbid", match=["安全可靠"], applies_to={"products": ["wealth_management", "fund"]}),
            rule("TST002", kind="forbid", match=["稳健无忧"], applies_to={"products": ["fund", "consumer_goods"]}),
            rule(
                "TST003",
                kind="forbid",
                match=["放心之选"],
                applies_to={"products": ["wealth_management"], "about": ["wealth_management"]},
            ),
        ],
    )
    manifest = yaml.safe_load((folder / "pack.yaml").read_text(encoding="utf-8"))
    manifest["vocabularies"] = {
        "insurance": [{"regex": "(?:^|[^款])保险"}, "投保"],
        "wealth_management": ["理财"],
        "fund": ["基金"],
    }
    (folder / "pack.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    rs = consumer_rules.load_rules([], [folder], cache=False, backend=backend)

    def codes(text: str, product_type: str | None = None) -> list[str]:
        return [f.rule_id for f in rs.check_text(text, product_type=product_type).findings]

    # insurance copy: the wealth-management rule stands down; the one that may be about consumer goods runs
    assert codes("这款年金保险安全可靠，稳健无忧，放心之选") == ["TST002"]
    # copy that names the rule's own product as well, or no product at all, is checked as before
    assert codes("保险理财，安全可靠，稳健无忧，放心之选") == ["TST001", "TST002", "TST003"]
    assert codes("安全可靠，稳健无忧，放心之选") == ["TST001", "TST002"]
    # a known product type decides
    assert codes("这款年金保险安全可靠，稳健无忧", product_type="fund") == ["TST001", "TST002"]


def test_unless_mentions_skips_copy_about_other_products(tmp_path: Path, backend: str) -> None:
    rs = load_pack(
        tmp_path,
        [rule("TST001", kind="forbid", match=["预期收益率"], applies_to={"unless_mentions": ["结构性存款"]})],
        backend=backend,
    )
    assert excerpts(rs, "挂钩黄金结构性存款，预期收益率1.3%-2.6%") == []
    assert excerpts(rs, "稳健理财，预期收益率4%") == ["预期收益率"]
    assert excerpts(rs, "结构性存款，预期收益率2%", product_type="wealth_management") == ["预期收益率"]


def test_framing_cancels_forbid_matches_and_require_triggers(tmp_path: Path, backend: str) -> None:
    import yaml

    import consumer_rules

    folder = write_pack(
        tmp_path,
        [
            rule("TST001", kind="forbid", match=["保本"]),
            rule("TST002", kind="require", when=["年化"], accept=["投资有风险"]),
        ],
    )
    manifest = yaml.safe_load((folder / "pack.yaml").read_text(encoding="utf-8"))
    manifest["framing"] = [{"regex": "(?:警惕|不要轻信)[^。,;\\n]{0,24}"}]
    (folder / "pack.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    rs = consumer_rules.load_rules([], [folder], cache=False, backend=backend)
    assert excerpts(rs, "警惕“保本年化20%”的宣传") == []
    assert excerpts(rs, "不要轻信保本承诺，本产品保本") == ["保本"]  # the framing ends at its clause
    assert [f.rule_id for f in rs.check_text("年化20%，保本").findings] == ["TST002", "TST001"]


def test_a_heading_and_the_line_below_are_not_one_phrase(tmp_path: Path, backend: str) -> None:
    rs = load_pack(tmp_path, [rule("TST001", kind="forbid", match=["收益稳定", "保本保息"])], backend=backend)
    assert excerpts(rs, "产品收益\n稳定可靠的团队为您服务。") == []  # heading 产品收益, then a new line
    assert excerpts(rs, "欢迎选购，本产品收益\n稳定可靠。") == ["收益\n稳定"]  # a wrapped sentence, not a heading
    assert excerpts(rs, "本产品保\n本保息。") == ["保\n本保息"]  # a word split over two lines is still one
    assert excerpts(rs, "保本\n保息") == ["保本\n保息"]  # the match is the whole line: not a heading above it


def test_a_guard_over_a_word_split_at_a_heading_stands_with_the_word(tmp_path: Path, backend: str) -> None:
    """包有效 keeps one character above the break, so it is read as a word split over two lines; the guard 红包有效
    keeps two, and alone it would be dropped as a heading run into the line below. It covers the hit it guards,
    so it is read across the break too."""
    guarded = rule("TST001", kind="forbid", match=["包有效"], unless={"inside": ["红包有效"]})
    rs = load_pack(tmp_path, [guarded], backend=backend)
    assert excerpts(rs, "18元 出借红包\n有效邀请2人可得") == []
    plain = load_pack(tmp_path / "plain", [rule("TST002", kind="forbid", match=["包有效"])], backend=backend)
    assert excerpts(plain, "18元 出借红包\n有效邀请2人可得") == ["包\n有效"]  # the hit itself is kept
    assert excerpts(rs, "产品收益\n红包有效期7天") == []  # a guard on its own line is read as before


def test_a_negator_does_not_reach_across_lines_joined_for_matching(tmp_path: Path, backend: str) -> None:
    """Lines are joined so that a word split over two stays one (保\n本), but a negation with its object on its
    own line is that line's: a disclaimer line does not cancel the promise on the next one."""
    negated = {"negated": {"words": ["不"], "window": 4}}
    rs = load_pack(tmp_path, [rule("TST001", kind="forbid", match=["保本保息"], unless=negated)], backend=backend)
    assert excerpts(rs, "风险提示:本产品不保本\n保本保息,稳赚不赔") == ["保本保息"]
    assert excerpts(rs, "风险提示:本产品不保本保本保息") == []  # on one line the negator's window holds
    # a sentence wrapped after its negator, or inside the negated word, is still negated
    assert excerpts(rs, "本产品不\n保本保息") == []
    assert excerpts(rs, "本产品不保\n本保息") == []


def test_regexes_no_applying_rule_reads_are_left_out_without_changing_a_finding() -> None:
    """The matcher skips the regexes of rules that do not apply to a document (its kinds, its product type);
    every finding must be what a scan of every pattern gives."""
    import dataclasses

    import yaml

    from consumer_rules import load_rules

    rules = load_rules()
    root = Path(__file__).resolve().parents[2]
    texts = [
        p.read_text(encoding="utf-8") for p in sorted((root / "examples").rglob("*")) if p.suffix in (".txt", ".md")
    ]
    for path in sorted((root / "rules").rglob("*.yaml"))[:60]:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in (spec.get("cases") or {}).get("flag", []) if isinstance(spec, dict) else []:
            if isinstance(case, dict) and isinstance(case.get("text"), str):
                texts.append(case["text"])
    assert len(texts) > 50
    everything = rules.select()
    plan = everything._plan

    def unfiltered(*args: object, **kwargs: object) -> object:
        return dataclasses.replace(plan(*args, **kwargs), patterns=None)  # type: ignore[arg-type]

    everything._plan = unfiltered  # type: ignore[method-assign]
    skipped = 0
    for text in texts:
        for options in ({}, {"kind": "privacy"}, {"kind": "terms"}, {"product_type": "loan"}):
            assert rules.check_text(text, **options).findings == everything.check_text(text, **options).findings
            read = rules._plan(frozenset([options.get("kind", "marketing")]), options.get("product_type")).patterns
            skipped += read is not None and len(read) < len(rules.compiled.patterns)
    assert skipped  # the filter did leave something out


def test_a_trigger_does_not_run_from_a_heading_into_the_line_below(tmp_path: Path, backend: str) -> None:
    # The same rule as for findings holds for the triggers of a require rule: 高稳收益 is a heading, and the
    # rate below it is a borrowing rate, not a return shown with its figure.
    when = [{"regex": "收益[^。!?]{0,10}[0-9]+%"}]
    rs = load_pack(tmp_path, [rule("TST001", kind="require", when=when, accept=["投资有风险"])], backend=backend)
    assert excerpts(rs, "高稳收益\n借款利率高达12%，1元起投。") == []
    assert excerpts(rs, "高稳收益\n借款利率高达12%，预期收益8%。") == ["收益8%"]  # a trigger in the body still counts
    assert excerpts(rs, "本产品收\n益高达12%。") == ["收\n益高达12%"]  # a word split over two lines is one


def test_a_rule_sees_where_a_heading_ends(tmp_path: Path, backend: str) -> None:
    # A trigger written for a heading on a line of its own finds it even when Chinese body text follows.
    rs = load_pack(
        tmp_path,
        [rule("TST001", kind="forbid", match=[{"regex": "(?:使用需知|联系我们)[*:\\s]{0,4}\\n"}, "特点保本"])],
        backend=backend,
    )
    # (the finding points at the heading's words, not at the line break the pattern ends with)
    assert excerpts(rs, "使用需知\n本卡不记名，不挂失。") == ["使用需知"]
    assert excerpts(rs, "联系我们：\n客服热线") == ["联系我们"]
    assert excerpts(rs, "一、产品特点\n保本保息，放心投资。") == []  # a heading and the body are not one phrase
    assert excerpts(rs, "请查看使用需知了解详情。") == []


def test_a_finding_starts_and_ends_on_the_words_it_found(tmp_path: Path, backend: str) -> None:
    # A pattern that opens at a line break ((?:^|\n)标题) found its heading on the next line; the finding used to start
    # at the end of the line before it (line 1, column 5) and show the line break in its excerpt.
    rs = load_pack(
        tmp_path,
        [rule("TST001", kind="forbid", match=[{"regex": "(?:^|\\n)[ \\t]*九、违约赔偿\\s*"}])],
        backend=backend,
    )
    [finding] = rs.check_text("用户协议\n  九、违约赔偿\n用户违反本协议的，应赔偿损失。").findings
    assert (finding.line, finding.column, finding.end_line, finding.excerpt) == (2, 3, 2, "九、违约赔偿")


def test_a_finding_leaves_out_the_punctuation_a_pattern_stops_on(tmp_path: Path, backend: str) -> None:
    # Without look-ahead a pattern ends on the character after its words (稳定[，。]) or starts on the one before
    # ((?:^|[，。])保本); the finding points at the words, and the number of the next list item is not one of them.
    rs = load_pack(
        tmp_path,
        [
            rule("TST001", kind="forbid", match=[{"regex": "收益稳定[,。]"}, {"regex": "(?:^|[,。])保本"}]),
            rule("TST002", kind="forbid", match=[{"regex": "访问您的通讯录权限:\\s*\\n\\s*[0-9]{1,2}[.、]"}]),
        ],
        backend=backend,
    )
    assert excerpts(rs, "资金安全，收益稳定。") == ["收益稳定"]
    assert excerpts(rs, "买它，保本。") == ["保本"]
    assert excerpts(rs, "1.我们需要访问您的通讯录权限：\n\n2.用于扫码。") == ["访问您的通讯录权限"]
    # punctuation inside the words stays, and a match of punctuation alone is left whole
    rs = load_pack(tmp_path, [rule("TST003", kind="forbid", match=[{"regex": "一经缴纳,不退"}, {"regex": "!!!"}])],
                   backend=backend)  # fmt: skip
    assert excerpts(rs, "年卡一经缴纳，不退！！！") == ["一经缴纳，不退", "！！！"]
