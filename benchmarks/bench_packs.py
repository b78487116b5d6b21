#!/usr/bin/env python3
"""The built-in packs on a realistic corpus, the CLI over a folder with --jobs, Spark, start-up and memory.

The benchmark is ``bench.packs`` (see its docstring); this is its command line. Run from the repository root::

    python benchmarks/bench_packs.py --json benchmarks/out/packs.json --spark
    python benchmarks/bench_packs.py --repeat 2 --files 500 --rss-files 0   # smoke run
"""

from __future__ import annotations

import sys

from bench.packs import main

if __name__ == "__main__":
    sys.exit(main())
