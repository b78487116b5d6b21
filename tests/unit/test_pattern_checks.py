"""What the validator says of a rule's regex before it is compiled into a rule set."""

from __future__ import annotations

import pytest

from consumer_rules.model import PatternSpec
from consumer_rules.patterns import check_pattern


def _problem(regex: str) -> str | None:
    found = check_pattern(PatternSpec(regex=regex))
    return None if found is None else found[0]


@pytest.mark.parametrize("regex", ["保本(", "[保本", "保本{2,1}", "(?P<x>保)(?P<x>本)"])
def test_a_regex_that_does_not_parse_is_named(regex: str) -> None:
    assert "does not compile" in (_problem(regex) or "")


@pytest.mark.parametrize("regex", ["保?", "(?:保本)?", "^", "(?:保本|)", "[0-9]*"])
def test_a_regex_that_matches_empty_text_is_refused(regex: str) -> None:
    assert "can match empty text" in (_problem(regex) or "")


@pytest.mark.parametrize("regex", ["保本", "保本?", "[0-9]+%", "(?:保本|保息){1,3}", "\\b保本"])
def test_a_regex_with_a_mandatory_character_passes(regex: str) -> None:
    assert _problem(regex) is None
