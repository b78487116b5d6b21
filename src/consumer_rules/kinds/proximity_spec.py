"""Kind ``proximity`` as a rule file writes it, and how it compiles into :class:`ProximityLogic`
(proximity.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from ..model import Pattern, RuleBase, Unless
from .forbid_spec import CLAIM_PATTERNS, compile_claims
from .proximity import ProximityLogic

if TYPE_CHECKING:
    from ..compile import PatternTable


class ProximityRule(RuleBase):
    """Report a phrase of ``first`` said together with a phrase of ``second`` (before or after it), such as a
    return compared with bank deposits; the finding spans both."""

    pattern_keys = (("first",), ("second",), *CLAIM_PATTERNS)

    kind: Literal["proximity"]
    first: list[Pattern] = Field(min_length=1, description="One part (存款, 定期存款, 银行理财).")
    second: list[Pattern] = Field(min_length=1, description="The other part (高于, 超过, 跑赢).")
    within: Literal["clause", "sentence"] | Annotated[int, Field(ge=0, le=200)] = Field(
        "sentence",
        description="How close the parts must be: in one clause (no ，；between them), in one sentence (no "
        "。！？ between them), or at most N characters apart.",
    )
    unless: Unless = Field(default_factory=Unless, description="Guards; each cancels either part.")
    report: Literal["both", "first"] = Field(
        "both",
        description="What the finding points at: both parts (default), or the first alone, where the second only "
        "shows the first is at fault (a notice's 从未以该价格销售 beside the 原价 it found fictitious).",
    )

    def compile(self, table: PatternTable) -> ProximityLogic:
        first = compile_claims(table, self.first, self.unless)
        return ProximityLogic(first, table.add_all(self.second), self.within, self.report == "first")
