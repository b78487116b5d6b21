"""The rule format: pydantic models that are the source of truth for schemas/rule.schema.json.

One YAML file holds one rule (rules/<pack>/<CODE>.yaml); rules/<pack>/pack.yaml describes the pack.
Here are the keys every rule has and the pieces kinds share; each kind adds its own keys in
kinds/<kind>_spec.py, and kinds/registry.py puts the kinds together.
The docs in docs/writing-rules.md and docs/rule-kinds.md explain every field with examples.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .findings import Severity
from .vocabulary import PRODUCT_TYPES, Category, DocumentKind, Genre, ProductType

if TYPE_CHECKING:
    from .compile import PatternTable
    from .kinds import Logic

CODE_PATTERN = r"^[A-Z]{2,4}[0-9]{3}$"
NAME_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"
VOCABULARY_NAME = r"^[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PatternSpec(_Strict):
    """One thing to look for: a literal ``phrase``, a linear-time ``regex`` (RE2 syntax), or every word of a
    pack's named ``vocabulary`` (in a rule's pattern lists only; the loader puts the words in its place)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"oneOf": [{"required": ["phrase"]}, {"required": ["regex"]}, {"required": ["vocabulary"]}]},
    )

    phrase: str | None = Field(None, min_length=1, description="Literal text, matched on the normalised view.")
    regex: str | None = Field(None, min_length=1, description="RE2/Hyperscan-compatible regular expression.")
    vocabulary: str | None = Field(
        None,
        pattern=VOCABULARY_NAME,
        description="Every word of a pack's vocabulary of this name (`vocabularies` in a pack.yaml): one list of "
        "how copy says something (that it offers a product, a return figure), shared by every rule that looks "
        "for it instead of a copy in each rule.",
    )
    note: str | None = Field(None, description="Why this pattern is here (not shown to users).")

    @model_validator(mode="after")
    def _exactly_one(self) -> PatternSpec:
        if sum(x is not None for x in (self.phrase, self.regex, self.vocabulary)) != 1:
            raise ValueError("give exactly one of 'phrase', 'regex' or 'vocabulary'")
        return self


Pattern = Annotated[
    Annotated[str, Field(min_length=1)] | PatternSpec,
    Field(description="A phrase as a plain string, or an object with 'phrase' or 'regex'."),
]


def _all_kinds() -> list[DocumentKind]:
    return ["marketing", "privacy", "terms"]


def _all_genres() -> list[Genre]:
    return ["selling", "report", "explainer", "warning", "disclosure", "quotation"]


# 不代表 / 不意味着 … end where the denied words begin, so the window counts from there.
_NEGATORS: tuple[str, ...] = ("不", "非", "未", "无法", "并不", "不承诺", "不保证", "不能", "不会")
_NEGATORS += ("不代表", "不表明", "不意味着", "不等于", "不等同于", "并非", "并不代表", "不构成")


def _patterns(*words: str) -> list[str | PatternSpec]:
    return list(words)


# 不到9岁, 不足三个月, 不满一年: a quantity, not a denial of what follows (学员，在不到9岁的年纪，就获得冠军).
_LESS_THAN_A_NUMBER = PatternSpec(regex="不(?:到|足|满)[0-9一二三四五六七八九十两半几百千万]")


