"""Fail closed: what was asked for and not checked is an error, never a pass (issue "Fail closed").

Each test here reproduces one way a run used to end green with nothing, or less than asked, checked.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import consumer_rules
from consumer_rules import UsageError
from consumer_rules.cli import main
from consumer_rules.report import render
from tests.helpers import load_pack, rule

RULES = [
    rule("TST001", kind="forbid", match=["保本"]),
    rule("TST002", kind="forbid", match=["最佳"], severity="warning", category="extreme_claim"),
]
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("value", ["wealth_managment", "Wealth_Management", "WEALTH", ""])
def test_an_unknown_product_type_is_an_error_not_a_pass(value: str) -> None:
    with pytest.raises(UsageError, match="unknown product type") as exc:
        consumer_rules.check_text("本理财产品保本保息", product_type=value)  # type: ignore[arg-type]
    if value.lower().startswith("wealth_"):
        assert "did you mean 'wealth_management'" in str(exc.value)


def test_an_unknown_kind_is_an_error_in_every_entry_point(tmp_path: Path) -> None:
    rs = load_pack(tmp_path, RULES)
    copy = tmp_path / "a.txt"
    copy.write_text("保本", encoding="utf-8")
    for call in (
        lambda: rs.check_text("保本", kind="Marketing"),  # type: ignore[arg-type]
        lambda: rs.check_file(copy, kind="ad"),  # type: ignore[arg-type]
        lambda: rs.check_paths([tmp_path / "nope"], kind="ad"),  # type: ignore[arg-type]
        lambda: rs.check_paths([copy], product_type="fnd"),  # type: ignore[arg-type]
    ):
        with pytest.raises(UsageError, match=r"unknown (document kind|product type)"):
            call()


def test_a_selector_that_matches_no_rule_is_an_error() -> None:
    with pytest.raises(UsageError, match=r"select 'FINN' matches no rule \(did you mean 'FIN'\?\)"):
        consumer_rules.load_rules(select=["FINN"])
    with pytest.raises(UsageError, match="ignore 'AD999' matches no rule"):
        consumer_rules.load_rules(ignore=["AD999"])
    # A mistyped rule code is pointed at a rule code, not at its pack's stem (which would select the whole pack).
    with pytest.raises(UsageError, match=r"select 'FIN99x' matches no rule \(did you mean 'FIN\d{3}'\?\)"):
        consumer_rules.load_rules(select=["FIN99x"])
    with pytest.raises(UsageError, match="severity override 'XX' matches no rule"):
        consumer_rules.load_rules(severity={"XX": "info"})
    with pytest.raises(UsageError, match="severity 'fatal'"):
        consumer_rules.load_rules(severity={"FIN001": "fatal"})
    rules = consumer_rules.load_rules()
    with pytest.raises(UsageError, match="matches no rule"):
        rules.select(["guarantee.nope"])
    # One string is one selector, not three one-letter ones.
    assert {r.code[:3] for r in consumer_rules.load_rules(select="FIN").rules} == {"FIN"}


def test_unknown_packs_formats_and_fail_on_are_errors() -> None:
    with pytest.raises(consumer_rules.RuleLoadError, match="did you mean 'cn-finance'"):
        consumer_rules.load_rules(["cn-financ"])
    report = consumer_rules.check_text("保本")
    with pytest.raises(UsageError, match="unknown output format 'sarf'; did you mean 'sarif'"):
        render(report, "sarf")
    with pytest.raises(UsageError, match="unknown fail-on severity 'errors'"):
        report.failed("errors")


def test_a_report_with_skipped_inputs_has_not_passed(tmp_path: Path) -> None:
    rs = load_pack(tmp_path, RULES)
    ok = tmp_path / "ok.txt"
    ok.write_text("本产品不保证收益", encoding="utf-8")
    report = rs.check_paths([ok, tmp_path / "nope.txt"])
    assert not report.findings and report.skipped == [(str(tmp_path / "nope.txt"), "no such file or folder")]
    assert not report.complete and not report.passed
    assert rs.check_paths([ok]).passed


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", b""),
        ("blank.md", b"  \n\n\t\n"),
        ("images.html", b'<p> </p><img src="ad.png"><script>x="\xe4\xbf\x9d\xe6\x9c\xac"</script>'),
    ],
)
def test_a_file_with_no_text_is_skipped_not_passed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes
) -> None:
    """An empty copy file (a failed export) ended the run green: "0 findings in 1 file checked", exit 0."""
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    assert f"{name}: skipped: has no text to check" in capsys.readouterr().out
    rules = load_pack(tmp_path / "pack", RULES)
    report = rules.check_paths([path])
    assert not report.passed and [p for p, _ in report.skipped] == [str(path)] and report.files == []
    with pytest.raises(consumer_rules.InputError, match="has no text to check"):
        rules.check_file(path)
    assert rules.check_text("").passed  # a text given in code is checked as it is


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("sheet.xlsx", b"PK\x03\x04" + "保本保息".encode() * 20, "zip archive"),
        ("copy.txt", b"PK\x03\x04" + "保本保息".encode() * 20, "zip archive"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old Office file"),
        ("letter.rtf", "{\\rtf1 保本保息}".encode(), "RTF document"),
        ("poster.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG image"),
    ],
)
def test_a_named_file_that_is_not_text_is_skipped_not_checked_as_gibberish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, said: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    out = capsys.readouterr().out
    assert f"{name}: skipped: is " in out and said in out and "0 of 0 files checked" not in out
    report = consumer_rules.load_rules().check_paths([path])
    assert not report.passed and [p for p, _ in report.skipped] == [str(path)]


@pytest.mark.parametrize("fmt", ["text", "concise", "github"])
def test_files_in_a_folder_that_hold_no_copy_read_here_are_counted_not_passed_over_unseen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """SMS templates exported as .csv sat beside the .txt copy and the summary read as if the folder was checked."""
    folder = tmp_path / "copy"
    folder.mkdir()
    (folder / "ad.txt").write_text("本产品保本保息", encoding="utf-8")
    (folder / "sms.csv").write_text("id,text\n1,保本保息\n", encoding="utf-8")
    (folder / "more.CSV").write_text("id,text\n", encoding="utf-8")
    (folder / "poster.jpg").write_bytes(b"\xff\xd8\xff" + bytes(16))
    (folder / "README").write_text("notes", encoding="utf-8")
    (folder / ".hidden.csv").write_text("x", encoding="utf-8")  # hidden: passed over like hidden folders
    (folder / ".gitignore").write_text("ignored.json\n", encoding="utf-8")
    (folder / "ignored.json").write_text("{}", encoding="utf-8")  # ignored: the user said so
    assert main(["check", str(folder), "--format", fmt, "--fail-on", "never"]) == 0  # not an error: not copy
    out = capsys.readouterr().out
    assert "4 other files not read ((no suffix) 1, .csv 2, .jpg 1)" in out
    report = consumer_rules.load_rules().check_paths([folder])
    assert report.summary()["not_read"] == {"(no suffix)": 1, ".csv": 2, ".jpg": 1}
    assert report.files == [str(folder / "ad.txt")] and not report.skipped


def test_files_that_hold_no_copy_are_counted_in_one_report_per_folder_not_one_each(tmp_path: Path) -> None:
    """Each report of the walk goes through the worker pool like a file's result: 200 images are one count."""
    from consumer_rules.ruleset import walk

    (tmp_path / "ad.txt").write_text("保本", encoding="utf-8")
    for i in range(200):
        (tmp_path / f"p{i}.png").write_bytes(b"\x89PNG")
    reports = [item for item in walk([tmp_path]) if isinstance(item, consumer_rules.Report)]
    assert [dict(r.not_read) for r in reports] == [{".png": 200}]


