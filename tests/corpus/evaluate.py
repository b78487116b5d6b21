"""Run every built-in pack over the real-text corpus and score it by category, for dev and holdout apart.

    python tests/corpus/evaluate.py            # both tables and their gap; misses and false alarms of dev
    python tests/corpus/evaluate.py --items    # also every dev item's expected and found categories
    python tests/corpus/evaluate.py --numbers 701-960   # only the items so numbered (e.g. a new batch)
    python tests/corpus/evaluate.py --numbers 209-255,414-500   # a batch numbered in several ranges
    python tests/corpus/evaluate.py --kinds    # labelled document kind against the kind the checker detects
    python tests/corpus/evaluate.py --numbers 1401-1660 --by-rule   # each rule judged on a batch it never saw
    python tests/corpus/evaluate.py --agreement   # two independent labellings against each other and the checker

``--numbers`` scores a batch on its own: a batch scored before any rule is tuned against it is another measure of
copy nobody here wrote, beside the holdout.

Only dev items are ever listed one by one: the holdout (split.yaml) is scored, never read, so that its figures
stay a measure of copy nobody tuned a rule against.

For each item, the categories a compliance officer flagged (``categories``) are compared with the categories
of the findings. Precision and recall are micro-averaged over (item, category) pairs. ``must_not_flag``
phrases must not overlap any finding; ``must_flag`` phrases should be covered by a finding.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import consumer_rules
from consumer_rules import Finding, RuleSet
from consumer_rules.document import Section, detect_sections
from consumer_rules.normalize import normalize_folded

try:
    from tests.corpus.agreement import against_first, agreement_report, load_readings
    from tests.corpus.split import exposed_numbers, holdout_numbers, load_all, number, part_of, read_yaml
    from tests.corpus.word_list import WordList
except ModuleNotFoundError:  # run as a script from tests/corpus
    from agreement import against_first, agreement_report, load_readings  # type: ignore[no-redef]
    from split import exposed_numbers, holdout_numbers, load_all, number, part_of, read_yaml  # type: ignore[no-redef]
    from word_list import WordList  # type: ignore[no-redef]

ITEMS = Path(__file__).resolve().parent / "items"
ROOT = Path(__file__).resolve().parents[2]
FIGURES = ROOT / "docs" / "rules" / "corpus-figures.json"
PARTS = ("dev", "holdout")
KINDS = ("marketing", "privacy", "terms")


@dataclass
class ItemResult:
    name: str
    expected: set[str]
    found: set[str]
    findings: list[Finding]
    part: str = "dev"
    wrongly_flagged: list[str] = field(default_factory=list)  # must_not_flag phrases covered by a finding
    missed_phrases: list[str] = field(default_factory=list)  # must_flag phrases no finding covers
    text: str = ""
    must_flag: list[str] = field(default_factory=list)
    must_not_flag: list[str] = field(default_factory=list)
    kind: str = ""  # the labelled document kind


@dataclass
class Score:
    items: list[ItemResult]

    def part(self, name: str) -> Score:
        return Score([i for i in self.items if i.part == name])

    def counts(self) -> dict[str, tuple[int, int, int]]:
        """category -> (true positives, false positives, false negatives)"""
        tp: Counter[str] = Counter()
        fp: Counter[str] = Counter()
        fn: Counter[str] = Counter()
        for item in self.items:
            for cat in item.found & item.expected:
                tp[cat] += 1
            for cat in item.found - item.expected:
                fp[cat] += 1
            for cat in item.expected - item.found:
                fn[cat] += 1
        cats = sorted(set(tp) | set(fp) | set(fn))
        return {c: (tp[c], fp[c], fn[c]) for c in cats}

    @property
    def precision(self) -> float:
        tp = sum(t for t, _, _ in self.counts().values())
        fp = sum(f for _, f, _ in self.counts().values())
        return tp / (tp + fp) if tp + fp else 1.0

    @property
    def recall(self) -> float:
        tp = sum(t for t, _, _ in self.counts().values())
        fn = sum(f for _, _, f in self.counts().values())
        return tp / (tp + fn) if tp + fn else 1.0

    def gate(self, severities: frozenset[str]) -> tuple[int, int, int, int]:
        """The corpus read as a build gate fails it: (non-compliant items, those with a finding of one of
        ``severities``, compliant items, those with one). Per text, not per category: what a CI job that fails on
        an error (or a warning) does with each file."""
        bad = [i for i in self.items if i.expected]
        good = [i for i in self.items if not i.expected]

        def fails(item: ItemResult) -> bool:
            return any(f.severity.value in severities for f in item.findings)

        return len(bad), sum(map(fails, bad)), len(good), sum(map(fails, good))

    def gate_lines(self) -> str:
        rows = []
        for name, severities in (("error", frozenset({"error"})), ("warning", frozenset({"error", "warning"}))):
            bad, caught, good, failed = self.gate(severities)
            rows.append(
                f"as a gate (--fail-on {name}): {caught} of {bad} non-compliant texts fail"
                f" ({caught / bad if bad else 1:.2f}), {failed} of {good} compliant texts fail"
                f" ({failed / good if good else 0:.2f})"
            )
        return "\n".join(rows)

    def table(self) -> str:
        rows = [f"{'category':<28}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}"]
        for cat, (tp, fp, fn) in self.counts().items():
            p = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
            r = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
            rows.append(f"{cat:<28}{tp:>5}{fp:>5}{fn:>5}{p:>11}{r:>8}")
        rows.append(f"{'all (micro)':<28}{'':>15}{self.precision:>11.2f}{self.recall:>8.2f}")
        return "\n".join(rows)


def _covered(findings: Sequence[Finding], text: str, phrase: str) -> bool:
    """Whether some finding, or a place it lists as related (the same words again), overlaps an occurrence of
    ``phrase``."""
    places = [g for f in findings for g in (f, *getattr(f, "related", ()))]  # the word list's findings have none
    start = text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        if any(f.start < end and start < f.end for f in places if f.scope == "span" or f.end > f.start):
            return True
        start = text.find(phrase, start + 1)
    return False


def number_range(spec: str) -> frozenset[int]:
    """``"701-960"`` -> the item numbers 701 to 960; ``"701"`` -> just 701; ``"209-255,414-500"`` -> both ranges
    (a batch whose collectors were given several ranges)."""
    numbers: set[int] = set()
    for part in spec.split(","):
        first, _, last = part.strip().partition("-")
        try:
            low, high = int(first), int(last or first)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected a number or ranges like 701-960 or 209-255,414-500, got {spec!r}"
            ) from None
        if high < low:
            raise argparse.ArgumentTypeError(f"range {part.strip()!r} ends before it starts")
        numbers.update(range(low, high + 1))
    return frozenset(numbers)


def evaluate(ruleset: RuleSet | WordList, numbers: frozenset[int] | None = None) -> Score:
    results = []
    holdout = holdout_numbers()
    for name, item in load_all():
        if numbers is not None and number(name) not in numbers:
            continue
        text = item["text"]
        # The kind is left to the checker, as on the command line; the product type is given, as a
        # product-approval pipeline gives it.
        report = ruleset.check_text(text, path=name, kind="auto", product_type=item.get("product_type"))
        # Info findings are advice ("check that this is highlighted"), not a claim that the copy breaks a rule,
        # so they are neither right nor wrong against a label.
        findings = [f for f in report.findings if f.severity.value != "info"]
        found = {f.category for f in findings}
        result = ItemResult(name, set(item["categories"]), found, findings, part_of(name, holdout), text=text)
        result.must_flag = list(item.get("must_flag") or [])
        result.must_not_flag = list(item.get("must_not_flag") or [])
        result.kind = str(item.get("kind", ""))
        result.wrongly_flagged = [p for p in result.must_not_flag if _covered(findings, text, p)]
        result.missed_phrases = [p for p in result.must_flag if not _covered(findings, text, p)]
        results.append(result)
    return Score(results)


def summary(score: Score) -> str:
    """Both parts' tables and the gap between them."""
    dev, holdout = score.part("dev"), score.part("holdout")
    out = []
    for name, part in (("dev", dev), ("holdout", holdout)):
        if not part.items:  # a batch chosen with --numbers may lie on one side only
            continue
        wrong = sum(len(i.wrongly_flagged) for i in part.items)
        out.append(
            f"== {name}: {len(part.items)} items, {wrong} must-not-flag phrase(s) flagged\n{part.table()}\n"
            f"{part.gate_lines()}"
        )
    exposed = exposed_numbers()
    clean = Score([i for i in holdout.items if number(i.name) not in exposed])
    if exposed and len(clean.items) < len(holdout.items):
        out.append(
            f"holdout without the {len(holdout.items) - len(clean.items)} items seen while tuning"
            f" (split.yaml `exposed`): precision {clean.precision:.2f}, recall {clean.recall:.2f}"
        )
    if dev.items and holdout.items:
        gap_p, gap_r = dev.precision - holdout.precision, dev.recall - holdout.recall
        out.append(f"gap (dev - holdout): precision {gap_p:+.2f}, recall {gap_r:+.2f}")
    people = _people_agree(holdout)
    if people:
        out.append(people)
    return "\n\n".join(out) or "no item is numbered so"


