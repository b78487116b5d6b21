"""Document kind from the structure of the text, anywhere in it and per section (not from the opening words)."""

from __future__ import annotations

import pytest

from consumer_rules.document import detect_kind, detect_sections, section_kind


def kinds(text: str) -> list[str]:
    return [s.kind for s in detect_sections(text)]


def test_a_marketing_page_with_its_terms_below() -> None:
    page = (
        "安心存·季季享，年化收益率3.8%，1万元起购，限时热销，立即抢购！\n"
        "新客专享加息券，扫码即可领取。\n"
        "产品服务协议\n"
        "第一条 甲方应当按约定支付认购款，逾期未支付的，视为放弃认购。\n"
        "第二条 因不可抗力造成的损失，乙方不承担责任，双方另有约定的除外。"
    )
    sections = detect_sections(page)
    assert [s.kind for s in sections] == ["marketing", "terms"]
    assert page[sections[1].start :].startswith("产品服务协议")
    assert detect_kind(page[: sections[1].start]) == "marketing"


def test_an_untitled_privacy_excerpt() -> None:
    excerpt = (
        "为向您提供账户安全保护，我们会收集您的设备信息、位置信息和通讯录。"
        "未经您的单独同意，我们不会向第三方共享您的个人信息；您可以随时撤回同意或注销账户。"
    )
    assert kinds(excerpt) == ["privacy"]


def test_a_permission_prompt() -> None:
    assert kinds("为了及时通知您账单变动，需要获取您的短信读取权限，您授权的信息我们将严格保密。") == ["privacy"]


def test_an_sms_is_marketing() -> None:
    sms = "【某某银行】尊敬的客户，您有一笔最高20万元的信用额度待领取，日息低至万分之二，点击 t.cn/xx 立即领取，回T退订"
    assert kinds(sms) == ["marketing"]


def test_a_news_report_quoting_an_ad_is_marketing() -> None:
    report = (
        "记者近日获悉，某理财公司在宣传单上称“保本保息，年化收益12%”，经查，当事人的行为违反了《广告法》"
        "第二十五条的规定。市场监督管理局责令其停止发布该广告，并处罚款5万元。该公司表示将整改其产品宣传。"
    )
    assert kinds(report) == ["marketing"]


def test_a_warning_about_ads_is_marketing_one_about_personal_information_privacy() -> None:
    ads = (
        "消费提示：警惕“稳赚不赔”“高收益零风险”的理财广告。提醒广大消费者，理性投资，谨防上当受骗，"
        "不要轻信宣传中的收益承诺，应当选择正规机构的产品。银行理财产品不得承诺保本，投资者应当充分了解风险。"
    )
    assert kinds(ads) == ["marketing"]
    data = (
        "警惕App过度索取权限！提醒广大用户：部分App未经同意收集个人信息、索取通讯录和定位权限，"
        "谨防个人信息被泄露，遇到违规收集可向有关部门投诉维权。"
    )
    assert kinds(data) == ["privacy"]


def test_a_numbered_activity_rules_text_is_terms() -> None:
    rules = (
        "1. 活动时间：2024年6月1日至6月30日。\n"
        "2. 每位用户限参与一次，同一手机号、设备视为同一用户。\n"
        "3. 用户以不正当手段参与活动的，本平台有权取消其获奖资格。\n"
        "4. 奖品不可兑换现金，不找零。\n"
        "5. 本活动最终解释权归主办方所有，如有争议，以主办方公告为准。"
    )
    assert kinds(rules) == ["terms"]


def test_an_sdk_table_is_privacy() -> None:
    table = (
        "| SDK名称 | 使用目的 | 收集的个人信息 |\n"
        "| - | - | - |\n"
        "| 某推送SDK | 消息推送 | 设备标识符（IMEI、Android ID）、网络信息 |\n"
        "| 某地图SDK | 定位服务 | 位置信息、设备信息 |\n"
        "| 某统计SDK | 崩溃分析 | 设备型号、MAC地址 |"
    )
    assert kinds(table) == ["privacy"]


