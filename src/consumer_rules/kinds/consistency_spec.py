"""Kind ``consistency`` as a rule file writes it, and how it compiles into :class:`ConsistencyLogic`
(consistency.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..model import CODE_PATTERN, Conditions, Pattern, RuleBase, SpecError, Tolerate, Unless, require_products
from ..vocabulary import Category
from .consistency import ConsistencyLogic, IdentifierLogic, QuantityLogic
from .consistency_facts import FACTS, fact_per_sum, fact_words
from .forbid_spec import CLAIM_PATTERNS, compile_claims

if TYPE_CHECKING:
    from ..compile import PatternTable


class Quantity(BaseModel):
    """A number in the copy, right after one of the ``near`` words, compared with a product field."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fact: Literal[tuple(FACTS)] | None = Field(  # type: ignore[valid-type]
        None,
        description="The fact of the record the number states (annual_rate, term, minimum_amount…): the words copy "
        "puts beside it come from the table of facts (kinds/consistency_facts.py), so every rule comparing the fact "
        "reads the same wordings. 'near' adds words of the rule's own.",
    )
    near: list[Pattern] = Field(
        default_factory=list, description="Words the number goes with (年化利率, 起购…), beside the fact's."
    )
    side: Literal["after", "before", "both"] = Field(
        "after", description="Where the number stands: after the word (年化3.5%), before it (1万元起购), or either."
    )
    kind: Literal["percent", "amount", "duration", "count", "age", "ratio", "items", "times"] = Field(
        description="What the number is; ratio: a percent or a multiple (120%, 3倍 as 300%); count: instalments "
        "(12期); items: how many kinds (120种); times: how many times (赔付3次)."
    )
    window: int = Field(10, ge=0, le=60, description="Characters allowed between the word and the number.")
    before_window: int | None = Field(
        None,
        ge=0,
        le=60,
        description="With side before or both: characters allowed between a number before the word and the word "
        "(180天持有期, 3年期): a number that far before names the word only when it stands next to it; omitted, "
        "the window.",
    )
    fields: list[str] = Field(min_length=1, description="Product paths; the copy agrees when it equals any.")
    tolerance: float = Field(0.0, ge=0, description="Allowed difference (fraction for percents, yuan, days).")
    inside: bool = Field(
        False,
        description="A number inside a range of the product's field agrees with it: the range is a choice "
        "(交费3-20年, a credit line of 1000元-20万元), not a figure whose ends alone may be quoted.",
    )
    above: bool = Field(
        False,
        description="Only a number above every value of the fields is reported: a headline sum over the main "
        "benefit's cap (600万保障 with a 200万 cap), where a smaller sum may be another benefit's.",
    )
    not_above: bool = Field(
        False,
        description="Only a number at or below the fields' largest value is reported: a span the fact covers "
        "(投保后3个月内也能赔 with a 90-day waiting period: the whole span is waiting period), where a longer one "
        "reaches past it.",
    )
    unless: list[Pattern] = Field(
        default_factory=list,
        description="Words in the keyword's clause (up to 12 characters before it, or between it and the number) "
        "that make the number another figure than the field's: past performance (近一年, 成立以来), a "
        "comparison (同类平均). The number is then not compared.",
    )
    confirms: list[Category] = Field(
        default_factory=list,
        description="Categories of other rules' findings (guarantee_promise) that a figure agreeing with the record "
        "makes true: where the copy states the record's own figure with the fact's words (保底利率2.5% of a policy "
        "whose guaranteed rate is 2.5%), a finding of these categories overlapping it is not reported.",
    )
    benefit_field: str | None = Field(
        None,
        description="A field of each insurance benefit (premium_ratio, sum_insured): a figure whose clause names one "
        "of the record's benefits, by its name or its kind (身故, 满期, 重疾), is compared with the field of the one "
        "named last before it alone, and not at all when the record gives that benefit none or does not list a "
        "benefit of the kind named; a figure naming no benefit is compared with 'fields', unless the record is "
        "partial.",
    )
    fee_named: bool = Field(
        False,
        description="A fee rate whose clause names a kind of fee (申购, 赎回, 管理, 分期, 退款 …) is compared with the "
        "record's fees of that kind alone (rate and max_rate), and not at all when a partial record lists none of "
        "that kind; a rate naming no kind, or a kind a record that is not partial does not list, is compared with "
        "'fields'.",
    )
    ordinal: bool = Field(
        False,
        description="A position is read as that many years: 第5年回本, 第5个保单年度 (a policy year counted from the "
        "start). Otherwise 第 makes a number a position, not a quantity.",
    )
    narrower: bool = Field(
        False,
        description="Only a range the copy states (投保年龄：0-60周岁) that lies inside the record's range without "
        "spanning it (0 to 65) is reported: the copy tells buyers who may buy that they may not. Single figures and "
        "ranges reaching outside the record's are left to the rule that compares the values.",
    )
    best_end: dict[str, Literal["high", "low"]] = Field(
        default_factory=dict,
        description="For fields of 'fields', the end of the record's range that is best for the buyer (high: a "
        "return; low: a price or a rate paid): that end stated alone as the product's figure, with no word naming "
        "it as an end (最高, 可达, 起, 低至) or as approximate, is reported though it agrees with one end (年化收益率"
        "4.5% of a benchmark of 3.5%-4.5%; 年利率7.2% of an APR of 7.2%-24%).",
    )
    unless_in_clause: list[Pattern] = Field(
        default_factory=list,
        description="Words anywhere in the keyword's clause, after the number as well as before it, that make the "
        "figures there something the record holds only one of: the choices offered (趸交、3年交、5年交、10年交可选), "
        "when a record holds the one chosen. The numbers of that clause are then not compared.",
    )
    unless_scope: Literal["clause", "sentence"] = Field(
        "clause",
        description="How far 'unless' looks: the keyword's clause, or its whole sentence up to the number "
        "(乘坐飞机意外身故，最高赔付100万元: the scenario is named in the clause before).",
    )


