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
PRODUCT_TYPES: tuple[str, ...] = get_args(ProductType)
