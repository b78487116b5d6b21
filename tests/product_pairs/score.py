"""Score the product checks on a set of real product + copy pairs (tests/product_pairs/dev or holdout).

For every pair, ``RuleSet.check_product(product.yaml, copy=[copy.md])`` runs with the built-in packs and its
error and warning findings are compared with the pair's labels (info findings are advice and are not counted):
decided.yaml where the two reviewers differed and a third decided between them, else expected.yaml (see
``label_file``; ``--labels first|second`` scores against one reviewer's).

- a finding, or any of its ``related`` locations, matches an expected item when the categories are equal and
  its span overlaps an occurrence of the expected excerpt in copy.md; an expected ``product_data`` or
  ``suitability`` item (written against facts.yaml) matches a finding of that category in product.yaml; an
  expected ``missing_risk_warning`` or ``missing_complaint_channel`` item (something the copy lacks, anchored by
  convention) matches a document-level finding of that category in copy.md wherever it points;
- precision = matched findings / all findings; recall = matched expected items / all expected items;
- a ``must_not_flag`` phrase is hit when a finding's span overlaps it;
- a pair is exactly right when every finding matches, every expected item is matched and no trap is hit.

Run ``python tests/product_pairs/score.py dev`` for the table of the dev set (per pair, with every miss and false
finding). ``holdout`` prints totals and per-category figures only: nobody writing rules reads holdout pairs.

A holdout pair whose copy is a near copy of text the rules were tuned on (a dev pair's copy, an example's copy
in examples/products, a dev corpus item; shared six-character shingles as in tests/corpus/split.py
``near_copies``) no longer measures unseen wording. The program finds such pairs from the texts, nobody reads
them; those found are listed as ``exposed`` in exposed.yaml beside the holdout, ``holdout`` also prints its
totals without them, and tests/test_product_pairs.py fails on a near copy that is not listed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import consumer_rules
from consumer_rules.findings import Finding
from consumer_rules.vocabulary import ABSENCE_CATEGORIES

try:
    from tests.corpus.split import holdout_numbers, near_copies, number
except ModuleNotFoundError:  # run as a script from the repository root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))
    from split import holdout_numbers, near_copies, number  # type: ignore[no-redef]

PAIRS = Path(__file__).resolve().parent
ROOT = PAIRS.parents[1]
EXAMPLES = ROOT / "examples" / "products"
CORPUS_ITEMS = ROOT / "tests" / "corpus" / "items"
EXPOSED = PAIRS / "exposed.yaml"
SETS = ("dev", "holdout")
FACT_CATEGORIES = {"product_data", "suitability"}
# (A finding of one of ABSENCE_CATEGORIES is anchored by convention, the checker at its first trigger, a reviewer at
# the rate shown or the product's name, and a copy lacks a warning once: a document-level one matches an expected
# item of the category anywhere in the copy.)
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


LABELS = ("decided", "first", "second")


def label_file(pair: Path, labels: str = "decided") -> Path:
    """The findings a pair is scored against. ``decided``: decided.yaml where the two reviewers differed and a third
    decided between them, else expected.yaml (the two agreed); ``first``: expected.yaml, the first reviewer's;
    ``second``: second.yaml."""
    if labels == "second":
        return pair / "second.yaml"
    if labels == "decided" and (pair / "decided.yaml").is_file():
        return pair / "decided.yaml"
    return pair / "expected.yaml"


def pair_findings(pair: Path, rules: consumer_rules.RuleSet) -> list[Finding]:
    """The checker's counted (error and warning) findings on a pair's product.yaml and copy.md."""
    report = rules.check_product(pair / "product.yaml", copy=[pair / "copy.md"])
    return [f for f in report.findings if f.severity in COUNTED]


def score_pair(
    pair: Path, rules: consumer_rules.RuleSet, labels: str = "decided", findings: list[Finding] | None = None
) -> PairScore:
    """``findings``: the pair's findings when already checked (scoring one check against several labellings)."""
    copy_path = pair / "copy.md"
    product_path = pair / "product.yaml"
    text = copy_path.read_text(encoding="utf-8")
    expected: dict[str, Any] = yaml.safe_load(label_file(pair, labels).read_text(encoding="utf-8"))
    items: list[dict[str, str]] = expected["findings"] or []
    traps: list[str] = expected["must_not_flag"] or []
    if findings is None:
        findings = pair_findings(pair, rules)

    def in_file(loc: Finding, path: Path) -> bool:
        return Path(loc.path).resolve() == path.resolve()

    def matches(finding: Finding, item: dict[str, str]) -> bool:
        if finding.category != item["category"]:
            return False
        for loc in locations(finding):
            if item["category"] in FACT_CATEGORIES and in_file(loc, product_path):
                return True
            if item["category"] in ABSENCE_CATEGORIES and loc.scope == "document" and in_file(loc, copy_path):
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
    return in_number_order(p for p in folder.iterdir() if p.is_dir() and (p / "product.yaml").is_file())


