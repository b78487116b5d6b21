"""The key finder scans by its table while the texts are few and short, then by the automaton: the same
occurrences either way, and the automaton built only once the budget is spent."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from consumer_rules.backends import key_finder
from consumer_rules.backends.key_finder import KeyFinder

KEYS = ["保本", "本保", "保", "保本保息", "收益", "收益率", "益率", "a", "ab", "abc", "最佳", "佳"]


def _by_automaton(keys: list[str], text: str) -> list[tuple[int, int, int]]:
    finder = KeyFinder(keys)
    finder.build()
    return sorted(finder.find(text))


def _by_table(keys: list[str], text: str) -> list[tuple[int, int, int]]:
    finder = KeyFinder(keys)
    finder.budget = len(text)
    found = sorted(finder.find(text))
    assert finder._automaton is None  # the table answered
    return found


@given(st.text(alphabet="保本息收益率最佳abc。 ", max_size=60))
@example("保本保息，收益率最佳")
@settings(max_examples=300, deadline=None)
def test_table_and_automaton_find_the_same(text: str) -> None:
    assert _by_table(KEYS, text) == _by_automaton(KEYS, text)


def test_overlapping_occurrences_are_all_found() -> None:
    found = _by_table(KEYS, "保本保息")
    assert (KEYS.index("保本保息"), 0, 4) in found
    assert (KEYS.index("本保"), 1, 3) in found
    assert (KEYS.index("保"), 0, 1) in found and (KEYS.index("保"), 2, 3) in found


def test_the_budget_is_as_many_characters_as_keys_up_to_a_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    assert KeyFinder(KEYS).budget == len(KEYS)  # a small set of keys: building the automaton costs next to nothing
    monkeypatch.setattr(key_finder, "TABLE_BUDGET", 5)
    assert KeyFinder(KEYS).budget == 5


def test_the_automaton_is_built_once_the_budget_is_spent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(key_finder, "TABLE_BUDGET", 10)
    finder = KeyFinder(KEYS)
    assert finder.find("收益率") and finder._automaton is None
    text = "保本保息，收益率最佳"  # 3 + 10 characters: over the budget
    assert sorted(finder.find(text)) == _by_automaton(KEYS, text)
    assert finder._automaton is not None


def test_a_pickled_finder_keeps_its_table_not_its_automaton() -> None:
    finder = KeyFinder(KEYS)
    finder.build()
    loaded = pickle.loads(pickle.dumps(finder))
    assert loaded._automaton is None
    assert sorted(loaded.find("保本收益率")) == _by_automaton(KEYS, "保本收益率")


def test_no_keys_find_nothing_and_an_empty_key_is_refused() -> None:
    assert KeyFinder([]).find("保本") == ()
    with pytest.raises(ValueError):
        KeyFinder(["保本", ""])