class Negation(_Strict):
    """A negator ending within ``window`` characters before a match, in the same clause, cancels it."""

    words: list[Pattern] = Field(
        default_factory=lambda: _patterns(*_NEGATORS),
        description="Negators. Set per rule: 稳赚不赔 and 无风险 are promises made of negations.",
    )
    window: int = Field(4, ge=0, le=30, description="Characters allowed between the negator and the match.")
    except_: list[Pattern] = Field(
        default_factory=lambda: [*_patterns("不仅", "不但", "不只", "不止", "无不", "不断"), _LESS_THAN_A_NUMBER],
        alias="except",
        description="Words that contain a negator but do not negate (不仅保本 is still a promise; 不到9岁 and "
        "不足3个月 are quantities).",
    )
    within: bool = Field(
        False,
        description="Also cancel a match with a negator inside it, after its first character: a pattern with a gap "
        "(协会[^,。]{0,4}推荐) lets in 协会并未推荐. Only for rules none of whose matches is itself a negation.",
    )
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Unless(_Strict):
    """Guards that cancel a forbid match."""

    negated: Negation | None = Field(None, description="Cancel the match when it is negated.")
    inside: list[Pattern] = Field(
        default_factory=list,
        description="Longer words that contain the match legitimately (最近, 最终, 第一期): a match lying "
        "wholly inside one of them is cancelled.",
    )
    near_scope: Literal["clause", "sentence"] = Field(
        "clause",
        description="How far 'near' looks: the match's clause (up to ，；), or its whole sentence (up to 。！？).",
    )
    quoted_title: bool = Field(True, description="Cancel matches inside a quoted title 《…》 (law names).")
    near: list[Pattern] = Field(
        default_factory=list,
        description="Cancel the match when one of these occurs in the same clause (for example a stated "
        "condition). Use sparingly.",
    )
    masks: bool = Field(
        True,
        description="Cancel the match when it overlaps a mask (a disclaimer, an accepted phrasing of a require "
        "rule). Off for a product claim whose own words are such a phrasing: 0等待期 and 犹豫期内全额退还 contain "
        "等待期 and 犹豫期, which the warning rules accept as the prompt they ask for.",
    )


class Tolerate(_Strict):
    """How loosely an accepted phrasing of a require rule may be written."""

    punctuation: bool = Field(True, description="、，,；; and spaces between the parts are interchangeable.")
    variants: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Characters that may be written another way, e.g. {须: [需]}.",
    )


class AppliesTo(_Strict):
    kinds: list[DocumentKind] = Field(default_factory=_all_kinds, description="Document kinds the rule runs on.")
    genres: list[Genre] = Field(
        default_factory=_all_genres,
        min_length=1,
        description="What the text must be doing for the rule to run (default all): selling (copy addressed to a "
        "buyer), report (a penalty notice or news story), warning (a consumer warning, investor education), "
        "disclosure (a risk disclosure, a product statement) or quotation (only quoted words). A rule that "
        "reports something missing from copy that sells ([selling]) is then not run on a notice quoting that copy.",
    )
    reads_account: bool = Field(
        False,
        description="In a report (a penalty notice, a news story of one case) a finding counts only inside the "
        "quotation marks that give the seller's words; with this, the reporter's own account counts too: for a "
        "rule about what the account says the seller did (原价41元/袋 … 并未有过41元/袋的销售价格记录).",
    )
    products: list[ProductType] | None = Field(
        None,
        description="Product types the rule runs on when the product type is known; omitted means all. When it "
        "is not known, a rule whose product types all have a shared vocabulary (insurance, loan, fund …) and that "
        "gives no `about` or `mentions` does not run on copy that names only other products.",
    )
    mentions: list[Pattern] = Field(
        default_factory=list,
        description="When the product type is not known: run only on documents that mention one of these "
        "(理财 for a wealth-management rule), so a fund's copy is not held to a wealth-management rule.",
    )
    unless_mentions: list[Pattern] = Field(
        default_factory=list,
        description="When the product type is not known: skip documents that mention one of these (结构性存款 "
        "for a rule that does not apply to structured deposits).",
    )
    about: list[Annotated[str, Field(pattern=VOCABULARY_NAME)]] = Field(
        default_factory=list,
        description="Shared vocabularies (a pack's `vocabularies`, e.g. insurance): like `mentions`, with the words "
        "of every named vocabulary, so rules scoped to one product share one list of how copy names it.",
    )
    not_about: list[Annotated[str, Field(pattern=VOCABULARY_NAME)]] = Field(
        default_factory=list,
        description="Shared vocabularies whose words, like `unless_mentions`, make the rule skip the document.",
    )


class Reference(_Strict):
    law: str = Field(min_length=1, description="Full title of the law or rule, e.g. 中华人民共和国广告法.")
    article: str = Field(min_length=1, description="Article (and paragraph/item), e.g. 第二十五条第一款第（一）项.")
    quote: str | None = Field(None, description="The article's words, quoted exactly from the official text.")
    verified: bool = Field(
        True, description="False when the quotation was seen only in a secondary source and awaits checking."
    )
    url: str | None = None
    products: list[ProductType] | None = Field(
        None,
        min_length=1,
        description="The product types this reference bears on (理财公司理财产品销售管理暂行办法: wealth_management). "
        "A finding on copy about another product type does not cite it; with the type unknown, copy that names only "
        "other products (by the packs' product vocabularies) does not cite it. Omitted: every product the rule "
        "applies to.",
    )