def _people_agree(holdout: Score) -> str:
    """How far two people labelling the same holdout texts blind agree, beside the checker scored the same way.

    A target for the checker means little without it: where two careful readers of the guide differ on one
    category in seven, no checker can be measured above that against either of them."""
    readings = load_readings()
    chosen = [i for i in holdout.items if i.name in readings]
    if not chosen:
        return ""
    p, r, cp, cr = against_first(chosen, readings)
    return (
        f"holdout, against the first person's labels ({len(chosen)} items): a second person labelling blind "
        f"precision {p:.2f}, recall {r:.2f}; the checker precision {cp:.2f}, recall {cr:.2f}"
    )


def obligation_figures(score: Score) -> dict[str, dict[str, list[int]]]:
    """obligation -> part -> [items where its rules found a labelled category, items where its rules found anything].

    Precision per obligation: a finding is right when the item is labelled with the finding's category. Recall
    is a property of categories, not obligations (labels name categories), so it stays in the category table.
    """
    obligations: dict[str, list[str]] = {}
    for path in sorted((ROOT / "rules").glob("*/[A-Z]*.yaml")):
        data = read_yaml(path)
        obligations[data["code"]] = list(data.get("obligations") or [])
    figures: dict[str, dict[str, list[int]]] = {}
    for item in score.items:
        by_obligation: dict[str, set[bool]] = {}
        for f in item.findings:
            for ob in obligations.get(f.rule_id, []):
                by_obligation.setdefault(ob, set()).add(f.category in item.expected)
        for ob, verdicts in by_obligation.items():
            counts = figures.setdefault(ob, {p: [0, 0] for p in PARTS})[item.part]
            counts[0] += all(verdicts)
            counts[1] += 1
    return dict(sorted(figures.items()))


