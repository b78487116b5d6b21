"""Regexes compiled on first use behave as compiled ones."""

from __future__ import annotations

import re

from consumer_rules.lazy import lazy_regex


def test_a_lazy_regex_compiles_on_first_use_and_answers_as_re() -> None:
    lazy = lazy_regex(r"保(本|收益)", re.IGNORECASE)
    assert lazy.pattern == r"保(本|收益)"
    assert vars(lazy)["_compiled"] is None  # reading the pattern does not compile it
    text = "本产品保本，保收益"
    eager = re.compile(r"保(本|收益)", re.IGNORECASE)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert vars(lazy)["_compiled"] is not None
    assert lazy.findall(text) == eager.findall(text)
    assert lazy.sub("X", text) == eager.sub("X", text)
    assert lazy.search(text, 4).span() == eager.search(text, 4).span()  # type: ignore[union-attr]
    assert lazy.groups == 1
    assert "finditer" in vars(lazy)  # kept: the next call goes straight to the compiled regex
    assert "lazy_regex" in repr(lazy)
