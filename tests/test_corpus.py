"""All packs over the real-text corpus: precision and recall by category on dev and on the frozen holdout."""

from __future__ import annotations

import argparse
import json

import pytest

from consumer_rules import RuleSet
from tests.corpus.evaluate import FIGURES, Score, evaluate, load_items, number_range, obligation_figures, summary
from tests.corpus.evaluate import main as evaluate_main
from tests.corpus.split import FIRST_CORPUS, holdout_numbers, number

# Regression floors, just under the figures measured on 2026-12-03. The goal is holdout P >= 0.95 and R >= 0.90
# with a gap under 0.05 and no must-not-flag phrase flagged; the packs are far from it, and these floors only keep
# them from falling back. Raise them as the figures rise; the holdout's are the honest ones.
# Dev grew that day by 194 texts from 183 new issuers (items 701-997), collected and labelled blind and scored
# before any rule was tuned on them (P 0.41, R 0.33, 52 must-not-flag phrases flagged: worse than the holdout),
# then by 72 more (619-697, 70 issuers) kept untuned to measure the round: 0.43 / 0.55 before it, 0.53 / 0.58 after.
# At the end of the round: dev P 0.82 R 0.75 (19 must-not-flag hits), holdout P 0.69 R 0.46 (13).
# Then 132 texts from new issuers (209-255, 414-500) joined dev blind: P 0.35 R 0.38 (35 must-not-flag hits) on the
# packs before the next round and the same after it, never tuned on. After that round (advertising, finance,
# privacy and terms families tuned on 619-697 and the rest of dev, and a label pass on dev): dev P 0.81 R 0.74 (41)
# on 663 texts, holdout P 0.75 R 0.47 (10). Then tuned on the sixth batch (0.49 / 0.55 on it, 20): dev P 0.83 R 0.77
# (26), holdout P 0.75 R 0.48 (9). Finance families written from the obligations (deposit words for policies and
# funds, return forecasts and comparisons, commentary read as warning): dev P 0.84 R 0.79 (21), holdout P 0.77
# R 0.50 (8).
# MAX_GAP is a tripwire for tuning that only fits dev.
DEV_FLOOR = (0.83, 0.78)
HOLDOUT_FLOOR = (0.76, 0.49)
MAX_GAP = 0.40
MUST_NOT_FLAG_CEILING = {"dev": 21, "holdout": 8}


@pytest.fixture(scope="module")
def score(builtin: RuleSet) -> Score:
    return evaluate(builtin)


def test_corpus_is_real_labelled_and_balanced() -> None:
    items = load_items()
    assert len(items) >= 60
    compliant = [i for _, i in items if i["compliant"]]
    assert len(compliant) * 3 >= len(items)
    for name, item in items:
        assert item["source"].startswith(("http://", "https://")), name
        assert item["compliant"] == (not item["categories"]), name
        for phrase in (item.get("must_flag") or []) + (item.get("must_not_flag") or []):
            assert phrase in item["text"], (name, phrase)


def test_a_batch_is_scored_on_its_own(builtin: RuleSet) -> None:
    first = evaluate(builtin, number_range("1-85"))
    assert sorted(number(i.name) for i in first.items) == list(range(1, 86))
    assert summary(first).startswith("== dev: 85 items") and "holdout" not in summary(first)
    assert summary(evaluate(builtin, number_range("999"))) == "no item is numbered so"
    two = evaluate(builtin, number_range("1-3, 84-85"))
    assert sorted(number(i.name) for i in two.items) == [1, 2, 3, 84, 85]


def test_a_mistyped_batch_is_an_error_not_an_empty_score(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="ends before it starts"):
        number_range("697-619")
    assert evaluate_main(["--numbers", "999"]) == 2
    assert "no corpus item" in capsys.readouterr().err


def test_holdout_is_drawn_by_issuer_from_unread_items() -> None:
    items = dict(load_items())
    holdout = holdout_numbers()
    names = {number(n): n for n in items}
    assert holdout <= set(names), "split.yaml names items that do not exist"
    assert all(n > FIRST_CORPUS for n in holdout), "the first corpus was read while writing rules: it is dev"
    issuers = {
        part: {items[n].get("issuer") for k, n in names.items() if (k in holdout) == (part == "holdout")}
        for part in ("dev", "holdout")
    }
    assert not (issuers["dev"] & issuers["holdout"]) - {None}, "an issuer sits on both sides"


def test_precision_and_recall_over_categories(score: Score, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print("\n" + summary(score))
    dev = score.part("dev")
    assert dev.precision >= DEV_FLOOR[0], dev.table()
    assert dev.recall >= DEV_FLOOR[1], dev.table()
    holdout = score.part("holdout")
    if holdout.items:
        assert holdout.precision >= HOLDOUT_FLOOR[0], holdout.table()
        assert holdout.recall >= HOLDOUT_FLOOR[1], holdout.table()
        assert abs(dev.precision - holdout.precision) <= MAX_GAP
        assert abs(dev.recall - holdout.recall) <= MAX_GAP


def test_must_not_flag_phrases_stay_under_their_ceiling(score: Score) -> None:
    """Dev items are named with their phrases; holdout items are only counted, never shown."""
    dev = {i.name: i.wrongly_flagged for i in score.part("dev").items if i.wrongly_flagged}
    assert sum(map(len, dev.values())) <= MUST_NOT_FLAG_CEILING["dev"], dev
    holdout = sum(len(i.wrongly_flagged) for i in score.part("holdout").items)
    assert holdout <= MUST_NOT_FLAG_CEILING["holdout"], f"{holdout} must-not-flag phrases flagged in the holdout"


def test_per_obligation_figures_in_the_docs_are_current(score: Score) -> None:
    committed = json.loads(FIGURES.read_text(encoding="utf-8"))
    assert obligation_figures(score) == committed, (
        "docs/rules/corpus-figures.json is stale: run `python tests/corpus/evaluate.py --write-figures` "
        "and `python -m consumer_rules.rule_docs`"
    )
