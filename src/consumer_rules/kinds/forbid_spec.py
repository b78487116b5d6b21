"""Kind ``forbid`` as a rule file writes it, and how it compiles into :class:`ForbidLogic` (forbid.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from ..model import Pattern, RuleBase, Unless
from .forbid import ForbidLogic

if TYPE_CHECKING:
    from ..compile import PatternTable

CLAIM_PATTERNS = (
    ("unless", "inside"),
    ("unless", "near"),
    ("unless", "negated", "words"),
    ("unless", "negated", "except"),
)


class ForbidRule(RuleBase):
    """Report every occurrence of a forbidden phrase that no guard cancels."""

    pattern_keys = (("match",), *CLAIM_PATTERNS)

    kind: Literal["forbid"]
    match: list[Pattern] = Field(min_length=1, description="Forbidden phrases and regexes.")
    unless: Unless = Field(default_factory=Unless)

    def compile(self, table: PatternTable) -> ForbidLogic:
        return compile_claims(table, self.match, self.unless)


def compile_claims(table: PatternTable, match: Sequence[Pattern], unless: Unless) -> ForbidLogic:
    """Phrases and the guards that cancel them (shared with the claims of consistency rules)."""
    negation = unless.negated
    return ForbidLogic(
        match=table.add_all(match),
        inside=table.add_all(unless.inside),
        near=table.add_all(unless.near),
        near_sentence=unless.near_scope == "sentence",
        negators=table.add_all(negation.words) if negation else (),
        negation_except=table.add_all(negation.except_) if negation else (),
        negation_window=negation.window if negation else 0,
        quoted_title=unless.quoted_title,
    )