def test_a_folder_with_only_files_that_hold_no_copy_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "poster.jpg").write_bytes(b"\xff\xd8\xff" + bytes(16))
    report = consumer_rules.load_rules().check_paths([tmp_path])
    assert not report.passed and report.summary()["not_read"] == {".jpg": 1}
    assert "no file to check in this folder" in report.skipped[0][1]


def test_a_file_the_user_may_not_read_is_skipped_not_passed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy file without read permission (another user's export) must show as skipped, with the system's reason,
    and fail the run. The suite runs as root, where chmod 000 denies nothing, so the denial is made at os.open."""
    import errno
    import os

    from consumer_rules import document

    locked = tmp_path / "locked.txt"
    locked.write_text("本产品保本保息", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("本产品不保证收益", encoding="utf-8")
    real_open = os.open

    def deny(path: object, *args: object, **kwargs: object) -> int:
        if Path(os.fsdecode(path)).name == "locked.txt":  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(document.os, "open", deny)
    assert main(["check", "--jobs", "1", str(tmp_path)]) == 2
    out = capsys.readouterr().out
    assert f"{locked}: skipped: cannot be read: Permission denied" in out
    assert "in 1 file checked; 1 skipped" in out
    report = consumer_rules.load_rules().check_paths([tmp_path])
    assert not report.passed and report.skipped == [(str(locked), "cannot be read: Permission denied")]


def test_product_with_a_pack_list_loads_the_product_pack(capsys: pytest.CaptureFixture[str]) -> None:
    """Silent pass: `--pack cn-finance --product p.yaml` dropped the product pack (4 findings, not 15)."""
    product = EXAMPLES / "products" / "wealth-management"
    args = ["check", "--format", "json", "--product", str(product / "product.yaml"), str(product / "copy.md")]
    assert main(args) == 1
    everything = capsys.readouterr().out
    assert main([*args, "--pack", "cn-finance"]) == 1
    narrowed = capsys.readouterr().out
    assert '"PRD021"' in narrowed and '"PRD010"' in narrowed
    assert narrowed.count('"rule_id": "PRD') == everything.count('"rule_id": "PRD')


def test_product_without_product_rules_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    product = EXAMPLES / "products" / "wealth-management" / "product.yaml"
    assert main(["check", "--select", "FIN", "--product", str(product), str(product.parent / "copy.md")]) == 2
    assert "no product rules" in capsys.readouterr().err
    with pytest.raises(UsageError, match="no product rules"):
        consumer_rules.load_rules(["cn-finance"]).check_product(product)


def test_an_unexpected_error_exits_2_even_under_fail_on_never(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "a.txt"
    copy.write_text("保本", encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr("consumer_rules.ruleset.RuleSet.check_source", broken)
    assert main(["check", "--fail-on", "never", str(copy)]) == 2
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err and "Traceback" not in err


def test_the_api_reads_the_config_file_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    """Silent difference: the API ignored .consumer-rules.yaml (46 findings on examples/ vs the CLI's 42)."""
    assert main(["check", "--format", "json", str(EXAMPLES)]) == 1
    cli = json.loads(capsys.readouterr().out)
    api = consumer_rules.check_paths(EXAMPLES, config=True)
    assert sorted(f.fingerprint for f in api.findings) == sorted(f["fingerprint"] for f in cli["findings"])
    assert consumer_rules.check_paths([EXAMPLES], config=EXAMPLES / ".consumer-rules.yaml").findings == api.findings
    # Without config= the README files the config excludes are checked too: the difference is explicit.
    plain = consumer_rules.check_paths(EXAMPLES)
    assert any(Path(f.path).name == "README.md" for f in plain.findings)
    assert not any(Path(f.path).name == "README.md" for f in api.findings)
    loaded = consumer_rules.load_config(start=EXAMPLES / "noncompliant")
    assert loaded.path == EXAMPLES / ".consumer-rules.yaml" and loaded.config.exclude == ["README.md"]
    with pytest.raises(UsageError, match="come from the config file"):
        consumer_rules.check_paths(EXAMPLES, config=True, product_type="fund")


def test_rule_set_from_config(tmp_path: Path) -> None:
    config = tmp_path / ".consumer-rules.yaml"
    config.write_text("packs: [cn-finance]\nignore: [FIN001]\nseverity: {FIN011: info}\n", encoding="utf-8")
    rules = consumer_rules.RuleSet.from_config(config)
    codes = {r.code for r in rules.rules}
    assert "FIN001" not in codes and {c[:3] for c in codes} == {"FIN"}
    found = rules.check_text("本理财产品年化收益率4.5%").findings
    assert {g.severity.value for f in found for g in (f, *f.related) if g.rule_id == "FIN011"} == {"info"}
    config.write_text("select: [FINN]\n", encoding="utf-8")
    with pytest.raises(UsageError, match="'FINN' matches no rule"):
        consumer_rules.RuleSet.from_config(config)
    with pytest.raises(UsageError, match="no such file"):
        consumer_rules.load_config(tmp_path / "nope.yaml")


def test_the_readme_states_the_current_count_of_verified_citations() -> None:
    from consumer_rules.discovery import rule_sources
    from consumer_rules.explain import citation_counts
    from consumer_rules.loader import load_folders

    verified, total = citation_counts(r.spec for r in load_folders(rule_sources(None, [])).rules)
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    found = re.search(r"\*\*(\d+) of the (\d+) citations\*\*", readme)
    assert found, "README.md: the sentence with the count of verified citations is gone"
    assert (int(found[1]), int(found[2])) == (verified, total), (
        f"README.md: say **{verified} of the {total} citations**"
    )


def test_unverified_citations_are_marked_in_every_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Unverified quotations were mentioned only in `explain`; a finding resting on one looked settled."""
    copy = tmp_path / "ad.txt"
    copy.write_text("本理财产品保本保息", encoding="utf-8")  # FIN001 cites two unverified quotations
    outputs = {}
    for fmt in ("text", "json", "sarif", "junit", "github", "html"):
        assert main(["check", "--select", "FIN001", "--format", fmt, str(copy)]) == 1
        outputs[fmt] = capsys.readouterr().out
    for fmt, out in outputs.items():
        assert fmt == "json" or "引文未核" in out, fmt
    finding = json.loads(outputs["json"])["findings"][0]
    assert finding["citation_verified"] is False
    assert [r["verified"] for r in finding["references"]].count(False) >= 1
    result = json.loads(outputs["sarif"])["runs"][0]["results"][0]
    assert result["properties"]["citationVerified"] is False
    assert "unverified citation" in outputs["text"] and "unverified citation" in outputs["github"]
    assert main(["explain", "FIN001"]) == 0
    assert re.search(r"All loaded packs: \d+ of \d+ citations verified", capsys.readouterr().out)
