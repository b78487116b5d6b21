"""JSON Schemas generated from the pydantic models, so editors and CI validate rule files the same way.

``python -m consumer_rules.schema`` rewrites schemas/rule.schema.json and schemas/pack.schema.json;
a test fails when the committed files differ from what the models generate.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .kinds.registry import RULE
from .model import PackManifest

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://consumer-rules.github.io/schemas/"


def rule_schema() -> dict[str, Any]:
    schema = RULE.json_schema(mode="validation")
    # pydantic describes the kinds as oneOf + an OpenAPI discriminator, which JSON Schema validators and
    # editors ignore: they then report only "not valid under any of the given schemas". Branch on
    # `kind` with if/then instead, so a typo is reported against the right kind's keys.
    kinds: dict[str, str] = dict(schema["discriminator"]["mapping"])
    return {
        "$schema": DIALECT,
        "$id": BASE_ID + "rule.schema.json",
        "title": "consumer-rules rule",
        "description": "One rule file: rules/<pack>/<CODE>.yaml",
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": sorted(kinds)}},
        "allOf": [
            {"if": {"properties": {"kind": {"const": name}}, "required": ["kind"]}, "then": {"$ref": ref}}
            for name, ref in sorted(kinds.items())
        ],
        "$defs": schema["$defs"],
    }


def pack_schema() -> dict[str, Any]:
    schema = PackManifest.model_json_schema(mode="validation")
    return {
        "$schema": DIALECT,
        "$id": BASE_ID + "pack.schema.json",
        "title": "consumer-rules pack manifest",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def config_schema() -> dict[str, Any]:
    from .config import Config

    schema = Config.model_json_schema(mode="validation")
    return {"$schema": DIALECT, "$id": BASE_ID + "config.schema.json", "title": "consumer-rules configuration",
            "description": ".consumer-rules.yaml, or [tool.consumer-rules] in pyproject.toml",
            **{k: v for k, v in schema.items() if k != "title"}}  # fmt: skip


def product_schema() -> dict[str, Any]:
    from .product import Product

    schema = Product.model_json_schema(mode="validation")
    return {"$schema": DIALECT, "$id": BASE_ID + "product.schema.json", "title": "consumer-rules product description",
            "description": "A product description (YAML or JSON) that copy is checked against",
            **{k: v for k, v in schema.items() if k != "title"}}  # fmt: skip


GENERATED = {
    "rule.schema.json": rule_schema,
    "pack.schema.json": pack_schema,
    "config.schema.json": config_schema,
    "product.schema.json": product_schema,
}


def dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m consumer_rules.schema", description="Write the JSON Schemas generated from the models."
    )
    parser.add_argument("folder", nargs="?", default="schemas", help="where to write them (default: schemas)")
    target = Path(parser.parse_args(argv).folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name, build in GENERATED.items():
            (target / name).write_text(dump(build()), encoding="utf-8")
            print(f"wrote {target / name}")
    except OSError as err:  # a folder that cannot be made or written: say so, and fail
        print(f"python -m consumer_rules.schema: cannot write to {target}: {err.strerror or err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
