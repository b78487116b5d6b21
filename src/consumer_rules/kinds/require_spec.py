"""Kind ``require`` as a rule file writes it, and how it compiles into :class:`RequireLogic` (require.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..model import Negation, Pattern, RuleBase, Tolerate
from ..vocabulary import Category
from .require import RequireLogic

if TYPE_CHECKING:
    from ..compile import PatternTable


class FoundTrigger(BaseModel):
    """Which other rules' findings are triggers: those of these categories, from rules of these packs."""

    model_config = ConfigDict(extra="forbid")

    categories: list[Category] = Field(min_length=1, description="Categories whose findings are triggers.")
    packs: list[str] = Field(
        default_factory=list,
        description="Only findings of rules in these packs (a pack's folder name, e.g. cn-finance). Omitted: any "
        "pack. A training ad's 保过 is a guarantee, but not of a return: it owes no investment warning.",
    )


class RequireRule(RuleBase):
    """The document must contain one of the accepted phrasings (optionally only when a trigger appears)."""

    pattern_keys = (
        ("when",),
        ("accept",),
        ("promotes",),
        ("when_negated", "words"),
        ("when_negated", "except"),
        ("when_unless",),
    )

    kind: Literal["require"]
    when: list[Pattern] = Field(
        default_factory=list, description="Triggers. Without any, every document of the kinds must comply."
    )
    when_negated: Negation | None = Field(
        None,
        description="Cancel a trigger of `when` that is negated, as a forbid rule's match is (金融机构不得再承诺保本, "
        "股票没有稳赚的方法): a claim denied asks for no warning. Findings of other rules (`when_found`) have "
        "their own rules' guards already.",
    )
    when_unless: list[Pattern] = Field(
        default_factory=list,
        description="Cancel a trigger of `when` whose sentence holds one of these words, before or after it: the "
        "trigger then speaks of something else (资金提现当日不设限额，快速到账 is a withdrawal, not a loan paid out "
        "fast). Findings of other rules (`when_found`) have their own rules' guards already.",
    )
    when_found: FoundTrigger | None = Field(
        None,
        description="Triggers made by other rules: their findings, in a section this rule runs on, ask for the "
        "accepted phrasing as a trigger does. The wording another rule reports (a promise of safety, a return "
        "claim) then needs no second copy here, and grows with that rule.",
    )
    accept: list[Pattern] = Field(min_length=1, description="Accepted phrasings; one is enough.")
    accept_masks: bool = Field(
        True,
        description="Whether the accepted phrasings are masked for every other rule, as disclaimers are (理财非存款 "
        "contains 存款; 不保证最低收益 contains 最低). Set false when they are evidence the rule looks for rather than "
        "wording that makes a claim harmless: a date or year, a figure or rate, a phone number, an address, a "
        "company's name, the terms of an offer. Such a phrasing satisfies this rule only and hides nothing.",
    )
    tolerate: Tolerate = Field(default_factory=Tolerate)
    within: Literal["document", "paragraph"] | Annotated[int, Field(ge=1, le=100_000)] = Field(
        "document",
        description="Where the accepted phrasing must stand: anywhere in the document, in the trigger's "
        "paragraph, or within N characters of the trigger.",
    )

    promotes: list[Pattern] = Field(
        default_factory=list,
        description="The wording is owed only by copy that says one of these (a call to buy or to enquire, a "
        "price): it offers the product. A question-and-answer page or an article that explains a kind of product "
        "is not held to the seller's warning. Omitted: every document with a trigger.",
    )

    @field_validator("when_negated")
    @classmethod
    def _negation_before_triggers_only(cls, value: Negation | None) -> Negation | None:
        # Only a negator before a trigger is read: `within` would be read by nothing, so it is refused rather
        # than silently ignored.
        if value is not None and value.within:
            raise ValueError("'within' is not supported here; a negator counts before the trigger")
        return value

    @model_validator(mode="after")
    def _negation_guards_triggers(self) -> RequireRule:
        if self.when_negated is not None and not self.when:
            raise ValueError("when_negated needs 'when': it guards the rule's own triggers")
        if self.when_unless and not self.when:
            raise ValueError("when_unless needs 'when': it guards the rule's own triggers")
        return self

    def compile(self, table: PatternTable) -> RequireLogic:
        accept = table.add_all(self.accept, self.tolerate)
        return RequireLogic(
            when=table.add_all(self.when),
            negators=table.add_all(self.when_negated.words) if self.when_negated else (),
            negation_except=table.add_all(self.when_negated.except_) if self.when_negated else (),
            negation_window=self.when_negated.window if self.when_negated else 0,
            trigger_unless=table.add_all(self.when_unless),
            accept=accept,
            when_found=tuple(dict.fromkeys(self.when_found.categories)) if self.when_found else (),
            when_found_packs=tuple(dict.fromkeys(self.when_found.packs)) if self.when_found else (),
            within=self.within,
            promotes=table.add_all(self.promotes),
            accept_masks=self.accept_masks,
        )