class Identifier(BaseModel):
    """A telephone number or a code in the copy, right after one of the ``near`` words, that must be one the product's
    fields hold (the complaint hotline, the registration code)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    near: list[Pattern] = Field(min_length=1, description="Words the identifier goes with (客服电话, 登记编码…).")
    kind: Literal["phone", "code"] = Field(
        description="phone: digits with spaces, dashes or brackets (400-820-5555), compared by their digits; code: "
        "letters and digits (Z7001621000123), compared without case or dashes."
    )
    window: int = Field(8, ge=0, le=30, description="Characters allowed between the word and the identifier.")
    fields: list[str] = Field(
        min_length=1,
        description="Product paths whose text holds the identifiers the copy may give; a field holding none (在线客服) "
        "is not compared.",
    )
    unless: list[Pattern] = Field(
        default_factory=list,
        description="Words in the keyword's clause that make the identifier another party's (a regulator's hotline, "
        "12378): it is then not compared.",
    )


class ConsistencyRule(RuleBase):
    """The copy contradicts the product: a claim the product does not support, a number that differs from
    it, or wording the product's type requires that the copy lacks. Runs only when a product is given."""

    pattern_keys = (
        ("match",),
        ("accept",),
        ("promotes",),
        *CLAIM_PATTERNS,
        ("quantity", "near"),
        ("quantity", "unless"),
        ("quantity", "unless_in_clause"),
        ("identifier", "near"),
        ("identifier", "unless"),
    )
    condition_keys = ("when",)

    kind: Literal["consistency"]
    when: Conditions = Field(default_factory=dict, description="Products under which the copy is wrong.")
    match: list[Pattern] = Field(default_factory=list, description="Claims that contradict such a product.")
    unless: Unless = Field(default_factory=Unless)
    quantity: Quantity | None = None
    identifier: Identifier | None = None
    accept: list[Pattern] = Field(default_factory=list, description="Wording such a product's copy must carry.")
    tolerate: Tolerate = Field(default_factory=Tolerate)
    promotes: list[Pattern] = Field(
        default_factory=list,
        description="With accept: the wording is required only of copy that says one of these (a return figure, "
        "a call to buy, praise): it promotes the product. A clause, a fee table or a statement of how the "
        "product works is not held to an advertisement's warning; the finding points at the first of them. "
        "Omitted: every piece of copy.",
    )

    fee_waived: bool = Field(
        False,
        description="With match: each claim waives a fee (免服务费, 年费全免, 零手续费). One naming a fee the record "
        "lists is reported when a fee of that name is charged (a rate or amount above zero); one naming a fee the "
        "record does not list waives only that fee and is not; one naming none (完全免费, 不收任何费用) is, as 'when' "
        "holds.",
    )
    accept_fields: list[str] = Field(
        default_factory=list,
        description="With accept: product fields whose text the copy may carry instead of an accepted phrasing, as "
        "the record writes it or by its short name (issuer 信泰人寿保险股份有限公司: 信泰人寿, 信泰保险): the copy "
        "names the insurer the record holds.",
    )
    replaces: list[Annotated[str, Field(pattern=CODE_PATTERN)]] = Field(
        default_factory=list,
        description="Codes of generic rules that guess the product from the copy's words (a required warning for "
        "funds, for wealth products): when a product is given and this rule's 'when' holds for it, they do not "
        "run, since this rule, knowing the product, decides what the copy owes.",
    )

    @model_validator(mode="after")
    def _one_mode(self) -> ConsistencyRule:
        q = self.quantity
        if q is not None and not q.near and q.fact is None:
            raise SpecError("a quantity needs 'fact' or 'near'", "quantity")
        if q is not None and q.fact is not None and FACTS[q.fact].kind != q.kind:
            raise SpecError(f"fact {q.fact!r} is stated as a {FACTS[q.fact].kind}, not a {q.kind}", "quantity", "fact")
        modes = [bool(self.match), self.quantity is not None, self.identifier is not None, bool(self.accept)]
        if sum(modes) != 1:
            raise SpecError("give exactly one of 'match', 'quantity', 'identifier' or 'accept'")
        if self.promotes and not self.accept:
            raise SpecError("'promotes' goes with 'accept'", "promotes")
        if q is not None and q.above and q.not_above:
            raise SpecError("give at most one of 'above' and 'not_above'", "quantity", "not_above")
        if q is not None and q.narrower and (q.above or q.not_above):
            raise SpecError(
                "'narrower' compares a range's ends: it goes with neither 'above' nor 'not_above'",
                "quantity",
                "narrower",
            )
        if q is not None:
            stray = sorted(set(q.best_end) - set(q.fields))
            if stray:
                raise SpecError(
                    f"'best_end' names {', '.join(map(repr, stray))}, which this quantity does not compare"
                    f" (its 'fields': {', '.join(q.fields) or 'none'})",
                    "quantity",
                    "best_end",
                    stray[0],
                )
        if self.fee_waived and not self.match:
            raise SpecError("'fee_waived' goes with 'match'", "fee_waived")
        if self.accept_fields and not self.accept:
            raise SpecError("'accept_fields' goes with 'accept'", "accept_fields")
        require_products(self.cases)
        return self

    def compile(self, table: PatternTable) -> ConsistencyLogic:
        q = self.quantity
        return ConsistencyLogic(
            when=self.when,
            claims=compile_claims(table, self.match, self.unless) if self.match else None,
            quantity=QuantityLogic(
                table.add_all([*_fact_patterns(q.fact), *q.near]),
                q.kind,
                q.window,
                tuple(q.fields),
                q.tolerance,
                q.side,
                q.inside,
                table.add_all(q.unless),
                q.above,
                q.unless_scope == "sentence",
                q.window if q.before_window is None else q.before_window,  # omitted: the window, read once here
                q.not_above,
                tuple(q.confirms),
                q.benefit_field,
                q.fee_named,
                q.ordinal,
                q.narrower,
                tuple(q.best_end.items()),
                table.add_all(q.unless_in_clause),
                fact_per_sum(q.fact),
            )
            if q
            else None,
            accept=table.add_all(self.accept, self.tolerate),
            promotes=table.add_all(self.promotes),
            accept_fields=tuple(self.accept_fields),
            identifier=IdentifierLogic(
                table.add_all(self.identifier.near),
                self.identifier.kind,
                self.identifier.window,
                tuple(self.identifier.fields),
                table.add_all(self.identifier.unless),
            )
            if self.identifier
            else None,
            fee_waived=self.fee_waived,
        )


def _fact_patterns(fact: str | None) -> list[Pattern]:
    """The fact's words as patterns a rule file would write."""
    if fact is None:
        return []
    from pydantic import TypeAdapter

    return TypeAdapter(list[Pattern]).validate_python(list(fact_words(fact)))
