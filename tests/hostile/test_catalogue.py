"""The bad-input catalogue: one case per class of hostile or careless input, each with its exact message and
exit status. Exit 2 means "could not check as asked"; never a traceback, never exit 1 (which means findings).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from consumer_rules.cli import main
from tests.helpers import rule, write_pack

RULES = [rule("TST001", kind="forbid", match=["保本"], severity="error", category="guarantee_promise")]


@pytest.fixture()
def pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "pack", RULES)


@pytest.fixture()
def at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch folder that is also the current folder, so messages show short relative paths."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def check(pack: Path, *args: str) -> list[str]:
    return ["check", "--no-builtin", "--rules", str(pack), "--no-config", *args]


# --- crashes that are now errors: file, line, problem, exit 2 ------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("cooling_off_days: 2026-02-30\n", "p.yaml:4:19: invalid value '2026-02-30' (timestamp): day is out of range"),
        ("cooling_off_days: !!int ;\n", "p.yaml:4:19: invalid value ';' (int): invalid literal for int()"),
        ("cooling_off_days: !!float x\n", "p.yaml:4:19: invalid value 'x' (float): could not convert string"),
        ("returns: {value: .nan}\n", "p.yaml:4:18: returns.value: Value error, not a percent: nan (a finite number"),
        ("apr: -.inf\n", "p.yaml:4:6: apr: Value error, not a percent: -inf (a finite number is needed)"),
        ("third_parties: " + "[" * 500 + "]" * 500 + "\n", "p.yaml:4:"),
    ],
    ids=["impossible-date", "int-tag", "float-tag", "nan-rate", "infinite-rate", "deep-nesting"],
)
def test_yaml_constructor_errors_name_file_and_line(
    at: Path, pack: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    (at / "p.yaml").write_text("name: x\ntype: deposit\nissuer: y\n" + content, encoding="utf-8")
    (at / "a.txt").write_text("保本", encoding="utf-8")
    code, out, err = run(capsys, *check(pack, "--product", "p.yaml", "a.txt"))
    assert (code, out) == (2, "")
    assert err.startswith(message), err
    assert err.endswith("problem(s) in the files above; nothing was checked\n")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("    reason: '   '\n", "w.yaml:2:5: waiver 1: missing 'reason'"),
        ("    reason: r\n    path: 5\n", "w.yaml:5:11: waiver 1: 'path' must be text"),
        ("    reason: r\n    expires: 2026-01-01 10:00:00\n", "w.yaml:5:14: waiver 1: 'expires' must be a date"),
        ("    reason: r\n    expires: 2026-02-30\n", "w.yaml:5:14: invalid value '2026-02-30' (timestamp)"),
    ],
    ids=["blank-reason", "numeric-path", "datetime-expires", "impossible-expires"],
)
def test_bad_waiver_entries_are_errors(
    at: Path, pack: Path, capsys: pytest.CaptureFixture[str], entry: str, message: str
) -> None:
    (at / "w.yaml").write_text("waivers:\n  - rule: TST001\n    fingerprint: abc\n" + entry, encoding="utf-8")
    (at / "a.txt").write_text("保本", encoding="utf-8")
    code, _, err = run(capsys, *check(pack, "--waivers", "w.yaml", "a.txt"))
    assert code == 2
    assert err.startswith(message), err


def test_invalid_globs_are_errors_naming_where(at: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (at / "copy").mkdir()
    (at / "copy" / "a.txt").write_text("保本", encoding="utf-8")
    code, out, err = run(capsys, *check(pack, "--exclude", "[z-a]", "copy"))
    assert (code, out) == (2, "")
    assert err == "consumer-rules: --exclude: invalid pattern '[z-a]': bad character range z-a at position 10\n"
    (at / "copy" / ".gitignore").write_text("*.tmp\n[z-a]\n", encoding="utf-8")
    code, out, err = run(capsys, *check(pack, "copy"))
    assert (code, out) == (2, "")
    assert err == (
        "consumer-rules: copy/.gitignore:2: invalid pattern '[z-a]': bad character range z-a at position 10\n"
    )


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "lots"])
def test_max_file_size_must_be_a_positive_number(
    at: Path, pack: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(check(pack, "--max-file-size", value, "a.txt"))
    assert exit_.value.code == 2
    assert "argument --max-file-size:" in capsys.readouterr().err


def test_output_to_a_folder_is_an_error(at: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (at / "a.txt").write_text("保本", encoding="utf-8")
    (at / "out").mkdir()
    code, _, err = run(capsys, *check(pack, "-o", "out", "a.txt"))
    assert (code, err) == (2, "consumer-rules: cannot write out: Is a directory\n")


def test_lone_surrogates_through_the_api(pack: Path) -> None:
    import consumer_rules

    rules = consumer_rules.load_rules([], [pack], cache=False)
    report = rules.check_text("\ud800保本\udfff")
    assert [(f.start, f.end, f.excerpt) for f in report.findings] == [(1, 3, "保本")]


def test_a_regex_re2_cannot_compile_fails_validation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A regex that Python's re takes but RE2 cannot compile (here: over a tiny memory budget): `rules validate`
    says so, naming the pattern, as `check` would, instead of passing a pack that cannot run."""
    from consumer_rules.backends import automaton

    regexes = [{"regex": "保[a-z]{1,1000}本"}]
    bad = write_pack(tmp_path / "bad", [rule("TST009", kind="forbid", match=regexes)])
    monkeypatch.setattr(automaton, "RE2_MAX_MEM", 1 << 14)
    code, out, err = run(capsys, "rules", "validate", str(bad))
    assert (code, out) == (2, "")
    assert err.startswith(f"{bad / 'TST009.yaml'}: pattern '保[a-z]{{1,1000}}本': re2 cannot compile it: ")
    assert err.endswith("consumer-rules: 1 problem(s) in the files above; nothing was checked\n")


