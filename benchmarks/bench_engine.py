#!/usr/bin/env python3
"""Engine benchmark: compile time, scan throughput against a naive per-rule ``re`` loop, CLI start-up, memory.

The benchmark itself is the ``bench`` package next to this file (see its docstring for what one run does);
this is its command line. Run from the repository root::

    python benchmarks/bench_engine.py --json benchmarks/out/results.json --profile 15
    python benchmarks/bench_engine.py --quick        # smoke run: 1 MB, 100 rules, seconds
"""

from __future__ import annotations

import sys

from bench.run import main

if __name__ == "__main__":
    sys.exit(main())