class RuleDocs(_Strict):
    summary: str = Field(min_length=1, description="One sentence: what the rule catches.")
    why: str = Field(min_length=1, description="Why it matters: the obligation and the harm.")
    non_compliant: list[str] = Field(min_length=1)
    compliant: list[str] = Field(min_length=1)


class FlagCase(_Strict):
    text: str = Field("", description="The copy (may be empty for a rule on the product description alone).")
    expect: list[str] = Field(
        min_length=1,
        description="Excerpts (original text) the rule must report, in order; '' for a whole-document finding; "
        "for a field rule, the product paths it reports (e.g. risk_level, personal_information[1]).",
    )
    kind: DocumentKind | None = None
    product_type: ProductType | None = None
    product: dict[str, Any] | None = Field(None, description="A product description the case is checked against.")
    note: str | None = None


class PassCase(_Strict):
    text: str = ""
    kind: DocumentKind | None = None
    product_type: ProductType | None = None
    product: dict[str, Any] | None = None
    note: str | None = None


class Cases(_Strict):
    flag: list[FlagCase] = Field(min_length=1, description="Texts the rule must flag.")
    pass_: list[PassCase] = Field(min_length=1, alias="pass", description="Texts the rule must not flag.")
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class RuleBase(_Strict):
    """The keys every rule has; a kind (kinds/<kind>_spec.py) adds ``kind`` and its own keys."""

    # Where the kind's patterns and product conditions stand in the rule file: they are checked on the raw
    # data, so a bad regex is reported even when other keys are wrong too.
    pattern_keys: ClassVar[tuple[tuple[str, ...], ...]] = ()
    condition_keys: ClassVar[tuple[str, ...]] = ()
    if TYPE_CHECKING:
        kind: str  # each kind declares it as a one-value Literal, where it stands in the schema

    code: str = Field(pattern=CODE_PATTERN, description="Stable code, equal to the file name, e.g. FIN001.")
    name: str = Field(pattern=NAME_PATTERN, description="Dotted readable name, e.g. guarantee.principal.")
    category: Category = Field(description="One category from the public contract (docs/categories.md).")
    severity: Severity
    applies_to: AppliesTo = Field(default_factory=AppliesTo)
    message: str = Field(min_length=1, description="Chinese message shown with each finding.")
    message_en: str = Field(min_length=1, description="English line shown under the Chinese message.")
    fix: str = Field(min_length=1, description="What to write instead.")
    references: list[Reference] = Field(min_length=1)
    plan: list[str] = Field(min_length=1, description="The plan clause(s) this rule enforces, quoted.")
    obligations: list[Annotated[str, Field(pattern=r"^[A-Z]+(-[A-Z0-9]+)+$")]] = Field(
        default_factory=list,
        description="Ids of the obligations catalogue rows this rule enforces (e.g. FIN-GUARANTEE), for the "
        "coverage table in docs/rules/.",
    )
    docs: RuleDocs
    cases: Cases
    aliases: list[str] = Field(default_factory=list, description="Former codes or names of this rule.")
    supersedes: list[Annotated[str, Field(pattern=CODE_PATTERN)]] = Field(
        default_factory=list,
        description="Codes of more generic rules this one replaces: their findings on the same text (for missing "
        "wording, in the same document) are folded into this rule's finding as related locations.",
    )

    @model_validator(mode="after")
    def _references_cover_products(self) -> RuleBase:
        # A finding cites the references that bear on the product its copy is about (Reference.products): every
        # product the rule runs on needs one, and a reference for products it never runs on is never cited.
        runs_on: list[str] = list(self.applies_to.products or PRODUCT_TYPES)
        for index, reference in enumerate(self.references):
            beyond = [p for p in reference.products or () if p not in runs_on]
            if beyond:
                raise SpecError(
                    f"reference {reference.law} names products the rule does not apply to: {', '.join(beyond)}",
                    "references",
                    index,
                    "products",
                )
        bare = [p for p in runs_on if not any(r.products is None or p in r.products for r in self.references)]
        if bare:
            raise SpecError(
                f"no reference bears on copy about {', '.join(bare)}: add one for them, or one without 'products'",
                "references",
            )
        return self

    def compile(self, table: PatternTable) -> Logic:
        """The kind's compiled form, its patterns added to the shared ``table``."""
        raise NotImplementedError


