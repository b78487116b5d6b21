"""Kind ``field``, compiled: conditions on a product description alone (it reads no copy)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from ..conditions import failing, holds, lookup, path_loc
from . import Logic


@dataclass(frozen=True)
class FieldLogic(Logic):
    """Conditions on the product description (plain data; see conditions.py)."""

    reads_copy: ClassVar[bool] = False

    when: Any
    each: str | None
    assert_: Any | None

    def product_failures(self, product: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
        """The first failing path of each failure: one for the product, or one per failing item with ``each``."""
        out: list[tuple[tuple[str | int, ...], str]] = []
        if self.each:  # `when` and `assert` are about each item (with {path: ...} falling back to the product)
            items = lookup(product, self.each)
            for i, item in enumerate(items if isinstance(items, list) else []):
                if holds(self.when, product, item):
                    bad = failing(self.assert_, product, item) if self.assert_ is not None else [""]
                    if bad:
                        out.append(((*path_loc(self.each), i), bad[0]))
        elif holds(self.when, product):
            bad = failing(self.assert_, product) if self.assert_ is not None else [""]
            if bad:
                out.append(((), bad[0]))
        return out
