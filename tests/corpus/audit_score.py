"""Score the packs against an audit of fresh copy: texts judged finding by finding by people who never saw the rules.

    python tests/corpus/audit_score.py AUDIT_DIR [FIELD ...] [--show]

An audit folder holds one folder per field (finance, consumer, privacy …), each with:

- ``texts/NNN.txt``: the copy, as found;
- ``judged.jsonl``: one line per finding of the packs the auditors ran, ``{"file": "texts/007.txt", "rule_id":
  "AD001", "start": 12, "excerpt": "…", "verdict": "right" | "false", "reason": "…"}``;
- ``misses.jsonl``: the clear violations no finding covered, ``{"file": …, "category": …, "excerpt": "exact text"}``.

The texts stay outside the repository (their licences are not known; the corpus README lists the audits and
``audit_sources.tsv`` their sources). This script checks every text with today's built-in packs, as the command line
does (kind read from the text, no product type), and says of each field: the judged findings still reported (by file,
rule and start), those gone, the findings no one judged (new since the audit: read them before counting them), and the
misses now covered by a finding of their category: over the missed words, or anywhere in the text for a missing
warning or contact channel and for a finding about the whole document. An audit judged before any rule was written
from it measures copy nobody here tuned on; once its texts have been read, it shows only that the rules do what was
meant.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import consumer_rules
from consumer_rules import Finding, RuleSet
from consumer_rules.vocabulary import ABSENCE_CATEGORIES


@dataclass
class FieldScore:
    field: str
    judged_right: int = 0
    judged_false: int = 0
    right_kept: int = 0
    false_kept: int = 0
    gone: list[dict[str, Any]] = field(default_factory=list)
    new: list[tuple[str, Finding]] = field(default_factory=list)
    misses: int = 0
    covered: list[dict[str, Any]] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.field}: judged {self.judged_right} right / {self.judged_false} false; still reported "
            f"{self.right_kept} right / {self.false_kept} false; gone {len(self.gone)}; "
            f"new, not judged {len(self.new)}; misses {self.misses}, covered now {len(self.covered)}"
        )


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise SystemExit(f"{path}:{number}: not a JSON object ({err.msg})") from None
    return rows


def score_field(folder: Path, rules: RuleSet) -> FieldScore:
    judged = _read_jsonl(folder / "judged.jsonl")
    misses = _read_jsonl(folder / "misses.jsonl")
    if not judged and not misses:
        raise SystemExit(f"{folder}: no judged.jsonl or misses.jsonl: not an audit field")
    texts = sorted((folder / "texts").glob("*.txt"))
    if not texts:
        raise SystemExit(f"{folder}/texts: no .txt files")
    now: dict[str, list[Finding]] = {}
    for path in texts:
        report = rules.check_text(path.read_text(encoding="utf-8"), path=path.name)
        now[f"texts/{path.name}"] = list(report.findings)
    keys = {(name, f.rule_id, f.start) for name, findings in now.items() for f in findings}
    score = FieldScore(folder.name, misses=len(misses))
    judged_keys = set()
    for row in judged:
        key = (row["file"], row["rule_id"], row["start"])
        judged_keys.add(key)
        right = row["verdict"] == "right"
        score.judged_right += right
        score.judged_false += not right
        if key in keys:
            score.right_kept += right
            score.false_kept += not right
        else:
            score.gone.append(row)
    score.new = [
        (name, f) for name, findings in now.items() for f in findings if (name, f.rule_id, f.start) not in judged_keys
    ]
    for miss in misses:
        text = (folder / miss["file"]).read_text(encoding="utf-8")
        start = text.find(miss["excerpt"])
        if start < 0:
            raise SystemExit(f"{folder / miss['file']}: the missed words are not in the text: {miss['excerpt'][:40]!r}")
        end = start + len(miss["excerpt"])
        for f in now.get(miss["file"], []):
            if f.category == miss["category"] and (
                miss["category"] in ABSENCE_CATEGORIES or f.scope == "document" or (f.start < end and f.end > start)
            ):
                score.covered.append(miss)
                break
    return score


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("audit", type=Path, help="the audit folder")
    parser.add_argument("fields", nargs="*", help="its fields (default: every folder with judgements)")
    parser.add_argument("--show", action="store_true", help="list the findings gone and new and the misses covered")
    args = parser.parse_args(argv)
    if not args.audit.is_dir():
        print(f"{args.audit}: no such folder", file=sys.stderr)
        return 2
    names = args.fields or sorted(
        p.name for p in args.audit.iterdir() if (p / "judged.jsonl").is_file() or (p / "misses.jsonl").is_file()
    )
    if not names:
        print(f"{args.audit}: no field folder with judged.jsonl or misses.jsonl", file=sys.stderr)
        return 2
    rules = consumer_rules.load_rules()
    for name in names:
        score = score_field(args.audit / name, rules)
        print(score.line())
        if args.show:
            for row in score.gone:
                print(f"  gone ({row['verdict']}) {row['file']} {row['rule_id']} {row['excerpt'][:40]!r}")
            for file, f in score.new:
                print(f"  new {file} {f.rule_id} {f.category} {f.excerpt[:40]!r}")
            for miss in score.covered:
                print(f"  covered {miss['file']} {miss['category']} {miss['excerpt'][:40]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
