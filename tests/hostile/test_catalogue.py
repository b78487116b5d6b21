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
        ("returns: {value: .nan}\n", "p.yaml:4:18: returns.value: not a percent: nan (a finite number"),
        ("apr: -.inf\n", "p.yaml:4:6: apr: not a percent: -inf (a finite number is needed)"),
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
    assert err == (
        "consumer-rules: --exclude or config 'exclude': invalid pattern '[z-a]': "
        "bad character range z-a at position 10\n"
    )
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
    # Alone: a budget this small would refuse some built-in patterns too, which validate loads beside a folder.
    code, out, err = run(capsys, "rules", "validate", "--no-builtin", str(bad))
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
    assert code == 2  # a skipped input fails the run (fail closed)
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
    code, out, _ = run(capsys, *check(pack, "--format", "html", "--missing", "ok", "copy"))
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


# --- size and time limits --------------------------------------------------------------------------------------


def test_docx_zip_bomb_is_skipped_before_it_is_unpacked(
    at: Path, pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import zipfile

    with zipfile.ZipFile(at / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 6_000_000)
    assert (at / "bomb.docx").stat().st_size < 20_000
    code, _, _ = run(capsys, *check(pack, "--max-file-size", "1", "bomb.docx", "-o", "r.txt"))
    assert code == 2  # nothing was checked
    assert (
        (at / "r.txt")
        .read_text(encoding="utf-8")
        .startswith(
            "bomb.docx: skipped: unpacks to 6.0 MB in 1 parts, above the 5 MB limit for Word files (a zip bomb?)\n"
        )
    )


def test_standard_input_is_bounded_like_files(
    at: Path, pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("保本".encode() * 400_000)))
    code, out, _ = run(capsys, *check(pack, "--max-file-size", "1", "-"))
    assert code == 2
    assert out.startswith("<stdin>: skipped: is above the 1 MB limit\n")


