"""Kind ``forbid`` as a rule file writes it, and how it compiles into :class:`ForbidLogic` (forbid.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from ..conditions import check_conditions
from ..model import Conditions, Pattern, RuleBase, Unless
from .forbid import ForbidLogic

if TYPE_CHECKING:
    from ..compile import PatternTable

CLAIM_PATTERNS = (
    ("unless", "inside"),
    ("unless", "near"),
    ("unless", "negated", "words"),
    ("unless", "negated", "except"),
)


class TrueOfProduct(BaseModel):
    """Wording that is no claim but a fact when the product's record says so (复利递增 of a sum the record
    guarantees to grow): checked only when a product is given."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    when: Conditions = Field(description="What the record must say for the wording to be a fact.")
    inside: list[Pattern] = Field(
        min_length=1, description="The wording: a match lying wholly inside one of these is cancelled."
    )

    @field_validator("when")
    @classmethod
    def _known_tests(cls, value: Any) -> Any:
        # a misspelt test ({presnt: true}) would otherwise never hold, and the wording would be reported as ever
        wrong = check_conditions(value)
        if wrong:
            raise ValueError(wrong)
        return value


def _one_or_more(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


class ForbidRule(RuleBase):
    """Report every occurrence of a forbidden phrase that no guard cancels."""

    pattern_keys = (("match",), *CLAIM_PATTERNS, ("true_of_product", "*", "inside"))

    kind: Literal["forbid"]
    match: list[Pattern] = Field(min_length=1, description="Forbidden phrases and regexes.")
    unless: Unless = Field(default_factory=Unless)
    true_of_product: Annotated[
        list[TrueOfProduct],
        BeforeValidator(_one_or_more, json_schema_input_type=TrueOfProduct | list[TrueOfProduct]),
    ] = Field(
        default_factory=list,
        description="With a product given whose record holds an entry's 'when', matches inside that entry's "
        "'inside' state the record's facts and are not reported. Without a product the rule reports them as ever. "
        "One entry, or a list of them when different records make different wordings true.",
    )

    def compile(self, table: PatternTable) -> ForbidLogic:
        logic = compile_claims(table, self.match, self.unless)
        if not self.true_of_product:
            return logic
        truths = tuple((truth.when, table.add_all(truth.inside)) for truth in self.true_of_product)
        return dataclasses.replace(logic, product_truths=truths)


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
        negation_within=bool(negation and negation.within),
        quoted_title=unless.quoted_title,
        use_masks=unless.masks,
    )
