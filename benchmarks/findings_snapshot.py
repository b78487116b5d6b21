#!/usr/bin/env python3
"""Every field of every finding over a fixed set of texts, saved, and compared with an earlier snapshot.

A speed change must change no finding. Take a snapshot with the engine before the change and one after it, and
compare; the engine is whichever ``consumer_rules`` is imported, so point PYTHONPATH at an export of the older
commit for the first (its ``src`` beside its ``rules``)::

    git archive BASE src rules | tar -x -C /tmp/base
    PYTHONPATH=/tmp/base/src python benchmarks/findings_snapshot.py /tmp/before.pickle
    PYTHONPATH=src python benchmarks/findings_snapshot.py /tmp/after.pickle /tmp/before.pickle

The texts: the corpus texts, the examples and the work plan in pieces, every text file under tests (the product
holdout excepted), 300 seeded mixtures of them and a few hostile strings, all with the kind detected; every
rule's cases and 500 of those texts under each explicit kind and two product types; and the 1,000 generated
rules over 0.5 MB of the synthetic corpus. Exit status 1 when a comparison finds a difference.
"""

from __future__ import annotations

import pickle
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.corpus import DEFAULT_PLAN, REPO_ROOT, build_corpus, load_sentences
from bench.packs import realistic_corpus
from bench.rules import generate_rules, write_pack


def texts_and_cases() -> tuple[list[str], list[str]]:
    from consumer_rules.discovery import rule_sources
    from consumer_rules.loader import load_folders

    texts = realistic_corpus(1)
    for path in sorted((REPO_ROOT / "tests").rglob("*")):
        if path.is_file() and path.suffix in (".txt", ".md") and "product_pairs" not in path.parts:
            try:
                texts.append(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
    cases = []
    for item in load_folders(rule_sources(None, ())).rules:
        cases.extend(case.text for case in [*item.spec.cases.flag, *item.spec.cases.pass_])
    rng = random.Random(7)
    mixtures = []
    for _ in range(300):
        a, b, c = rng.sample(texts + cases, 3)
        mixtures.append(a[:400] + "\n" + b[:400] + "\n\n" + c[:300])
    mixtures += ["1" * 5000 + "。%", "收益" + "1" * 3000 + "%", "保　本\u200b保證收益" * 50, ""]
    return texts + mixtures, cases + texts[:500]


def snapshot() -> dict[Any, list[tuple[Any, ...]]]:
    import consumer_rules
    from consumer_rules.normalize import normalize_phrase

    auto, explicit = texts_and_cases()
    packs = consumer_rules.load_rules(cache=False)
    out: dict[Any, list[tuple[Any, ...]]] = {}
    for i, text in enumerate(auto):
        out[("auto", i)] = [tuple(f) for f in packs.check_text(text).findings]
    for i, text in enumerate(explicit):
        for kind in ("auto", "marketing", "privacy", "terms"):
            out[(kind, "case", i)] = [tuple(f) for f in packs.check_text(text, kind=kind).findings]
        for product_type in ("wealth_management", "insurance"):
            report = packs.check_text(text, product_type=product_type)
            out[(product_type, "case", i)] = [tuple(f) for f in report.findings]
    sentences, _ = load_sentences(DEFAULT_PLAN)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "rules" / "bench"
        write_pack(folder, generate_rules("\n".join(sentences), 1000, normalize_phrase), sentences[0], normalize_phrase)
        generated = consumer_rules.load_rules(packs=[], rules_dirs=[folder], cache=False)
        for i, text in enumerate(build_corpus(sentences, 0.5)):
            out[("generated", i)] = [tuple(f) for f in generated.check_text(text).findings]
    return out


def main(argv: list[str]) -> int:
    if argv in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    # The snapshot takes minutes: refuse what cannot work before it, not after (an option taken for the output
    # file, an earlier snapshot that is not there).
    if not 1 <= len(argv) <= 2 or any(arg.startswith("-") for arg in argv):
        print(__doc__, file=sys.stderr)
        return 2
    if len(argv) == 2 and not Path(argv[1]).is_file():
        print(f"findings_snapshot: no earlier snapshot at {argv[1]}", file=sys.stderr)
        return 2
    found = snapshot()
    print(f"{len(found)} runs, {sum(map(len, found.values()))} findings", file=sys.stderr)
    Path(argv[0]).write_bytes(pickle.dumps(found))
    if len(argv) == 2:
        before = pickle.loads(Path(argv[1]).read_bytes())
        differ = [key for key in set(before) | set(found) if before.get(key) != found.get(key)]
        print(f"different: {len(differ)} of {len(before)} runs", file=sys.stderr)
        for key in differ[:5]:
            print(key, set(before.get(key) or ()) ^ set(found.get(key) or ()), file=sys.stderr)
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
