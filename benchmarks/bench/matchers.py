""" "Matchers considered": the raw matchers alone (ahocorasick_rs, an RE2 set, one Hyperscan database) on
the same patterns and texts. Runs only when the optional hyperscan package is importable, in a child
process."""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from .corpus import MB

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
