"""The rule kinds, listed once. The loader validates rule files against them, the compiler calls their
``compile``, and the schema generator writes schemas/rule.schema.json from them."""

from __future__ import annotations

import typing
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from ..model import RuleBase
from .consistency_spec import ConsistencyRule
from .field_spec import FieldRule
from .forbid_spec import ForbidRule
from .proximity_spec import ProximityRule
from .require_spec import RequireRule

SPECS: tuple[type[RuleBase], ...] = (ForbidRule, RequireRule, FieldRule, ConsistencyRule, ProximityRule)


def kind_name(spec: type[RuleBase]) -> str:
    """The ``kind:`` value of a spec model (its ``kind`` field is a one-value Literal)."""
    return str(typing.get_args(spec.model_fields["kind"].annotation)[0])


KINDS: dict[str, type[RuleBase]] = {kind_name(spec): spec for spec in SPECS}

# One rule file: a union of the kinds, told apart by `kind`.
_UNION: Any = Annotated[typing.Union[SPECS], Field(discriminator="kind")]  # noqa: UP007
RULE: TypeAdapter[RuleBase] = TypeAdapter(_UNION)
