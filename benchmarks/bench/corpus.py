"""The corpus: seeded Chinese marketing-like documents built from the sentences of a work plan, with
marketing sentences injected that real rules fire on."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_PLAN = REPO_ROOT.parent / "shared" / "plans" / "000_1a7af29dc1a42856.txt"
CORPUS_SEED = 20240601
MB = 1_000_000  # MB = 10^6 bytes of UTF-8 throughout


# --- corpus material ---------------------------------------------------------------------------------

# Used only when the plan file is missing, so the script still runs anywhere.
BUILTIN_SENTENCES: tuple[str, ...] = (
    "加强消费者权益保护法律法规的宣传和普及，使消费者更加了解自己的权益和应尽的义务。",
    "通过官方网站、微信公众号、微博等社交媒体平台，开展消费维权知识宣传。",
    "组织开展消费者权益保护法律法规知识培训活动，面向社会各界人士。",
    "提高全社会对消费者权益保护工作的关注度和认识度。",
    "组织开展对市场上重点关注的产品和服务的抽查和检测工作。",
    "发现并严厉打击存在质量安全隐患的产品和服务。",
    "特别是针对儿童食品、电子产品、药品等领域的监督检查力度。",
    "组织进行对一些常见违法行为的排查，例如虚假广告、假冒伪劣商品等。",
    "对违规企业进行曝光和处罚，并督促其改正错误，恢复消费者权益。",
    "拓展消费者维权渠道，加大对消费者维权行为的支持和保护力度。",
    "鼓励消费者积极维权，维护自己的合法权益。",
    "优化申诉处理流程，提高投诉受理和处理效率。",
    "及时为消费者解决遇到的问题，增强消费者对消协的信任感和依赖度。",
    "加大对虚假广告和欺诈行为的打击力度，净化市场消费环境。",
    "建立健全消费投诉信息公示制度，定期发布消费投诉分析报告。",
    "推动经营者落实首问负责、先行赔付等制度。",
    "加强与市场监管、金融监管等部门的协作配合，形成监管合力。",
    "开展金融消费者教育，提示理财产品的投资风险。",
    "引导消费者理性消费、科学消费、绿色消费。",
    "针对老年人、未成年人等群体开展专项宣传活动。",
    "加强对预付式消费的监督，防范经营者卷款跑路。",
    "督促电商平台履行主体责任，规范网络直播营销行为。",
    "开展消费体察和比较试验，发布消费提示和警示。",
    "完善消费纠纷多元化解机制，推动在线纠纷解决。",
    "加强对个人信息保护的宣传，提醒消费者谨慎授权。",
    "对侵害消费者权益的典型案例进行公开曝光。",
    "健全消费者组织的工作机制，提升依法履职能力。",
    "开展3·15国际消费者权益日系列活动。",
    "Promote consumer education and protect consumers' legitimate rights and interests.",
    "加强农村消费市场的监管，打击假冒伪劣产品下乡。",
)

# Injected with probability 0.03 per sentence so regex, negation and English rules get real hits.
MARKETING_SENTENCES: tuple[str, ...] = (
    "本产品保本保收益，预期年化收益率高达8.5%。",
    "本理财产品不保本，理财非存款、产品有风险、投资须谨慎。",
    "Guaranteed best price, risk-free returns for every investor.",
    "全网最佳理财选择，收益稳定，国家级专家推荐。",
    "预期年化收益率8.5%，远超银行存款利率。",
    "本产品不保本，过往业绩不代表未来表现。",
    "限时抢购，仅剩最后3个名额，错过再等一年！",
    "年化收益最高可达12.8%，稳赚不赔。",
    "国家级权威认证产品，零风险，100%本金安全。",
    "本产品并非保本产品，请谨慎选择。",
    "收益有保障，本金无忧，放心投资。",
    "最低年化回报6.5%，首月即可提现。",
    "本店商品全国销量第一，质量最好。",
    "我们不承诺保本，也不保证最低收益。",
    "Risk free investment with guaranteed returns of 10% per year.",
    "专家推荐：该基金近一年收益率达35.2%，是最优选择。",
    "无副作用，纯天然成分，国家级专家认证。",
    "非存款产品，不保证本金和收益，投资须谨慎。",
    "存款利率上浮50%，保息保本，稳健增值。",
    "本产品不是存款，不保本保息，请仔细阅读产品说明书。",
)


_SENTENCE_SPLIT = re.compile(r"(?<=[。！？；!?;])|\n+")


def load_sentences(plan: Path) -> tuple[list[str], str]:
    """Sentences of the plan file, or the built-in list when it is missing."""
    try:
        text = plan.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return list(BUILTIN_SENTENCES), "built-in sentence list (plan file not found)"
    sentences = [s.strip() for s in _SENTENCE_SPLIT.split(text) if s and s.strip()]
    if len(sentences) < 20:
        return list(BUILTIN_SENTENCES), f"built-in sentence list ({plan} has too few sentences)"
    return sentences, str(plan)


def build_corpus(sentences: Sequence[str], total_mb: float, seed: int = CORPUS_SEED) -> list[str]:
    """Documents of 2,048-5,120 target bytes until the total reaches ``total_mb`` MB."""
    rng = random.Random(seed)
    limit = int(total_mb * MB)
    sized = [(s, len(s.encode("utf-8"))) for s in sentences]
    marketing = [(s, len(s.encode("utf-8"))) for s in MARKETING_SENTENCES]
    docs: list[str] = []
    total = 0
    while total < limit:
        target = rng.randint(2048, 5120)
        parts: list[str] = []
        size = 0
        while size < target:
            sentence, n = rng.choice(marketing) if rng.random() < 0.03 else rng.choice(sized)
            parts.append(sentence)
            size += n
            if rng.random() < 0.2:
                parts.append("\n")
                size += 1
        doc = "".join(parts)
        docs.append(doc)
        total += len(doc.encode("utf-8"))
    return docs


def small_document(sentences: Sequence[str], target_bytes: int = 3000) -> str:
    """One ~3 KB document for the CLI timing, with marketing sentences so there are findings to print."""
    rng = random.Random(CORPUS_SEED + 1)
    parts = [MARKETING_SENTENCES[0], "\n"]
    while len("".join(parts).encode("utf-8")) < target_bytes - 200:
        parts.append(rng.choice(sentences))
        if rng.random() < 0.2:
            parts.append("\n")
    parts += ["\n", MARKETING_SENTENCES[5], "\n"]
    return "".join(parts)
