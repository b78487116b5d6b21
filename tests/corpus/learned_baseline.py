"""A stronger yardstick than the word list: a classifier learned from the dev labels, scored like the packs.

    pip install scikit-learn        # not a dependency of consumer-rules; this script alone needs it
    python tests/corpus/learned_baseline.py

Each text is cut into sentences. A sentence of a compliant dev item, or one holding a ``must_not_flag`` phrase,
is a negative; a sentence holding a ``must_flag`` phrase is a positive for every category of its item. Character
1-3-grams (TF-IDF) feed one logistic regression per category; an item gets a category when one of its sentences
scores above the threshold. Categories that flag an absence (missing_risk_warning, missing_complaint_channel)
and suitability have no sentence to learn from and are left out, so the model can only lose recall there.

It prints, with precision and recall over (item, category) pairs as evaluate.py counts them:

- the model on dev, by five-fold cross-validation grouped by issuer (no issuer in both the fold it learns from
  and the fold it is scored on), so the figure is for copy it never saw;
- on the holdout, trained on all of dev: the packs, the model, the packs and the model together (a category
  found by either), and the packs with each category kept only where the model gives one of the sentences of
  the findings at least a small score (the model as a filter on the packs' false alarms).

The thresholds are fixed here, not tuned on the holdout; the holdout is scored, never listed.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

try:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
except ModuleNotFoundError:  # pragma: no cover - optional
    sys.exit("learned_baseline.py needs scikit-learn: pip install scikit-learn")

import consumer_rules

try:
    from tests.corpus.evaluate import ItemResult, evaluate
    from tests.corpus.split import load_all
except ModuleNotFoundError:  # run as a script from the repository root
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from evaluate import ItemResult, evaluate  # type: ignore[no-redef]
    from split import load_all  # type: ignore[no-redef]

ABSENCES = {"missing_risk_warning", "missing_complaint_channel", "suitability"}
SENTENCE = re.compile(r"[^。！？!?\n；;]+[。！？!?；;]?")
ADD_THRESHOLD = 0.85  # a category the model adds: one sentence scores above this
FILTER_THRESHOLDS = (0.05, 0.1, 0.2, 0.3)  # a category of the packs kept: a finding's sentence scores at least this

Sentence = tuple[int, int, str]


def sentences(text: str) -> list[Sentence]:
    return [(m.start(), m.end(), m.group()) for m in SENTENCE.finditer(text) if m.group().strip()]


def training_sentences(items: Sequence[ItemResult]) -> tuple[list[str], list[set[str]]]:
    texts: list[str] = []
    labels: list[set[str]] = []
    for item in items:
        for _, _, text in sentences(item.text):
            if not item.expected or any(p in text for p in item.must_not_flag):
                texts.append(text)
                labels.append(set())
            elif any(p in text for p in item.must_flag):
                texts.append(text)
                labels.append(set(item.expected))
    return texts, labels


class SentenceModel:
    def __init__(self, items: Sequence[ItemResult], categories: Sequence[str]) -> None:
        texts, labels = training_sentences(items)
        self.vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
        matrix = self.vectorizer.fit_transform(texts)
        self.models: dict[str, Any] = {}
        for category in categories:
            y = np.array([category in found for found in labels])
            if y.sum() >= 5:
                self.models[category] = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000).fit(matrix, y)

    def scores(self, text: str) -> tuple[list[Sentence], dict[str, Any]]:
        cut = sentences(text)
        if not cut:
            return cut, {}
        matrix = self.vectorizer.transform([t for _, _, t in cut])
        return cut, {c: m.predict_proba(matrix)[:, 1] for c, m in self.models.items()}

    def categories(self, text: str, threshold: float) -> set[str]:
        _, scores = self.scores(text)
        return {c for c, s in scores.items() if s.max() > threshold}

    def kept(self, item: ItemResult, threshold: float) -> set[str]:
        cut, scores = self.scores(item.text)
        kept = set()
        for category in item.found:
            if category not in scores:
                kept.add(category)
                continue
            spans = [(f.start, f.end) for f in item.findings if f.category == category]
            best = max(
                (scores[category][k] for k, (a, b, _) in enumerate(cut) if any(s < b and e > a for s, e in spans)),
                default=0.0,
            )
            if best >= threshold:
                kept.add(category)
        return kept


def micro(items: Sequence[ItemResult], found: Sequence[set[str]]) -> str:
    tp = sum(len(i.expected & f) for i, f in zip(items, found, strict=True))
    fp = sum(len(f - i.expected) for i, f in zip(items, found, strict=True))
    fn = sum(len(i.expected - f) for i, f in zip(items, found, strict=True))
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return f"precision {precision:.2f}  recall {recall:.2f}  F1 {f1:.2f}  ({tp} right, {fp} false, {fn} missed)"


def still_flagged(items: Sequence[ItemResult], kept: Sequence[set[str]]) -> int:
    """Must-not-flag phrases the packs flag that a finding of a kept category still covers."""
    count = 0
    for item, categories in zip(items, kept, strict=True):
        for phrase in item.wrongly_flagged:
            start = item.text.find(phrase)
            end = start + len(phrase)
            count += any(f.category in categories and f.start < end and f.end > start for f in item.findings)
    return count


def main() -> int:
    score = evaluate(consumer_rules.load_rules())
    issuers = {name: data["issuer"] for name, data in load_all()}
    dev = [i for i in score.items if i.part == "dev"]
    holdout = [i for i in score.items if i.part == "holdout"]
    categories = sorted({c for i in score.items for c in i.expected} - ABSENCES)

    cross: list[set[str]] = [set() for _ in dev]
    filtered: list[set[str]] = [set() for _ in dev]
    for train, test in GroupKFold(n_splits=5).split(dev, groups=[issuers[i.name] for i in dev]):
        model = SentenceModel([dev[k] for k in train], categories)
        for k in test:
            cross[k] = model.categories(dev[k].text, ADD_THRESHOLD)
            filtered[k] = model.kept(dev[k], FILTER_THRESHOLDS[1])
    flagged = sum(len(i.wrongly_flagged) for i in dev)
    print(f"dev, {len(dev)} items, five folds by issuer")
    print(f"  packs                          {micro(dev, [i.found for i in dev])}; must-not-flag {flagged}")
    print(f"  model (threshold {ADD_THRESHOLD})        {micro(dev, cross)}")
    kept_flagged = still_flagged(dev, filtered)
    print(f"  packs kept by model >= {FILTER_THRESHOLDS[1]:<4}   {micro(dev, filtered)}; must-not-flag {kept_flagged}")

    model = SentenceModel(dev, categories)
    learned = [model.categories(i.text, ADD_THRESHOLD) for i in holdout]
    either = [i.found | found for i, found in zip(holdout, learned, strict=True)]
    flagged = sum(len(i.wrongly_flagged) for i in holdout)
    print(f"holdout, {len(holdout)} items, the model trained on all of dev")
    print(f"  packs                          {micro(holdout, [i.found for i in holdout])}; must-not-flag {flagged}")
    print(f"  model (threshold {ADD_THRESHOLD})        {micro(holdout, learned)}")
    print(f"  packs or model                 {micro(holdout, either)}")
    for threshold in FILTER_THRESHOLDS:
        kept = [model.kept(i, threshold) for i in holdout]
        print(
            f"  packs kept by model >= {threshold:<4}   {micro(holdout, kept)}; "
            f"must-not-flag {still_flagged(holdout, kept)}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