# --- inputs: only regular files, inside the roots ------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_skipped_not_opened(at: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(at / "pipe.txt")
    (at / "copy").mkdir()
    os.mkfifo(at / "copy" / "pipe.md")
    (at / "copy" / "a.txt").write_text("保本", encoding="utf-8")
    code, out, _ = run(capsys, *check(pack, "pipe.txt", "copy"))
    assert code == 1
    assert "pipe.txt: skipped: is not a regular file (a FIFO); only regular files are read" in out
    assert "copy/pipe.md: skipped: is not a regular file (a FIFO); only regular files are read" in out


def test_symlinks_out_of_the_folder_are_not_followed(
    at: Path, tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("保本 SECRET-TOKEN", encoding="utf-8")
    (at / "copy").mkdir()
    (at / "copy" / "a.txt").write_text("保本", encoding="utf-8")
    os.symlink(secret, at / "copy" / "leak.md")
    os.symlink("/dev/zero", at / "copy" / "zero.txt")
    os.symlink(tmp_path, at / "copy" / "up")
    os.symlink(at / "copy" / "a.txt", at / "copy" / "inside.txt")  # inside the folder: fine
    code, out, _ = run(capsys, *check(pack, "--format", "html", "copy"))
    assert code == 1
    assert "SECRET-TOKEN" not in out
    code, out, _ = run(capsys, *check(pack, "copy"))
    reason = "is a symbolic link to outside the folder being checked; not followed (use --follow-symlinks)"
    for name in ("leak.md", "zero.txt", "up"):
        assert f"copy/{name}: skipped: {reason}" in out
    assert "copy/inside.txt:1:1: error TST001" in out
    code, out, _ = run(capsys, *check(pack, "--follow-symlinks", "copy/leak.md"))
    assert "leak.md:1:1: error TST001" in out


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_folder_is_listed_as_skipped(at: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (at / "copy" / "locked").mkdir(parents=True)
    (at / "copy" / "locked" / "a.txt").write_text("保本", encoding="utf-8")
    (at / "copy" / "b.txt").write_text("好", encoding="utf-8")
    (at / "copy" / "locked").chmod(0)
    try:
        _, out, _ = run(capsys, *check(pack, "copy"))
    finally:
        (at / "copy" / "locked").chmod(stat.S_IRWXU)
    assert "copy/locked: skipped: cannot be read: Permission denied" in out


# --- injection: control characters and workflow commands in every output ------------------------------------

HOSTILE_NAME = "a\n::error title=x::bad\x1b[2J.txt"
HOSTILE_COPY = "保本\x1b]0;pwned\x07\x9b31m\u202e\n::error title=y::boom\n##[error]boom\n"


@pytest.fixture()
def hostile(at: Path) -> Path:
    if sys.platform == "win32":
        pytest.skip("such file names are impossible on Windows")
    (at / "copy").mkdir()
    (at / "copy" / HOSTILE_NAME).write_text(HOSTILE_COPY, encoding="utf-8")
    return at / "copy"


def _commands(text: str) -> list[str]:
    """Lines a CI runner would run as workflow commands."""
    return [line for line in text.splitlines() if line.lstrip().startswith(("::", "##["))]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "html"])
