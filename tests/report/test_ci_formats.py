"""SARIF (valid against the official 2.1.0 schema), JUnit XML and GitHub annotations."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from consumer_rules import Report, RuleSet
from consumer_rules.report import render
from tests.helpers import load_pack, rule

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    folder = tmp_path_factory.mktemp("copy")
    rs: RuleSet = load_pack(
        tmp_path_factory.mktemp("pack"),
        [
            rule("TST001", kind="forbid", match=["保本"], category="guarantee_promise"),
            rule("TST002", kind="require", when=["年化"], accept=["投资有风险"], severity="warning"),
            rule("TST003", kind="forbid", match=["最佳"], severity="info", category="extreme_claim"),
        ],
    )
    (folder / "ad.txt").write_text("第一行\n本产品保本，年化5%，最佳选择, 含:逗号%\n", encoding="utf-8")
    (folder / "clean.txt").write_text("没有问题的文案", encoding="utf-8")
    (folder / "blob.txt").write_bytes(b"\x00\x01")
    return rs.check_paths([folder])


def test_sarif_is_valid_against_the_official_schema(report: Report) -> None:
    data = json.loads(render(report, "sarif"))
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(data)
    run = data["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    results = {r["ruleId"]: r for r in run["results"]}
    assert set(results) == {"TST001", "TST002", "TST003"}
    region = results["TST001"]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["snippet"]["text"]) == (2, 4, "保本")
    assert results["TST003"]["level"] == "note"
    assert results["TST001"]["properties"]["category"] == "guarantee_promise"
    assert len(results["TST001"]["partialFingerprints"]["consumerRules/v1"]) == 16
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert "依据 Law: 中华人民共和国广告法 第四条" in rules["TST001"]["help"]["text"]
    invocation = run["invocations"][0]
    skipped = [n for n in invocation["toolExecutionNotifications"] if "blob.txt: skipped" in n["message"]["text"]]
    assert [n["level"] for n in skipped] == ["error"]
    # a run that skipped an input did not check everything it was given
    assert invocation["executionSuccessful"] is False


def test_sarif_run_without_skips_is_successful(tmp_path: Path) -> None:
    rs: RuleSet = load_pack(tmp_path / "pack", [rule("TST001", kind="forbid", match=["保本"])])
    (tmp_path / "ad.txt").write_text("本产品保本", encoding="utf-8")
    invocation = json.loads(render(rs.check_paths([tmp_path / "ad.txt"]), "sarif"))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    assert invocation["toolExecutionNotifications"] == []


def test_sarif_uris_are_uri_references(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """File names with a space, #, %, ? or a colon, and Chinese names, are percent-encoded: a code-scanning
    dashboard reads ``ad#1.md`` unencoded as ``ad`` with a fragment, and ``100%.md`` as a broken escape."""
    from urllib.parse import unquote

    rs: RuleSet = load_pack(tmp_path / "pack", [rule("TST001", kind="forbid", match=["保本"])])
    names = ["春节 活动#1.md", "100%收益.txt", "a?b.txt", "c:d.txt"]
    (tmp_path / "copy").mkdir()
    for name in names:
        (tmp_path / "copy" / name).write_text("本产品保本", encoding="utf-8")
    (tmp_path / "copy" / "坏.txt").write_bytes(b"\x00")
    monkeypatch.chdir(tmp_path)
    data = json.loads(render(rs.check_paths(["copy"]), "sarif"))
    run = data["runs"][0]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]]
    uris += [
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for n in run["invocations"][0]["toolExecutionNotifications"]
    ]
    assert sorted(unquote(u) for u in uris) == sorted(f"copy/{n}" for n in [*names, "坏.txt"])
    for uri in uris:
        assert uri.startswith("copy/") and all(c.isascii() and c not in " #?" for c in uri), uri
        assert ":" not in uri
    assert "copy/100%25%E6%94%B6%E7%9B%8A.txt" in uris
    # absolute paths stay file: URIs
    absolute = json.loads(render(rs.check_paths([tmp_path / "copy" / "a?b.txt"]), "sarif"))["runs"][0]["results"]
    assert absolute[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file:///")
    assert absolute[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("/a%3Fb.txt")


def test_junit_has_a_case_per_file(report: Report) -> None:
    suite = ET.fromstring(render(report, "junit"))
    cases = {c.get("name", "").split("/")[-1]: c for c in suite.iter("testcase")}
    assert set(cases) == {"ad.txt", "clean.txt", "blob.txt"}
    failure = cases["ad.txt"].find("failure")
    assert failure is not None and failure.get("type") == "error" and "TST001" in (failure.text or "")
    assert cases["clean.txt"].find("failure") is None
    assert cases["blob.txt"].find("skipped") is not None
    assert suite.get("failures") == "1"


def test_github_annotations_escape_properties_and_data(report: Report) -> None:
    lines = render(report, "github").splitlines()
    first = next(line for line in lines if "TST001" in line)
    assert first.startswith("::error file=")
    assert ",line=2,col=4,endLine=2,endColumn=6,title=TST001 test.tst001::" in first
    assert "%0A" in first and "\n" not in first
    assert any(line.startswith("::notice ") and "TST003" in line for line in lines)
    assert any(line.startswith("::warning file=") and "skipped" in line for line in lines)
