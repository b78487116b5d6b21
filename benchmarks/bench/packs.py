"""The built-in packs on a realistic corpus, beside the synthetic set, the naive loop and a trigger-word loop.

One run, so every ratio compares figures measured side by side:

1. the realistic corpus: the real texts of tests/corpus (85 ads, privacy clauses, terms and warnings) repeated,
   the bundled examples, and the work plan cut into 2-5 KB pieces;
2. in one process, one core, in interleaved rounds: ``check_text`` with the built-in packs over it, a
   trigger-word loop (the packs' ~150 forbidden phrases tested as substrings, the least any checker does),
   and, on the seeded synthetic corpus, the 1,000 generated rules through the engine and through the naive
   per-rule ``re`` loop; medians and ratios;
3. where ``check_text`` spends its time on the realistic corpus (stages and the top functions);
4. every regex of the packs timed on its own over the validator's sample, slowest first, by rule;
5. ``consumer-rules check DIR --format json`` as a whole process over a folder of N files (default 5,000)
   with ``--jobs 1`` and ``--jobs 2``: wall time, MB/s, identical output, against the trigger-word loop
   over the same files (read from disk) in the same run;
6. optionally (``--spark``, when pyspark is installed) ``consumer_rules.spark`` on ``local[2]`` over the
   same documents: throughput after start-up, and whether its findings equal the CLI's;
7. ``consumer-rules check`` on one small file (the corpus's first text, a line or two) and on a real page of
   4-8 KB, warm: wall and processor time (user + system) of each run, each after a ``python -c pass`` whose
   times give the load met (``--small-file-only`` runs just this part); and
   the peak RSS of ``check`` over a folder of many small files (``--rss-files``, default 100,000).

Run from the repository root: ``python benchmarks/bench_packs.py --json benchmarks/out/packs.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from .corpus import DEFAULT_PLAN, MB, REPO_ROOT, build_corpus, load_sentences
from .measure import (
    cache_with_rules,
    cli_command,
    naive_compile,
    naive_pass,
    profile_engine,
    run_child,
    time_cli,
)
from .rules import generate_rules, write_pack

TARGET_PACKS_MB_S = 20.0
TARGET_CLI_VS_TRIGGER = 2.0
TARGET_SYNTHETIC_VS_NAIVE = 20.0
TARGET_SMALL_FILE_S = 0.25


def realistic_corpus(repeat: int, plan: Path = DEFAULT_PLAN) -> list[str]:
    """tests/corpus texts ``repeat`` times, the bundled examples once, the plan in 2-5 KB pieces."""
    items = sorted((REPO_ROOT / "tests" / "corpus" / "items").glob("*.yaml"))
    texts = [yaml.safe_load(p.read_text(encoding="utf-8"))["text"] for p in items]
    examples = [
        p.read_text(encoding="utf-8")
        for p in sorted((REPO_ROOT / "examples").rglob("*"))
        if p.is_file() and p.suffix in (".txt", ".md")
    ]
    docs = texts * repeat + examples
    if plan.is_file():
        paragraphs = [p for p in plan.read_text(encoding="utf-8").split("\n") if p.strip()]
        piece: list[str] = []
        for para in paragraphs:
            piece.append(para)
            if len("\n".join(piece).encode("utf-8")) >= 3000:
                docs.append("\n".join(piece))
                piece = []
        if piece:
            docs.append("\n".join(piece))
    return docs


def trigger_words(ruleset: Any, count: int = 150) -> list[str]:
    """The packs' forbidden phrases (the ``match`` phrases of forbid rules), the first ``count``."""
    compiled = ruleset.compiled
    words: list[str] = []
    for rule in compiled.rules:
        for pid in getattr(rule.logic, "match", ()):
            literal = compiled.patterns[pid].literal
            if literal and literal not in words:
                words.append(literal)
    return words[:count]


def trigger_pass(words: Sequence[str], docs: Sequence[str]) -> tuple[float, int]:
    start = time.perf_counter()
    hits = 0
    for doc in docs:
        hits += sum(1 for w in words if w in doc)
    return time.perf_counter() - start, hits


