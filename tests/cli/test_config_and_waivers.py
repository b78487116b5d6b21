"""Configuration files, per-path settings, inline and file waivers, and the baseline command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from consumer_rules.cli import main
from tests.helpers import rule, write_pack

RULES = [
    rule("TST001", kind="forbid", match=["保本"], category="guarantee_promise"),
    rule("TST002", kind="forbid", match=["最佳"], severity="warning", category="extreme_claim"),
]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    write_pack(tmp_path / "my-rules", RULES)
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "ad.txt").write_text("本产品保本，最佳选择", encoding="utf-8")
    (tmp_path / "copy" / "legal").mkdir()
    (tmp_path / "copy" / "legal" / "terms.txt").write_text("保本条款说明", encoding="utf-8")
    return tmp_path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip().startswith("{") else {"text": out}, err


def findings(data: dict) -> list[tuple[str, str, str]]:
    return sorted((Path(f["path"]).name, f["rule_id"], f["severity"]) for f in data["findings"])


def test_config_file_found_upwards_with_severity_and_per_path(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / ".consumer-rules.yaml").write_text(
        yaml.safe_dump({
            "builtin": False,
            "rules": ["my-rules"],
            "severity": {"TST002": "error"},
            "fail_on": "warning",
            "per_path": [{"paths": ["copy/legal/"], "ignore": ["TST001"]}],
        }),
        encoding="utf-8",
    )  # fmt: skip
    code, data, _ = run(["check", "--format", "json", str(project / "copy")], capsys)
    assert code == 1
    assert findings(data) == [("ad.txt", "TST001", "error"), ("ad.txt", "TST002", "error")]


def test_command_line_wins_over_config(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / ".consumer-rules.yaml").write_text(
        "builtin: false\nrules: [my-rules]\nfail_on: never\n", encoding="utf-8"
    )
    assert run(["check", "--format", "json", str(project / "copy")], capsys)[0] == 0
    assert run(["check", "--format", "json", "--fail-on", "error", str(project / "copy")], capsys)[0] == 1


def test_pyproject_table(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.consumer-rules]\nbuiltin = false\nrules = ["my-rules"]\nignore = ["TST002"]\n',
        encoding="utf-8",
    )
    _, data, _ = run(["check", "--format", "json", str(project / "copy" / "ad.txt")], capsys)
    assert findings(data) == [("ad.txt", "TST001", "error")]


def test_bad_config_is_reported_with_its_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / ".consumer-rules.yaml").write_text("builtin: false\nfail_on: sometimes\nignor: [X]\n", encoding="utf-8")
    code, _, err = run(["check", str(project / "copy")], capsys)
    assert code == 2
    assert ".consumer-rules.yaml:2:10: fail_on: Input should be" in err
    assert ".consumer-rules.yaml:3:1: unknown key 'ignor' (hint: did you mean 'ignore'?)" in err
    assert "Traceback" not in err
    # an unknown pack is reported at its line in the file, not under the pack's bare name
    (project / ".consumer-rules.yaml").write_text(
        "fail_on: warning\npacks: [cn-finance, cn-finace]\n", encoding="utf-8"
    )
    code, _, err = run(["check", str(project / "copy")], capsys)
    assert code == 2 and ".consumer-rules.yaml:2:21: unknown pack 'cn-finace' (hint: did you mean 'cn-finance'?)" in err
    # a misspelt choice names the one meant, as --product-type on the command line does
    (project / ".consumer-rules.yaml").write_text("product_type: wealth_managment\n", encoding="utf-8")
    code, _, err = run(["check", str(project / "copy")], capsys)
    assert code == 2 and "(got 'wealth_managment') (hint: did you mean 'wealth_management'?)" in err


def test_bad_pyproject_table_is_reported_at_the_key_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # every problem of the table was reported at its header line, so the key to fix had to be searched for
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.consumer-rules]\nbuiltin = false\nrules = ["my-rules"]\n'
        'ignroe = ["TST002"]\nfail_on = "sometimes"\n\n[tool.other]\nignroe = 1\n',
        encoding="utf-8",
    )
    code, _, err = run(["check", str(project / "copy")], capsys)
    assert code == 2
    assert "pyproject.toml:7:1: unknown key 'ignroe' (hint: did you mean 'ignore'?)" in err
    assert "pyproject.toml:8:11: fail_on: Input should be" in err


def test_inline_waivers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = write_pack(tmp_path / "rules", RULES)
    md = tmp_path / "ad.md"
    md.write_text(
        "<!-- consumer-rules: disable TST001 -- 法务已确认：存款产品可以宣传保本 -->\n本存款产品保本。\n\n"
        "另一段也保本。\n\n<!-- consumer-rules: disable TST002 -->\n最佳\n\n"
        "<!-- consumer-rules: disable TST002 -- 没有用上 -->\n正常内容\n",
        encoding="utf-8",
    )
    _, data, _ = run(["check", "--no-builtin", "--rules", str(pack), "--format", "json", str(md)], capsys)
    got = [(f["rule_id"], f["line"]) for f in data["findings"]]
    assert ("TST001", 2) not in got  # waived, with a reason
    assert ("TST001", 4) in got  # the waiver covers the next block only
    assert ("TST002", 7) in got and ("CR001", 6) in got  # no reason: waives nothing, and is reported
    assert ("CR002", 9) in got  # waives nothing: reported
    assert data["summary"]["waived"] == 1
    _, out, _ = run(["check", "--no-builtin", "--rules", str(pack), str(md)], capsys)
    assert out["text"].rstrip().splitlines()[-2].endswith("in 1 of 1 file checked; 1 waived")


def test_plain_text_waiver_covers_the_next_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = write_pack(tmp_path / "rules", RULES)
    txt = tmp_path / "ad.txt"
    txt.write_text("# consumer-rules: disable TST001 -- 存款产品\n本存款产品保本\n这里保本\n", encoding="utf-8")
    _, data, _ = run(["check", "--no-builtin", "--rules", str(pack), "--format", "json", str(txt)], capsys)
    assert [(f["rule_id"], f["line"]) for f in data["findings"]] == [("TST001", 3)]


def test_baseline_then_waiver_file_with_expiry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = write_pack(tmp_path / "rules", RULES)
    copy = tmp_path / "ad.txt"
    copy.write_text("本产品保本，最佳选择\n", encoding="utf-8")
    waivers = tmp_path / "waivers.yaml"
    base = ["--no-builtin", "--rules", str(pack)]
    code, out, _ = run(["baseline", *base, "-o", str(waivers), "--approver", "合规部", str(copy)], capsys)
    assert code == 0 and "wrote 2 waivers" in out["text"]
    entries = yaml.safe_load(waivers.read_text(encoding="utf-8"))["waivers"]
    assert {e["rule"] for e in entries} == {"TST001", "TST002"} and all(e["approver"] == "合规部" for e in entries)
    # Lines move: the fingerprints still match.
    copy.write_text("新加的一行\n\n本产品保本，最佳选择\n", encoding="utf-8")
    code, data, _ = run(["check", *base, "--waivers", str(waivers), "--format", "json", str(copy)], capsys)
    assert code == 0 and data["findings"] == [] and data["summary"]["waived"] == 2
    # The text summaries say that findings were waived: "0 findings" alone reads as if nothing was found.
    for fmt in ("text", "concise"):
        code, out, _ = run(["check", *base, "--waivers", str(waivers), "--format", fmt, str(copy)], capsys)
        assert code == 0 and out["text"].splitlines()[-1] == "0 findings in 1 file checked; 2 waived", fmt
    # An expired waiver re-opens its finding.
    entries[0]["expires"] = dt.date(2000, 1, 1)
    waivers.write_text(yaml.safe_dump({"waivers": entries}, allow_unicode=True), encoding="utf-8")
    code, data, _ = run(["check", *base, "--waivers", str(waivers), "--format", "json", str(copy)], capsys)
    assert [f["rule_id"] for f in data["findings"]] == [entries[0]["rule"]]


def test_a_waiver_of_one_place_leaves_the_same_words_elsewhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same words repeated are one finding with the other places related; accepting one place must not accept
    the others (a fail-open: a waiver for a deposit page's 保本 hid the same claim on a fund's page below)."""
    pack = write_pack(tmp_path / "rules", RULES)
    copy = tmp_path / "ad.txt"
    copy.write_text("存款产品保本。\n\n基金产品也保本。\n", encoding="utf-8")
    base = ["--no-builtin", "--rules", str(pack)]
    _, data, _ = run(["check", *base, "--format", "json", str(copy)], capsys)
    assert [(f["rule_id"], f["line"], [r["line"] for r in f["related"]]) for f in data["findings"]] == [
        ("TST001", 1, [3])
    ]
    waivers = tmp_path / "waivers.yaml"
    code, out, _ = run(["baseline", *base, "-o", str(waivers), str(copy)], capsys)
    entries = yaml.safe_load(waivers.read_text(encoding="utf-8"))["waivers"]
    assert code == 0 and "wrote 2 waivers" in out["text"] and len(entries) == 2  # one entry per place
    code, data, _ = run(["check", *base, "--waivers", str(waivers), "--format", "json", str(copy)], capsys)
    assert code == 0 and data["findings"] == [] and data["summary"]["waived"] == 2
    waivers.write_text(yaml.safe_dump({"waivers": entries[:1]}, allow_unicode=True), encoding="utf-8")
    code, data, _ = run(["check", *base, "--waivers", str(waivers), "--format", "json", str(copy)], capsys)
    assert code == 1 and [(f["rule_id"], f["line"]) for f in data["findings"]] == [("TST001", 3)]