def in_number_order(folders: Iterable[Path]) -> list[Path]:
    """Pair folders in the order of their numbers (100 after 99, not after 10); a folder not named NN-slug first."""
    return sorted(folders, key=lambda p: (int(p.name.split("-", 1)[0]) if p.name[:1].isdigit() else 0, p.name))


def copy_text(path: Path) -> str:
    """A copy.md without its ``<!-- source: … -->`` line: every copy has one, so it says nothing about copying."""
    text = path.read_text(encoding="utf-8")
    return text.partition("\n")[2] if text.startswith("<!--") else text


def pair_number(pair: Path) -> int:
    return int(pair.name.split("-", 1)[0])


def seen_texts() -> list[tuple[str, dict[str, Any]]]:
    """The texts rules were written and tuned on, each named by where it lives: dev pairs' copies, the examples'
    copies and the dev corpus items (tests/corpus/items not in the corpus holdout)."""
    texts: list[tuple[str, dict[str, Any]]] = [
        (f"dev pair {pair.name}", {"text": copy_text(pair / "copy.md")}) for pair in pair_dirs("dev")
    ]
    texts.extend(
        (f"example {path.parent.relative_to(EXAMPLES).as_posix()}", {"text": copy_text(path)})
        for path in sorted(EXAMPLES.rglob("copy.md"))
    )
    corpus_holdout = holdout_numbers()
    for path in sorted(CORPUS_ITEMS.glob("*.yaml")):
        if number(path.stem) not in corpus_holdout:
            item = yaml.safe_load(path.read_text(encoding="utf-8"))
            texts.append((f"corpus {path.stem}", {"text": item["text"]}))
    return texts


@dataclass(frozen=True)
class Overlap:
    pair: int  # holdout pair number
    seen: str  # the seen text, e.g. "corpus 467-wallstreetcn-…"
    share: float  # share of the smaller text's shingles found in the other


def holdout_near_copies() -> list[Overlap]:
    """Holdout pairs whose copy is a near copy of a seen text. Only numbers and names come out, never a text."""
    holdout = [(f"holdout {pair_number(p)}", {"text": copy_text(p / "copy.md")}) for p in pair_dirs("holdout")]
    seen = seen_texts()
    found = []
    for a, b, share in near_copies(holdout + seen):
        if a.startswith("holdout ") != b.startswith("holdout "):
            mine, other = (a, b) if a.startswith("holdout ") else (b, a)
            found.append(Overlap(int(mine.split()[1]), other, round(share, 2)))
    return sorted(found, key=lambda o: (o.pair, o.seen))


def exposed_pairs() -> set[int]:
    """Holdout pair numbers listed in exposed.yaml: their copy is a near copy of text rules were tuned on."""
    if not EXPOSED.exists():
        return set()
    data = yaml.safe_load(EXPOSED.read_text(encoding="utf-8")) or {}
    return {int(entry["pair"]) for entry in data.get("exposed") or []}


def score_all(which: str, labels: str = "decided") -> Totals:
    return score_each(which, (labels,))[labels]


def score_each(which: str, labelled: Sequence[str]) -> dict[str, Totals]:
    """The checker against each of several labellings, each pair checked once."""
    rules = consumer_rules.load_rules()
    scores: dict[str, list[PairScore]] = {labels: [] for labels in labelled}
    for pair in pair_dirs(which):
        findings = pair_findings(pair, rules)
        for labels in labelled:
            scores[labels].append(score_pair(pair, rules, labels, findings))
    return {labels: Totals(pairs) for labels, pairs in scores.items()}


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


@dataclass(frozen=True)
class Agreement:
    """Two labellings of the same pairs compared finding by finding, as the checker is scored: ``other`` taken as
    the findings, ``reference`` as the expected items (e.g. the second reviewer against the first)."""

    pairs: int
    reference: int  # findings of the reference labelling
    other: int
    reference_matched: int  # reference findings the other labelling also wrote (same category, overlapping excerpt)
    other_matched: int
    same_verdict: int  # pairs both call clean, or both call not clean
    category_pairs: tuple[int, int, int]  # (pair, category) both / reference only / other only

    def line(self, other: str = "second reviewer", reference: str = "the first") -> str:
        p = self.other_matched / self.other if self.other else 1.0
        r = self.reference_matched / self.reference if self.reference else 1.0
        both, only_reference, only_other = self.category_pairs
        cp = both / (both + only_other) if both + only_other else 1.0
        cr = both / (both + only_reference) if both + only_reference else 1.0
        return (
            f"{other} against {reference}, finding by finding (as the checker is scored): precision"
            f" {self.other_matched}/{self.other} = {p:.2f}, recall {self.reference_matched}/{self.reference} ="
            f" {r:.2f}, F1 {2 * p * r / (p + r) if p + r else 0.0:.2f}\n"
            f"  by (pair, category): precision {cp:.2f}, recall {cr:.2f}; clean or not: {self.same_verdict} of"
            f" {self.pairs} pairs agree"
        )


