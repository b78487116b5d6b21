"""The report: every figure of a run as plain-text tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .corpus import MB
from .measure import TARGET_CLI_WARM_S, TARGET_NAIVE_RATIO


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