def test_broken_waiver_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = write_pack(tmp_path / "rules", RULES)
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers:\n  - rule: TST001\n    reason: x\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("保本", encoding="utf-8")
    args = ["check", "--no-builtin", "--rules", str(pack), "--waivers", str(waivers), str(tmp_path / "a.txt")]
    code, _, err = run(args, capsys)
    assert code == 2 and "w.yaml:2:5: waiver 1: missing 'fingerprint'" in err


@pytest.mark.parametrize("with_config", [False, True])
def test_waiver_paths_are_relative_to_the_project_root(
    project: Path, with_config: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Silent pass: a baseline written in one folder waived nothing when the same files were checked from the
    repository root or by absolute path (waivers depended on the current folder)."""
    (project / ".git").mkdir()
    rules = ["--rules", str(project / "my-rules"), "--no-builtin"]
    if with_config:
        (project / ".consumer-rules.yaml").write_text("rules: [my-rules]\nbuiltin: false\n", encoding="utf-8")
        rules = []
    monkeypatch.chdir(project / "copy")
    code, out, _ = run(["baseline", *rules, "ad.txt", "-o", "../waivers.yaml"], capsys)
    assert code == 0 and "wrote 2 waivers" in out["text"]
    entries = yaml.safe_load((project / "waivers.yaml").read_text(encoding="utf-8"))["waivers"]
    assert {e["path"] for e in entries} == {"copy/ad.txt"}
    for cwd, target in [
        (project, "copy/ad.txt"),
        (project / "copy", "ad.txt"),
        (project / "copy" / "legal", "../ad.txt"),
        (project.parent, str(project / "copy" / "ad.txt")),
    ]:
        monkeypatch.chdir(cwd)
        waivers = str(project / "waivers.yaml")
        code, data, _ = run(["check", *rules, "--waivers", waivers, "--format", "json", target], capsys)
        assert (code, data["findings"], data["summary"]["waived"]) == (0, [], 2), (cwd, target)
    # A waiver for one file does not waive the same words in another.
    (project / "copy" / "other.txt").write_text("本产品保本，最佳选择", encoding="utf-8")
    monkeypatch.chdir(project)
    code, data, _ = run(["check", *rules, "--waivers", "waivers.yaml", "--format", "json", "copy/other.txt"], capsys)
    assert code == 1 and len(data["findings"]) == 2


def test_a_waiver_for_a_file_that_is_gone_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = write_pack(tmp_path / "rules", RULES)
    copy = tmp_path / "ad.txt"
    copy.write_text("本产品保本\n", encoding="utf-8")
    waivers = tmp_path / "waivers.yaml"
    base = ["--no-builtin", "--rules", str(pack)]
    run(["baseline", *base, "-o", str(waivers), str(copy)], capsys)
    code, _, err = run(["check", *base, "--waivers", str(waivers), str(copy)], capsys)
    assert code == 0 and "waives nothing" not in err
    renamed = tmp_path / "ad-2026.txt"
    copy.rename(renamed)
    code, _, err = run(["check", *base, "--waivers", str(waivers), str(renamed)], capsys)
    assert code == 1  # the finding is back, and the stale entry says why
    assert "the waiver of TST001 for ad.txt names no existing file, so it waives nothing" in err
