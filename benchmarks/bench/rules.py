"""Rule generation: N rules (90% phrases, 10% regexes, every 10th with a negation guard) written as real
rule files of a pack, each with cases that the rules test runs."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

RULES_SEED = 20240602


# --- rule material -----------------------------------------------------------------------------------

AD_LAW_PHRASES: tuple[str, ...] = (
    "最佳",
    "最好",
    "最优",
    "最高级",
    "最低价",
    "最先进",
    "最便宜",
    "国家级",
    "世界级",
    "顶级",
    "极品",
    "第一品牌",
    "全网第一",
    "销量第一",
    "独一无二",
    "绝无仅有",
    "万能",
    "百分之百",
    "100%有效",
    "保本",
    "保息",
    "保收益",
    "稳赚不赔",
    "零风险",
    "无风险",
    "无副作用",
    "虚假广告",
    "包治百病",
    "根治",
    "药到病除",
    "立竿见影",
    "永久",
    "史无前例",
    "空前绝后",
    "遥遥领先",
    "领导品牌",
    "首选",
    "唯一",
    "王牌",
    "冠军",
    "特效",
    "祖传",
    "秘方",
    "抢疯了",
    "限时抢购",
    "仅此一次",
    "秒杀",
    "全球首发",
    "国际领先",
    "填补空白",
    "权威认证",
    "专家推荐",
    "政府推荐",
    "驰名商标",
    "免检产品",
    "稳赚",
    "高收益",
    "刚性兑付",
    "本金安全",
    "收益有保障",
    "保证收益",
    "承诺收益",
    "预期年化",
    "绝对安全",
    "假一赔十",
    "国家免检",
    "特供",
    "专供",
    "点击领奖",
    "恭喜获奖",
)
ENGLISH_PHRASES: tuple[str, ...] = (
    "guaranteed",
    "guarantee",
    "risk-free",
    "risk free",
    "best price",
    "best choice",
    "no. 1",
    "number one",
    "100% safe",
    "zero risk",
    "free gift",
    "limited time",
    "act now",
    "lowest price",
    "miracle",
    "cure",
)
FIXED_REGEXES: tuple[tuple[str, str], ...] = (  # (regex, a text it matches in full)
    ("保本|保收益", "保收益"),
    (r"年化.{0,6}\d+(?:\.\d+)?%", "年化收益8.5%"),
    ("最(?:高|低|佳|好|优|大|强)", "最佳"),
    ("国家级[^。!?\\n]{0,10}(?:专家|认证|产品)", "国家级权威专家"),
    ("[Gg]uarantee[ds]?|[Rr]isk[- ]free", "Guaranteed"),
    ("(?:稳赚|稳赢)不(?:赔|亏)", "稳赚不赔"),
    (r"\d+(?:\.\d+)?%(?:本息|本金)(?:保障|兑付|安全)", "100%本金安全"),
    ("限时[^。!?\\n]{0,4}(?:抢购|特惠|秒杀)", "限时抢购"),
    ("(?:全国|全网|全球)(?:销量)?第一", "全网第一"),
    ("(?:零|无)风险", "零风险"),
)
# The first negated rules get phrases that the marketing sentences also negate (不保本, 不保证本金 ...), so the
# guard really cancels hits; the other negated rules take pool phrases like every rule.
NEGATED_PHRASES: tuple[str, ...] = ("保本", "保息", "保证本金")
CATEGORIES = ("extreme_claim", "guarantee_promise", "misleading_return", "false_endorsement", "pressure_selling")
SEVERITIES = ("error", "warning", "info")
NEGATORS = ["不", "非", "无", "未", "并不", "并非", "不是"]
PASS_TEXTS = ("请理性看待宣传内容。", "谨慎投资。", "OK.", "——", "…")
PACK_PREFIXES = ["BEN"] + [f"BX{chr(ord('A') + k)}" for k in range(26)]


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


@dataclass(frozen=True)
class GenRule:
    code: str
    source: str  # the phrase or the regex
    is_regex: bool
    sample: str  # a text the pattern matches in full
    negated: bool


def _cjk_runs(seed_text: str) -> list[str]:
    return [r for r in _CJK_RUN.findall(seed_text) if len(r) >= 2]


def _substring(rng: random.Random, runs: Sequence[str], lo: int, hi: int) -> str:
    while True:
        run = rng.choice(runs)
        if len(run) < lo:
            continue
        n = rng.randint(lo, min(hi, len(run)))
        i = rng.randint(0, len(run) - n)
        return run[i : i + n]


def literal_pool(seed_text: str, size: int, rng: random.Random, norm: Callable[[str], str]) -> list[str]:
    """Ad-law and English phrases, 15% rare real phrases of the seed, 85% synthetic ones; shuffled."""
    runs = _cjk_runs(seed_text)
    chars = sorted({ch for run in runs for ch in run})
    pool: dict[str, str] = {}  # normalised -> phrase

    def add(phrase: str) -> None:
        key = norm(phrase)
        if key.strip() and key not in pool:
            pool[key] = phrase

    for phrase in (*AD_LAW_PHRASES, *ENGLISH_PHRASES):
        if phrase not in NEGATED_PHRASES:
            add(phrase)
    real_target = len(pool) + int(0.15 * (size - len(pool)))
    attempts = 0
    while len(pool) < real_target and attempts < 50 * size:
        attempts += 1
        sub = _substring(rng, runs, 3, 8)
        if seed_text.count(sub) <= 2:  # frequent substrings (费者) would hit every document
            add(sub)
    while len(pool) < size:
        add("".join(rng.choice(chars) for _ in range(rng.randint(2, 8))))
    phrases = list(pool.values())
    rng.shuffle(phrases)
    return phrases


def regex_pool(seed_text: str, size: int, rng: random.Random) -> list[tuple[str, str]]:
    """10 fixed regexes plus template regexes over seed phrases; each with a text it matches in full."""
    runs = _cjk_runs(seed_text)
    out: list[tuple[str, str]] = list(FIXED_REGEXES)
    seen = {r for r, _ in out}

    def phrase() -> str:  # rare seed phrases, as for literals: 费者 alone would hit every document
        while True:
            sub = _substring(rng, runs, 2, 4)
            if seed_text.count(sub) <= 3:
                return sub

    while len(out) < size:
        a, b, c = (phrase() for _ in range(3))
        template = rng.randrange(5)
        n = rng.randint(4, 20)
        if template == 0:
            regex, sample = f"{a}|{b}|{c}", a
        elif template == 1:
            regex, sample = f"{a}[^。!?\\n]{{0,{n}}}{b}", f"{a}{b}"
        elif template == 2:
            regex, sample = rf"{a}.{{0,6}}\d+(?:\.\d+)?%", f"{a}达8.5%"
        elif template == 3:
            picks = rng.sample(sorted({ch for run in runs for ch in run}), 4)
            regex, sample = f"{a}(?:{'|'.join(picks)})", a + picks[0]
        else:
            regex, sample = rf"\d+(?:\.\d+)?%.{{0,{n}}}{a}", f"8.5%{a}"
        if regex not in seen:
            seen.add(regex)
            out.append((regex, sample))
    return out


def generate_rules(seed_text: str, count: int, norm: Callable[[str], str]) -> list[GenRule]:
    """``count`` rules: every 10th (i % 10 == 5) a regex, every 10th phrase rule (i % 10 == 0) negated."""
    rng = random.Random(RULES_SEED)
    n_regex = count // 10
    literals = literal_pool(seed_text, max(4500, count - n_regex), rng, norm)
    regexes = regex_pool(seed_text, max(500, n_regex), rng)
    rules: list[GenRule] = []
    negated_first = list(NEGATED_PHRASES)
    li = ri = 0
    for i in range(count):
        code = f"{PACK_PREFIXES[i // 1000]}{i % 1000:03d}"
        if i % 10 == 5 and ri < n_regex:
            regex, sample = regexes[ri]
            ri += 1
            rules.append(GenRule(code, regex, True, sample, False))
        elif i % 10 == 0 and negated_first:
            phrase = negated_first.pop(0)
            rules.append(GenRule(code, phrase, False, phrase, True))
        else:
            phrase = literals[li]
            li += 1
            rules.append(GenRule(code, phrase, False, phrase, i % 10 == 0))
    return rules


def _pass_text(rule: GenRule, matches: Callable[[str], bool]) -> str:
    if rule.negated:
        return f"本产品并非{rule.sample}。"
    for text in PASS_TEXTS:
        if not matches(text):
            return text
    raise RuntimeError(f"no pass text for {rule.source!r}")  # pragma: no cover - PASS_TEXTS cover all


def rule_document(rule: GenRule, plan_clause: str, norm: Callable[[str], str]) -> dict[str, Any]:
    """A complete rule file (the shape of rules/cn-finance/FIN001.yaml) for one generated rule."""
    if rule.is_regex:
        compiled = re.compile(rule.source, re.IGNORECASE)

        def matches(text: str) -> bool:
            return compiled.search(norm(text)) is not None

        pattern: Any = {"regex": rule.source}
        shown = rule.sample
    else:

        def matches(text: str) -> bool:
            return norm(rule.source) in norm(text)

        pattern = rule.source
        shown = rule.source
    flag_text = f"{rule.sample}。"
    pass_text = _pass_text(rule, matches)
    index = int(rule.code[-3:]) + 1000 * PACK_PREFIXES.index(rule.code[:-3])
    doc: dict[str, Any] = {
        "code": rule.code,
        "name": f"bench.rule_{index:05d}",
        "category": CATEGORIES[index % len(CATEGORIES)],
        "severity": SEVERITIES[index % len(SEVERITIES)],
        "kind": "forbid",
        "message": f"基准测试规则：宣传中出现“{shown}”。",
        "message_en": f"Benchmark rule {rule.code}: the copy contains a flagged wording.",
        "fix": "删除或改写该表述，如实、准确地说明商品或服务。",
        "match": [pattern],
    }
    if rule.negated:
        doc["unless"] = {"negated": {"words": list(NEGATORS), "window": 4}}
    doc.update(
        {
            "references": [
                {
                    "law": "中华人民共和国广告法",
                    "article": "第四条",
                    "quote": "广告不得含有虚假或者引人误解的内容，不得欺骗、误导消费者。",
                }
            ],
            "plan": [plan_clause],
            "docs": {
                "summary": f"找出宣传中的“{shown}”等表述（基准测试生成的规则）。",
                "why": "生成的规则，用于测量规则引擎在上千条规则下的编译与扫描速度。",
                "non_compliant": [flag_text],
                "compliant": [pass_text],
            },
            "cases": {
                "flag": [{"text": flag_text, "expect": [rule.sample]}],
                "pass": [{"text": pass_text}],
            },
        }
    )
    return doc


def write_pack(folder: Path, rules: Sequence[GenRule], plan_clause: str, norm: Callable[[str], str]) -> int:
    """Write pack.yaml and one file per rule; return the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    prefixes = sorted({r.code[:-3] for r in rules}, key=PACK_PREFIXES.index)
    manifest = {
        "name": "bench",
        "version": "0.0.1",
        "title": "基准测试规则 / Benchmark rules",
        "description": "Generated by benchmarks/bench_engine.py; not real rules.",
        "code_prefixes": prefixes,
    }
    total = 0
    for name, data in [("pack", manifest), *((r.code, rule_document(r, plan_clause, norm)) for r in rules)]:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total