@pytest.mark.parametrize(
    "text",
    [
        "出借人与借款人直接签署借款合同，本息保障，年化收益9%-15%，国资控股，安全透明，立即出借！",
        "稳健收益，年化4.5%。购买前请阅读《产品服务协议》，1万元起投，欢迎到网点咨询！",
    ],
)
def test_naming_an_agreement_in_the_opening_words_does_not_make_a_page_terms(text: str) -> None:
    assert detect_kind(text) == "marketing"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # what only a binding text says: the parties, disputes, the text naming itself
        ("甲乙双方因本合同发生争议的，应协商解决；协商不成的，提交甲方所在地仲裁委员会仲裁。", "terms"),
        # sharing data is a privacy sign; a shared power bank is not
        (
            "使用共享充电宝需支付押金99元。共享充电宝归还后，押金在扣除使用费用后原路退还；"
            "超过7日未归还的，视为买断，押金不予退还。",
            "terms",
        ),
        # obligations alone (应当, 不得) in a selling text stay marketing
        ("产品特色：灵活申赎，满足您的资金需求；收益稳健，专属客户经理为您服务，轻松理财无忧。", "marketing"),
        # 视为 deems in a clause (视为自动放弃, 将被视为同意); gold "regarded as" a safe haven describes the market: a
        # spot-gold page with a numbered list of ways to trade read as terms, and the trading rules never ran on it
        (
            "黄金及白银均被视为投资的避险天堂。\n伦敦金\n2. 使用网上交易平台\n3. 致电交易室 : +852 2117-3981 (贵金属)",
            "marketing",
        ),
        ("1. 逾期未领取的，视为自动放弃。\n2. 继续使用本服务将被视为您同意修改后的条款。", "terms"),
        # a numbered list counts toward terms only beside a word only terms use, a bound party or several weaker
        # signs: a health food's numbered functions with a 须 in the dosage line are no contract; activity rules are
        (
            "一、纳豆激酶功能\n1、预防心脑血管疾病\n2、具有血栓溶解力，持续时间长\n3、含抗氧化物质\n4、改善睡眠\n"
            "5、调节血压\n6、促进血液循环\n二、服用方法\n1、每日两粒，须饭后服用\n2、孕妇须遵医嘱\n3、密封保存\n4、避光\n",
            "marketing",
        ),
        (
            "1. 本活动仅限新用户参加。\n2. 每位用户限领一次。\n3. 奖励不可提现、不可转让。\n"
            "4. 用户须在7日内使用，逾期作废。\n5. 本活动最终解释权归主办方所有。\n",
            "terms",
        ),
    ],
)
def test_section_kind_weighs_structure(text: str, kind: str) -> None:
    assert section_kind(text) == kind


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # a line that only mentions rules or an agreement is no title
        ("年化收益率4%，立即抢购！\n本公司保留在法律规定范围内对上述规则进行解释的权利\n欢迎咨询！", ["marketing"]),
        ("年化收益率4%，立即抢购！\n使用场景：电子签名服务、合同签署\n欢迎咨询！", ["marketing"]),
        # a title ends with what the text is, before a version or closing mark
        ("年化收益率4%，立即抢购！\n个人借款服务协议（2024年版）\n借款人应当按期还款。", ["marketing", "terms"]),
        # 条款和条件 and Terms and Conditions name the text as a whole
        ("双人温泉套餐限时特惠，立即预订！\n套餐条款和条件\n需提前3天预订，节假日不适用。", ["marketing", "terms"]),
        (
            "Spa package, book now!\nTerms and Conditions\nThis offer cannot be combined with other promotions.",
            ["marketing", "terms"],
        ),
    ],
)
def test_a_terms_title_names_the_text(page: str, expected: list[str]) -> None:
    assert kinds(page) == expected


def test_handling_a_persons_data_is_a_privacy_sign() -> None:
    # no 个人信息, no 隐私: a data clause made of processing verbs with a person's data
    clause = "本平台有权保留并使用您在使用本服务过程中产生的交易数据，并可向合作机构提供您的账户信息和手机号码。"
    assert section_kind(clause) == "privacy"


def test_a_bilingual_notice_names_personal_information_in_english() -> None:
    notice = (
        "We share your personal information with third parties only with your consent.\n"
        "Third-party partners receive the personal data listed below for the purposes stated.\n"
        "合作方 Partner | 使用目的 Purpose | 提供方式 Method"
    )
    assert section_kind(notice) == "privacy"


def test_pushing_or_sending_a_message_is_no_gift() -> None:
    # 推送 and 发送 hold 送, but give nothing away: a privacy notice about push messages is not selling
    notice = "我们会向您推送消息通知，并通过短信发送验证码；您可以在设置中关闭消息推送。为此我们会收集您的设备信息。"
    assert section_kind(notice) == "privacy"
    assert section_kind("开户即送100元红包，买一送一，立即抢购！") == "marketing"


def test_a_party_bound_by_the_text_is_a_terms_sign() -> None:
    # no 甲方, no 本协议, no numbering: a party named by its role and what it must do or is refused
    clause = (
        "平台仅为信息发布平台，出借人应根据自身风险承受能力独立判断，并自行承担出借风险。"
        "平台保留随时修改或中断服务的权利，不对用户或第三方负责；已支付的服务费不予退还。"
    )
    assert section_kind(clause) == "terms"
    # a page that sells stays marketing, whatever it promises its buyer
    assert (
        section_kind("新客专享，限时抢购！年化收益率4.2%，1000元起投，欢迎您咨询热线，立即下载APP开户！") == "marketing"
    )


