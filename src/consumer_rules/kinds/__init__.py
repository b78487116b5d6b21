"""Rule kinds: what a rule of each ``kind:`` means, one kind per pair of modules.

A kind has two halves, split by when they run:

- ``<kind>_spec.py``: the rule file as its author writes it, a pydantic model (the source of the JSON schema),
  and how it compiles into the compiled form. Runs when rules are loaded and compiled.
- ``<kind>.py``: the compiled form, plain picklable data, and its evaluation on one document. Runs on every
  text; a cached rule set loads it without importing pydantic.

``registry.py`` lists the kinds once; the loader, the compiler and the schema generator read that table, and
the engine calls the compiled form through :class:`Logic`, never asking which kind it is. Adding a kind is
one pair of modules, a line in the registry, its tests and its docs page (docs/architecture.md).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..engine import RawFinding, _Document


class Logic:
    """A compiled rule's behaviour, as the engine and the rule set use it.

    Subclasses are frozen dataclasses holding pattern ids (into the shared pattern table) and plain data.
    """

    reads_copy: ClassVar[bool] = True  # False: the rule checks a product description alone
    needs_product: ClassVar[bool] = False  # True: it runs on copy only when a product is given

    @property
    def after_findings(self) -> bool:
        """True: it reads the other rules' findings (``doc.found``), so the engine runs it after all of them."""
        return False

    def triggers(self) -> tuple[int, ...]:
        """Pattern ids one of which must occur for the rule to fire; empty: it runs on every document."""
        return ()

    def masks(self) -> tuple[int, ...]:
        """Pattern ids masked before claims are matched, in documents the rule applies to."""
        return ()

    def evaluate(self, doc: _Document, rule: CompiledRule, product: dict[str, Any] | None) -> list[RawFinding]:
        """Findings in one document (its normalised text and hits); ``product`` is its plain data, if given."""
        return []

    def product_failures(self, product: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
        """For a rule on the product description alone: ``(item location, failing path)`` per failure."""
        return []

    def patterns(self) -> frozenset[int]:
        """Every pattern id the rule can read, and possibly more: every integer found in its fields, however
        deeply nested (a window or a count among them). The matcher leaves out the regexes that no rule
        applying to a document reads; counting too much only means less is left out."""
        found: set[int] = set()
        _integers(self, found)
        return frozenset(found)


def _integers(value: Any, found: set[int]) -> None:
    if isinstance(value, int):
        found.add(value)
    elif isinstance(value, str | bytes | float) or value is None:
        return
    elif isinstance(value, dict):
        for item in value.values():
            _integers(item, found)
    elif isinstance(value, tuple | list | set | frozenset):
        for item in value:
            _integers(item, found)
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            _integers(getattr(value, f.name), found)
    elif hasattr(value, "__dict__"):
        for item in vars(value).values():
            _integers(item, found)
