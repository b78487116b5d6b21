"""Genre: whether a text sells, or reports, warns, discloses or only quotes; and rules that run only where it sells."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consumer_rules import RuleSet, document, load_rules
from consumer_rules.document import detect_sections, section_genre
from consumer_rules.errors import RuleLoadError
from tests.helpers import excerpts, load_pack, rule

PENALTY = (
    "当事人在其微信公众号发布理财广告，宣称“年化收益8%，安全可靠”。经查，当事人的行为违反了《中华人民共和国广告法》"
    "第二十五条的规定。依据《中华人民共和国广告法》第五十八条，责令当事人停止发布违法广告，并处罚款人民币3万元。"
)
NEWS = (
    "日前，记者从市场监管部门获悉，某理财平台以“年化收益高达12%”招揽投资者，目前该平台已被立案调查。"
    "据了解，该平台去年已被通报一次。"
)
WARNING = (
    "金融监管局提醒广大消费者：警惕“高收益、零风险”的理财话术，谨防落入非法集资陷阱。"
    "如遇有人承诺年化收益15%，请保持理性投资，切勿轻信。"
)
DISCLOSURE = (
    "本产品可能面临市场风险、信用风险、流动性风险、政策风险和提前终止风险。投资者应根据自身风险承受能力审慎决策。"
    "本人已阅读并充分理解本风险揭示书的全部内容。"
)
SELLING = "稳盈宝理财，年化收益率6.5%，1万元起购！立即扫码认购，名额有限，欢迎致电热线咨询。"


@pytest.mark.parametrize(
    ("text", "genre"),
    [
        (SELLING, "selling"),
        (PENALTY, "report"),
        (NEWS, "report"),
        (WARNING, "warning"),
        (DISCLOSURE, "disclosure"),
        ("“安全、可靠、收益爽”,“活期收益5.8%”", "quotation"),
        ("“年化收益4.43%”、“建议持有50年”和“足期保收益”。", "quotation"),
        # copy that names a regulator or a case in passing still sells: two signs and more than its calls to buy
        ("受到银监会的监管，资金由银行存管，年化收益8%，100元起投，立即注册领红包！", "selling"),
        ("经查询，您的专属年化收益为5%，立即认购！", "selling"),
        # a quotation followed by the copy's own words is no longer only quoted words
        ("“稳健之选”年化收益6%，立即购买。", "selling"),
        # a court case told as a story talks about the clause it quotes; a contract's own dispute clause does not
        ("【基本案情】协议载明“课程一经售出概不退款”。双方产生纠纷，钱某诉至法院，法院审理后支持退款。", "warning"),
        ("因本协议产生的纠纷，双方协商解决；协商不成的，任何一方均可向甲方所在地人民法院起诉。", "selling"),
        ("协商、调解不成的，由甲方所在地人民法院审理，败诉方承担诉讼费和律师费。", "selling"),
        # a warning told through a case: its signs split between warning and report, and together outweigh the
        # quoted rates and gifts
        ("案例：该平台宣称“年化收益30%，注册送礼”，投资者入金后网站关闭。提醒消费者警惕。", "warning"),
        # news: a news agency's byline and 报导 (how Traditional 報導 folds)
        ("新品发布会昨日举行(新华社)。综合媒体报导,新机售价5999元起。", "report"),
        # commentary that takes a pitch apart warns: 所谓, 宣传中, 看上去, 本质上
        (
            "所谓的保险理财，看上去就像买基金一样轻松。宣传中不断重复“收益确定”“保本保收益”，本质上是一份长期合同。",
            "warning",
        ),
        # an article about banks' slogans that names the risk disclosure and the product sheet as what to read:
        # a seller never calls its own copy 宣传语
        (
            "银行理财的宣传语能信吗？宣传语常写“预期年化收益率高达5%”，但预期不等于实际。"
            "宣传语里的风险提示往往一笔带过，读者应当看产品说明书和风险揭示书，别只看宣传语。",
            "warning",
        ),
        # one such word in selling copy does not turn it
        ("揭秘高收益理财，年化收益6.5%，立即扫码认购！", "selling"),
        # nothing to go by: a text sells unless it clearly does something else
        ("年化收益\n5.6%", "selling"),
    ],
)
def test_genre_comes_from_structure_and_vocabulary(text: str, genre: str) -> None:
    assert section_genre(text) == genre


def test_each_section_of_a_mixed_text_has_its_genre() -> None:
    page = SELLING + "\n产品风险揭示书\n" + DISCLOSURE
    sections = detect_sections(page)
    assert [(s.kind, s.genre) for s in sections] == [("marketing", "selling"), ("terms", "disclosure")]
    assert page[sections[1].start :].startswith("产品风险揭示书")


def _missing_warning(tmp_path: Path) -> RuleSet:
    return load_pack(
        tmp_path,
        [
            rule(
                "TST001",
                kind="require",
                when=[{"regex": "年化收益率?[^。]{0,4}\\d+%"}],
                accept=["投资有风险"],
                applies_to={"kinds": ["marketing", "terms"], "genres": ["selling"]},
            ),
            rule("TST002", kind="forbid", match=["安全可靠"]),
        ],
    )


def test_a_missing_warning_is_reported_only_where_the_text_sells(tmp_path: Path) -> None:
    rs = _missing_warning(tmp_path)
    assert excerpts(rs, SELLING, "TST001") == ["年化收益率6.5%"]
    assert excerpts(rs, SELLING + "投资有风险，选择须谨慎。", "TST001") == []
    for text in (PENALTY, NEWS, WARNING, "“年化收益8%，安全可靠”"):
        assert excerpts(rs, text, "TST001") == [], text
    # a forbid rule without genres still reports the claim a notice quotes
    assert excerpts(rs, PENALTY, "TST002") == ["安全可靠"]
    assert excerpts(rs, "“年化收益8%，安全可靠”", "TST002") == ["安全可靠"]


def test_an_explicit_kind_still_reads_the_genre(tmp_path: Path) -> None:
    rs = _missing_warning(tmp_path)
    for kind in ("marketing", "terms"):
        assert excerpts(rs, PENALTY, "TST001", kind=kind) == []
        assert excerpts(rs, SELLING, "TST001", kind=kind) == ["年化收益率6.5%"]
    # a kind the rule is not for still turns it off, whatever the genre
    assert excerpts(rs, SELLING, "TST001", kind="privacy") == []


def test_in_a_mixed_text_only_triggers_in_selling_sections_count(tmp_path: Path) -> None:
    rs = _missing_warning(tmp_path)
    # a news story quoting a return, then an agreement that sells one: the finding is the agreement's trigger
    agreement = "\n产品认购协议\n第一条 本产品年化收益率5%，您可立即认购，1万元起购。\n第二条 认购款以到账为准。"
    text = NEWS.replace("年化收益高达12%", "年化收益12%") + agreement
    assert [(s.kind, s.genre) for s in detect_sections(text)] == [("marketing", "report"), ("terms", "selling")]
    assert excerpts(rs, text, "TST001") == ["年化收益率5%"]
    # the warning may stand in any section: a disclosure below the copy answers it
    assert excerpts(rs, SELLING + "\n产品风险揭示书\n" + DISCLOSURE + "投资有风险。", "TST001") == []
    # and a text whose only trigger is in the report is not reported
    assert excerpts(rs, NEWS + "\n产品认购协议\n第一条 认购款以到账为准。", "TST001") == []


@pytest.mark.parametrize("genres", [["advert"], []])
def test_genres_are_validated(tmp_path: Path, genres: list[str]) -> None:
    with pytest.raises(RuleLoadError):
        load_pack(tmp_path, [rule("TST001", kind="forbid", match=["保本"], applies_to={"genres": genres})])


def test_copy_checked_against_a_product_sells_it(tmp_path: Path) -> None:
    from consumer_rules.product import Product

    rs = _missing_warning(tmp_path)
    quoted = "“年化收益8%，安全可靠”"
    assert excerpts(rs, quoted, "TST001") == []
    product = Product.model_validate({"name": "稳盈宝", "type": "wealth_management", "issuer": "某银行"})
    report = rs.check_text(quoted, product=product)
    assert [f.excerpt for f in report.findings if f.rule_id == "TST001"] == ["年化收益8%"]


def test_genre_is_linear_in_the_text() -> None:
    """A text of opening quotation marks that never close must not cost a scan per mark."""
    import time

    for text in ("“" * 200_000, "“" + "据" * 200_000, "违反" * 100_000):
        began = time.process_time()
        section_genre(text)
        assert time.process_time() - began < 2.0


_SIGN_CHARS = "个人敏感信息隐私设备标识权限地址注销账号户ImeiMACsdkCookieANDROIDidfa ıİſK\u212a。"


@given(st.text(alphabet=_SIGN_CHARS, max_size=40))
def test_privacy_signs_counted_in_two_parts_as_the_whole_list(text: str) -> None:
    # The Chinese and the Latin words are counted apart (the Chinese list is then fast); the sum is the count
    # of the whole case-insensitive list, whatever the case or the look-alike letters (ı, İ, ſ, the Kelvin sign).
    assert document._privacy_signs(text) == len(document._PRIVACY_SIGNS.findall(text))


# Texts that talk about claims rather than make them: their sentences narrate (a firm in the third person, reported
# speech, dates of events, the buyer as 消费者 or 投资者, an explainer's questions, example words listed, a claim set
# up to be refuted) and hardly ever turn to a buyer. A finance story still says 年化, 收益率 and 利率, which count as
# calls to buy in the plain count, so it is read sentence by sentence.
NEWS_WITH_RATES = (
    "8月12日，多家银行下调了理财产品的业绩比较基准。据了解，某股份制银行一款一年期产品的年化收益率已由3.2%降至2.6%。\n"
    "业内人士表示，存款利率下行是主因。\n记者注意到，部分银行仍在宣传中突出“高收益”。\n"
    "该行客服人员称，产品并不保本。\n专家提醒，投资者应关注产品的风险等级。\n"
    "去年以来，已有多款产品收益率跌破业绩比较基准。"
)
QA_EXPLAINER = (
    "问：什么是增额终身寿险？\n答：增额终身寿险是一种保额按约定利率逐年递增的寿险产品。\n"
    "问：为什么有人说它“稳赚不赔”？\n答：所谓“稳赚不赔”并不准确，前几年退保可能损失本金。\n"
    "问：它等于存款吗？\n答：保险不等于存款，投资者应了解现金价值表。\n"
    "问：哪些人适合？\n答：如有长期闲置资金、不急用钱的消费者等，可以考虑。"
)
BANNED_WORDS = (
    "什么是绝对化用语？广告法第九条规定，广告不得使用“国家级”、“最高级”、“最佳”等用语。\n"
    "例如“全网最低价”“第一品牌”等表述，都属于绝对化用语。\n市场监管部门表示，商家使用此类用语将被处罚。\n"
    "业内人士指出，部分商家把“顶级”换成“顶尖”，同样违法。\n专家提醒，消费者看到此类宣传应保持理性。\n"
    "近日，某商场因使用“最优惠”字样被罚款。"
)
COURT_PITCH = (
    "原告王某诉称，被告某保险公司业务员李某向其推销时称“这款产品保本保息，年化收益5%，比存款划算”。经查，李某未向"
    "原告出示产品说明书。法院审理认为，被告的销售行为构成误导，判决被告退还保费。"
)
AD_WITH_REPORTER = (
    "新闻发布会现场，记者体验了我们的新款净水器。\n您只需扫码下单，即可享受限时八折优惠！\n"
    "立即拨打热线400-123-4567预约上门安装。\n选择我们，全家喝上放心水。"
)
AD_WITH_RISK_BLOCK = (
    "稳盈宝理财，年化收益率5.2%，1万元起购！\n立即扫码认购，欢迎致电热线咨询。\n"
    "风险提示：理财非存款，产品有风险，投资须谨慎。本产品可能面临市场风险、信用风险、流动性风险。过往业绩不代表未来表现。"
)


@pytest.mark.parametrize(
    ("text", "genre"),
    [
        (NEWS_WITH_RATES, "warning"),
        (QA_EXPLAINER, "warning"),
        (BANNED_WORDS, "warning"),
        # a court case is a story in its own right: the pitch a salesperson made to one buyer, told by a court, is
        # no ad, and the corpus labels such stories compliant with their quotes in must_not_flag
        (COURT_PITCH, "warning"),
        # copy that mentions a reporter or the news in passing, or carries a risk block, still sells
        (AD_WITH_REPORTER, "selling"),
        (AD_WITH_RISK_BLOCK, "selling"),
        # a short finance story: its rates count half against its report signs, so it is no longer read as selling
        (
            "记者获悉，近日多家银行下调存款利率，一年期利率降至1.5%。据新华社报道，理财产品年化收益率也随之下行，"
            "部分产品年化收益率不足2%。金融监管人士称，利率与收益率双双走低。",
            "report",
        ),
        # a contract in the third person: its 如 is "if" (如需退费,应提供发票、收据等), not a list of examples
        (
            "第一条 乙方如需退费，应提供发票、收据等凭证。\n第二条 乙方如有疑问，可联系甲方等。\n"
            "第三条 甲方如遇停电、火灾等情形，可暂停服务。\n第四条 乙方如转让课程，应缴纳手续费等费用。\n"
            "第五条 如遇法定节假日等，课程顺延。\n第六条 乙方如有身份证、户口簿等证件变更，应通知甲方。\n"
            "第七条 本协议一经签订，概不退费。",
            "selling",
        ),
        # a short story of one case is not enough to tell: it sells unless its genre signs say otherwise
        ("近日，某商家在网店宣称“全网最低价”。该店客服称活动仅限今天。", "selling"),
    ],
)
def test_a_text_that_narrates_talks_about_claims(text: str, genre: str) -> None:
    assert section_genre(text) == genre


def test_a_story_of_one_buyer_told_in_the_third_person_talks_about_the_pitch() -> None:
    # the salesman's words are quoted inside a story about the buyer: the story sells nothing
    story = (
        "退休后，张阿姨把存款都放在银行。\n有一天，大堂经理向她推荐了一款“稳赚理财”，说保本保息。\n"
        "她起初有些犹豫，觉得自己不懂。\n经理反复劝说，她最终签了字。\n两年后老人想取钱，才发现亏了三成。\n"
        "他的儿子陪她去银行讨说法。\n银行称产品说明书写明了风险。"
    )
    assert document._narrates(story)
    assert section_genre(story) != "selling"
    # the same words told to the reader, with a call to buy, sell
    assert not document._narrates(story.replace("她起初有些犹豫", "您现在就可以来咨询").replace("他的儿子", "您的家人"))


def test_a_sellers_own_page_that_names_its_investors_still_sells() -> None:
    # A lending platform's page about its safety speaks of its investors and its lawyers in the third person, as a
    # story would; with no other sign of telling, it is the platform's own copy and its claims are its own.
    page = (
        "佰宝金服-完善的风控体系\n佰宝金服真正做到资金定向使用，有效确保投资者的资金安全。\n"
        "佰宝金服向投资人展示融资项目信息和风控服务。\n投资人可以查看对融资项目的保障措施。\n"
        "团队成员来自一流金融机构，能够保障投资人的利益。\n借款人和投资人的借贷关系受法律保护。\n"
        "协议条款由专业律师拟定，文件合法有效。\n所有项目均有抵押物和担保，保证项目风险可控。"
    )
    assert not document._narrates(page)
    assert section_genre(page) not in ("report", "warning")
    # the same sentences with a reporter's signs are a story about the platform
    told = page.replace("佰宝金服真正", "据介绍，该平台真正").replace("团队成员", "该公司负责人表示，团队成员")
    assert document._narrates(told)


def test_quoted_calls_to_act_are_not_address() -> None:
    # “扫码送礼” and “立即认购” are what the scam said, not the text asking the reader
    story = (
        "近日，不法分子打着“扫码送礼”的幌子诱骗老人。\n据了解，某公司宣称“立即认购，年化15%”。\n"
        "该公司负责人表示不知情。\n市场监管部门已介入调查。\n业内人士指出，此类宣传多为骗局。\n"
        "专家提醒，消费者应保持警惕。"
    )
    assert section_genre(story) == "warning"
    assert document._narrates(story)
    assert not document._narrates(story.replace("诱骗老人", "，您扫码即可领取"))


@pytest.mark.parametrize(
    ("sentence", "narrates"),
    [
        ("8月15日，该平台上线", True),  # a date of two digits: its last digit and 日, are enough
        ("5日,", True),
        ("每日，", False),
        ("监管部门下发了《通知》", True),
        ("新规明确要求机构披露", True),
        ("例如保本、稳赚等", True),
        ("一家互联网平台", True),
        ("这种理财", True),
        ("广告单页", True),
        ("年化收益高达5%", False),
        # a buyer told about in the third person, as a story of one buyer's loss tells it
        ("她把积蓄投了进去", True),
        ("老人起初犹豫", True),
        ("其他产品收益更低", False),
    ],
)
def test_narration_signs_written_out_one_by_one(sentence: str, narrates: bool) -> None:
    assert bool(document._NARRATION.search(sentence)) is narrates


def test_every_narration_sign_opens_with_a_plain_character() -> None:
    # Python's re looks only at the places where a match can start when every alternative opens with a character
    # without case; one group or class at the front makes it try the whole list at every position (8x slower).
    import re

    parser = pytest.importorskip("re._parser")
    constants = pytest.importorskip("re._constants")
    parsed = parser.parse(document._NARRATION.pattern, re.IGNORECASE)
    ((op, (_, branches)),) = parsed.data
    assert op is constants.BRANCH
    for branch in branches:
        first, value = branch.data[0]
        assert first is constants.LITERAL and not chr(value).isascii(), branch


def test_talk_about_claims_is_not_reported_by_the_packs() -> None:
    from consumer_rules import load_rules

    rs = load_rules()
    for text in (NEWS_WITH_RATES, QA_EXPLAINER, BANNED_WORDS):
        assert [f.excerpt for f in rs.check_text(text).findings if f.severity.value != "info"] == [], text
    # the copy itself is still checked
    found = {f.rule_id for f in rs.check_text(AD_WITH_RISK_BLOCK).findings}
    assert found, "the ad with a risk block is still checked"


# Explainers: an encyclopedia entry, a Q&A, a comparison, a list of product types. They talk about a class of
# products in the third person, define it, set out how things usually are and ask the reader's questions; they
# neither call to buy nor speak as the seller, and they work through no one product. Short ones count.
DEFINITION = (
    "结构性存款是指嵌入金融衍生产品的存款。一般来说，大部分资金投向定期存款，小部分挂钩利率或汇率。"
    "收益通常分为保底部分和浮动部分，浮动部分可能为零。"
)
PRODUCT_TYPES = (
    "理财产品按投资方向分为三类：固定收益类、权益类和混合类。\n固定收益类主要投向债券，净值波动通常较小。\n"
    "权益类投向股票，波动更大。\n混合类介于两者之间，适合能承受一定波动的投资者。"
)
COMPARISON = (
    "储蓄险和银行存款有什么区别？\n存款一般可以随时支取，损失的只是利息。\n储蓄险前几年现金价值低，这时退保拿回的钱少于保费。\n"
    "很多人把两者混为一谈，其实它们是完全不同的工具。"
)
COLLOQUIAL = (
    "信用卡分期说是免息，其实要收手续费。你可以这样估算：每月费率乘以24，大致就是年化成本。"
    "很多人只看每月0.6%，低估了真实成本。"
)


# a class or a kind of fund named in quotation marks is no product named (“白马股”基金, “固收+”理财产品)
QUOTED_CLASS = (
    "很多人买基金只看去年收益率。一般来说，“白马股”基金波动较小，“固收+”理财产品通常投向债券。"
    "其实过往业绩不代表未来表现。"
)
# a consumer guide on skin care or a treatment: advice, how it works, what studies show, whom it suits
CONSUMER_GUIDE = (
    "选购美白产品时，很多人只看宣传。维生素C的作用原理是减少黑色素生成。研究表明，浓度过高反而刺激皮肤。"
    "建议敏感肌先在耳后试用。效果因人而异，孕妇等特殊人群使用前应咨询医生。"
)
# an explainer may show one labelled value as its example: one label names no product
ONE_LABEL = (
    "增额终身寿的保额通常每年按3%递增。现金价值一般第6年超过已交保费。很多人用它给孩子存教育金。"
    "交费期间:一般3年、5年或10年。"
)


@pytest.mark.parametrize(
    "text", [DEFINITION, PRODUCT_TYPES, COMPARISON, COLLOQUIAL, ONE_LABEL, QUOTED_CLASS, CONSUMER_GUIDE]
)
def test_a_text_that_explains_products_in_its_own_right_is_an_explainer(text: str) -> None:
    assert section_genre(text) == "explainer"
    assert [s.genre for s in detect_sections(text)] == ["explainer"]


@pytest.mark.parametrize(
    "text",
    [
        # a call to buy or to consult, a named buyer (您), the seller speaking, an offer or urgency
        DEFINITION + "欢迎到网点咨询。",
        DEFINITION + "详情请致电客服热线。",
        PRODUCT_TYPES + "\n您可以根据需要选择。",
        PRODUCT_TYPES + "\n我行理财经理将为您推荐。",
        COMPARISON + "\n限时加息，先到先得。",
        COMPARISON + "\n新客户专享红包。",
        COMPARISON + "\n注册用户均可享受本息保障服务。",
        COLLOQUIAL + "首期1万元起购。",
        # one product worked through sells it, however much the text explains
        "这是一款增额终身寿。保额通常每年按3%递增。很多人用它给孩子存教育金。现金价值一般第6年超过已交保费。",
        # the seller naming what it offers as 本品 (本品提供10万到50万资金): a margin lender explaining its own service
        "股票配资一般是指放大交易资金。以10万为例，本品提供10万到50万资金。很多人关心费用。通常按月收取管理费。",
        # one product's particulars under their labels (投保年龄:, 交费期间:): a class of product has no such values
        "增额终身寿的保额通常每年按3%递增。现金价值一般第6年超过已交保费。很多人用它给孩子存教育金。\n"
        "1、保险公司:某某人寿\n2、投保年龄:0-60岁\n3、交费期间:3年、6年交",
        # a firm the text names, praised: a soft article written for it, however much it explains
        "HTX作为全球领先的加密货币交易所，其合约平台提供多种模式。合约模式一般分为全仓和逐仓。很多人不知道两者的区别。"
        "通常逐仓更适合新手。",
        "摘要：作为国内头部金融机构，光大银行的理财产品始终备受关注。理财产品一般分为现金管理类和固收类。很多人关心收益。"
        "通常现金管理类波动较小。",
        # a guide's words around a product sold: the call to buy settles it
        CONSUMER_GUIDE + "本店美白精华限时特价，立即下单。",
        # one product named before its class, quoted or by its model: a soft article for it, however much it explains
        "增额终身寿的保额通常每年按3%递增。现金价值一般第6年超过已交保费。很多人用它给孩子存教育金。"
        "某某人寿推出的“福满堂B款”终身寿险，正是这一类产品的代表。",
        "增额终身寿的保额通常每年按3%递增。现金价值一般第6年超过已交保费。很多人用它给孩子存教育金。"
        "某某人寿福满堂B款终身寿险，正是这一类产品的代表。",
        # quoted copy that calls to buy: the account of that ad is checked as the ad
        "很多人都见过这样的广告：“年化6%，立即扫码认购”。这类产品一般投向债券。通常没有保本承诺。",
        # too short to tell
        "什么是年金险？按约定领取生存金的保险。",
        # a franchisor recruiting, however much it talks of investing: 加盟理由 is its pitch
        "(2) 火锅店如何加盟\n\n加盟理由:\n\n我们深深知道每一位投资者的资金是不易的,我们更清楚每一位创业者迫切而谨慎的"
        "投资心情,投资是一种抉择:正确与否取决于你对市场的判断。\n\n质量是企业赖以生存的根本,我们有一流的美食专家、技术人员。"
        "\n\n更重要的是:一次投资,长期受益,收入稳定。\n\n加盟模式:技术加盟,加盟费6800元。",
    ],
)
def test_copy_that_calls_to_buy_or_works_through_one_product_still_sells(text: str) -> None:
    assert section_genre(text) == "selling"


def test_terms_and_penalty_notices_are_no_explainers() -> None:
    # drafted as terms: the parties, the text naming itself; a penalty notice stays a report of one ad
    terms = (
        "第一条 甲方一般在每月5日前付款。\n第二条 乙方通常应在收款后开具发票。\n第三条 本协议的区别条款由双方另行约定。"
    )
    assert section_genre(terms) != "explainer"
    assert section_genre(PENALTY) == "report"


def test_an_explainer_owes_no_disclosure_but_its_claims_are_its_own(tmp_path: Path) -> None:
    rs = _missing_warning(tmp_path)
    explainer = COMPARISON + "\n一些储蓄险宣传年化收益率4%，说它安全可靠。"
    assert section_genre(explainer) == "explainer"
    assert excerpts(rs, explainer, "TST001") == []  # a missing warning is a fault of copy that sells
    assert excerpts(rs, explainer, "TST002") == ["安全可靠"]  # a claim it makes is still reported


def test_every_explanation_and_call_sign_opens_with_a_plain_character() -> None:
    import re

    parser = pytest.importorskip("re._parser")
    constants = pytest.importorskip("re._constants")
    for signs in (document._EXPLANATION, document._CALL):
        ((op, (_, branches)),) = parser.parse(signs.pattern, re.IGNORECASE).data
        assert op is constants.BRANCH
        for branch in branches:
            assert branch.data[0][0] is constants.LITERAL, branch


# A story of one seller's pitch, told by a consumer body or the news, is the account of that seller's copy: it
# reads as a report (the claim rules run on it), not as a warning (which nothing is checked on). A story of several
# cases, or one that warns, stays a warning.
ONE_CASE = (
    "据了解，9月3日，消费者王女士路过某养生馆，被店员以“免费体验”拉进店内。\n该店店员称，不做经络疏通会中风。\n"
    "王女士表示自己没带钱，该店经理便让她用手机借款付款。\n事后王女士要求退款，该店以已开封为由拒绝。\n"
    "消费者随后拨打了投诉电话。\n记者了解到，目前此事仍在协商中。"
)


def test_a_story_of_one_case_is_a_report_and_of_several_a_warning() -> None:
    assert document._narrates(ONE_CASE)
    # told as a consumer's dispute over a refund (要求退款, 投诉), the story is one in its own right
    assert section_genre(ONE_CASE) == "warning"
    pitch_only = ONE_CASE.replace("事后王女士要求退款，该店以已开封为由拒绝。", "事后王女士觉得不值。").replace(
        "消费者随后拨打了投诉电话。", "该店经理还称产品能治百病。"
    )
    assert section_genre(pitch_only) == "report"
    several = ONE_CASE.replace("记者了解到，目前此事仍在协商中。", "近期，多家养生馆被投诉类似问题。")
    assert section_genre(several) == "warning"
    warned = ONE_CASE.replace("记者了解到，目前此事仍在协商中。", "提醒消费者警惕免费体验。")
    assert section_genre(warned) == "warning"


# Offers named as what a class of products gives or asks (红包, 加息券, 起投, 起购): an explaining sentence names one or
# two as what it explains; a sentence that holds one out, or piles several up, sells.
OFFERS_EXPLAINED = (
    "网贷平台逢年过节发的福利，怎么看值不值？\n一般来说，平台发放的奖励主要有红包和加息券两种。\n01 红包\n"
    "红包通常分为抵扣红包和返现红包。\n很多人以为加息券能多赚不少，其实按天计息，算下来只有几块钱。\n"
    "银行理财大多5万元起投，相比之下门槛高得多。"
)


def test_offers_named_in_explaining_sentences_do_not_sell() -> None:
    assert section_genre(OFFERS_EXPLAINED) == "explainer"


@pytest.mark.parametrize(
    "text",
    [
        OFFERS_EXPLAINED + "\n新人专享888元红包。",  # an offer held out in a sentence of its own
        OFFERS_EXPLAINED + "\n一般新用户申购费1折优惠，另送加息券。",  # offers piled up, however it explains
        OFFERS_EXPLAINED.replace("01 红包", "注册即领红包"),  # not a numbered heading: a way in with its offer
    ],
)
def test_offers_held_out_or_piled_up_still_sell(text: str) -> None:
    assert section_genre(text) == "selling"


# A report in its own right (advice to its reader, a court case, several cases) warns: its quotes are examples. A
# notice's account of one ad stays a report, even published as a 典型案例 or closing on one reminder.
COURT_STORY = (
    "张先生在一家门店办了健身卡，店员口头保证“三个月必瘦二十斤”。\n半年后体重未变，张先生将门店诉至法院。\n"
    "法院审理认为，门店的宣传构成欺诈，一审判决退还费用。"
)
SEVERAL_CASES = (
    "近期，区市场监管局查处3起保健品虚假宣传案件。\n案例一：某商行宣称其酵素“能降血糖”，被责令改正并罚款。\n"
    "案例二：某药房称其艾灸贴“根治颈椎病”，经查无任何依据，被罚款2万元。"
)
ADVISED = PENALTY + "市场监管部门提醒消费者，切勿轻信理财广告中的高收益承诺，消费者应通过正规渠道购买。"
# a reader's complaint about a refused refund, told by a newspaper: the seller's words in it are the dispute's
DISPUTE_STORY = (
    "日前，王女士通过本报新闻热线告诉记者，她在某培训机构报名了“不过退费班”，考试没通过，去要求退费却被拒绝。"
    "王女士觉得机构言而无信，已向相关部门投诉。"
)


# a campaign against a kind of ad, told with the claims it found on many posters
CAMPAIGN = (
    "近日，区市场监管局执法人员发现，一些小区内的售水机海报上印有“排毒养颜”“抵抗衰老”等用语，违反了《广告法》。"
    "该局随即开展专项整治，对情节严重的依法查处。"
)
CASES_COUNTED = "今年以来，市市场监督管理局查处医疗器械免费体验活动，已立案查处此类案件12起，罚没款40余万元。"


@pytest.mark.parametrize("text", [COURT_STORY, SEVERAL_CASES, ADVISED, DISPUTE_STORY, CAMPAIGN, CASES_COUNTED])
def test_a_report_in_its_own_right_warns(text: str) -> None:
    assert document._in_own_right(document._QUOTED.sub("", text))
    assert section_genre(text) == "warning"


@pytest.mark.parametrize(
    "text",
    [
        PENALTY,
        PENALTY + "执法人员提醒消费者注意甄别。",  # one reminder closing a notice of one ad
        "典型案例：" + PENALTY,  # one case published in a series
        PENALTY + "当事人不服，诉至法院。",  # two court words: the notice's own sequel
        # the advice quoted from the ad under penalty is the ad's, not the notice's
        PENALTY.replace("安全可靠", "切勿错过，警惕通胀吃掉存款"),
        # a notice opened on a consumer's complaint, about a refusal to refund: still the account of one ad
        "日前，根据消费者投诉，执法人员对某培训机构进行检查。经查，当事人在宣传单上印有“不过退费”，"
        "拒不退费，违反了《广告法》第二十四条，责令改正并处罚款。",
    ],
)
def test_one_notice_of_one_ad_stays_a_report(text: str) -> None:
    assert not document._in_own_right(document._QUOTED.sub("", text))
    assert section_genre(text) == "report"


# Calls to buy inside quotation marks are what a warning talks about; outside them, they are the text's own.
QUOTED_PITCHES = (
    "警惕减肥产品里的消费陷阱。客服先以“赠送礼品”“限时优惠”为由加上好友，再推销“七天瘦十斤”的套餐，"
    "这类话术往往只是为了让人多次转账。"
)


def test_calls_to_buy_quoted_by_a_warning_count_for_nothing() -> None:
    assert section_genre(QUOTED_PITCHES) == "warning"


def test_calls_to_buy_outside_quotation_marks_still_sell() -> None:
    text = QUOTED_PITCHES.replace("“赠送礼品”“限时优惠”", "赠送礼品、限时优惠，立即咨询，欢迎预约")
    assert section_genre(text) == "selling"


def test_praise_and_a_last_event_are_no_calls_to_buy() -> None:
    # 最受欢迎 praises, 最后一次 tells when; 欢迎咨询 and 最后3天 press a buyer
    for quiet in ("这类产品在年轻人中最受欢迎", "净值最后一次更新在周五"):
        assert not document._CALL.search(quiet)
    for call in ("欢迎咨询", "最后3天", "最后一波", "最后一次机会"):
        assert document._CALL.search(call)
    assert section_genre(COMPARISON + "\n这类储蓄险在中年人中最受欢迎。") == "explainer"
    assert section_genre(COMPARISON + "\n优惠最后3天。") == "selling"


def test_eye_catching_and_a_pre_registration_are_no_calls_to_buy() -> None:
    # 最为抢眼 says what stands out, 网上预报名开始 when an exam's registration opens: neither presses a buyer
    for quiet in ("在这些宣传中，最为抢眼的就是保过字眼", "全国硕士研究生招生考试网上预报名开始"):
        assert not document._CALL.search(quiet)
    for call in ("抢购", "立即报名", "抢先体验"):
        assert document._CALL.search(call)


ILLEGAL_MARGIN = (
    "最近总有人问我：大牛配资说自己是香港正规平台，10倍杠杆安全可靠，能不能信？"
    "今天就用监管法规和真实案例说清楚：这类平台都是非法配资，所谓的高收益不过是割韭菜。"
    "早在2011年，中国证监会就发布通知，明确期货公司不得从事配资业务。"
)


def test_a_pitch_named_unlawful_or_a_fleecing_is_talked_about() -> None:
    assert section_genre(ILLEGAL_MARGIN) == "warning"
    # the same claims said by the seller, with no word of judgement on them, still sell
    assert section_genre("大牛配资，香港正规平台，10倍杠杆安全可靠，立即开户！") == "selling"


def test_a_newspapers_credits_and_hotline_mark_a_report() -> None:
    story = (
        "预付费消费乱象何时休\n来源:大众新闻·半岛新闻\n近期,多位市民拨打本报维权热线反映,在瑜伽馆办卡后退费难。"
        "商家宣传说办卡优惠2000元,店长却说活动费用不能退费。"
    )
    assert document._REPORT_SIGNS.search("来源:大众新闻·半岛新闻")
    assert not document._SELLING_SIGNS.search("本报维权热线")
    assert section_genre(story) != "selling"
    # a trust's source of repayment and a fund's source of figures are no credits
    for quiet in ("第一还款来源:昌邑市投资集团有限公司", "数据来源:Wind,截至2024年6月30日"):
        assert not document._REPORT_SIGNS.search(quiet)


def test_a_warning_of_hidden_costs_and_a_wire_story_are_talked_about() -> None:
    news = (
        "分期信用卡标榜零利率，小心暗藏手续费和账户管理费。发卡行常打零利率口号，一不小心就让持卡人多付钱，"
        "消费者申办前应看清费率，以免被坑。"
    )
    assert section_genre(news) != "selling"
    assert document._REPORT_SIGNS.search("【财华社讯】某公司公布认购结构性存款")
    # a lender that offers its own guide to avoiding traps still sells
    assert not document._WARNING_SIGNS.search("独家避坑指南教你识别伪正规平台")


def test_a_story_that_calls_selling_exaggerated_and_cites_the_rules_is_talked_about() -> None:
    # (a public news story, 2021, not in the corpus)
    news = (
        "新基金发行再掀热潮 宣传违规现象屡禁不止\n"
        "新基金发行再掀热潮。继2020年新基金发行规模超过3万亿之后,在2021年第一个交易日,又有4只新基金一日售罄,合计吸引逾500亿资金。1月5日,又有一只新基金单日募资高达130亿元。\n"
        "外行看热闹,内行看门道。广大投资者积极购买基金,支持资本市场发展的热情令人欣喜。但是,大量基民因缺乏对基金产品的了解,盲目追捧新基金,却不购买同一位基金经理管理的老基金,甚至赎旧买新的现象也令人忧虑。\n"
        "在新基金发行热潮中,部分基金公司一味迎合投资者对于新基金的偏好,在各大渠道投入巨额资金进行洗脑式营销,夸大宣传、违规宣传现象屡屡出现。\n"
        "例如,中庚基金一篇新发基金宣传资料称,截至2020年12月7日,中庚基金旗下基金经理丘栋荣目前管理的3只低估值策略基金,平均年化回报超30.5%。\n"
        "丘栋荣管理的这三只基金均成立于2018年末至2019年8月之间,其中最早的中庚价值领航混合成立于2018年12月19日成立,成立至今刚满两年,另外两只甚至不满两年。2019年以来,恰逢市场持续上涨,年化30%的收益率并不能代表将来也能取得如此收益率。\n"
        "对于基金宣传推介资料中登载过往业绩,2020年8月28日,证监会颁布的《公开募集证券投资基金宣传推介材料管理暂行规定》第五条规定,要求基金宣传推介材料登载该基金、基金管理人管理的其他基金的过往业绩时,应当真实、准确、合理地表述基金业绩和基金管理人的管理水平。\n"
        "但年化回报率这项指标需要基于长周期才有参考价值,而中庚用不满两年的业绩宣传年化收益,并不能真实准确地反映基金业绩和基金管理人的中长期管理水平。\n"
    )
    assert section_genre(news) != "selling"
    # a seller's pledge to avoid such selling is one sign, not a critic's story
    assert section_genre("本行承诺绝不夸大宣传，理财产品业绩比较基准4.2%，欢迎到网点咨询认购。") == "selling"


def test_a_contract_acting_under_an_agreement_or_a_statute_is_no_report() -> None:
    # A loan contract says 依据《借款服务协议》 and 依据《征信业管理条例》 as a penalty decision says
    # 依据《广告法》; only the decision applies an article, so only 《…》第 counts towards a report.
    contract = (
        "第三条 费用的委托支付\n依据《借款服务协议》，乙方应向丙方支付管理费。\n"
        "第四条 征信授权\n甲方同意乙方依据《征信业管理条例》查询甲方信用信息。如乙方涉嫌欺诈，甲方有权解除本合同。"
    )
    assert section_genre(contract) == "selling"
    decision = "依据《中华人民共和国广告法》第五十八条的规定，对当事人作出罚款的行政处罚。"
    assert section_genre(decision) == "report"


def test_advice_to_see_a_doctor_is_no_call_to_buy() -> None:
    # 赶快就医 and 咨询医生 send the reader to a doctor, not to a seller: a health Q&A that ends so still explains.
    qa = (
        "保健食品是什么？保健食品是指声称具有特定保健功能的食品。很多人以为保健食品可以治病，其实并不能。"
        "一般来说，保健食品只能调节机体功能。身体出现不适症状，请赶快就医；有疑问建议咨询医生或药剂师。"
    )
    assert section_genre(qa) == "explainer"
    assert section_genre(qa.replace("请赶快就医；有疑问建议咨询医生或药剂师", "欢迎咨询我们的客服")) == "selling"


def test_a_long_explainer_quoting_a_typical_ad_as_its_example_stays_an_explainer() -> None:
    # One quoted line that calls to buy makes a short account the ad it quotes; six sentences that explain around
    # it make it the example of an article that explains.
    sms = "很多人都收到过这样的短信：「凭身份证最高可借20万，点击链接立即申请」。"
    article = sms + (
        "这类短信一般由贷款中介群发。其实，短信里往往不写放款机构。一般来说，正规贷款会写明年化利率。"
        "很多人以为日利率很低，换算成年化其实并不低。需要注意，点开陌生链接可能泄露个人信息。"
        "总之，借款前要看清合同条款。"
    )
    assert section_genre(article) == "explainer"
    assert section_genre(sms + "这类短信一般由贷款中介群发。") == "selling"


def test_a_notice_listing_an_ads_quoted_phrases_quotes_the_ad(builtin: RuleSet) -> None:
    # 含有“…”“…”“…”等宣传内容: every phrase of the chain is the ad's, not only the first; a warning's chain
    # (警惕“保本”“高收益”等宣传) is still talk about the claims
    notice = (
        "经调查，某房地产公司在自有网站发布房地产广告，网页含有“紧邻上塘河”“3分钟可直达高速入口”"
        "“杭甬高速20分钟可抵达萧山机场”等宣传内容，广告费用为5000元。"
    )
    found = {(f.rule_id, f.excerpt) for f in builtin.check_text(notice).findings}
    assert {("AD109", "3分钟可直达"), ("AD109", "20分钟可抵达")} <= found
    assert builtin.check_text("消费者要警惕“保本”“高收益”等宣传。").findings == []


def test_a_story_of_several_firms_or_a_second_case_is_a_story_in_its_own_right() -> None:
    # a notice of one ad is labelled as that ad; news of fifteen clinics, or of one case and then 另外一起, is not
    several = (
        "本报讯 近日，省卫生监督所公示了15家发布虚假、违法中医药医疗广告的医疗机构和单位，并责令严肃查处。"
        "据悉，查处的医疗机构曾在媒体发布违法广告，涉及保证治愈、宣传治愈率等内容。"
    )
    assert section_genre(several) == "warning"
    second = (
        "本报讯 近日，市场监管部门查处一起保健品虚假宣传案件，当事人以“神药”诱导老年人购买。记者调查发现，"
        "另外一起案件中，某体验店宣称健康管理仪能治百病。"
    )
    assert section_genre(second) == "warning"
    assert section_genre(second.replace("另外一起案件中，", "")) == "report"
    one = "经查，当事人在其网站发布医疗广告，含有“保证治愈”等内容，违反了《广告法》第十六条，责令改正并处罚款。"
    assert section_genre(one) == "report"


def test_in_a_report_only_the_words_it_quotes_are_the_copy() -> None:
    # a notice's account of one ad: the quoted words are the ad's claims; the reporter's paraphrase is not copy
    rules = load_rules()
    head = "经查，当事人在其微信公众号发布理财产品广告，"
    tail = "，违反了《广告法》第二十五条的规定，责令停止发布并罚款2万元。"
    quoted = head + "宣传“保本保息、稳赚不赔”" + tail
    told = head + "宣传其产品保本保息、稳赚不赔" + tail
    assert section_genre(quoted) == section_genre(told) == "report"
    assert {f.excerpt for f in rules.check_text(quoted).findings} >= {"保本保息", "稳赚不赔"}
    assert [f.excerpt for f in rules.check_text(told).findings if f.category == "guarantee_promise"] == []
    # the same words in copy that sells are claims wherever they stand
    selling = "本产品保本保息、稳赚不赔，欢迎咨询。"
    assert {f.excerpt for f in rules.check_text(selling).findings} >= {"保本保息", "稳赚不赔"}


LEASE = (
    "用户租赁及服务协议\n"
    "为了维护承租方的合法权益，出租方（本协议中称甲方）提醒承租方（本协议中称乙方）关注本合同的加粗条款。\n"
    "一、租赁产品\n"
    "该产品信息如下：手机一台。\n"
    "该产品配件信息如下：充电器一个。\n"
    "二、租金和支付方式\n"
    "甲乙双方约定，该产品租金为每月200元，租用期限12个月。\n"
    "协议签约当天该产品及其配件的总价值为签约价。\n"
    "三、甲方权利及义务\n"
    "3.1甲方应按乙方订单要求发货。\n"
    "3.2甲方有权将乙方的违约行为向相关征信机构披露。\n"
    "四、乙方权利及义务\n"
    "4.1乙方未按约足额支付租金的，乙方需向甲方支付按日0.5%计算的逾期罚金。\n"
    "4.2乙方涉及违约情形的，甲方有权单方面宣布本协议提前到期，乙方无条件接受。\n"
    "五、争议解决\n"
    "因本协议引起的争议，乙方声明人民法院可以手机短信方式向乙方送达法律文书。\n"
    "本协议自乙方在线确认之日起生效。\n"
)


def test_terms_that_name_themselves_are_neither_a_report_nor_a_warning(builtin: RuleSet) -> None:
    """A lease in the third person (甲方应…, 乙方不得…) with a court in its jurisdiction clause reads as a story
    about a contract by its signs; it names itself (本协议, 本合同) as no story about one does, and its terms rules
    run on it."""
    assert section_genre(LEASE) in ("selling", "disclosure")
    report = builtin.check_text(LEASE, kind="terms")
    assert {"CP003", "CP106"} <= {f.rule_id for f in report.findings}
    # A story about such a contract quotes it, and stays a story.
    story = (
        "记者调查发现，该公司的租赁合同约定“甲方有权单方面宣布本协议提前到期”。律师表示，该合同条款涉嫌违法。"
        "据了解，已有多名消费者向法院起诉。法院审理认为，该条款加重了消费者责任。该公司此前已被约谈。"
        "记者注意到，此类合同在行业内较为普遍。业内人士称，消费者应仔细阅读合同。"
    )
    assert section_genre(story) in ("report", "warning")


def test_terms_under_their_own_bracketed_title_are_neither_a_report_nor_a_warning() -> None:
    """A platform's trading rules warn of fraud (警惕诈骗, 谨防骗局) as a consumer warning does; a first line that is
    nothing but their title in book-title marks names the document itself, which a story's headline never does."""
    rules = (
        "《二手交易规则》\n"
        "发布日期：2026年4月25日\n"
        "第一条 如实填写商品名称、价格和图片，不得虚构货源或成交情况。\n"
        "第二条 警惕诈骗：不要轻信要求先付定金的卖家，谨防骗局。\n"
        "第三条 交易中发现诈骗行为的，请保留聊天记录并向平台举报。\n"
    )
    assert section_genre(rules) in ("selling", "disclosure")
    # without the title line the same clauses read as a warning
    assert section_genre(rules.split("\n", 1)[1]) == "warning"
    # a headline about such rules says something about them
    assert section_genre("《二手交易规则》藏猫腻\n" + rules.split("\n", 1)[1]) == "warning"


