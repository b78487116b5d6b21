#!/usr/bin/env python3
"""Engine benchmark: compile time, scan throughput against a naive per-rule ``re`` loop, CLI start-up, memory.

One run does everything, so every ratio compares figures measured side by side on the same machine:

1. builds a seeded corpus of Chinese marketing-like documents (2-5 KB each) from the sentences of the
   consumer-protection work plan in ``../shared/plans`` (or a built-in list), with a few marketing sentences
   injected that real rules fire on (保本保收益, 预期年化收益率8.5%, 最佳, 本产品不保本 ...);
2. writes N generated rules (90% phrases, 10% regexes, every 10th with an ``unless.negated`` guard) as real
   rule files of a pack in a temporary folder, loaded through the public ``load_rules(rules_dirs=[...])``;
3. times the cold compile, the engine scan (``RuleSet.check_text`` per document) with the default backend
   (``re2``: Aho-Corasick for phrases and regex anchors, RE2 for regexes) and with the ``python-re`` backend
   (the same automaton, Python's ``re`` for regexes), and a naive baseline (one ``re.finditer`` per rule per
   document, no normalisation);
4. times ``consumer-rules check`` on one small file as a whole process, with a cold and a warm cache;
5. reports peak memory (``ru_maxrss``) of this process and of each CLI child;
6. only when the optional ``hyperscan`` package is importable (it is not a dependency): "Matchers considered",
   the raw matchers alone on the same normalised corpus and patterns (ahocorasick_rs, an RE2 set, one
   Hyperscan database), with a count of the matches Hyperscan misses. It runs in a child process, so a
   Hyperscan crash cannot take the run down.

Method and figures: docs/performance.md. Run from the repository root::

    python benchmarks/bench_engine.py --json benchmarks/out/results.json --profile 15
    python benchmarks/bench_engine.py --quick        # smoke run: 1 MB, 100 rules, seconds
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PLAN = REPO_ROOT.parent / "shared" / "plans" / "000_1a7af29dc1a42856.txt"
CORPUS_SEED = 20240601
RULES_SEED = 20240602
MB = 1_000_000  # MB = 10^6 bytes of UTF-8 throughout

TARGET_NAIVE_RATIO = 20.0
TARGET_CLI_WARM_S = 0.5

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

_SENTENCE_SPLIT = re.compile(r"(?<=[。！？；!?;])|\n+")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


# --- corpus --------------------------------------------------------------------------------------------


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


# --- rules -----------------------------------------------------------------------------------------------


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


# --- measurements --------------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


@dataclass
class ScanResult:
    name: str
    docs: int
    bytes: int
    seconds: list[float] = field(default_factory=list)
    prefix_seconds: list[float] = field(default_factory=list)  # time to the end of the naive prefix
    items: int = 0  # findings (engine) or matches (naive) over the scanned documents
    pairs: set[tuple[int, int]] = field(default_factory=set)  # (document, rule) with at least one item

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def mb_s(self) -> float:
        return self.bytes / MB / self.median

    @property
    def docs_s(self) -> float:
        return self.docs / self.median


def engine_pass(
    ruleset: Any, docs: Sequence[str], mark: int, codes: dict[str, int]
) -> tuple[float, float, int, set[tuple[int, int]]]:
    """One pass of ``check_text`` over ``docs``; also the time at document ``mark`` (the naive prefix)."""
    check = ruleset.check_text
    findings = 0
    pairs: set[tuple[int, int]] = set()
    at_mark = 0.0
    start = time.perf_counter()
    for i, doc in enumerate(docs):
        if i == mark:
            at_mark = time.perf_counter() - start
        report = check(doc)
        findings += len(report.findings)
        for f in report.findings:
            pairs.add((i, codes[f.rule_id]))
    total = time.perf_counter() - start
    return total, (at_mark if mark < len(docs) else total), findings, pairs


def naive_compile(rules: Sequence[GenRule]) -> list[re.Pattern[str]]:
    return [re.compile(r.source if r.is_regex else re.escape(r.source)) for r in rules]


def naive_pass(patterns: Sequence[re.Pattern[str]], docs: Sequence[str]) -> tuple[float, int, set[tuple[int, int]]]:
    """One ``re.finditer`` per rule per document, collecting (rule, start, end) like the engine's hits."""
    matches = 0
    pairs: set[tuple[int, int]] = set()
    start = time.perf_counter()
    for i, doc in enumerate(docs):
        found: list[tuple[int, int, int]] = []
        for rid, pattern in enumerate(patterns):
            for m in pattern.finditer(doc):
                found.append((rid, m.start(), m.end()))
        matches += len(found)
        pairs.update((i, rid) for rid, _, _ in found)
    return time.perf_counter() - start, matches, pairs


def prefix_count(docs: Sequence[str], sizes: Sequence[int], mb: float) -> int:
    """Number of leading documents that make up ``mb`` MB (all of them when the corpus is smaller)."""
    limit = mb * MB
    total = 0
    for i, n in enumerate(sizes):
        if total >= limit:
            return i
        total += n
    return len(docs)


def cli_command() -> list[str]:
    script = Path(sys.executable).parent / "consumer-rules"
    return [str(script)] if script.exists() else [sys.executable, "-m", "consumer_rules"]


# Children are started by this small launcher, not by the benchmark process itself: on Linux a child's
# ru_maxrss includes the memory of the process it was forked from (the high-water mark survives exec), so a
# child of this 100+ MB process would report at least that much. The launcher times the child itself.
_LAUNCHER = """
import json, os, subprocess, sys, tempfile, time
argv = json.loads(sys.argv[1])
with tempfile.TemporaryFile() as err:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err.seek(0)
    text = err.read().decode("utf-8", "replace")
print(json.dumps({"s": elapsed, "rss_kb": usage.ru_maxrss, "rc": os.waitstatus_to_exitcode(status),
                  "err": text[-4000:]}))
"""