def rule_figures(score: Score) -> str:
    """Per rule, over the dev items of ``score``: the items it fired in, those labelled with its category, and the
    must-not-flag and must-flag phrases its findings cover. On a batch scored before anyone tuned against it, this
    judges each rule (a family of wordings) by copy it was not written from; the category table cannot tell which
    rule made a false alarm. The holdout is left out: it is scored, never read."""
    fired: Counter[str] = Counter()
    right: Counter[str] = Counter()
    wrong_phrases: Counter[str] = Counter()
    caught_phrases: Counter[str] = Counter()
    category: dict[str, str] = {}
    for item in score.part("dev").items:
        by_rule: dict[str, list[Finding]] = {}
        for f in item.findings:
            by_rule.setdefault(f.rule_id, []).append(f)
            category[f.rule_id] = f.category
        for rule_id, findings in by_rule.items():
            fired[rule_id] += 1
            right[rule_id] += findings[0].category in item.expected
            wrong_phrases[rule_id] += sum(_covered(findings, item.text, p) for p in item.must_not_flag)
            caught_phrases[rule_id] += sum(_covered(findings, item.text, p) for p in item.must_flag)
    if not fired:
        return "no rule fired on the dev items chosen"
    rows = [f"{'rule':<10}{'category':<28}{'items':>6}{'right':>6}{'precision':>10}{'mnf':>5}{'must_flag':>10}"]
    for rule_id in sorted(fired, key=lambda r: (right[r] - fired[r], -wrong_phrases[r], r)):
        rows.append(
            f"{rule_id:<10}{category[rule_id]:<28}{fired[rule_id]:>6}{right[rule_id]:>6}"
            f"{right[rule_id] / fired[rule_id]:>10.2f}{wrong_phrases[rule_id]:>5}{caught_phrases[rule_id]:>10}"
        )
    return "\n".join(rows)


@dataclass
class KindResult:
    """An item's labelled kind and what the checker reads it as: the kind of most of the text (by length, as
    ``detect_kind`` says) and each section's kind and genre."""

    name: str
    part: str
    labelled: str
    detected: str
    sections: list[Section]

    @property
    def in_a_section(self) -> bool:
        """Whether some section reads as the labelled kind (the rules of that kind then run on it)."""
        return any(s.kind == self.labelled for s in self.sections)


def detect_kinds(numbers: frozenset[int] | None = None) -> list[KindResult]:
    """Every item's labelled and detected kind, with the sections read exactly as a check with ``kind: auto``
    reads them (on the folded text)."""
    holdout = holdout_numbers()
    results = []
    for name, item in load_all():
        if numbers is not None and number(name) not in numbers:
            continue
        sections = detect_sections(normalize_folded(item["text"])[1])
        sizes: Counter[str] = Counter()
        for s in sections:
            sizes[s.kind] += s.end - s.start
        detected = max(sizes, key=lambda k: sizes[k]) if sizes else "marketing"
        results.append(KindResult(name, part_of(name, holdout), item["kind"], detected, sections))
    return results