@pytest.mark.skipif(not hasattr(__import__("signal"), "setitimer"), reason="no interval timers here")
def test_a_file_that_takes_too_long_is_skipped(at: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (at / "slow.html").write_text("<div>保本</div>" * 200_000, encoding="utf-8")
    (at / "ok.txt").write_text("保本", encoding="utf-8")
    code, out, _ = run(capsys, *check(pack, "--max-file-seconds", "0.01", "--missing", "ok", "slow.html", "ok.txt"))
    assert code == 1
    assert "slow.html: skipped: took more than 0.01 s of processor time to check (--max-file-seconds)\n" in out
    assert "ok.txt:1:1: error TST001" in out


def test_product_field_regexes_are_linear(builtin: object) -> None:
    """PRD017's not_matches ran in Python's re: 60,000 spaces took 32 s. Now RE2 runs it."""
    import time

    from consumer_rules import RuleSet
    from consumer_rules.product import Product

    assert isinstance(builtin, RuleSet)
    product = Product.model_validate(
        {
            "name": "x",
            "type": "wealth_management",
            "issuer": "y",
            "third_parties": [{"recipient": " " * 60_000 + "x", "purpose": "营销"}],
        }
    )
    started = time.perf_counter()
    builtin.check_product(product)
    assert time.perf_counter() - started < 2


# --- the rule cache: nothing is unpickled that this user did not write whole -----------------------------------


class _Boom:
    """A pickle that, loaded, creates a file: what an attacker would plant in a shared cache folder."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.marker), "ran"))  # type: ignore[return-value]


def _planted(folder: Path, marker: Path) -> Path:
    import hashlib
    import pickle

    from consumer_rules import cache

    (entry,) = folder.glob("rules-*.pickle")
    payload = pickle.dumps(_Boom(marker))
    entry.write_bytes(cache._MAGIC + hashlib.sha256(payload).digest() + payload)
    return entry


def _load(pack: Path) -> list[str]:
    import consumer_rules

    return [f.excerpt for f in consumer_rules.load_rules([], [pack]).check_text("保本").findings]


@pytest.mark.parametrize("how", ["tampered", "group-writable-entry", "world-writable-folder", "symlinked-entry"])
def test_untrusted_cache_entries_are_rebuilt_not_unpickled(
    tmp_path: Path, pack: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CONSUMER_RULES_CACHE_DIR", str(folder))
    marker = tmp_path / "ran"
    assert _load(pack) == ["保本"]
    entry = _planted(folder, marker)
    if how == "tampered":
        entry.write_bytes(entry.read_bytes()[:-1] + b".")  # the hash no longer matches
    elif how == "group-writable-entry":
        entry.chmod(0o664)
    elif how == "world-writable-folder":
        folder.chmod(0o777)
        entry.chmod(0o666)
    else:
        target = tmp_path / "elsewhere.pickle"
        entry.rename(target)
        entry.symlink_to(target)
    if how != "tampered":
        # Left as written, the entry would run (that is the attack the checks stop).
        assert entry.read_bytes().startswith(b"consumer-rules cache")
    assert _load(pack) == ["保本"]
    assert not marker.exists()
    if how == "world-writable-folder":
        assert folder.stat().st_mode & 0o022 == 0  # our own folder: closed again


@pytest.mark.parametrize("how", ["a-file", "unwritable"])
def test_an_unusable_cache_folder_only_costs_time(
    tmp_path: Path, pack: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    folder = tmp_path / "cache"
    if how == "a-file":
        folder.write_text("x", encoding="utf-8")
    else:
        folder.mkdir()
        folder.chmod(0o500)
    monkeypatch.setenv("CONSUMER_RULES_CACHE_DIR", str(folder))
    try:
        assert _load(pack) == ["保本"]
        assert _load(pack) == ["保本"]
    finally:
        if folder.is_dir():
            folder.chmod(0o700)


# --- cost per finding: no finding copies its whole line --------------------------------------------------------


def test_ten_thousand_findings_on_one_line_stay_small(at: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """保本 x 10,000 on one line gave 807 MB of text output and 2.35 GB of memory: each finding printed the line."""
    (at / "one-line.txt").write_text("保本" * 10_000, encoding="utf-8")
    code, out, _ = run(capsys, *check(pack, "one-line.txt"))
    assert code == 1
    # the same words 1,000 times listed: one finding, the other 999 places its related lines
    assert out.count("error TST001") == 1 and out.count("同一问题 also: TST001 1:") == 999
    assert "9000 more findings of TST001 in this file are not listed" in out
    assert len(out) < 1_000 * 1_200


def test_a_cut_line_keeps_the_caret_under_the_excerpt(at: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (at / "long.txt").write_text("好" * 5_000 + "保本" + "好" * 5_000, encoding="utf-8")
    _, out, _ = run(capsys, *check(pack, "long.txt"))
    shown, caret = (line[8:] for line in out.splitlines()[2:4])
    assert out.startswith("long.txt:1:5001: error TST001")
    assert shown == "…" + "好" * 80 + "保本" + "好" * 80
    assert caret == " " * (1 + 2 * 80) + "^^^^"


def test_a_line_the_finding_keeps_whole_is_cut_on_the_terminal(
    at: Path, pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 300-character line is short enough for the finding's context (JSON, HTML keep it whole), but printed
    whole it ran 600 cells wide and the caret line wrapped away from the words: the terminal shows the same
    80 characters either side as for a line the finding cut."""
    (at / "para.txt").write_text("好" * 200 + "保本" + "好" * 98, encoding="utf-8")
    _, out, _ = run(capsys, *check(pack, "para.txt"))
    shown, caret = (line[8:] for line in out.splitlines()[2:4])
    assert out.startswith("para.txt:1:201: error TST001")
    assert shown == "…" + "好" * 80 + "保本" + "好" * 80 + "…"
    assert caret == " " * (1 + 2 * 80) + "^^^^"


def test_rule_file_with_an_impossible_date_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_pack(tmp_path / "bad", [rule("TST010", kind="forbid", match=["保本"])])
    path = bad / "TST010.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "since: 2026-02-30\n", encoding="utf-8")
    code, out, err = run(capsys, "rules", "validate", str(bad))
    line = path.read_text(encoding="utf-8").count("\n")
    assert (code, out) == (2, "")
    assert err.startswith(f"{path}:{line}:8: invalid value '2026-02-30' (timestamp): day is out of range for month\n")


def test_rules_from_a_folder_are_listed_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evil = write_pack(
        tmp_path / "evil", [rule("TST011", kind="forbid", match=["保本"], message_en="x\n::error::y\x1b[2J")]
    )
    code, out, _ = run(capsys, "rules", "list", "--no-builtin", "--rules", str(evil))
    assert code == 0
    assert _commands(out) == [] and "\x1b" not in out
    code, out, _ = run(capsys, "explain", "TST011", "--no-builtin", "--rules", str(evil))
    assert code == 0
    assert "\x1b" not in out


def test_impossible_paths_through_the_api_are_skips(tmp_path: Path, pack: Path) -> None:
    import consumer_rules

    (tmp_path / "file.txt").write_text("保本", encoding="utf-8")
    rules = consumer_rules.load_rules([], [pack], cache=False)
    report = rules.check_paths(["a\x00b.txt", str(tmp_path / "file.txt" / "x.txt"), str(tmp_path / "none.txt")])
    assert report.skipped == [
        ("a\x00b.txt", "cannot be read: embedded null byte"),
        (str(tmp_path / "file.txt" / "x.txt"), "cannot be read: Not a directory"),
        (str(tmp_path / "none.txt"), "no such file or folder"),
    ]


def test_findings_per_rule_and_file_are_capped_with_a_note(
    at: Path, pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """20 MB of 保本 would be 3.5 million findings (gigabytes); each rule lists 1,000 per file and counts the rest."""
    (at / "many.txt").write_text("保本 " * 5_000, encoding="utf-8")
    code, out, _ = run(capsys, *check(pack, "--format", "json", "many.txt"))
    import json

    findings = json.loads(out)["findings"]
    assert code == 1
    (listed,) = [f for f in findings if f["rule_id"] == "TST001"]  # the same words: one finding, 1,000 places
    assert 1 + len(listed["related"]) == 1_000
    (note,) = [f for f in findings if f["rule_id"] == "CR003"]
    assert (
        note["message_en"]
        == "4000 more findings of TST001 in this file are not listed (at most 1000 per rule and file)."
    )
    assert (note["line"], note["column"], note["severity"]) == (1, 3001, "info")  # right after the last listed
