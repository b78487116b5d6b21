#!/usr/bin/env python3
"""Linear-time benchmark: each hostile input class at 1, 2, 4 and 8 MB; time must double, not square.

The benchmark is ``bench/linear.py``; this is its command line. Run from the repository root::

    python benchmarks/bench_linear.py                     # all classes, 1-8 MB (a few minutes)
    python benchmarks/bench_linear.py --sizes 0.25,0.5,1  # a quick look
"""

from __future__ import annotations

import sys

from bench.linear import main

if __name__ == "__main__":
    sys.exit(main())
