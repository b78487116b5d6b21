"""The run: parse the options, build the corpus and the pack, time everything side by side, print the report."""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import bench

from .corpus import CORPUS_SEED, DEFAULT_PLAN, MB, build_corpus, load_sentences, small_document
from .matchers import compare_matchers, hyperscan_installed, run_isolated
from .measure import (
    TARGET_CLI_WARM_S,
    TARGET_NAIVE_RATIO,
    ScanResult,
    builtin_rule_count,
    cpu_model,
    engine_pass,
    git_state,
    naive_compile,
    naive_pass,
    peak_rss_mb,
    prefix_count,
    profile_engine,
    time_cli,
    time_python_baseline,
    versions,
)
from .report import render
from .rules import PACK_PREFIXES, RULES_SEED, GenRule, generate_rules, write_pack


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)

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

        scanned, naive_docs = compare_scans(args, engine_rules, pyre_rules, rules, docs, sizes, say)
        rss["scans"] = peak_rss_mb()
        res.update(scanned)
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
        res["cli"] = time_cli_runs(args, sentences, rules, pack, workdir, say)

        # 3. The generated rules' own cases, as `consumer-rules rules test` runs them (after all timings).
        if not args.no_cases:
            res["cases"] = rule_cases(pack)
        res["peak_rss_mb"] = rss
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(render(out))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    return 0


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=bench.__doc__.split("\n\n")[0] if bench.__doc__ else None)
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
    return args


def compare_scans(
    args: argparse.Namespace,
    engine_rules: Any,
    pyre_rules: Any,
    rules: Sequence[GenRule],
    docs: Sequence[str],
    sizes: Sequence[int],
    say: Callable[[str], None],
) -> tuple[dict[str, Any], Sequence[str]]:
    """The engine (default backend), the python-re backend and the naive loop over the corpus, in interleaved
    rounds: their figures (scan_*, ratios, agreement), and the corpus prefix the naive loop ran on."""
    res: dict[str, Any] = {}
    total_bytes = sum(sizes)
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
    return res, naive_docs


def time_cli_runs(
    args: argparse.Namespace,
    sentences: Sequence[str],
    rules: Sequence[GenRule],
    pack: Path,
    workdir: Path,
    say: Callable[[str], None],
) -> dict[str, Any]:
    """`consumer-rules check` as a whole process on one ~3 KB file, cold and warm: built-in rules, then
    built-in + the generated pack; and bare Python as the reference."""
    small = workdir / "small.txt"
    small.write_text(small_document(sentences), encoding="utf-8")
    say("timing the CLI ...")
    py_bare, py_import = time_python_baseline(args.cli_runs)
    cli_builtin = time_cli("built-in rules", [], small, args.cli_runs, workdir)
    cli_bench = time_cli(
        f"built-in + {len(rules)} generated rules", ["--rules", str(pack)], small, args.cli_runs, workdir
    )
    return {
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


def rule_cases(pack: Path) -> dict[str, Any]:
    """The generated rules' own cases, as `consumer-rules rules test` runs them."""
    from consumer_rules.testing import run_cases

    t0 = time.perf_counter()
    results = run_cases([], [pack])
    failed = [r for r in results if not r.ok]
    return {
        "total": len(results),
        "failed": len(failed),
        "seconds": time.perf_counter() - t0,
        "first_failures": [r.describe() for r in failed[:5]],
    }