def run_child(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one whole child process, which must exit 0."""
    launched = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, json.dumps(list(argv))],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(launched.stdout)
    if result["rc"] != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {result['rc']}:\n{result['err'].strip()}")
    return float(result["s"]), result["rss_kb"] / 1024


@dataclass
class CliResult:
    label: str
    cold_s: float
    cold_rss_mb: float
    warm_s: list[float]
    warm_rss_mb: list[float]

    @property
    def warm_median(self) -> float:
        return statistics.median(self.warm_s)


def time_cli(label: str, extra: Sequence[str], file: Path, runs: int, workdir: Path) -> CliResult:
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=workdir))
    env = {**os.environ, "CONSUMER_RULES_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    # --fail-on never: exit 0 with findings, so any other exit status (a traceback is 1) is an error.
    argv = [*cli_command(), "check", str(file), "--fail-on", "never", *extra]
    cold_s, cold_rss = run_child(argv, env)
    warm = [run_child(argv, env) for _ in range(runs)]
    return CliResult(label, cold_s, cold_rss, [w[0] for w in warm], [w[1] for w in warm])


def time_python_baseline(runs: int) -> tuple[float, float]:
    """Median wall seconds of ``python -c pass`` and of ``python -c 'import consumer_rules'``."""
    env = dict(os.environ)
    bare = statistics.median(run_child([sys.executable, "-c", "pass"], env)[0] for _ in range(runs))
    imp = statistics.median(run_child([sys.executable, "-c", "import consumer_rules"], env)[0] for _ in range(runs))
    return bare, imp


def versions() -> dict[str, str]:
    from importlib import metadata

    out = {"python": platform.python_version()}
    for dist in ("consumer-rules", "ahocorasick-rs", "google-re2", "pydantic", "PyYAML", "OpenCC", "hyperscan"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            if dist != "hyperscan":  # not a dependency: listed only when installed
                out[dist] = "-"
    return out


def git_state() -> str:
    """Commit of the checkout being measured, with '+dirty' when it has uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src", "rules"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def builtin_rule_count() -> int:
    from consumer_rules.discovery import rule_sources

    return sum(1 for folder in rule_sources(None, []) for p in folder.glob("*.yaml") if p.name != "pack.yaml")


def profile_engine(ruleset: Any, docs: Sequence[str], top: int) -> dict[str, Any]:
    """Where ``check_text`` spends its time: a stage breakdown and the top functions of a cProfile run.

    The breakdown calls engine internals (normalize, detect_kind, matcher.scan, evaluate, and the matcher's
    automaton and RE2 set) that may change; it reports what it could measure and never fails the benchmark.
    """
    import cProfile
    import io
    import pstats

    out: dict[str, Any] = {"documents": len(docs), "bytes": sum(len(d.encode("utf-8")) for d in docs)}
    start = time.perf_counter()
    for doc in docs:
        ruleset.check_text(doc)
    total = time.perf_counter() - start
    stages: dict[str, float] = {"check_text (total)": total}
    try:
        from consumer_rules.document import detect_kind
        from consumer_rules.engine import evaluate
        from consumer_rules.normalize import normalize

        compiled = ruleset.compiled
        matcher = compiled.matcher
        start = time.perf_counter()
        norms = [normalize(d) for d in docs]
        stages["normalize"] = time.perf_counter() - start
        start = time.perf_counter()
        kinds = [detect_kind(n.text) for n in norms]
        stages["detect_kind"] = time.perf_counter() - start
        start = time.perf_counter()
        hits = [matcher.scan(n.text) for n in norms]
        stages["matcher.scan (automaton, regex gating, RE2 set, positions, policy)"] = time.perf_counter() - start
        start = time.perf_counter()
        for n, k, h in zip(norms, kinds, hits, strict=True):
            evaluate(compiled, n.text, h, ruleset._plan(k, None))
        stages["evaluate (rule plan, rule logic, guards)"] = time.perf_counter() - start
        stages["rest (offset map back, line index, Finding tuples, sort)"] = total - sum(
            v for k, v in stages.items() if k != "check_text (total)"
        )
        out["hits_per_doc"] = sum(len(h) for h in hits) / len(docs)
        out["matcher_parts"] = matcher_parts(matcher, [n.text for n in norms])
    except Exception as exc:  # internals moved: keep the total and the profile
        out["stage_error"] = repr(exc)
    out["stages_s"] = stages
    prof = cProfile.Profile()
    prof.enable()
    for doc in docs:
        ruleset.check_text(doc)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(top)
    text = buf.getvalue()
    out["cprofile_top"] = text[text.find("   ncalls") :].rstrip() if "   ncalls" in text else text.strip()
    return out


def matcher_parts(matcher: Any, texts: Sequence[str]) -> dict[str, Any]:
    """The default matcher's pieces alone on normalised texts: the phrase automaton and the RE2 set pass.

    Also how often the gating lets regexes through: candidates per document (regexes whose anchor occurs),
    documents where the set pass runs (more than ``_SET_THRESHOLD`` candidates), regexes run for positions.
    """
    from consumer_rules.backends import automaton as automaton_module

    out: dict[str, Any] = {"bytes": sum(len(t.encode("utf-8")) for t in texts)}
    ac = matcher._automaton
    anchored, unanchored = matcher._anchored_ids, set(matcher._unanchored)
    out["automaton_keys"] = len(anchored)
    out["regexes"] = len(matcher._regex_ids)
    start = time.perf_counter()
    found = [ac.find_matches_as_indexes(t, overlapping=True) for t in texts]
    out["automaton_s"] = time.perf_counter() - start
    datas = [t.encode("utf-8") for t in texts]
    regex_set = matcher._set
    if regex_set is not None:
        start = time.perf_counter()
        fired = [regex_set.Match(d) or () for d in datas]
        out["re2_set_s"] = time.perf_counter() - start  # on every document; the engine runs it on few
        threshold = getattr(automaton_module, "_SET_THRESHOLD", 3)
        candidates = positions = set_docs = 0
        for matches, fired_here in zip(found, fired, strict=True):
            cands = set(unanchored)
            for index, _, _ in matches:
                cands.update(anchored[index])
            candidates += len(cands)
            if len(cands) > threshold:
                set_docs += 1
                cands &= {matcher._regex_ids[i] for i in fired_here}
            positions += len(cands)
        out["candidates_per_doc"] = candidates / len(texts)
        out["set_pass_docs"] = set_docs
        out["positions_per_doc"] = positions / len(texts)
        out["set_threshold"] = threshold
    out["documents"] = len(texts)
    return out


# --- matchers considered (optional: only when the hyperscan package is importable) ------------------------

# Matches that Hyperscan (the PyPI wheels are Vectorscan builds) is known to miss, each as (what, patterns, text).
# A database of the first three patterns misses the third in its text, although the third alone finds it
# (tests/unit/test_backends.py keeps that text as a regression test). The second is rule FIN011's regex alone:
# in UTF-8 mode a one-pattern database misses '0%回报' in this text, and finds it without the UTF-8 flag or when
# any other character of the text is removed.
KNOWN_MISSES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("three-pattern database", ("保", "收益[^。]{0,4}\\d+%", "\\d+(?:\\.\\d+)?%"), "。1。。率率1%"),
    (
        "one-pattern database (FIN011)",
        ("\\d+(?:\\.\\d+)?%[^。!?\\n*×+]{0,4}(?:的)?(?:年化)?(?:收益|回报)",),
        "风险有效率0%回报数据来源",
    ),
)
KNOWN_MISS_FUZZ = (20240603, 50_000, "。1%率收益保.2")  # seed, texts of 1-12 characters, alphabet (first case)


