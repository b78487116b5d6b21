"""Score the product checks on a set of real product + copy pairs (tests/product_pairs/dev or holdout).

For every pair, ``RuleSet.check_product(product.yaml, copy=[copy.md])`` runs with the built-in packs and its
error and warning findings are compared with expected.yaml (info findings are advice and are not counted):

- a finding, or any of its ``related`` locations, matches an expected item when the categories are equal and
  its span overlaps an occurrence of the expected excerpt in copy.md; an expected ``product_data`` or
  ``suitability`` item (written against facts.yaml) matches a finding of that category in product.yaml;
- precision = matched findings / all findings; recall = matched expected items / all expected items;
- a ``must_not_flag`` phrase is hit when a finding's span overlaps it;
- a pair is exactly right when every finding matches, every expected item is matched and no trap is hit.

Run ``python tests/product_pairs/score.py dev`` for the table of the dev set (per pair, with every miss and false
finding). ``holdout`` prints totals and per-category figures only: nobody writing rules reads holdout pairs.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import consumer_rules
from consumer_rules.findings import Finding

PAIRS = Path(__file__).resolve().parent
SETS = ("dev", "holdout")
FACT_CATEGORIES = {"product_data", "suitability"}
COUNTED = {"error", "warning"}

Span = tuple[int, int]


@dataclass
class PairScore:
    name: str
    findings: int = 0
    matched_findings: int = 0
    expected: int = 0
    matched_expected: int = 0
    traps: int = 0
    traps_hit: list[str] = field(default_factory=list)
    false_findings: list[str] = field(default_factory=list)  # "RULE category «excerpt»"
    missed: list[str] = field(default_factory=list)  # "category «excerpt»"
    # per category: [findings, matched findings, expected, matched expected]
    by_category: dict[str, list[int]] = field(default_factory=dict)

    @property
    def exact(self) -> bool:
        return self.matched_findings == self.findings and self.matched_expected == self.expected and not self.traps_hit


def occurrences(text: str, phrase: str) -> list[Span]:
    spans: list[Span] = []
    start = text.find(phrase)
    while phrase and start != -1:
        spans.append((start, start + len(phrase)))
        start = text.find(phrase, start + 1)
    return spans


def finding_spans(finding: Finding, text: str) -> list[Span]:
    """Where the finding points in ``text`` (the raw copy file): its line and columns, checked against its excerpt;
    when they disagree (the checker may have normalised the text), every occurrence of the excerpt."""
    if not finding.excerpt:
        return []
    lines = text.split("\n")
    if 1 <= finding.line <= len(lines) and 1 <= finding.end_line <= len(lines):
        offsets = [0]
        for line in lines:
            offsets.append(offsets[-1] + len(line) + 1)
        start = offsets[finding.line - 1] + finding.column - 1
        end = offsets[finding.end_line - 1] + finding.end_column - 1
        if text[start:end] == finding.excerpt:
            return [(start, end)]
    return occurrences(text, finding.excerpt)


def overlaps(a: list[Span], b: list[Span]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def locations(finding: Finding) -> list[Finding]:
    return [finding, *finding.related]


def score_pair(pair: Path, rules: consumer_rules.RuleSet) -> PairScore:
    copy_path = pair / "copy.md"
    product_path = pair / "product.yaml"
    text = copy_path.read_text(encoding="utf-8")
    expected: dict[str, Any] = yaml.safe_load((pair / "expected.yaml").read_text(encoding="utf-8"))
    items: list[dict[str, str]] = expected["findings"] or []
    traps: list[str] = expected["must_not_flag"] or []

    report = rules.check_product(product_path, copy=[copy_path])
    findings = [f for f in report.findings if f.severity in COUNTED]

    def in_file(loc: Finding, path: Path) -> bool:
        return Path(loc.path).resolve() == path.resolve()

    def matches(finding: Finding, item: dict[str, str]) -> bool:
        if finding.category != item["category"]:
            return False
        for loc in locations(finding):
            if item["category"] in FACT_CATEGORIES and in_file(loc, product_path):
                return True
            if in_file(loc, copy_path) and overlaps(finding_spans(loc, text), occurrences(text, item["excerpt"])):
                return True
        return False

    score = PairScore(pair.name, findings=len(findings), expected=len(items), traps=len(traps))
    for finding in findings:
        row = score.by_category.setdefault(finding.category, [0, 0, 0, 0])
        row[0] += 1
        if any(matches(finding, item) for item in items):
            score.matched_findings += 1
            row[1] += 1
        else:
            where = "product" if in_file(finding, product_path) else "copy"
            score.false_findings.append(f"{finding.rule_id} {finding.category} {where} «{finding.excerpt}»")
    for item in items:
        row = score.by_category.setdefault(item["category"], [0, 0, 0, 0])
        row[2] += 1
        if any(matches(finding, item) for finding in findings):
            score.matched_expected += 1
            row[3] += 1
        else:
            score.missed.append(f"{item['category']} «{item['excerpt']}»")
    for phrase in traps:
        spans = occurrences(text, phrase)
        if any(
            in_file(loc, copy_path) and overlaps(finding_spans(loc, text), spans)
            for finding in findings
            for loc in locations(finding)
        ):
            score.traps_hit.append(phrase)
    return score


@dataclass
class Totals:
    pairs: list[PairScore]

    def sum(self, name: str) -> int:
        return sum(int(getattr(p, name)) for p in self.pairs)

    @property
    def precision(self) -> float:
        findings = self.sum("findings")
        return self.sum("matched_findings") / findings if findings else 1.0

    @property
    def recall(self) -> float:
        expected = self.sum("expected")
        return self.sum("matched_expected") / expected if expected else 1.0

    @property
    def traps(self) -> int:
        return sum(len(p.traps_hit) for p in self.pairs)

    @property
    def trap_total(self) -> int:
        return sum(p.traps for p in self.pairs)

    @property
    def exact(self) -> int:
        return sum(p.exact for p in self.pairs)

    def by_category(self) -> dict[str, list[int]]:
        rows: dict[str, Counter[int]] = {}
        for pair in self.pairs:
            for category, row in pair.by_category.items():
                counter = rows.setdefault(category, Counter())
                for i, value in enumerate(row):
                    counter[i] += value
        return {c: [rows[c][i] for i in range(4)] for c in sorted(rows)}


def pair_dirs(which: str) -> list[Path]:
    folder = PAIRS / which
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and (p / "product.yaml").is_file())


def score_all(which: str) -> Totals:
    rules = consumer_rules.load_rules()
    return Totals([score_pair(pair, rules) for pair in pair_dirs(which)])


def ratio(num: int, den: int) -> str:
    return f"{num}/{den}" + (f" = {num / den:.2f}" if den else "")


def table(totals: Totals, *, details: bool = True, per_pair: bool = True) -> str:
    out = [f"{'pair':<58} {'findings':>9} {'expected':>9} {'traps':>5} exact"] if per_pair else []
    for p in totals.pairs if per_pair else []:
        out.append(
            f"{p.name:<58} {p.matched_findings:>4}/{p.findings:<4} {p.matched_expected:>4}/{p.expected:<4}"
            f" {len(p.traps_hit):>5} {'yes' if p.exact else 'no'}"
        )
        if details:
            out.extend(f"    false: {f}" for f in p.false_findings)
            out.extend(f"    missed: {m}" for m in p.missed)
            out.extend(f"    trap hit: «{t}»" for t in p.traps_hit)
    out.append("")
    out.append(f"{'category':<24} {'precision':>16} {'recall':>16}")
    for category, (found, matched, expected, hit) in totals.by_category().items():
        out.append(f"{category:<24} {ratio(matched, found):>16} {ratio(hit, expected):>16}")
    out.append("")
    out.append(f"precision {ratio(totals.sum('matched_findings'), totals.sum('findings'))}")
    out.append(f"recall    {ratio(totals.sum('matched_expected'), totals.sum('expected'))}")
    on_product = sum(f.endswith("«»") and " product " in f for p in totals.pairs for f in p.false_findings)
    out.append(f"  (false findings on the product record itself, e.g. a fact its source did not state: {on_product})")
    out.append(f"must_not_flag phrases hit: {totals.traps} of {totals.trap_total}")
    out.append(f"pairs exactly right: {totals.exact} of {len(totals.pairs)}")
    return "\n".join(out)


def main() -> int:
    args = sys.argv[1:]
    sets = [a for a in args if not a.startswith("-")]
    if len(sets) != 1 or sets[0] not in SETS:
        print("usage: score.py dev|holdout [--brief]", file=sys.stderr)
        return 2
    which = sets[0]
    totals = score_all(which)
    if not totals.pairs:
        print(f"no pairs in tests/product_pairs/{which}", file=sys.stderr)
        return 1
    print(f"== {which}: {len(totals.pairs)} pairs")
    print(table(totals, details="--brief" not in args, per_pair=which == "dev"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