def test_a_product_sheet_sells_whatever_its_story_signs() -> None:
    # A lending plan's page lays out its terms field by field; its safety section names the guarantor as 该公司, a
    # reporter's word, often enough to read as a report. The fields make it the offer itself.
    story = (
        "保障措施：该公司为每位用户购买账户安全保险。\n该公司与保险公司合作多年。\n"
        "该公司承诺到期回购。\n该公司注册资本一亿元。"
    )
    sheet = (
        "项目介绍\n封闭期限\n3个月\n预期年化收益\n8.5%\n加入条件\n加入金额1,000元起\n还款方式\n按月付息到期还本\n"
        "退出方式\n到期退出\n"
    )
    assert section_genre(story) == "report"
    assert section_genre(sheet + story) == "selling"
    assert document._is_product_sheet(sheet)
    # three fields set out in a review of the policy it criticises (投保年龄, 缴费期间, 保险期间) do not make a sheet
    review = "这款产品的保障很简单：\n投保年龄：出生28天-68周岁\n缴费期间：3年\n保险期间：10年\n"
    assert not document._is_product_sheet(review)
    # nor do the same labels inside sentences, as a notice tells them
    told = "经查，当事人宣传的产品还款方式为按月付息，退出方式为到期退出，起投金额1000元，风险等级R2。"
    assert not document._is_product_sheet(told)