def engine_pass(ruleset: Any, docs: Sequence[str]) -> tuple[float, int]:
    check = ruleset.check_text
    start = time.perf_counter()
    findings = sum(len(check(doc).findings) for doc in docs)
    return time.perf_counter() - start, findings


def interleaved(passes: dict[str, Callable[[], tuple[float, int]]], rounds: int, say: Callable[[str], None]) -> dict:
    seconds: dict[str, list[float]] = {name: [] for name in passes}
    items: dict[str, int] = {}
    names = list(passes)
    for rnd in range(rounds):
        for name in names[rnd % len(names) :] + names[: rnd % len(names)]:
            secs, n = passes[name]()
            seconds[name].append(secs)
            items[name] = n
            say(f"round {rnd + 1}/{rounds} {name}: {secs:.2f} s")
    return {name: {"seconds": s, "median_s": statistics.median(s), "items": items[name]} for name, s in seconds.items()}


def write_folder(folder: Path, docs: Sequence[str], count: int) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(count):
        data = docs[i % len(docs)].encode("utf-8")
        sub = folder / f"d{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"doc{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def time_cli_folder(folder: Path, jobs: int, env: dict[str, str], out: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS of ``check DIR --format json --jobs N`` (output to a file)."""
    argv = [*cli_command(), "check", str(folder), "--format", "json", "--fail-on", "never", "--jobs", str(jobs)]
    argv += ["-o", str(out), "--no-progress"]
    return run_child(argv, env)


def trigger_files(words: Sequence[str], folder: Path) -> tuple[float, int]:
    start = time.perf_counter()
    hits = 0
    for path in sorted(folder.rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        hits += sum(1 for w in words if w in text)
    return time.perf_counter() - start, hits


def spark_run(folder_docs: Sequence[tuple[str, str]], ruleset: Any) -> dict[str, Any]:
    """check_dataframe on local[2]: start-up, then a timed run over the documents; its findings."""
    from pyspark.sql import SparkSession

    from consumer_rules.spark import check_dataframe

    t0 = time.perf_counter()
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("consumer-rules-bench")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    df = spark.createDataFrame(list(folder_docs), "id string, text string").repartition(2).cache()
    df.count()
    check_dataframe(df.limit(10), rules=ruleset).count()  # workers up, rule set broadcast and loaded
    startup = time.perf_counter() - t0
    t0 = time.perf_counter()
    rows = check_dataframe(df, rules=ruleset).select("id", "rule_id", "start", "end").collect()
    secs = time.perf_counter() - t0
    spark.stop()
    return {"startup_s": startup, "seconds": secs, "findings": sorted(tuple(r) for r in rows)}


def page_document(docs: Sequence[str], low: int = 4000, high: int = 8000) -> str:
    """The first document of ``low``-``high`` bytes: a real page, where the corpus's first is a line or two and
    a check of it meets few of the packs' regexes (each one met is compiled or read from the store)."""
    return next((d for d in docs if low <= len(d.encode("utf-8")) <= high), max(docs, key=len))


def small_file_run(work: Path, doc: str, runs: int, name: str = "one.txt") -> dict[str, Any]:
    """``consumer-rules check`` on one small file (the corpus's first document) as a whole process with a warm
    cache: cold once, then ``runs`` warm runs, each after a ``python -c pass`` (the load it met)."""
    path = work / "small" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(doc, encoding="utf-8")
    small = time_cli("built-in rules", [], path, runs, work)
    return {
        "bytes": path.stat().st_size,
        "runs": runs,
        "cold_s": small.cold_s,
        "warm_median_s": small.warm_median,
        "warm_cpu_median_s": small.warm_cpu_median,
        "warm_s": small.warm_s,
        "warm_cpu_s": small.warm_cpu_s,
        "python_pass_median_s": statistics.median(w for w, _ in small.python_pass),
        "python_pass_cpu_median_s": statistics.median(c for _, c in small.python_pass),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="times the tests/corpus texts repeat (default 20)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--synthetic-mb", type=float, default=2.0, help="synthetic corpus for the 1,000 rules")
    parser.add_argument("--files", type=int, default=5000, help="files in the CLI folder (default 5000)")
    parser.add_argument("--cli-rounds", type=int, default=1, help="runs of each --jobs, alternately (median)")
    parser.add_argument("--rss-files", type=int, default=100_000, help="small files for the RSS run (0: skip)")
    parser.add_argument("--spark", action="store_true", help="also run consumer_rules.spark on local[2]")
    parser.add_argument("--small-runs", type=int, default=9, help="warm runs of the one-file check (median)")
    parser.add_argument("--small-file-only", action="store_true", help="only the one-file check, warm")
    parser.add_argument("--json", type=Path, metavar="FILE")
    args = parser.parse_args(argv)
    if args.small_file_only:
        work = Path(tempfile.mkdtemp(prefix="bench-small-"))
        try:
            docs = realistic_corpus(1)
            small = {
                "small_file": small_file_run(work, docs[0], args.small_runs),
                "small_page": small_file_run(work, page_document(docs), args.small_runs, "page.txt"),
            }
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(json.dumps(small, ensure_ascii=False, indent=2))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(small, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return 0

    import consumer_rules
    from consumer_rules.normalize import normalize_phrase
    from consumer_rules.pattern_cost import time_regexes

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    res: dict[str, Any] = {"cpus": os.cpu_count()}
    docs = realistic_corpus(args.repeat)
    size = sum(len(d.encode("utf-8")) for d in docs)
    res["corpus"] = {"documents": len(docs), "bytes": size}
    say(f"realistic corpus: {len(docs)} documents, {size:,} bytes")
    packs = consumer_rules.load_rules()
    words = trigger_words(packs)
    sentences, _ = load_sentences(DEFAULT_PLAN)
    synthetic = build_corpus(sentences, args.synthetic_mb)
    syn_size = sum(len(d.encode("utf-8")) for d in synthetic)
    work = Path(tempfile.mkdtemp(prefix="bench-packs-"))
    try:
        gen = generate_rules("\n".join(sentences), 1000, normalize_phrase)
        write_pack(work / "rules" / "bench", gen, sentences[0], normalize_phrase)
        generated = consumer_rules.load_rules(packs=[], rules_dirs=[work / "rules" / "bench"], cache=False)
        naive = naive_compile(gen)
        for d in docs[:20]:
            packs.check_text(d)
        for d in synthetic[:5]:
            generated.check_text(d)
        scans = interleaved(
            {
                "packs": lambda: engine_pass(packs, docs),
                "trigger_words": lambda: trigger_pass(words, docs),
                "synthetic_engine": lambda: engine_pass(generated, synthetic),
                "synthetic_naive": lambda: naive_pass(naive, synthetic)[:2],
            },
            args.rounds,
            say,
        )
        for name, scan in scans.items():
            scan["mb_s"] = (syn_size if name.startswith("synthetic") else size) / MB / scan["median_s"]
        res["scans"] = scans
        res["trigger_words"] = len(words)
        res["ratios"] = {
            "packs_vs_trigger_words": scans["packs"]["mb_s"] / scans["trigger_words"]["mb_s"],
            "synthetic_engine_vs_naive": scans["synthetic_engine"]["mb_s"] / scans["synthetic_naive"]["mb_s"],
        }
        say("profiling the packs ...")
        res["profile"] = profile_engine(packs, docs, 15)
        say("timing every regex ...")
        costs = time_regexes(packs.compiled)
        res["regexes"] = {
            "count": len(costs),
            "median_ms": statistics.median(c.ms for c in costs),
            "slowest": [{"rules": c.rules, "regex": c.regex, "ms": c.ms} for c in costs[:10]],
        }

        folder = work / "files"
        folder_bytes = write_folder(folder, docs, args.files)
        env = {**os.environ, "CONSUMER_RULES_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1"}
        run_child([*cli_command(), "check", str(folder / "d000" / "doc000000.txt"), "--fail-on", "never"], env)
        cli: dict[str, Any] = {"files": args.files, "bytes": folder_bytes}
        outputs = {}
        runs: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
        for _ in range(args.cli_rounds):  # alternately, so that a change in the machine's load hits both
            for jobs in (1, 2):
                out = work / f"jobs{jobs}.json"
                # every run checks every file: the compiled rules are cached, no file's result is
                fresh = {**env, "CONSUMER_RULES_CACHE_DIR": str(cache_with_rules(work / "cache", work))}
                runs[jobs].append(time_cli_folder(folder, jobs, fresh, out))
                outputs[jobs] = json.loads(out.read_text(encoding="utf-8"))
                say(f"CLI --jobs {jobs}: {runs[jobs][-1][0]:.1f} s")
        # the same run again where the last one kept its results: what a second CI run over unchanged files costs
        again = work / "again.json"
        cli["second_run_jobs2"] = {"seconds": time_cli_folder(folder, 2, fresh, again)[0]}
        cli["second_run_jobs2"]["identical_findings"] = (
            json.loads(again.read_text(encoding="utf-8"))["findings"] == outputs[2]["findings"]
        )
        say(f"CLI --jobs 2 again, results kept: {cli['second_run_jobs2']['seconds']:.1f} s")
        for jobs, timed in runs.items():
            secs = statistics.median(t for t, _ in timed)
            cli[f"jobs{jobs}"] = {
                "seconds": secs,
                "runs_s": [t for t, _ in timed],
                "mb_s": folder_bytes / MB / secs,
                "peak_rss_mb": max(r for _, r in timed),
            }
        trig_s, _ = trigger_files(words, folder)
        cli["trigger_words_files"] = {"seconds": trig_s, "mb_s": folder_bytes / MB / trig_s}
        cli["jobs2_vs_trigger_words"] = cli["jobs2"]["mb_s"] / cli["trigger_words_files"]["mb_s"]
        cli["identical_findings"] = outputs[1]["findings"] == outputs[2]["findings"]
        cli["findings"] = len(outputs[1]["findings"])
        res["cli_folder"] = cli

        if args.spark:
            try:
                pairs = [(str(p), p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("*.txt"))]
                spark = spark_run(pairs, packs)
                cli_found = sorted((f["path"], f["rule_id"], f["start"], f["end"]) for f in outputs[1]["findings"])
                res["spark"] = {
                    "startup_s": spark["startup_s"],
                    "seconds": spark["seconds"],
                    "mb_s": folder_bytes / MB / spark["seconds"],
                    "identical_to_cli": spark["findings"] == cli_found,
                    "findings": len(spark["findings"]),
                }
            except ImportError as exc:
                res["spark"] = {"skipped": str(exc)}

        res["small_file"] = small_file_run(work, docs[0], args.small_runs)
        res["small_page"] = small_file_run(work, page_document(docs), args.small_runs, "page.txt")
        if args.rss_files:
            rss_folder = work / "many"
            write_folder(
                rss_folder, ["本产品保本。", "理财非存款、产品有风险、投资须谨慎。", "今天天气很好。"], args.rss_files
            )
            argv = [*cli_command(), "check", str(rss_folder), "--format", "concise", "--fail-on", "never"]
            secs, rss = run_child([*argv, "--no-progress", "-o", str(work / "many.txt")], env)
            res["many_files"] = {"files": args.rss_files, "seconds": secs, "peak_rss_mb": rss}
    finally:
        shutil.rmtree(work, ignore_errors=True)

    res["targets"] = {
        "packs_mb_s": [scans["packs"]["mb_s"], TARGET_PACKS_MB_S],
        "cli_jobs2_vs_trigger_words": [res["cli_folder"]["jobs2_vs_trigger_words"], TARGET_CLI_VS_TRIGGER],
        "synthetic_vs_naive": [res["ratios"]["synthetic_engine_vs_naive"], TARGET_SYNTHETIC_VS_NAIVE],
        "small_file_warm_s": [res["small_file"]["warm_median_s"], TARGET_SMALL_FILE_S],
        "small_page_warm_s": [res["small_page"]["warm_median_s"], TARGET_SMALL_FILE_S],
    }
    print(json.dumps({k: v for k, v in res.items() if k != "profile"}, ensure_ascii=False, indent=2, default=str))
    if "profile" in res:
        print(json.dumps(res["profile"].get("stages_s", {}), indent=2), file=sys.stdout)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return 0