def agreement(which: str, other: str = "second", reference: str = "first") -> Agreement:
    """How far two labellings of the same pairs agree (``first``, ``second`` or ``decided``; see label_file), by
    the scorer's own matching. Only pairs that a second reviewer labelled count."""
    pairs = n_reference = n_other = reference_matched = other_matched = same_verdict = 0
    both = only_reference = only_other = 0
    for pair in pair_dirs(which):
        if not (pair / "second.yaml").is_file():
            continue
        text = (pair / "copy.md").read_text(encoding="utf-8")
        a = yaml.safe_load(label_file(pair, reference).read_text(encoding="utf-8"))["findings"] or []
        b = yaml.safe_load(label_file(pair, other).read_text(encoding="utf-8"))["findings"] or []

        def same(x: dict[str, str], y: dict[str, str], text: str = text) -> bool:
            if x["category"] != y["category"]:
                return False
            if x["category"] in FACT_CATEGORIES | ABSENCE_CATEGORIES:  # as the scorer matches them
                return True
            return overlaps(occurrences(text, str(x["excerpt"])), occurrences(text, str(y["excerpt"])))

        pairs += 1
        n_reference, n_other = n_reference + len(a), n_other + len(b)
        reference_matched += sum(any(same(x, y) for y in b) for x in a)
        other_matched += sum(any(same(y, x) for x in a) for y in b)
        same_verdict += (not a) == (not b)
        ca, cb = {x["category"] for x in a}, {y["category"] for y in b}
        both, only_reference, only_other = both + len(ca & cb), only_reference + len(ca - cb), only_other + len(cb - ca)
    return Agreement(
        pairs, n_reference, n_other, reference_matched, other_matched, same_verdict, (both, only_reference, only_other)
    )


def main(argv: Sequence[str] | None = None) -> int:
    # argparse, not a scan of sys.argv: a mistyped option (--agreemnt) is an error, not a run without it
    parser = argparse.ArgumentParser(description="Score the product checks on the dev or holdout pairs.")
    parser.add_argument("which", choices=SETS)
    parser.add_argument("--brief", action="store_true", help="totals and categories, not every pair's details")
    parser.add_argument("--agreement", action="store_true", help="the labellings against each other and the checker")
    parser.add_argument("--labels", choices=LABELS, default="decided", help="the labelling to score against")
    args = parser.parse_args(argv)
    which, labels = args.which, args.labels
    if args.agreement:
        found = agreement(which)
        if not found.pairs:
            print(f"no pair in tests/product_pairs/{which} has a second.yaml", file=sys.stderr)
            return 1
        print(f"== {which}: {found.pairs} pairs labelled by two reviewers, {decided_count(which)} decided by a third")
        print(found.line())
        print(agreement(which, "decided", "first").line("the decided findings", "the first reviewer's"))
        print(agreement(which, "decided", "second").line("the decided findings", "the second reviewer's"))
        for reference, totals in score_each(which, LABELS).items():
            print(
                f"the checker against the {reference} labels: precision {totals.precision:.2f}, recall"
                f" {totals.recall:.2f}, must_not_flag {totals.traps} of {totals.trap_total}, exact {totals.exact}"
            )
        return 0
    totals = score_all(which, labels)
    if not totals.pairs:
        print(f"no pairs in tests/product_pairs/{which}", file=sys.stderr)
        return 1
    print(f"== {which}: {len(totals.pairs)} pairs" + ("" if labels == "decided" else f", against the {labels} labels"))
    print(table(totals, details=not args.brief, per_pair=which == "dev"))
    if which == "holdout":
        print()
        print(exposure(totals))
    return 0


def decided_count(which: str) -> int:
    return sum((pair / "decided.yaml").is_file() for pair in pair_dirs(which))


def exposure(totals: Totals) -> str:
    """The near-copy line and the holdout totals without the exposed pairs (numbers only, never a text)."""
    overlaps = holdout_near_copies()
    listed = exposed_pairs()
    unlisted = sorted({o.pair for o in overlaps} - listed)
    found = ", ".join(f"{o.pair} ~ {o.seen.split('-', 1)[0]} ({o.share:.2f})" for o in overlaps) or "none"
    out = [f"near copies of text the rules were tuned on: {found}"]
    if unlisted:
        out.append(f"  NOT LISTED in {EXPOSED.name}: pairs {', '.join(map(str, unlisted))}")
    clean = Totals([p for p in totals.pairs if pair_number(Path(p.name)) not in listed])
    if listed and len(clean.pairs) < len(totals.pairs):
        out.append(
            f"without the {len(totals.pairs) - len(clean.pairs)} exposed pair(s) ({EXPOSED.name}):"
            f" precision {ratio(clean.sum('matched_findings'), clean.sum('findings'))},"
            f" recall {ratio(clean.sum('matched_expected'), clean.sum('expected'))},"
            f" exactly right {clean.exact} of {len(clean.pairs)}"
        )
    return "\n".join(out)


if __name__ == "__main__":
    from consumer_rules.errors import ConsumerRulesError

    try:
        raise SystemExit(main())
    except ConsumerRulesError as exc:  # a broken rule file: its file:line message, not a traceback
        print(f"score.py: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
