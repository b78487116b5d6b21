"""Linear time on hostile input: each input class is checked at 1, 2, 4 and 8 MB; the time must double with
the size (a ratio near 2 per step), never square (a ratio near 4).

Each measurement runs in a fresh process, so its peak memory is its own. What is timed is what
``consumer-rules check`` does with one file once the rules are loaded: read (decode, extract), normalise,
scan, rule logic, findings, inline waivers and the text report.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from .corpus import MB

COMPLIANT_AD = (
    "【XX理财·稳享系列】180天持有期固收类理财产品\n\n"
    "产品类型：固定收益类、非保本浮动收益型\n"
    "风险等级：PR2（中低风险），适合风险承受能力评估为稳健型及以上的投资者\n"
    "业绩比较基准：2.80%-3.30%（年化）。业绩比较基准以产品投资的债券类资产收益率为基础测算，测算依据详见产品说明书。\n"
    "业绩比较基准不等同于预期收益率，不代表产品未来表现和实际收益，不构成对产品收益的承诺。\n"
    "起购金额：1万元；募集期：2024年7月1日至7月7日。\n\n"
    "理财非存款、产品有风险、投资须谨慎。本产品不保证本金和收益，您可能损失部分或全部本金。\n"
    "咨询及投诉电话：400-800-0000（工作日9:00-17:00）\n"
)


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit.encode("utf-8")))


def _nested_html(size: int) -> str:
    depth = max(1, size // 11 - 1)
    return "<div>" * depth + "本产品保本" + "</div>" * depth


# A finding every two characters makes 350,000 findings per MB; that class runs at an eighth of the size
# (still doubling), or its report alone would take gigabytes.
SCALE = {"findings-one-line": 8}

# name -> (file suffix, text of about ``size`` bytes, what it stresses)
CASES: dict[str, tuple[str, Callable[[int], str], str]] = {
    "compliant-ad": (".txt", lambda n: _repeat(COMPLIANT_AD, n), "masks, negation, require, quantities"),
    "zero-width": (".txt", lambda n: _repeat("保\u200b", n), "normalize: a zero-width character per character"),
    "negated": (".txt", lambda n: _repeat("本产品不保本，", n), "negators before every match"),
    "titles": (".txt", lambda n: _repeat("《保本》", n), "quoted titles around every match"),
    "findings-one-line": (".txt", lambda n: _repeat("保本", n), "a finding every two characters, one line"),
    "waivers": (".txt", lambda n: _repeat("consumer-rules: disable FIN001 -- 已审核\n保本\n", n), "inline waivers"),
    "nested-html": (".html", _nested_html, "HTML nesting: one <div> inside another"),
}


def measure_one(case: str, size: int) -> dict[str, float]:
    """In this process: write the input, check it as the command line does, return seconds and peak MB."""
    import resource
    import time

    import consumer_rules
    from consumer_rules.document import read_source
    from consumer_rules.report import render
    from consumer_rules.waivers import apply_inline

    suffix, make, _ = CASES[case]
    rules = consumer_rules.load_rules()
    rules.check_text("预热 warm-up 保本")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_text(make(size), encoding="utf-8")
        started = time.process_time()
        source = read_source(path, max_bytes=size * 2 + MB)
        report = apply_inline(rules.check_source(source), source.extracted, source.path)
        output = render(report, "text")
        seconds = time.process_time() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return {"seconds": seconds, "peak_mb": peak, "findings": len(report.findings), "output_mb": len(output) / MB}


def _child(case: str, size: int) -> dict[str, float]:
    here = Path(__file__).resolve().parent.parent
    code = f"import json, bench.linear as m; print(json.dumps(m.measure_one({case!r}, {size})))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(here), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1,2,4,8", help="sizes in MB (default 1,2,4,8)")
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="input classes (default: all)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--max-ratio", type=float, default=3.0, help="fail when time grows more than this per doubling")
    args = parser.parse_args(argv)
    sizes = [int(float(s) * MB) for s in args.sizes.split(",")]
    results: dict[str, list[dict[str, float]]] = {}
    worst = 0.0
    print(f"{'input':<18} {'MB':>5} {'seconds':>8} {'ratio':>6} {'peak MB':>8} {'findings':>9} {'out MB':>7}")
    for case in args.case or list(CASES):
        rows = results[case] = []
        for full in sizes:
            size = full // SCALE.get(case, 1)
            row = _child(case, size)
            row["mb"] = size / MB
            ratio = row["seconds"] / rows[-1]["seconds"] if rows else float("nan")
            if rows and rows[-1]["seconds"] >= 0.05:  # below that, noise decides the ratio
                worst = max(worst, ratio / (size / (rows[-1]["mb"] * MB)) * 2)
            rows.append(row)
            print(
                f"{case:<18} {row['mb']:>5.2f} {row['seconds']:>8.2f} {ratio:>6.2f} {row['peak_mb']:>8.0f} "
                f"{row['findings']:>9.0f} {row['output_mb']:>7.1f}"
            )
    print(f"worst growth per doubling: {worst:.2f} (linear: 2; quadratic: 4)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if worst <= args.max_ratio else 1
