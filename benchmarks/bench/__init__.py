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

One module per part: ``corpus`` (1), ``rules`` (2), ``measure`` (3-5), ``matchers`` (6), ``run`` (the order
of it all, and the options), ``report`` (the tables). Method and figures: docs/performance.md. Run from the
repository root::

    python benchmarks/bench_engine.py --json benchmarks/out/results.json --profile 15
    python benchmarks/bench_engine.py --quick        # smoke run: 1 MB, 100 rules, seconds
"""