def test_a_warning_about_prepaid_cards_reads_as_terms_one_about_ads_as_marketing() -> None:
    cards = (
        "消费提示：办理健身会员卡、美容预付卡要谨慎。提醒广大消费者，不要一次性大额充值，警惕商家跑路，"
        "选择信誉好的门店，索要合同和付款凭证，遇到退费纠纷及时投诉维权。"
    )
    assert kinds(cards) == ["terms"]
    ads = (
        "消费提示：警惕医美广告中的“零风险”“无副作用”宣传。提醒广大消费者，不要轻信营销话术，理性消费，"
        "谨防虚假宣传，选择正规机构和产品，遇到纠纷及时投诉维权。"
    )
    assert kinds(ads) == ["marketing"]


def test_a_regulators_list_of_what_ads_may_not_say_is_about_selling() -> None:
    # 不得 and 应当 throughout, but what it binds is advertising: the label guide reads it as marketing
    reminder = (
        "考试季广告提醒：教育培训广告不得对升学、通过考试作出保证性承诺，不得明示或者暗示有相关考试机构参与教育培训，"
        "不得利用专业人士、受益者的名义作推荐、证明。培训机构发布的广告和宣传材料应当真实合法，违反规定的，依法查处。"
    )
    assert section_kind(reminder) == "marketing"


def test_money_and_rates_weigh_against_terms() -> None:
    # a lender's FAQ: numbered, a condition and a right, but made of sums, rates and yields
    faq = (
        "常见问题\n1. 出借多少钱起？100元起投，预期年化8%-12%。\n"
        "2. 到期怎么回款？到期后本息自动回到账户，出借1万元，12个月可得利息1000元，奖励50元，合计1050元。\n"
        "3. 提前赎回收费吗？持有满30天免费，未满30天收取0.5%。\n"
        "4. 逾期怎么办？借款人逾期的，平台有权先行垫付。"
    )
    assert section_kind(faq) == "marketing"


@pytest.mark.parametrize(
    "text",
    [
        # a loan app's credit clause: no 个人信息, no title
        "您同意并授权我们将您的借款信息、还款记录报送至征信机构，并可向其查询您的信用报告，用于审核您的借款申请。",
        # a payment feature's biometric clause
        "刷脸支付开通说明：开通后付款时只需刷脸即可完成支付。我们将采集并存储您的面部特征，用于身份核验；"
        "关闭刷脸支付后，我们将删除您的面部特征。",
    ],
)
def test_a_data_clause_without_a_title_is_privacy(text: str) -> None:
    assert kinds(text) == ["privacy"]


def test_a_permission_prompt_title_starts_a_privacy_section() -> None:
    prompt = (
        "开启通知权限\n为了第一时间为您推送优惠活动和订单物流信息，请允许“某某商城”向您发送通知。\n立即开启  暂不开启"
    )
    assert kinds(prompt) == ["privacy"]


def test_a_risk_tip_under_a_fund_page_leaves_it_marketing() -> None:
    # 风险提示 is the heading of the warnings a fund's own page must carry, not the sign of a disclosure letter
    page = (
        "沪深300ESG指数基金，紧密跟踪标的指数，费率低廉，分散投资一篮子优质企业。\n"
        "风险提示：基金有风险，投资需谨慎。基金过往业绩不代表其未来表现。风险提示：本基金为股票型基金，"
        "其预期风险和预期收益高于混合型基金。风险提示：投资者应认真阅读基金合同。"
    )
    assert section_kind(page) == "marketing"


def test_a_statement_closed_by_shi_de_is_no_condition() -> None:
    # an article describing a product says what it is (…是浮动的，…是有保证的，): a clause drafted as a contract
    # sets a condition (逾期未还款的，)
    article = (
        "这款年金险有两个版本，一个版本是分红型的，收益是浮动的；另一个版本是固定递增的，"
        "保额是逐年增加的，具体以合同约定为准。"
    )
    assert section_kind(article) == "marketing"
    clause = "借款人逾期未还款的，应按日支付罚息；借款人违反本协议的，出借人有权提前收回借款。"
    assert section_kind(clause) == "terms"


def test_a_clause_title_leaves_the_kind_to_its_body() -> None:
    # 提示条款 heads a privacy policy's preamble as often as an agreement's
    policy = (
        "提示条款\n我们深知个人信息对您的重要性，会按照本政策收集、使用您的个人信息。我们会收集您的手机号码、"
        "设备信息和位置信息，用于提供服务；未经您的同意，我们不会向第三方共享您的个人信息。"
    )
    assert kinds(policy) == ["privacy"]
    agreement = (
        "提示条款\n本协议由您与本公司签订。您应当遵守本协议的约定，违约的，本公司有权解除本协议；"
        "双方发生争议的，提交本公司所在地人民法院管辖。"
    )
    assert kinds(agreement) == ["terms"]