def test_no_output_format_passes_on_escapes_or_workflow_commands(
    hostile: Path, pack: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    code, out, err = run(capsys, *check(pack, "--format", fmt, "copy"))
    assert code == 1
    assert _commands(out) == [] and _commands(err) == []
    assert not any(ch in out for ch in "\x1b\x07\x9b\u202e")


def test_text_format_shows_escapes_visibly(hostile: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, *check(pack, "copy"))
    assert out.startswith("copy/a\\x0a::error title=x::bad\\x1b[2J.txt:1:1: error TST001 测试规则\n")
    assert "    1 | 保本\\x1b]0;pwned\\x07\\x9b31m\\u202e\n      | ^^^^\n" in out


def test_github_format_keeps_one_command_per_finding(
    hostile: Path, pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, *check(pack, "--format", "github", "copy"))
    assert _commands(out) == [
        "::error file=copy/a%0A%3A%3Aerror title=x%3A%3Abad\\x1b[2J.txt,line=1,col=1,endLine=1,endColumn=3,"
        "title=TST001 test.tst001::测试规则%0ATest rule%0A依据 Law: 中华人民共和国广告法 第四条%0A建议 Fix: 改写"
    ]


def test_junit_is_valid_xml_whatever_the_copy_holds(
    hostile: Path, pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from xml.etree import ElementTree as ET

    (hostile / "ctl.txt").write_text("保本\x00\x01\x0b\ufffe", encoding="utf-8")
    _, out, _ = run(capsys, *check(pack, "--format", "junit", "--max-file-size", "1", "copy"))
    suite = ET.fromstring(out.split("\n", 1)[1])
    names = sorted(case.get("name") or "" for case in suite)
    assert names == ["copy/a\\x0a::error title=x::bad\\x1b[2J.txt", "copy/ctl.txt"]


def test_json_escapes_but_keeps_the_data(hostile: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    _, out, _ = run(capsys, *check(pack, "--format", "json", "copy"))
    assert "\\u001b" in out
    data = json.loads(out)
    assert data["files"][0]["path"] == "copy/" + HOSTILE_NAME


def test_skip_messages_on_stderr_are_escaped(at: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if sys.platform == "win32":
        pytest.skip("such file names are impossible on Windows")
    name = "b\n::error::x\x1b.txt"
    (at / name).write_bytes(b"\x00binary")
    code, _, err = run(capsys, *check(pack, "-o", "report.txt", name))
    assert code == 2
    assert err.startswith("b\\x0a::error::x\\x1b.txt: skipped: looks like a binary file (it contains NUL bytes)\n")


def test_non_utf8_file_name_is_shown_escaped(at: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if sys.platform in ("win32", "darwin"):
        pytest.skip("file names are always Unicode here")
    name = os.fsdecode(b"bad\xff.txt")
    (at / name).write_text("保本", encoding="utf-8")
    code, out, _ = run(capsys, *check(pack, "."))
    assert code == 1
    assert "bad\\xff.txt:1:1: error TST001" in out


def test_config_cannot_point_product_or_waivers_outside_the_project(
    at: Path, tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "secret.yaml").write_text("name: TOKEN-123\n", encoding="utf-8")
    (at / "repo").mkdir()
    (at / "repo" / ".consumer-rules.yaml").write_text(
        f"product: {tmp_path / 'secret.yaml'}\nwaivers: ../../secret.yaml\n", encoding="utf-8"
    )
    (at / "repo" / "a.txt").write_text("保本", encoding="utf-8")
    code, out, err = run(capsys, "check", "--no-builtin", "--rules", str(pack), "repo/a.txt")
    assert (code, out) == (2, "")
    assert "TOKEN-123" not in err
    assert err == (
        f"{at / 'repo' / '.consumer-rules.yaml'}:1:10: 'product' names a file outside the project "
        "(hint: give it on the command line: --product FILE)\n"
        f"{at / 'repo' / '.consumer-rules.yaml'}:2:10: 'waivers' names a file outside the project "
        "(hint: give it on the command line: --waivers FILE)\n"
        "consumer-rules: 2 problem(s) in the files above; nothing was checked\n"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_product_file_that_is_a_fifo_is_an_error(at: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(at / "p.yaml")
    (at / "a.txt").write_text("保本", encoding="utf-8")
    code, _, err = run(capsys, *check(pack, "--product", "p.yaml", "a.txt"))
    assert code == 2
    assert err.startswith("p.yaml: is not a regular file; only regular files are read\n")
