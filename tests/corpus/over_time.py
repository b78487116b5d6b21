"""Older packs on today's holdout: has the work since then generalised to copy nobody here read?

A fresh batch holds 80 texts, too few to show a change of one or two findings, and the holdout grows with every
batch, so its own figures mix old and new texts. This script holds the texts still and moves the packs: for each
commit named, it checks that commit's engine and rules out into a temporary work tree, gives it today's items and
split, and scores the holdout there. Every holdout text is unread by the packs of every commit (nobody tunes
against it), so the rows compare like with like. Only totals are printed, never an item.

    python tests/corpus/over_time.py 1e1468db bf679948 HEAD
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
_TOTALS = re.compile(r"^all \(micro\)\s+(?P<p>[0-9.]+)\s+(?P<r>[0-9.]+)\s*$")
_HEADER = re.compile(r"^== holdout: (?P<n>\d+) items, (?P<mnf>\d+) must-not-flag")
_ROW = re.compile(r"^[a-z_]+\s+(?P<tp>\d+)\s+(?P<fp>\d+)\s+(?P<fn>\d+)\s+[0-9.]+\s+[0-9.]+\s*$")


class ScoreError(Exception):
    """A commit that cannot be scored: not a commit, or its evaluate.py failed or printed no holdout figures."""


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise ScoreError(f"git {args[0]}: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'failed'}")
    return done.stdout.strip()


Row = tuple[str, str, int, int, float, float, tuple[int, int, int]]


def check_commit(commit: str) -> None:
    try:
        _git("rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}")
    except ScoreError:
        raise ScoreError("not a commit of this repository") from None


def score(commit: str, tmp: Path) -> Row:
    """(short hash, commit date, holdout items, must-not-flag phrases flagged, precision, recall, (found, false,
    missed)): the counts, summed over the categories, show a change of one finding that two decimals hide."""
    tree = tmp / commit.replace("/", "_")
    check_commit(commit)
    _git("worktree", "add", "--detach", str(tree), commit)
    try:
        # today's texts, labels and split under that commit's rules and engine
        shutil.rmtree(tree / "tests" / "corpus" / "items")
        shutil.copytree(CORPUS / "items", tree / "tests" / "corpus" / "items")
        for name in ("split.yaml", "second_labels.yaml"):
            shutil.copy(CORPUS / name, tree / "tests" / "corpus" / name)
        env = {**os.environ, "PYTHONPATH": str(tree / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
        done = subprocess.run(
            [sys.executable, "tests/corpus/evaluate.py"], cwd=tree, env=env, capture_output=True, text=True
        )
        out = done.stdout.splitlines()
        start = next((i for i, line in enumerate(out) if _HEADER.match(line)), None)
        end = None if start is None else next((i for i in range(start + 1, len(out)) if _TOTALS.match(out[i])), None)
        if done.returncode or start is None or end is None:
            why = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "no holdout figures in its output"
            raise ScoreError(f"its evaluate.py gave no holdout score ({why})")
        header = _HEADER.match(out[start])
        totals = _TOTALS.match(out[end])
        assert header is not None and totals is not None
        rows = [m for line in out[start:end] if (m := _ROW.match(line))]
        found, false, missed = (sum(int(m[k]) for m in rows) for k in ("tp", "fp", "fn"))
        short = _git("rev-parse", "--short", commit)
        date = _git("log", "-1", "--format=%cd", "--date=format:%Y-%m-%d %H:%M", commit)
        p, r = float(totals["p"]), float(totals["r"])
        return short, date, int(header["n"]), int(header["mnf"]), p, r, (found, false, missed)
    finally:
        _git("worktree", "remove", "--force", str(tree))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("commits", nargs="+", help="commits to score (oldest first reads best)")
    args = parser.parse_args(argv)
    for commit in args.commits:  # every name checked before the first, slow, row
        try:
            check_commit(commit)
        except ScoreError as exc:
            print(f"over_time.py: {commit}: {exc}", file=sys.stderr)
            return 2
    print("| packs at | committed | holdout texts | P | R | F1 | found / false / missed | must-not-flag flagged |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for commit in args.commits:
            try:
                short, date, n, mnf, p, r, (found, false, missed) = score(commit, Path(tmp))
            except ScoreError as exc:
                print(f"over_time.py: {commit}: {exc}", file=sys.stderr)
                return 2
            f1 = 2 * found / (2 * found + false + missed) if found else 0.0
            print(f"| `{short}` | {date} | {n} | {p:.2f} | {r:.2f} | {f1:.3f} | {found} / {false} / {missed} | {mnf} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
