"""Build small rule packs on the fly, so engine tests state only the keys they are about."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

import consumer_rules
from consumer_rules import RuleSet
from consumer_rules.findings import Finding
from tests.corpus.split import read_yaml

BOILERPLATE: dict[str, Any] = {
    "category": "other",
    "severity": "error",
    "message": "测试规则",
    "message_en": "Test rule",
    "fix": "改写",
    "references": [{"law": "中华人民共和国广告法", "article": "第四条"}],
    "plan": ["严厉打击虚假广告"],
    "docs": {"summary": "测试", "why": "测试", "non_compliant": ["x"], "compliant": ["y"]},
    "cases": {"flag": [{"text": "x", "expect": ["x"]}], "pass": [{"text": "y"}]},
}


class _NoAliases(yaml.SafeDumper):
    """Rule files refuse YAML aliases, so repeated values (the same product in two cases) are written out."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True)


def rule(code: str, **fields: Any) -> dict[str, Any]:
    data = {"code": code, "name": f"test.{code.lower()}", **BOILERPLATE}
    data.update(fields)
    return data


def write_pack(folder: Path, rules: list[dict[str, Any]], masks: list[Any] | None = None, prefix: str = "TST") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {
        "name": "test-pack",
        "version": "0.0.1",
        "title": "t",
        "description": "d",
        "code_prefixes": [prefix],
        "masks": masks or [],
    }
    (folder / "pack.yaml").write_text(_dump(manifest), encoding="utf-8")
    for data in rules:
        (folder / f"{data['code']}.yaml").write_text(_dump(data), encoding="utf-8")
    return folder


def load_pack(
    folder: Path, rules: list[dict[str, Any]], masks: list[Any] | None = None, backend: str | None = None
) -> RuleSet:
    write_pack(folder, rules, masks)
    return consumer_rules.load_rules([], [folder], cache=False, backend=backend)


def excerpts(ruleset: RuleSet, text: str, code: str | None = None, **kwargs: Any) -> list[str]:
    report = ruleset.check_text(text, **kwargs)
    return [f.excerpt for f in report.findings if code is None or f.rule_id == code]


PAIR_SCORER = Path(__file__).resolve().parent / "product_pairs" / "score.py"


def load_scorer() -> ModuleType:
    """tests/product_pairs/score.py as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("product_pairs_score", PAIR_SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@cache
def builtin_rules() -> RuleSet:
    """The built-in packs, loaded once per test process: hypothesis tests draw many examples per test and cannot
    take the session fixture ``builtin`` in a helper."""
    return consumer_rules.load_rules()


def copy_findings(text: str, product: dict[str, Any]) -> list[Finding]:
    """The built-in packs' findings on marketing copy checked against a product record given as a mapping."""
    from consumer_rules.product import Product

    return builtin_rules().check_text(text, kind="marketing", product=Product.model_validate(product)).findings


RULE_FILES = sorted((Path(__file__).resolve().parent.parent / "rules").glob("*/[A-Z]*.yaml"))


@cache
def _rule_file_data() -> tuple[tuple[Path, Any], ...]:
    # libyaml reads the 321 rule files in about 1 s where the pure-Python loader takes 7; several tests read them all.
    return tuple((path, read_yaml(path)) for path in RULE_FILES)


def builtin_rule_files() -> list[tuple[Path, dict[str, Any]]]:
    """Every built-in rule file as (path, data), parsed once per test process; each caller gets its own copy."""
    import copy

    return [(path, copy.deepcopy(data)) for path, data in _rule_file_data()]
