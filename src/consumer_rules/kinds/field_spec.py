"""Kind ``field`` as a rule file writes it, and how it compiles into :class:`FieldLogic` (field.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import ConfigDict, Field, model_validator

from ..model import Conditions, RuleBase, require_products
from .field import FieldLogic

if TYPE_CHECKING:
    from ..compile import PatternTable


class FieldRule(RuleBase):
    """A check on the product description alone (it needs no copy)."""

    condition_keys = ("when", "assert")

    kind: Literal["field"]
    when: Conditions = Field(default_factory=dict, description="Products the rule applies to.")
    each: str | None = Field(None, description="Check every item of this list field (e.g. personal_information).")
    assert_: Conditions | None = Field(
        None, alias="assert", description="What must hold; omitted: report whenever `when` holds."
    )
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _cases_have_products(self) -> FieldRule:
        require_products(self.cases)
        return self

    def compile(self, table: PatternTable) -> FieldLogic:
        return FieldLogic(when=self.when, each=self.each, assert_=self.assert_)
