"""consumer-rules: check marketing copy against Chinese consumer-protection obligations.

>>> import consumer_rules
>>> rules = consumer_rules.load_rules()
>>> report = rules.check("本理财产品保本保收益")
>>> [f.rule_id for f in report.findings]  # doctest: +SKIP
['FIN001', ...]
"""

from __future__ import annotations

__version__ = "0.1.0"

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import ConsumerRulesError, InputError, Problem, RuleLoadError, UsageError
from .findings import Finding, Reference, Report, Severity
from .ruleset import RuleSet, load_rules
from .vocabulary import KindChoice, ProductType

__all__ = [
    "ConsumerRulesError",
    "Finding",
    "InputError",
    "Problem",
    "Reference",
    "Report",
    "RuleLoadError",
    "RuleSet",
    "Severity",
    "UsageError",
    "__version__",
    "check_file",
    "check_product",
    "check_text",
    "load_rules",
]

_default: RuleSet | None = None


def _default_rules() -> RuleSet:
    global _default
    if _default is None:
        _default = load_rules()
    return _default


def check_text(
    text: str,
    *,
    rules: RuleSet | None = None,
    path: str = "<text>",
    kind: KindChoice = "auto",
    product_type: ProductType | None = None,
) -> Report:
    """Check one text with ``rules`` (all built-in packs when omitted, loaded once per process)."""
    return (rules or _default_rules()).check_text(text, path=path, kind=kind, product_type=product_type)


def check_file(
    path: str | Path,
    *,
    rules: RuleSet | None = None,
    kind: KindChoice = "auto",
    product_type: ProductType | None = None,
) -> Report:
    """Check one file (.txt, .md) with ``rules`` (all built-in packs when omitted)."""
    return (rules or _default_rules()).check_file(path, kind=kind, product_type=product_type)


def check_product(
    product: Any,
    copy: Iterable[str | Path] = (),
    *,
    rules: RuleSet | None = None,
    kind: KindChoice = "auto",
) -> Report:
    """Check a product description (a ``consumer_rules.product.Product`` or a YAML/JSON file) and the copy
    that sells it (files or folders), each against the other, with ``rules`` (all built-in packs when omitted)."""
    return (rules or _default_rules()).check_product(product, copy, kind=kind)
