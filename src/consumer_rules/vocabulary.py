"""The fixed vocabularies: finding categories (a public contract), document kinds and product types.

Kept free of heavy imports: the command line needs them before it knows whether rules must be compiled.
"""

from __future__ import annotations

CATEGORIES: tuple[str, ...] = (
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
)

DOCUMENT_KINDS: tuple[str, ...] = ("marketing", "privacy", "terms")

PRODUCT_TYPES: tuple[str, ...] = (
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
)
