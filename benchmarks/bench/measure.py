"""Measurements: the engine and the naive loop over the corpus, CLI runs as whole processes, peak memory,
versions, and the optional profile."""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .corpus import MB, REPO_ROOT
from .rules import GenRule

TARGET_NAIVE_RATIO = 20.0
TARGET_CLI_WARM_S = 0.5


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
print(json.dumps({"s": elapsed, "cpu_s": usage.ru_utime + usage.ru_stime, "rss_kb": usage.ru_maxrss,
                  "rc": os.waitstatus_to_exitcode(status), "err": text[-4000:]}))
"""


def run_child(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one whole child process, which must exit 0."""
    wall, _, rss = run_child_usage(argv, env)
    return wall, rss


def run_child_usage(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, processor seconds (user + system) and peak RSS (MB) of one whole child process, which must
    exit 0. On a machine other jobs load, the processor time moves much less than the wall time."""
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
    return float(result["s"]), float(result["cpu_s"]), result["rss_kb"] / 1024


@dataclass
class CliResult:
    label: str
    cold_s: float
    cold_rss_mb: float
    warm_s: list[float]
    warm_rss_mb: list[float]
    warm_cpu_s: list[float] = field(default_factory=list)  # user + system of each warm run
    # ``python -c pass`` run before each warm run: (wall, processor) seconds, the yardstick of the load met
    python_pass: list[tuple[float, float]] = field(default_factory=list)

    @property
    def warm_median(self) -> float:
        return statistics.median(self.warm_s)

    @property
    def warm_cpu_median(self) -> float:
        return statistics.median(self.warm_cpu_s)


def time_cli(label: str, extra: Sequence[str], file: Path, runs: int, workdir: Path) -> CliResult:
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=workdir))
    env = {**os.environ, "CONSUMER_RULES_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    # Warm means every cache warm, Python's bytecode too: pip compiles it at install time, and an environment
    # that forbids writing it would have every run recompile the package (about 0.08 s) instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # --fail-on never: exit 0 with findings, so any other exit status (a traceback is 1) is an error.
    argv = [*cli_command(), "check", str(file), "--fail-on", "never", *extra]
    cold_s, cold_rss = run_child(argv, env)
    warm, python_pass = [], []
    for _ in range(runs):
        python_pass.append(run_child_usage([sys.executable, "-c", "pass"], env)[:2])
        # warm caches, but the file checked: its kept result (see results_cache) would stand in for the check
        shutil.rmtree(cache / "results", ignore_errors=True)
        warm.append(run_child_usage(argv, env))
    return CliResult(
        label, cold_s, cold_rss, [w[0] for w in warm], [w[2] for w in warm], [w[1] for w in warm], python_pass
    )


def cache_with_rules(template: Path, workdir: Path) -> Path:
    """A new cache folder holding the compiled rules, normalisation tables and ``re`` programs of ``template`` and
    no file results: a run there checks every file, as a first run does, without compiling the rules again."""
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=workdir))
    entries = ("rules-*.pickle", "normalize-*.pickle", "programs-*.pickle")
    for entry in [path for pattern in entries for path in template.glob(pattern)]:
        shutil.copy2(entry, cache / entry.name)
    return cache


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
    # Regexes, RE2 forms, rule plans and key tables are built on first use: build them first (warm() and one
    # pass), so that the stages do not hold that cost.
    ruleset.warm()
    for doc in docs:
        ruleset.check_text(doc)
    stages: dict[str, float] = {}
    try:
        stages = inline_stages(ruleset, docs)
        # The matcher's figures on the same documents (normalised, with the rule plan check_text picks).
        from consumer_rules.document import detect_sections
        from consumer_rules.normalize import normalize_folded

        matcher = ruleset.compiled.matcher
        norms, hits = [], []
        for doc in docs:
            norm, folded = normalize_folded(doc)
            sections = detect_sections(folded)
            parts = frozenset((sec.kind, sec.genre) for sec in sections)
            kinds = frozenset(sec.kind for sec in sections)
            plan = ruleset._plan(kinds, None, False, frozenset(sec.genre for sec in sections), parts)
            norms.append(norm)
            hits.append(matcher.scan(norm.text, plan.patterns) if plan.rules else [])
        out["hits_per_doc"] = sum(len(h) for h in hits) / len(docs)
        out["matcher_parts"] = matcher_parts(matcher, [n.text for n in norms])
    except Exception as exc:  # internals moved: keep the total and the profile
        out["stage_error"] = repr(exc)
        start = time.perf_counter()
        for doc in docs:
            ruleset.check_text(doc)
        stages["check_text (total)"] = time.perf_counter() - start
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


def inline_stages(ruleset: Any, docs: Sequence[str]) -> dict[str, float]:
    """Seconds in each stage of ``check_text``, timed inside it (its steps wrapped for one pass over ``docs``).

    Timing each stage in a pass of its own over all documents (as this benchmark once did) runs every stage
    faster than it runs inside ``check_text``, one document through every stage at a time, so the remainder
    ("the rest") came out at 30-46% where what it holds (findings, grouping, the offset map) takes about 5%."""
    import consumer_rules.ruleset as module

    matcher = ruleset.compiled.matcher
    spent: dict[str, float] = {}
    wrapped = {
        "normalize_folded": "normalize",
        "detect_sections": "sections, kind and genre",
        "section_genre": "sections, kind and genre",
        "evaluate": "evaluate (rule logic, guards)",
        "_not_across_headings": "headings",
        "LineIndex": "findings (line index, Finding tuples, grouping)",
        "_finding": "findings (line index, Finding tuples, grouping)",
        "group": "findings (line index, Finding tuples, grouping)",
    }
    originals = {name: getattr(module, name) for name in wrapped}
    clock = time.perf_counter

    def timed(function: Any, label: str) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = clock()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + clock() - started

        return run

    for name, label in wrapped.items():
        setattr(module, name, timed(originals[name], label))
    plan = ruleset._plan
    ruleset._plan = timed(plan, "rule plan")
    scan = matcher.scan
    matcher.scan = timed(scan, "matcher.scan (automaton, pieces, windows, regex runs, policy)")
    try:
        start = clock()
        for doc in docs:
            ruleset.check_text(doc)
        total = clock() - start
    finally:
        for name, function in originals.items():
            setattr(module, name, function)
        del ruleset._plan
        del matcher.scan
    stages = {"check_text (total)": total, **dict(sorted(spent.items(), key=lambda kv: -kv[1]))}
    stages["rest (check_text itself: sections mapped, offsets back, truncation, report)"] = total - sum(spent.values())
    return stages


def matcher_parts(matcher: Any, texts: Sequence[str]) -> dict[str, Any]:
    """The default matcher's phrase automaton alone on normalised texts (every phrase and regex anchor), built
    before timing: what finding the keys costs, beside what check_text spends on everything else."""
    out: dict[str, Any] = {"bytes": sum(len(t.encode("utf-8")) for t in texts)}
    finder = matcher._finder
    finder.build()
    out["automaton_keys"] = len(finder.keys)
    out["regexes"] = len(matcher._regex_ids)
    start = time.perf_counter()
    for text in texts:
        finder.find(text)
    out["automaton_s"] = time.perf_counter() - start
    out["documents"] = len(texts)
    return out


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()