def hyperscan_installed() -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec("hyperscan") is not None
    except (ImportError, ValueError):
        return False


def run_isolated(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """``fn(*args)`` in a forked child, so that a crash in a C extension (a segfault) only loses this result."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - not Linux
        try:
            return fn(*args)
        except Exception as exc:
            return {"error": repr(exc)}
    ctx = multiprocessing.get_context("fork")
    sys.stdout.flush()  # the child flushes its copy of any buffered output on exit
    sys.stderr.flush()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_isolated_child, args=(sender, fn, args))
    proc.start()
    sender.close()
    try:
        result: dict[str, Any] | None = receiver.recv()
    except EOFError:
        result = None
    proc.join()
    if result is None:
        return {"error": f"the child process died without a result (exit code {proc.exitcode})"}
    return result


def _isolated_child(conn: Any, fn: Callable[..., dict[str, Any]], args: tuple[Any, ...]) -> None:
    try:
        result = fn(*args)
    except BaseException as exc:
        result = {"error": repr(exc)}
    conn.send(result)
    conn.close()


def _hs_flags(hyperscan: Any, is_regex: bool) -> int:
    # No HS_FLAG_SOM_LEFTMOST: start-of-match mode overruns the stack on long runs of one character. Phrases
    # report every end; regexes only need to say whether they occur.
    if is_regex:
        return int(hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_CASELESS)
    return int(hyperscan.HS_FLAG_UTF8)


def _hs_database(hyperscan: Any, exprs: Sequence[bytes], flags: Sequence[int], ids: Sequence[int]) -> Any:
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(expressions=list(exprs), ids=list(ids), elements=len(exprs), flags=list(flags))
    return db


def _hs_ids(db: Any, data: bytes) -> set[int]:
    got: set[int] = set()
    db.scan(data, match_event_handler=lambda pid, start, end, flags, context: got.add(pid))
    return got


def known_miss_check(hyperscan: Any) -> dict[str, Any]:
    """The known misses, checked directly (each database, then each pattern alone), and a seeded count."""
    flag_sets: dict[str, Callable[[str], int]] = {
        "HS_FLAG_UTF8": lambda p: int(hyperscan.HS_FLAG_UTF8),
        "flags of this section": lambda p: _hs_flags(hyperscan, re.escape(p) != p),
        "no flags": lambda p: 0,
    }
    out: dict[str, Any] = {"cases": []}
    try:
        for what, patterns, text in KNOWN_MISSES:
            data = text.encode("utf-8")
            exprs = [p.encode("utf-8") for p in patterns]
            case: dict[str, Any] = {
                "what": what,
                "patterns": list(patterns),
                "text": text,
                "expected": [i for i, p in enumerate(patterns) if re.search(p, text)],
                "variants": {},
            }
            for label, flag_of in flag_sets.items():
                flags = [flag_of(p) for p in patterns]
                found = sorted(_hs_ids(_hs_database(hyperscan, exprs, flags, range(len(exprs))), data))
                alone = [
                    bool(_hs_ids(_hs_database(hyperscan, [e], [f], [0]), data))
                    for e, f in zip(exprs, flags, strict=True)
                ]
                missed = [i for i in case["expected"] if i not in found]
                case["variants"][label] = {"database": found, "alone": alone, "missed": missed}
            out["cases"].append(case)
        # How common is the first? Seeded random short texts over its characters, Python's re as reference.
        seed, count, alphabet = KNOWN_MISS_FUZZ
        patterns = KNOWN_MISSES[0][1]
        rng = random.Random(seed)
        compiled = [re.compile(p) for p in patterns]
        exprs = [p.encode("utf-8") for p in patterns]
        db = _hs_database(hyperscan, exprs, [int(hyperscan.HS_FLAG_UTF8)] * len(exprs), range(len(exprs)))
        missed_texts: list[str] = []
        for _ in range(count):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
            want = {i for i, c in enumerate(compiled) if c.search(text)}
            if want - _hs_ids(db, text.encode("utf-8")):
                missed_texts.append(text)
        out["fuzz"] = {
            "seed": seed,
            "texts": count,
            "alphabet": alphabet,
            "missed": len(missed_texts),
            "shortest": sorted(set(missed_texts), key=lambda t: (len(t), t))[:5],
        }
    except Exception as exc:
        out["error"] = repr(exc)
    return out


def _re2_set(regexes: Sequence[str]) -> Any:
    """An RE2 search set with the engine's options (case-insensitive, 256 MiB), as the engine builds it."""
    import re2

    try:
        from consumer_rules.backends.automaton import _re2_options

        options = _re2_options()
    except ImportError:  # the engine moved its options: the same settings by hand
        options = re2.Options()
        options.case_sensitive = False
        options.log_errors = False
        options.max_mem = 256 << 20
    regex_set = re2.Set.SearchSet(options)
    for regex in regexes:
        regex_set.Add(regex.encode("utf-8"))
    regex_set.Compile()
    return regex_set


def _byte_ends(text: str, ends: Sequence[int]) -> dict[int, int]:
    """UTF-8 byte offset of each code-point offset in ``ends``."""
    mapping: dict[int, int] = {}
    prev = nbytes = 0
    for off in sorted(set(ends)):
        nbytes += len(text[prev:off].encode("utf-8"))
        mapping[off] = nbytes
        prev = off
    return mapping


def _median_time(rounds: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(rounds):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def compare_matchers(patterns: Sequence[Any], matcher: Any, texts: Sequence[str], rounds: int) -> dict[str, Any]:
    """The raw matchers alone on the normalised corpus, and the matches a Hyperscan database misses.

    ``patterns`` is the compiled pattern table of the rule set (every phrase and regex of every rule, with
    guards, deduplicated); ``matcher`` is the engine's matcher, whose hits are the reference: phrases are
    compared occurrence by occurrence (pattern, end offset), regexes by presence in the document.
    """
    import ahocorasick_rs
    import hyperscan

    datas = [t.encode("utf-8") for t in texts]
    nbytes = sum(len(d) for d in datas)
    phrase_ids = [pid for pid, e in enumerate(patterns) if e.literal is not None]
    regex_ids = [pid for pid, e in enumerate(patterns) if e.literal is None]
    out: dict[str, Any] = {
        "documents": len(texts),
        "bytes": nbytes,
        "phrases": len(phrase_ids),
        "regexes": len(regex_ids),
        "rounds": rounds,
        "known_miss": known_miss_check(hyperscan),
    }
    rows: list[dict[str, Any]] = []
    out["rows"] = rows

    def row(name: str, count: int, build_s: float, scan_s: float) -> None:
        rows.append(
            {"matcher": name, "patterns": count, "build_s": build_s, "scan_s": scan_s, "mb_s": nbytes / MB / scan_s}
        )

    # 1. ahocorasick_rs: the phrases alone, every occurrence (as the engine calls it, on str).
    start = time.perf_counter()
    ac = ahocorasick_rs.AhoCorasick(
        [patterns[p].literal for p in phrase_ids], matchkind=ahocorasick_rs.MatchKind.Standard
    )
    build = time.perf_counter() - start
    secs, ac_found = _median_time(rounds, lambda: [ac.find_matches_as_indexes(t, overlapping=True) for t in texts])
    row("ahocorasick_rs: phrases, all occurrences (str)", len(phrase_ids), build, secs)

    # 2. RE2 set: which regexes occur (pre-encoded bytes), on every document.
    set_found: list[Any] | None = None
    try:
        start = time.perf_counter()
        regex_set = _re2_set([patterns[p].regex for p in regex_ids])
        build = time.perf_counter() - start
        secs, set_found = _median_time(rounds, lambda: [regex_set.Match(d) or () for d in datas])
        row("RE2 set: which regexes occur (bytes)", len(regex_ids), build, secs)
    except ImportError:
        out["re2_error"] = "google-re2 is not installed"

    # 3. The engine's matcher: automaton over phrases and anchors, gating, set pass, positions, policy.
    secs, engine_hits = _median_time(rounds, lambda: [matcher.scan(t) for t in texts])
    row(f"engine matcher.scan ({matcher.name}): all of the above, with positions", len(patterns), 0.0, secs)

    # 4. Hyperscan: one block-mode database of every pattern (pre-encoded bytes, Python callback per match).
    exprs = [e.regex.encode("utf-8") for e in patterns]
    flags = [_hs_flags(hyperscan, e.literal is None) for e in patterns]
    excluded: dict[int, str] = {}
    try:
        start = time.perf_counter()
        try:
            db = _hs_database(hyperscan, exprs, flags, range(len(exprs)))
        except Exception:  # find the patterns Hyperscan refuses, leave them out of the comparison
            for pid, (expr, flag) in enumerate(zip(exprs, flags, strict=True)):
                try:
                    _hs_database(hyperscan, [expr], [flag], [pid])
                except Exception as exc:
                    excluded[pid] = repr(exc)
            kept = [pid for pid in range(len(exprs)) if pid not in excluded]
            db = _hs_database(hyperscan, [exprs[p] for p in kept], [flags[p] for p in kept], kept)
        build = time.perf_counter() - start
    except Exception as exc:
        out["hyperscan_error"] = f"compile: {exc!r}"
        return out
    out["hyperscan_refused"] = {patterns[p].regex: msg for p, msg in excluded.items()}

    def hs_pass() -> list[list[tuple[int, int]]]:
        found = []
        for data in datas:
            got: list[tuple[int, int]] = []
            db.scan(data, match_event_handler=lambda pid, start, end, flags, context, got=got: got.append((pid, end)))
            found.append(got)
        return found

    try:
        secs, hs_found = _median_time(rounds, hs_pass)
    except Exception as exc:
        out["hyperscan_error"] = f"scan: {exc!r}"
        return out
    row("Hyperscan: one database of all patterns (bytes)", len(exprs) - len(excluded), build, secs)

    # Agreement. Reference: the engine's matcher; the raw automaton and set must say the same.
    is_phrase = [e.literal is not None for e in patterns]
    refused = set(excluded)
    miss_pairs: list[tuple[int, int]] = []
    extra_pairs: list[tuple[int, int]] = []
    engine_vs_raw = 0
    ac_occ = hs_phrase_occ = occ_missing = occ_extra = 0
    for i, text in enumerate(texts):
        ref = {pid for pid, _, _ in engine_hits[i]} - refused
        raw = {phrase_ids[k] for k, _, _ in ac_found[i]}
        if set_found is not None:
            raw |= {regex_ids[k] for k in set_found[i]}
            engine_vs_raw += ref != raw - refused
        got = {pid for pid, _ in hs_found[i]}
        miss_pairs.extend((i, pid) for pid in sorted(ref - got))
        extra_pairs.extend((i, pid) for pid in sorted(got - ref))
        to_bytes = _byte_ends(text, [end for _, _, end in ac_found[i]])
        ac_set = {(phrase_ids[k], to_bytes[end]) for k, _, end in ac_found[i]}
        hs_set = {(pid, end) for pid, end in hs_found[i] if is_phrase[pid]}
        ac_occ += len(ac_set)
        hs_phrase_occ += len(hs_set)
        occ_missing += len(ac_set - hs_set)
        occ_extra += len(hs_set - ac_set)

    def summary(pairs: list[tuple[int, int]]) -> dict[str, Any]:
        pids = {pid for _, pid in pairs}
        return {
            "pairs": len(pairs),
            "documents": len({doc for doc, _ in pairs}),
            "patterns": len(pids),
            "phrase_patterns": sum(is_phrase[p] for p in pids),
            "regex_patterns": sum(not is_phrase[p] for p in pids),
        }

    out["reference_pairs"] = sum(len({pid for pid, _, _ in h} - refused) for h in engine_hits)
    out["engine_vs_raw_docs_differ"] = engine_vs_raw if set_found is not None else None
    out["missed"] = summary(miss_pairs)
    out["extra"] = summary(extra_pairs)
    out["phrase_occurrences"] = {
        "ahocorasick": ac_occ,
        "hyperscan": hs_phrase_occ,
        "missed": occ_missing,
        "extra": occ_extra,
    }
    # Is each miss a database effect? Scan the document with a database of the missed pattern alone.
    alone_checked = alone_found = 0
    single: dict[int, Any] = {}
    examples = []
    for doc, pid in miss_pairs[:40]:
        try:
            if pid not in single:
                single[pid] = _hs_database(hyperscan, [exprs[pid]], [flags[pid]], [pid])
            alone_checked += 1
            alone_found += pid in _hs_ids(single[pid], datas[doc])
        except Exception as exc:
            out["alone_error"] = repr(exc)
            break
    seen: set[int] = set()
    for doc, pid in miss_pairs:
        if pid in seen or len(examples) >= 8:
            continue
        seen.add(pid)
        start, end = next((s, e) for p, s, e in engine_hits[doc] if p == pid)
        examples.append(
            {
                "document": doc,
                "pattern": patterns[pid].regex,
                "kind": "phrase" if is_phrase[pid] else "regex",
                "match": texts[doc][start:end],
                "context": texts[doc][max(0, start - 12) : end + 12],
            }
        )
    out["missed_alone"] = {"checked": alone_checked, "found_alone": alone_found}
    out["missed_examples"] = examples
    return out


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


# --- the run ---------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB of UTF-8 (default 20)")
    parser.add_argument("--rules", type=int, default=1000, help="number of generated rules (default 1000)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 MB, 100 rules, 1 round, 3 CLI runs")
    parser.add_argument("--plan", type=Path, default=DEFAULT_PLAN, help=f"seed text (default {DEFAULT_PLAN})")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved scan rounds; medians (default 3)")
    parser.add_argument(
        "--naive-mb",
        type=float,
        default=20.0,
        help="corpus prefix for the naive loop (default 20: all of the default corpus)",
    )
    parser.add_argument(
        "--python-re-mb", type=float, default=20.0, help="corpus prefix for the python-re backend (default 20)"
    )
    parser.add_argument("--cli-runs", type=int, default=7, help="warm CLI runs; median (default 7)")
    parser.add_argument("--no-cases", action="store_true", help="skip running the generated rules' own cases")
    parser.add_argument(
        "--no-matchers",
        action="store_true",
        help="skip 'Matchers considered' (it runs only when the optional hyperscan package is importable)",
    )
    parser.add_argument("--keep", type=Path, metavar="DIR", help="also copy the generated pack to DIR")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write all figures to FILE as JSON")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also profile check_text on the naive prefix: stage breakdown and top N functions",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.mb, args.rules, args.rounds, args.cli_runs = 1.0, 100, 1, 3
    if not 1 <= args.rules <= 1000 * len(PACK_PREFIXES):
        parser.error(f"--rules must be between 1 and {1000 * len(PACK_PREFIXES)}")

    from consumer_rules import compile as _compile  # noqa: F401 - imports are start-up, not compile work
    from consumer_rules import loader as _loader  # noqa: F401
    from consumer_rules.backends import available_backends
    from consumer_rules.normalize import normalize, normalize_phrase
    from consumer_rules.ruleset import load_rules

    out: dict[str, Any] = {"params": {}, "environment": {}, "results": {}}
    res = out["results"]
    env_info = {
        "cpus": os.cpu_count(),
        "cpu": cpu_model(),
        "platform": platform.platform(),
        "git": git_state(),
        "builtin_rules": builtin_rule_count(),
        **versions(),
    }
    out["environment"] = env_info
    rss: dict[str, float] = {"start": peak_rss_mb()}

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    # Normalisation tables are built once per process (unicodedata + OpenCC): part of a cold start.
    t0 = time.perf_counter()
    normalize("")
    tables_s = time.perf_counter() - t0

    sentences, seed_source = load_sentences(args.plan)
    seed_text = "\n".join(sentences)
    t0 = time.perf_counter()
    docs = build_corpus(sentences, args.mb)
    corpus_s = time.perf_counter() - t0
    sizes = [len(d.encode("utf-8")) for d in docs]
    total_bytes = sum(sizes)
    total_chars = sum(len(d) for d in docs)
    rss["corpus"] = peak_rss_mb()
    out["params"] = {
        "mb": args.mb,
        "rules": args.rules,
        "rounds": args.rounds,
        "naive_mb": args.naive_mb,
        "python_re_mb": args.python_re_mb,
        "cli_runs": args.cli_runs,
        "seed_text": seed_source,
        "corpus_seed": CORPUS_SEED,
        "rules_seed": RULES_SEED,
        "quick": args.quick,
    }
    res["corpus"] = {
        "documents": len(docs),
        "bytes": total_bytes,
        "chars": total_chars,
        "min_doc_bytes": min(sizes),
        "max_doc_bytes": max(sizes),
        "mean_doc_bytes": total_bytes / len(docs),
        "sentences": len(sentences),
        "build_s": corpus_s,
    }
    say(f"corpus: {len(docs):,} documents, {total_bytes:,} bytes from {seed_source} ({corpus_s:.1f} s)")

    workdir = Path(tempfile.mkdtemp(prefix="bench-engine-"))
    try:
        pack = workdir / "rules" / "bench"
        rules = generate_rules(seed_text, args.rules, normalize_phrase)
        plan_clause = next((s for s in sentences if 10 <= len(s) <= 60), sentences[0])
        pack_bytes = write_pack(pack, rules, plan_clause, normalize_phrase)
        if args.keep:
            shutil.copytree(pack, args.keep, dirs_exist_ok=True)
        n_regex = sum(r.is_regex for r in rules)
        n_neg = sum(r.negated for r in rules)
        res["rules"] = {
            "count": len(rules),
            "phrases": len(rules) - n_regex,
            "regexes": n_regex,
            "negated": n_neg,
            "pack_bytes": pack_bytes,
        }
        say(f"rules: {len(rules)} ({len(rules) - n_regex} phrases, {n_regex} regexes, {n_neg} negated) in {pack}")

        # 1. Compile: load + validate + compile, no cache; the default backend, then python-re.
        gc.collect()
        t0 = time.perf_counter()
        engine_rules = load_rules(packs=[], rules_dirs=[pack], cache=False)
        engine_compile = time.perf_counter() - t0
        rss["compile"] = peak_rss_mb()
        t0 = time.perf_counter()
        pyre_rules = (
            load_rules(packs=[], rules_dirs=[pack], cache=False, backend="python-re")
            if "python-re" in available_backends()
            else None
        )
        pyre_compile = time.perf_counter() - t0
        res["compile"] = {
            "backend": engine_rules.backend,
            "normalisation_tables_s": tables_s,
            "load_validate_compile_s": engine_compile,
            "cold_total_s": tables_s + engine_compile,
            "python_re_load_validate_compile_s": pyre_compile if pyre_rules is not None else None,
            "patterns": len(engine_rules.compiled.patterns),
            "phrase_patterns": sum(e.literal is not None for e in engine_rules.compiled.patterns),
        }
        say(f"compile: {engine_compile:.2f} s ({engine_rules.backend}), python-re {pyre_compile:.2f} s")

        codes = {info.code: i for i, info in enumerate(engine_rules.rules)}
        patterns = naive_compile(rules)
        naive_n = prefix_count(docs, sizes, args.naive_mb)
        pyre_n = prefix_count(docs, sizes, args.python_re_mb)
        naive_docs, pyre_docs = docs[:naive_n], docs[:pyre_n]
        scans = {
            "engine": ScanResult("engine", len(docs), total_bytes),
            "python_re": ScanResult("python_re", pyre_n, sum(sizes[:pyre_n])),
            "naive": ScanResult("naive", naive_n, sum(sizes[:naive_n])),
        }
        # Warm-up on 5 documents, then interleaved rounds in a rotating order; medians are reported.
        engine_rules.check_text(docs[0])
        for doc in docs[:5]:
            engine_rules.check_text(doc)
            if pyre_rules is not None:
                pyre_rules.check_text(doc)
            for p in patterns:
                p.findall(doc)
        order = ["engine", "naive", "python_re"]
        for rnd in range(args.rounds):
            for name in order[rnd % 3 :] + order[: rnd % 3]:
                scan = scans[name]
                if name == "engine":
                    secs, at_mark, items, pairs = engine_pass(engine_rules, docs, naive_n, codes)
                    scan.prefix_seconds.append(at_mark)
                elif name == "python_re":
                    if pyre_rules is None:
                        continue
                    secs, _, items, pairs = engine_pass(pyre_rules, pyre_docs, pyre_n, codes)
                else:
                    secs, items, pairs = naive_pass(patterns, naive_docs)
                scan.seconds.append(secs)
                scan.items, scan.pairs = items, pairs
                say(f"round {rnd + 1}/{args.rounds} {name}: {scan.bytes / MB / secs:.2f} MB/s ({secs:.2f} s)")
        rss["scans"] = peak_rss_mb()

        eng, naive, pyre = scans["engine"], scans["naive"], scans["python_re"]
        engine_prefix_mb_s = naive.bytes / MB / statistics.median(eng.prefix_seconds)
        eng_pairs_prefix = {p for p in eng.pairs if p[0] < naive_n}
        pyre_pairs_engine = {p for p in eng.pairs if p[0] < pyre_n}
        for scan in scans.values():
            if not scan.seconds:
                continue
            res[f"scan_{scan.name}"] = {
                "documents": scan.docs,
                "bytes": scan.bytes,
                "seconds": scan.seconds,
                "median_s": scan.median,
                "mb_s": scan.mb_s,
                "docs_s": scan.docs_s,
                "items": scan.items,
                "items_per_doc": scan.items / scan.docs,
                "doc_rule_pairs": len(scan.pairs),
            }
        res["ratios"] = {
            "engine_full_vs_naive": eng.mb_s / naive.mb_s,
            "engine_same_prefix_vs_naive": engine_prefix_mb_s / naive.mb_s,
            "engine_same_prefix_mb_s": engine_prefix_mb_s,
            "python_re_vs_naive": pyre.mb_s / naive.mb_s if pyre.seconds else None,
            "target_engine_vs_naive": TARGET_NAIVE_RATIO,
        }
        res["agreement"] = {
            "naive_prefix_pairs": len(naive.pairs),
            "engine_prefix_pairs": len(eng_pairs_prefix),
            "both": len(naive.pairs & eng_pairs_prefix),
            "naive_only": len(naive.pairs - eng_pairs_prefix),
            "engine_only": len(eng_pairs_prefix - naive.pairs),
            "python_re_equals_engine": pyre.pairs == pyre_pairs_engine if pyre.seconds else None,
            "python_re_pairs": len(pyre.pairs),
            "python_re_only": len(pyre.pairs - pyre_pairs_engine),
            "engine_only_vs_python_re": len(pyre_pairs_engine - pyre.pairs),
            "python_re_items": pyre.items,
        }
        rss["before_cli"] = peak_rss_mb()
        if args.profile:
            say("profiling check_text ...")
            res["profile"] = profile_engine(engine_rules, naive_docs, args.profile)
        if not hyperscan_installed():
            res["matchers"] = {"skipped": "the optional hyperscan package is not installed"}
        elif not args.no_matchers:
            say("matchers considered: ahocorasick_rs, RE2 set, Hyperscan (in a child process) ...")
            compiled = engine_rules.compiled
            # Normalised in the child too, so the texts do not raise this process's peak RSS.
            res["matchers"] = run_isolated(
                lambda: compare_matchers(
                    compiled.patterns, compiled.matcher, [normalize(d).text for d in docs], args.rounds
                )
            )

        # 2. CLI: whole process on one ~3 KB file; built-in rules, then built-in + the generated pack.
        small = workdir / "small.txt"
        small.write_text(small_document(sentences), encoding="utf-8")
        say("timing the CLI ...")
        py_bare, py_import = time_python_baseline(args.cli_runs)
        cli_builtin = time_cli("built-in rules", [], small, args.cli_runs, workdir)
        cli_bench = time_cli(
            f"built-in + {len(rules)} generated rules", ["--rules", str(pack)], small, args.cli_runs, workdir
        )
        res["cli"] = {
            "file_bytes": small.stat().st_size,
            "python_pass_s": py_bare,
            "python_import_consumer_rules_s": py_import,
            "runs": [
                {
                    "label": c.label,
                    "cold_s": c.cold_s,
                    "cold_peak_rss_mb": c.cold_rss_mb,
                    "warm_median_s": c.warm_median,
                    "warm_s": c.warm_s,
                    "warm_peak_rss_mb": max(c.warm_rss_mb),
                }
                for c in (cli_builtin, cli_bench)
            ],
            "target_warm_s": TARGET_CLI_WARM_S,
        }

        # 3. The generated rules' own cases, as `consumer-rules rules test` runs them (after all timings).
        if not args.no_cases:
            from consumer_rules.testing import run_cases

            t0 = time.perf_counter()
            results = run_cases([], [pack])
            failed = [r for r in results if not r.ok]
            res["cases"] = {
                "total": len(results),
                "failed": len(failed),
                "seconds": time.perf_counter() - t0,
                "first_failures": [r.describe() for r in failed[:5]],
            }
        res["peak_rss_mb"] = rss
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(render(out))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    return 0


# --- report ------------------------------------------------------------------------------------------------


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def render(out: dict[str, Any]) -> str:
    r, p, e = out["results"], out["params"], out["environment"]
    corpus, rules, comp = r["corpus"], r["rules"], r["compile"]
    lines = [
        "",
        "consumer-rules engine benchmark",
        f"machine: {e['cpus']} CPUs, {e['cpu']}; Python {e['python']}; consumer-rules {e['consumer-rules']} "
        f"(git {e['git']}); ahocorasick-rs {e['ahocorasick-rs']}, google-re2 {e['google-re2']}"
        + (f"; hyperscan {e['hyperscan']} (optional, 'Matchers considered' only)" if "hyperscan" in e else ""),
        f"corpus: {corpus['documents']:,} documents, {corpus['bytes'] / MB:.2f} MB ({corpus['bytes']:,} bytes, "
        f"{corpus['chars']:,} chars), {corpus['min_doc_bytes']:,}-{corpus['max_doc_bytes']:,} bytes each "
        f"(mean {corpus['mean_doc_bytes'] / 1000:.2f} KB); seed text: {p['seed_text']}",
        f"rules: {rules['count']:,} generated ({rules['phrases']} phrases, {rules['regexes']} regexes, "
        f"{rules['negated']} with unless.negated); MB = 10^6 bytes UTF-8; scans: median of {p['rounds']} "
        "interleaved round(s)",
        "",
        "Compile (no cache, in this process)",
        _table(
            ["step", "seconds"],
            [
                ["normalisation tables (once per process)", f"{comp['normalisation_tables_s']:.3f}"],
                [f"load + validate + compile, {comp['backend']}", f"{comp['load_validate_compile_s']:.3f}"],
                ["cold total (tables + compile)", f"{comp['cold_total_s']:.3f}"],
                *(
                    [["load + validate + compile, python-re", f"{comp['python_re_load_validate_compile_s']:.3f}"]]
                    if comp.get("python_re_load_validate_compile_s") is not None
                    else []
                ),
            ],
        ),
        f"pattern table: {comp['patterns']:,} distinct patterns ({comp['phrase_patterns']:,} phrases, "
        f"{comp['patterns'] - comp['phrase_patterns']:,} regexes) for all rules, guards and masks",
        "",
        "Scan (same documents, in memory)",
    ]
    naive = r["scan_naive"]
    rows = []
    for key, label in (
        ("scan_engine", f"engine, {comp['backend']} backend (check_text per document)"),
        ("scan_python_re", "engine, python-re backend (check_text per document)"),
        ("scan_naive", "naive: re.finditer per rule per document"),
    ):
        s = r.get(key)
        if s is None:
            continue
        rows.append(
            [
                label,
                f"{s['bytes'] / MB:.2f} MB / {s['documents']:,}",
                f"{s['median_s']:.2f}",
                f"{s['mb_s']:.2f}",
                f"{s['docs_s']:,.0f}",
                f"{s['items_per_doc']:.2f}",
                f"{s['mb_s'] / naive['mb_s']:.2f}x",
            ]
        )
    ratios = r["ratios"]
    if naive["documents"] < r["scan_engine"]["documents"]:
        rows.append(
            [
                f"engine, {comp['backend']}, timed on the naive prefix",
                f"{naive['bytes'] / MB:.2f} MB / {naive['documents']:,}",
                "-",
                f"{ratios['engine_same_prefix_mb_s']:.2f}",
                "-",
                "-",
                f"{ratios['engine_same_prefix_vs_naive']:.2f}x",
            ]
        )
    lines.append(_table(["method", "scanned (MB / docs)", "median s", "MB/s", "docs/s", "items/doc", "x naive"], rows))
    verdict = "met" if ratios["engine_full_vs_naive"] >= TARGET_NAIVE_RATIO else "NOT met"
    agree = r["agreement"]
    lines += [
        "items = findings for the engine (after guards); raw matches for the naive loop (no flags, no normalisation)",
        f"engine / naive = {ratios['engine_full_vs_naive']:.2f}x (target >= {TARGET_NAIVE_RATIO:.0f}x: {verdict}); "
        f"on the same prefix: {ratios['engine_same_prefix_vs_naive']:.2f}x",
        f"(document, rule) pairs on the naive prefix: naive {agree['naive_prefix_pairs']:,}, engine "
        f"{agree['engine_prefix_pairs']:,}, both {agree['both']:,}, naive only {agree['naive_only']:,}, "
        f"engine only {agree['engine_only']:,}",
        f"python-re backend vs {comp['backend']} on its {r['scan_python_re']['documents']:,} documents: same "
        f"(document, rule) pairs: {agree['python_re_equals_engine']} (python-re only {agree['python_re_only']:,}, "
        f"{comp['backend']} only {agree['engine_only_vs_python_re']:,}); findings "
        f"{agree['python_re_items']:,} vs {r['scan_engine']['items']:,} over all documents"
        if r.get("scan_python_re")
        else "python-re backend: not timed",
        "",
    ]
    cli = r["cli"]
    lines.append(
        f"CLI: consumer-rules check on one {cli['file_bytes']:,}-byte file (whole process, wall time; "
        f"{e['builtin_rules']} built-in rules)"
    )
    rows = []
    for run in cli["runs"]:
        ok = "met" if run["warm_median_s"] < TARGET_CLI_WARM_S else "NOT met"
        rows.append(
            [
                run["label"],
                f"{run['cold_s']:.3f}",
                f"{run['cold_peak_rss_mb']:.0f}",
                f"{run['warm_median_s']:.3f}",
                f"{min(run['warm_s']):.3f}-{max(run['warm_s']):.3f}",
                f"{run['warm_peak_rss_mb']:.0f}",
                f"< {TARGET_CLI_WARM_S} s: {ok}",
            ]
        )
    lines.append(
        _table(
            [
                "rules",
                "cold cache s",
                "cold RSS MB",
                f"warm median s (n={len(cli['runs'][0]['warm_s'])})",
                "warm range s",
                "warm RSS MB",
                "target (warm)",
            ],
            rows,
        )
    )
    lines += [
        f"reference: python -c pass {cli['python_pass_s']:.3f} s; python -c 'import consumer_rules' "
        f"{cli['python_import_consumer_rules_s']:.3f} s (medians)",
        "",
        "Peak RSS of this process (ru_maxrss high-water mark, MB)",
        _table(["after", "MB"], [[k, f"{v:.0f}"] for k, v in r["peak_rss_mb"].items()]),
    ]
    cases = r.get("cases")
    if cases:
        lines += [
            "",
            f"generated rules' own cases (as `consumer-rules rules test`): "
            f"{cases['total'] - cases['failed']}/{cases['total']} pass ({cases['seconds']:.1f} s)",
        ]
        lines += [f"  {f}" for f in cases["first_failures"]]
    lines += render_matchers(r.get("matchers"))
    prof = r.get("profile")
    if prof:
        total = prof["stages_s"]["check_text (total)"]
        lines += ["", f"Profile of check_text over {prof['documents']:,} documents ({prof['bytes'] / MB:.2f} MB)"]
        lines.append(
            _table(
                ["stage", "seconds", "share", "us/doc"],
                [
                    [k, f"{v:.3f}", f"{v / total:.0%}", f"{v / prof['documents'] * 1e6:.0f}"]
                    for k, v in prof["stages_s"].items()
                ],
            )
        )
        if "hits_per_doc" in prof:
            lines.append(f"matcher hits per document (after per-pattern policy): {prof['hits_per_doc']:.1f}")
        parts = prof.get("matcher_parts")
        if parts:
            ac_s = parts["automaton_s"]
            lines.append(
                f"for scale, on the normalised texts: the phrase automaton alone ({parts['automaton_keys']:,} keys: "
                f"phrases and regex anchors) {ac_s:.3f} s ({parts['bytes'] / MB / ac_s:.0f} MB/s, "
                f"{ac_s / total:.0%} of check_text)"
            )
            if "re2_set_s" in parts:
                set_s = parts["re2_set_s"]
                lines.append(
                    f"  the RE2 set pass alone ({parts['regexes']} regexes), as if run on every document: "
                    f"{set_s:.3f} s ({parts['bytes'] / MB / set_s:.0f} MB/s, {set_s / total:.0%} of check_text)"
                )
                lines.append(
                    f"  regex gating: {parts['candidates_per_doc']:.1f} candidate regexes per document (anchor "
                    f"found); set pass needed (> {parts['set_threshold']} candidates) in "
                    f"{parts['set_pass_docs']:,} of {parts['documents']:,} documents; "
                    f"{parts['positions_per_doc']:.1f} regexes run for positions per document"
                )
        if "stage_error" in prof:
            lines.append(f"stage breakdown unavailable: {prof['stage_error']}")
        lines += ["cProfile, by own time:", prof["cprofile_top"]]
    return "\n".join(lines)


def render_matchers(m: dict[str, Any] | None) -> list[str]:
    if not m:
        return []
    lines = ["", "Matchers considered (raw matchers alone, on the normalised corpus, same pattern table)"]
    if "skipped" in m:
        return [*lines, f"skipped: {m['skipped']}"]
    if "error" in m and "rows" not in m:
        return [*lines, f"failed: {m['error']}"]
    lines.append(
        f"{m['documents']:,} documents, {m['bytes'] / MB:.2f} MB normalised; {m['phrases']:,} phrases, "
        f"{m['regexes']:,} regexes; texts pre-encoded where the matcher takes bytes; median of {m['rounds']} round(s)"
    )
    rows = m.get("rows", [])
    if rows:
        lines.append(
            _table(
                ["matcher", "patterns", "build s", "scan s", "MB/s"],
                [
                    [
                        x["matcher"],
                        f"{x['patterns']:,}",
                        f"{x['build_s']:.3f}",
                        f"{x['scan_s']:.3f}",
                        f"{x['mb_s']:.0f}",
                    ]
                    for x in rows
                ],
            )
        )
    for key in ("re2_error", "hyperscan_error", "alone_error"):
        if key in m:
            lines.append(f"{key.replace('_', ' ')}: {m[key]}")
    if m.get("hyperscan_refused"):
        lines.append(f"patterns Hyperscan refused (left out of the comparison): {len(m['hyperscan_refused'])}")
        lines += [f"  {regex}: {msg}" for regex, msg in list(m["hyperscan_refused"].items())[:5]]
    if "missed" in m:
        miss, extra, occ = m["missed"], m["extra"], m["phrase_occurrences"]
        lines += [
            f"Hyperscan vs the engine's matcher, (document, pattern) pairs: reference {m['reference_pairs']:,}; "
            f"Hyperscan misses {miss['pairs']:,} in {miss['documents']:,} documents, {miss['patterns']:,} patterns "
            f"({miss['phrase_patterns']} phrases, {miss['regex_patterns']} regexes); reports {extra['pairs']:,} "
            f"pairs the engine does not ({extra['patterns']} patterns)",
            f"phrase occurrences (pattern, end offset): ahocorasick_rs {occ['ahocorasick']:,}, Hyperscan "
            f"{occ['hyperscan']:,}, missed by Hyperscan {occ['missed']:,}, only Hyperscan {occ['extra']:,}",
        ]
        if m.get("engine_vs_raw_docs_differ") is not None:
            lines.append(
                f"engine's matcher vs the raw automaton + RE2 set (presence): "
                f"{m['engine_vs_raw_docs_differ']:,} documents differ"
            )
        alone = m.get("missed_alone", {})
        if alone.get("checked"):
            lines.append(
                f"missed pairs found by a database of the missed pattern alone: {alone['found_alone']} of the "
                f"first {alone['checked']}"
            )
        for ex in m.get("missed_examples", []):
            lines.append(
                f"  missed: doc {ex['document']}, {ex['kind']} {ex['pattern']!r}: {ex['match']!r} in {ex['context']!r}"
            )
    known = m.get("known_miss")
    if known:
        lines.append("known misses, checked directly (pattern ids missed by the database; each pattern alone):")
        for case in known.get("cases", []):
            lines.append(f"  {case['what']}: {case['patterns']} on {case['text']!r}, expected ids {case['expected']}")
            for label, v in case["variants"].items():
                verdict = f"MISSES {v['missed']}" if v["missed"] else "no miss"
                lines.append(f"    {label}: database {v['database']} -> {verdict}; each alone finds: {v['alone']}")
        fuzz = known.get("fuzz")
        if fuzz:
            lines.append(
                f"  first case on seeded random texts (seed {fuzz['seed']}, 1-12 of {fuzz['alphabet']!r}): the "
                f"database misses a match in {fuzz['missed']:,} of {fuzz['texts']:,}; shortest: {fuzz['shortest']}"
            )
        if "error" in known:
            lines.append(f"  failed: {known['error']}")
    return lines


if __name__ == "__main__":
    sys.exit(main())
