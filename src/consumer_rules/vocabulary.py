"""The fixed vocabularies: finding categories (a public contract), document kinds and product types.

Kept free of heavy imports: the command line needs them before it knows whether rules must be compiled.
"""

from __future__ import annotations

from typing import Literal, get_args

Category = Literal[
    "guarantee_promise",
    "missing_risk_warning",
    "extreme_claim",
    "misleading_return",
    "fee_disclosure",
    "deposit_confusion",
    "pressure_selling",
    "privacy_overcollection",
    "privacy_third_party",
    "privacy_consent",
    "unfair_terms",
    "missing_complaint_channel",
    "false_endorsement",
    "suitability",
    "inconsistency",
    "product_data",
    "other",
]
DocumentKind = Literal["marketing", "privacy", "terms"]
# What a stretch of text does, whatever its kind: sells to a buyer, or reports (a penalty notice, news), explains
# products without selling one (an explainer, a Q&A), warns consumers, discloses a product's risks, or only quotes
# someone's words (see document.section_genre).
Genre = Literal["selling", "report", "explainer", "warning", "disclosure", "quotation"]
ProductType = Literal[
    "deposit",
    "structured_deposit",
    "wealth_management",
    "fund",
    "insurance",
    "loan",
    "credit_card",
    "payment",
    "consumer_goods",
    "service",
]

# The same vocabularies as tuples, for loops and messages; the Literals above are the one definition.
CATEGORIES: tuple[str, ...] = get_args(Category)
DOCUMENT_KINDS: tuple[str, ...] = get_args(DocumentKind)
GENRES: tuple[str, ...] = get_args(Genre)
PRODUCT_TYPES: tuple[str, ...] = get_args(ProductType)
# Categories that report something the copy lacks: a finding of one points at the document (its first trigger), not
# at missing words, so whoever scores findings against a reviewer's marks matches them anywhere in the text.
ABSENCE_CATEGORIES: frozenset[str] = frozenset({"missing_risk_warning", "missing_complaint_channel"})

KindChoice = Literal["auto", "marketing", "privacy", "terms"]
KIND_CHOICES: tuple[str, ...] = get_args(KindChoice)


def _suggest(value: object, options: tuple[str, ...]) -> str:
    import difflib

    text = str(value)
    close = difflib.get_close_matches(text.lower(), list(options), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else f"; use one of {', '.join(options)}"


def check_choice(what: str, value: object, options: tuple[str, ...]) -> str:
    """``value`` if it is one of ``options``; else :class:`~consumer_rules.errors.UsageError` naming it."""
    if isinstance(value, str) and value in options:
        return value
    from .errors import UsageError

    raise UsageError(f"unknown {what} {value!r}{_suggest(value, options)}")


def check_product_type(value: object) -> ProductType | None:
    """A product type from the fixed vocabulary, or None; anything else is an error (never a silent pass)."""
    if value is None:
        return None
    return check_choice("product type", value, PRODUCT_TYPES)  # type: ignore[return-value]


def check_kind(value: object) -> KindChoice:
    return check_choice("document kind", value, KIND_CHOICES)  # type: ignore[return-value]
