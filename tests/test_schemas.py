"""schemas/ are generated from the models, accept every built-in rule, reject broken ones like pydantic does,
and the JSON report validates against schemas/findings.schema.json."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

import consumer_rules
from consumer_rules import schema
from consumer_rules.cli import main
from consumer_rules.kinds.registry import RULE
from consumer_rules.model import PackManifest
from consumer_rules.product import load_product
from tests.corpus.split import read_yaml

ROOT = Path(__file__).resolve().parent.parent
RULE_FILES = sorted(p for p in (ROOT / "rules").glob("*/*.yaml") if p.name != "pack.yaml")
PACK_FILES = sorted((ROOT / "rules").glob("*/pack.yaml"))


@functools.cache  # checking the schema itself takes a third of a second; every rule file would pay it
def _validator(name: str) -> jsonschema.Draft202012Validator:
    data = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return jsonschema.Draft202012Validator(data)


def _yaml(path: Path) -> object:
    return read_yaml(path)


@pytest.mark.parametrize("name", sorted(schema.GENERATED))
def test_committed_schema_is_up_to_date(name: str) -> None:
    committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert committed == schema.dump(schema.GENERATED[name]()), (
        f"schemas/{name} is stale: run `python -m consumer_rules.schema`"
    )


@pytest.mark.parametrize("path", RULE_FILES, ids=[p.stem for p in RULE_FILES])
def test_builtin_rules_are_valid_under_the_json_schema(path: Path) -> None:
    data = _yaml(path)
    errors = [e.message for e in _validator("rule.schema.json").iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("path", PACK_FILES, ids=[p.parent.name for p in PACK_FILES])
def test_pack_manifests_are_valid_under_the_json_schema(path: Path) -> None:
    data = _yaml(path)
    assert [e.message for e in _validator("pack.schema.json").iter_errors(data)] == []


MUTATIONS = {
    "unknown top-level key": lambda d: d.update(sevrity="error"),
    "unknown category": lambda d: d.update(category="guarantees"),
    "bad severity": lambda d: d.update(severity="fatal"),
    "bad code": lambda d: d.update(code="fin1"),
    "missing message": lambda d: d.pop("message"),
    "no pass cases": lambda d: d["cases"].update({"pass": []}),
    "unknown docs key": lambda d: d["docs"].update(sumary="x"),
    "pattern with both forms": lambda d: (
        d.update(match=[{"phrase": "a", "regex": "b"}])
        if d["kind"] == "forbid"
        else d.update(accept=[{"phrase": "a", "regex": "b"}])
    ),
    "unknown kind": lambda d: d.update(kind="forbids"),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_schema_and_models_reject_the_same_mistakes(mutation: str) -> None:
    for path in RULE_FILES[:3]:
        data = _yaml(path)
        MUTATIONS[mutation](data)
        schema_ok = not list(_validator("rule.schema.json").iter_errors(data))
        try:
            RULE.validate_python(data)
            model_ok = True
        except Exception:
            model_ok = False
        assert schema_ok is False, (mutation, path)
        assert model_ok is False, (mutation, path)


def test_pack_model_and_schema_agree_on_a_bad_prefix() -> None:
    data = yaml.safe_load(PACK_FILES[0].read_text(encoding="utf-8"))
    data["code_prefixes"] = ["fin"]
    assert list(_validator("pack.schema.json").iter_errors(data))
    with pytest.raises(Exception):  # noqa: B017
        PackManifest.model_validate(data)


def test_json_report_validates_against_findings_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--format", "json", "--no-cache", str(ROOT / "examples")])
    out = capsys.readouterr().out
    report = json.loads(out)
    assert code in (0, 1)
    assert report["findings"], "the bundled examples include non-compliant copy"
    assert list(_validator("findings.schema.json").iter_errors(report)) == []


PRODUCT_FILES = sorted(
    [*(ROOT / "examples").glob("**/product.yaml"), *(ROOT / "tests" / "product_pairs" / "dev").glob("*/product.yaml")]
)


@pytest.mark.parametrize("path", PRODUCT_FILES, ids=[p.parent.name for p in PRODUCT_FILES])
def test_product_records_the_loader_reads_are_valid_under_the_json_schema(path: Path) -> None:
    # The loader reads the written forms of product documents (term: 终身, frequency: 年交, repayment: 等额本息);
    # an editor validating against the schema must not mark those records.
    load_product(path)
    data = _yaml(path)
    assert [f"{e.json_path}: {e.message}" for e in _validator("product.schema.json").iter_errors(data)] == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("term", ["10年"]), ("unknown_field", 1), ("paying_period", [10]), ("returns", ["3%"])],
)
def test_product_schema_and_loader_both_refuse_a_shape_neither_reads(field: str, value: object, tmp_path: Path) -> None:
    record = {"name": "测试产品", "type": "insurance", "issuer": "某保险公司", field: value}
    assert list(_validator("product.schema.json").iter_errors(record))
    path = tmp_path / "product.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    with pytest.raises(consumer_rules.RuleLoadError):
        load_product(path)


def test_the_schema_writer_takes_one_folder_and_fails_where_it_cannot_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert schema.main([str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(schema.GENERATED)
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    assert schema.main([str(blocked / "out")]) == 2  # a file stands where the folder would go
    assert "cannot write to" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        schema.main(["--help"])
    assert stop.value.code == 0 and not (Path.cwd() / "--help").exists()
