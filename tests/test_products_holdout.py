"""The frozen holdout of real product + copy pairs (tests/products_holdout/) is well formed.

These checks read only the holdout files: they keep the labels usable for scoring product checks (every excerpt
is really in the text it points at, every category is in the public vocabulary) without running any rule.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from consumer_rules import vocabulary

HOLDOUT = Path(__file__).resolve().parent / "products_holdout"
NAME = re.compile(r"^(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE_COMMENT = re.compile(r"^<!-- source: (https?://\S+)(?: \(.+\))? -->$")
CATEGORIES = set(vocabulary.CATEGORIES)  # the public contract, docs/categories.md
# Problems of the product description itself may point at facts.yaml instead of the copy.
FACT_CATEGORIES = {"product_data", "suitability"}
MIN_PAIRS = 20


def pair_dirs() -> list[Path]:
    return sorted(p for p in HOLDOUT.iterdir() if p.is_dir())


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_pairs_are_numbered_without_gaps_and_enough() -> None:
    dirs = pair_dirs()
    numbers = []
    for d in dirs:
        match = NAME.match(d.name)
        assert match, f"{d.name}: folder name must be NN-slug (lower-case ASCII words joined by -)"
        numbers.append(int(match.group(1)))
    assert numbers == list(range(1, len(dirs) + 1)), numbers
    assert len(dirs) >= MIN_PAIRS


@pytest.mark.parametrize("pair", pair_dirs(), ids=lambda p: p.name)
def test_pair_is_complete_and_labels_point_at_real_text(pair: Path) -> None:
    assert sorted(p.name for p in pair.iterdir()) == [
        "copy.md",
        "expected.yaml",
        "facts.yaml",
        "product.yaml",
    ]

    facts_text = (pair / "facts.yaml").read_text(encoding="utf-8")
    facts = load(pair / "facts.yaml")
    assert isinstance(facts, dict), f"{pair.name}/facts.yaml: must be a mapping"
    for key in ("product", "type", "source"):
        assert facts.get(key), f"{pair.name}/facts.yaml: missing {key}"
    assert str(facts["source"]).startswith(("http://", "https://")), f"{pair.name}/facts.yaml: source"

    copy = (pair / "copy.md").read_text(encoding="utf-8")
    first, _, body = copy.partition("\n")
    assert SOURCE_COMMENT.match(first), f"{pair.name}/copy.md:1: first line must be <!-- source: URL -->"
    assert body.strip(), f"{pair.name}/copy.md: no copy text"

    expected = load(pair / "expected.yaml")
    assert isinstance(expected, dict), f"{pair.name}/expected.yaml: must be a mapping"
    assert set(expected) == {"findings", "must_not_flag"}, f"{pair.name}/expected.yaml: keys"
    findings = expected["findings"] or []
    must_not = expected["must_not_flag"] or []
    for i, f in enumerate(findings):
        where = f"{pair.name}/expected.yaml: findings[{i}]"
        assert set(f) == {"category", "excerpt", "why"}, where
        assert f["category"] in CATEGORIES, f"{where}: unknown category {f['category']!r}"
        assert f["why"].strip(), f"{where}: why is empty"
        target = body + facts_text if f["category"] in FACT_CATEGORIES else body
        assert f["excerpt"] in target, f"{where}: excerpt {f['excerpt']!r} is not in the text"
    for phrase in must_not:
        assert phrase in body, f"{pair.name}/expected.yaml: must_not_flag {phrase!r} is not in copy.md"
        for f in findings:
            assert phrase not in f["excerpt"] and f["excerpt"] not in phrase, (
                f"{pair.name}/expected.yaml: {phrase!r} is both a finding and must_not_flag"
            )
    assert findings or must_not, f"{pair.name}: a clean pair needs must_not_flag traps"


def test_holdout_mixes_clean_and_problem_pairs() -> None:
    clean = [d for d in pair_dirs() if not load(d / "expected.yaml")["findings"]]
    share = len(clean) / len(pair_dirs())
    assert 0.3 <= share <= 0.6, f"{len(clean)} clean of {len(pair_dirs())}"
