"""All packs over the real-text corpus: precision and recall by category on dev and on the frozen holdout."""

from __future__ import annotations

import json

import pytest

from consumer_rules import RuleSet
from tests.corpus.evaluate import FIGURES, Score, evaluate, load_items, obligation_figures, summary
from tests.corpus.split import FIRST_CORPUS, holdout_numbers, number

# Floors set from the figures measured when the holdout was frozen (see tests/corpus/README.md); the holdout is
# copy no rule was written against, so its floor is the honest one.
DEV_FLOOR = (0.9, 0.8)
HOLDOUT_FLOOR = (0.9, 0.8)
MAX_GAP = 0.10


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


def test_no_must_not_flag_phrase_is_flagged(score: Score) -> None:
    wrong = {i.name: i.wrongly_flagged for i in score.items if i.wrongly_flagged}
    assert wrong == {}


def test_per_obligation_figures_in_the_docs_are_current(score: Score) -> None:
    committed = json.loads(FIGURES.read_text(encoding="utf-8"))
    assert obligation_figures(score) == committed, (
        "docs/rules/corpus-figures.json is stale: run `python tests/corpus/evaluate.py --write-figures` "
        "and `python -m consumer_rules.rule_docs`"
    )