Condition = dict[str, Any]
Conditions = Annotated[
    Condition | list[Condition],
    Field(
        description="Conditions on the product: {path: test}. All entries of a mapping must hold; a list of "
        "mappings holds when any does. A test is a value (equal), a list (one of), or an object with one of "
        "present, not, gt, ge, lt, le (numbers, or R1-R5 / C1-C5 levels; {path: 'a.b:min'} compares with "
        "another field), any, none (list fields), some (a list of records one of which meets nested conditions), "
        "matches, not_matches (regex)."
    ),
]


class SpecError(ValueError):
    """A check across a rule's keys that fails: ``where`` is the key path it concerns, so that the problem points at
    that line of the rule file rather than at the rule's first line."""

    def __init__(self, message: str, *where: str | int) -> None:
        super().__init__(message)
        self.where = where


def require_products(cases: Cases) -> None:
    """For kinds that check a product: every case needs one."""
    missing = [f"flag[{i}]" for i, c in enumerate(cases.flag) if c.product is None]
    missing += [f"pass[{i}]" for i, c in enumerate(cases.pass_) if c.product is None]
    if missing:
        raise SpecError(f"cases of this kind need a 'product' to check against: {', '.join(missing)}", "cases")


class Uncovered(_Strict):
    """An obligation in this pack's domain that no rule enforces, and why."""

    obligation: str = Field(pattern=r"^[A-Z]+(-[A-Z0-9]+)+$", description="Catalogue id, e.g. AD-IDENTIFIABLE.")
    reason: str = Field(min_length=1)
    partly: bool = Field(False, description="True when rules cover part of it and the rest is out of reach.")


class PackManifest(_Strict):
    """rules/<pack>/pack.yaml"""

    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    code_prefixes: list[Annotated[str, Field(pattern=r"^[A-Z]{2,4}$")]] = Field(min_length=1)
    jurisdiction: str = "CN"
    masks: list[Pattern] = Field(
        default_factory=list,
        description="Mandatory disclaimers and standard wordings masked before forbid rules run "
        "(理财非存款, 不保证最低收益). Accepted phrasings of require rules are masked too.",
    )
    framing: list[Pattern] = Field(
        default_factory=list,
        description="Critical and quoting contexts (所谓…, 警惕…, 不要轻信…, a quoted phrase named as a 噱头 or "
        "诈骗, 如果有人承诺…): the words they cover are talked about, not claimed, so no forbid rule reports them "
        "and no require rule is triggered by them (they are masked like disclaimers).",
    )
    vocabularies: dict[
        Annotated[str, Field(pattern=VOCABULARY_NAME)], Annotated[list[Pattern], Field(min_length=1)]
    ] = Field(
        default_factory=dict,
        description="Named word lists shared by rules (applies_to.about / not_about): how copy says it is about "
        "insurance, a loan, a fund. Packs loaded together share them; a name defined in several packs "
        "holds all their words.",
    )
    uncovered: list[Uncovered] = Field(
        default_factory=list,
        description="Obligations of the pack's domain that its rules do not (fully) enforce, with the reason; "
        "shown in the coverage table.",
    )


def pattern_parts(pattern: str | PatternSpec) -> tuple[str, bool]:
    """Return ``(source, is_regex)`` for a pattern entry."""
    if isinstance(pattern, str):
        return pattern, False
    if pattern.regex is not None:
        return pattern.regex, True
    if pattern.phrase is None:  # the loader replaces a vocabulary entry by its words before anything reads it
        raise ValueError(f"vocabulary '{pattern.vocabulary}' was not expanded")
    return pattern.phrase, False


def code_prefix(code: str) -> str:
    match = re.match(r"[A-Z]+", code)
    return match.group() if match else code