def kind_summary(results: Sequence[KindResult]) -> str:
    """Per part: whole-text kind accuracy, how often a section reads as the labelled kind, and the confusion of
    labelled against detected kind. Only dev items that disagree are listed, with their sections; the holdout
    gets totals only."""
    out = []
    for part in PARTS:
        items = [r for r in results if r.part == part]
        if not items:
            continue
        right = sum(r.detected == r.labelled for r in items)
        some = sum(r.in_a_section for r in items)
        rows = [
            f"== kinds, {part}: {len(items)} items, whole text right {right} ({right / len(items):.2f}), "
            f"labelled kind in some section {some} ({some / len(items):.2f})",
            f"{'labelled / detected':<22}" + "".join(f"{k:>11}" for k in KINDS),
        ]
        confusion = Counter((r.labelled, r.detected) for r in items)
        for labelled in KINDS:
            rows.append(f"{labelled:<22}" + "".join(f"{confusion[labelled, k]:>11}" for k in KINDS))
        out.append("\n".join(rows))
    wrong = [r for r in results if r.part == "dev" and r.detected != r.labelled]
    if wrong:
        lines = ["dev items whose detected kind is not the labelled one:"]
        for r in wrong:
            parts = ", ".join(f"{s.kind}/{s.genre} {s.start}-{s.end}" for s in r.sections)
            lines.append(f"  {r.name}: labelled {r.labelled}, detected {r.detected} [{parts}]")
        out.append("\n".join(lines))
    return "\n\n".join(out) or "no item is numbered so"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", action="store_true", help="list every item")
    parser.add_argument(
        "--write-figures", action="store_true", help=f"write per-obligation figures to {FIGURES.relative_to(ROOT)}"
    )
    parser.add_argument(
        "--numbers",
        type=number_range,
        metavar="N-M[,N-M]",
        help="score only the items numbered N to M, or in several such ranges (a batch)",
    )
    parser.add_argument(
        "--word-list",
        action="store_true",
        help="score the plain word list (word_list.yaml) instead of the packs: the yardstick to beat",
    )
    parser.add_argument(
        "--kinds",
        action="store_true",
        help="compare each item's labelled kind with the kind the checker detects (no rule is run)",
    )
    parser.add_argument(
        "--by-rule",
        action="store_true",
        help="per rule: dev items it fired in, how many are labelled with its category, phrases it covers",
    )
    parser.add_argument(
        "--agreement",
        action="store_true",
        help="the two independent labellings (second_labels.yaml) against each other, and the checker against each",
    )
    args = parser.parse_args(argv)
    if args.kinds:
        kinds = detect_kinds(args.numbers)
        if not kinds:
            print("evaluate.py: no corpus item has a number given by --numbers", file=sys.stderr)
            return 2
        print(kind_summary(kinds))
        return 0
    if args.write_figures and (args.numbers or args.word_list):
        parser.error("--write-figures scores the packs over the whole corpus; leave out --numbers and --word-list")
    checker = WordList() if args.word_list else consumer_rules.load_rules(cache=False)
    score = evaluate(checker, args.numbers)
    if not score.items:
        # A mistyped batch must not read as a batch scored with nothing to report.
        print("evaluate.py: no corpus item has a number given by --numbers", file=sys.stderr)
        return 2
    if args.write_figures:
        FIGURES.write_text(json.dumps(obligation_figures(score), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {FIGURES.relative_to(ROOT)}; now run python -m consumer_rules.rule_docs")
    if args.agreement:
        print(agreement_report(score.items, load_readings()))
        return 0
    print(summary(score))
    if args.by_rule:
        print("\n" + rule_figures(score))
        return 0
    for item in score.part("dev").items:
        missing, extra = item.expected - item.found, item.found - item.expected
        if args.items or missing or extra or item.wrongly_flagged or item.missed_phrases:
            print(f"\n{item.name}: expected {sorted(item.expected)} found {sorted(item.found)}")
            for f in item.findings:
                print(f"    {f.rule_id} {f.category} {f.excerpt!r}")
            if item.wrongly_flagged:
                print(f"    must not flag, but flagged: {item.wrongly_flagged}")
            if item.missed_phrases:
                print(f"    must flag, but missed: {item.missed_phrases}")
    return 0


if __name__ == "__main__":
    from consumer_rules.errors import ConsumerRulesError

    try:
        sys.exit(main())
    except BrokenPipeError:  # piped into head: the reader has what it wanted
        sys.stderr.close()
        sys.exit(0)
    except ConsumerRulesError as exc:  # a broken rule file: its file:line message, not a traceback
        print(f"evaluate.py: {exc}", file=sys.stderr)
        sys.exit(2)
