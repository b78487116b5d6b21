"""All packs over the real-text corpus: precision and recall by category, and no flagged must-not-flag phrase."""

from __future__ import annotations

import pytest

from consumer_rules import RuleSet
from tests.corpus.evaluate import Score, evaluate, load_items


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


def test_precision_and_recall_over_categories(score: Score, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print("\n" + score.table())
    assert score.precision >= 0.9, score.table()
    assert score.recall >= 0.8, score.table()


def test_no_must_not_flag_phrase_is_flagged(score: Score) -> None:
    wrong = {i.name: i.wrongly_flagged for i in score.items if i.wrongly_flagged}
    assert wrong == {}
