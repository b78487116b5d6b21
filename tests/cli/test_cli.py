"""The command line as users and CI run it: formats, exit codes, inputs, selection and errors."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from consumer_rules.cli import main
from consumer_rules.discovery import builtin_packs_dir
from tests.helpers import rule, write_pack

RULES = [
    rule(
        "TST001",
        kind="forbid",
        match=["保本"],
        severity="error",
        category="guarantee_promise",
        unless={"negated": {"words": ["不"], "window": 2}},
    ),
    rule("TST002", kind="forbid", match=["最佳"], severity="warning", category="extreme_claim"),
    rule(
        "TST003", kind="require", when=["年化"], accept=["投资有风险"], severity="info", category="missing_risk_warning"
    ),
]


@pytest.fixture()
def pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "pack", RULES)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def check(pack: Path, *args: str) -> list[str]:
    """A check with the test pack only."""
    return ["check", "--no-builtin", "--rules", str(pack), *args]


def test_text_format_points_at_the_characters(tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "ad.txt"
    copy.write_text("第一行\n本产品保本，最佳选择。\n", encoding="utf-8")
    code, out, _ = run(check(pack, str(copy)), capsys)
    assert code == 1
    assert f"{copy}:2:4: error TST001 测试规则" in out
    assert "    2 | 本产品保本，最佳选择。\n      |       ^^^^" in out
    assert "依据 law: 中华人民共和国广告法 第四条" in out
    assert "建议 fix: 改写" in out
    assert "2 findings (1 error, 1 warning, 0 info) in 1 of 1 file checked" in out


def test_a_clean_file_is_reported_as_checked(tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "ad.txt"
    copy.write_text("本产品不保本。\n", encoding="utf-8")
    code, out, _ = run(check(pack, str(copy), str(tmp_path / "missing.txt")), capsys)
    assert code == 2  # the missing path is a visible skip, never a pass
    assert "0 findings in 1 file checked; 1 skipped" in out


@pytest.mark.parametrize(
    ("fail_on", "text", "expected"),
    [
        ("error", "最佳", 0),
        ("warning", "最佳", 1),
        ("error", "保本", 1),
        ("never", "保本", 0),
        ("info", "年化3%", 1),
        ("warning", "年化3%", 0),
        ("error", "不保本", 0),
    ],
)
def test_exit_code_follows_fail_on(
    tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str], fail_on: str, text: str, expected: int
) -> None:
    copy = tmp_path / "a.txt"
    copy.write_text(text, encoding="utf-8")
    assert run(check(pack, "--fail-on", fail_on, str(copy)), capsys)[0] == expected


def test_json_output(tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "a.md"
    copy.write_text("# 标题\n\n年化5%，保 本\n", encoding="utf-8")
    _, out, _ = run(check(pack, "--format", "json", str(copy)), capsys)
    data = json.loads(out)
    by_rule = {f["rule_id"]: f for f in data["findings"]}
    assert by_rule["TST001"]["excerpt"] == "保 本"
    assert (by_rule["TST001"]["line"], by_rule["TST001"]["column"]) == (3, 6)
    assert (by_rule["TST001"]["end_line"], by_rule["TST001"]["end_column"]) == (3, 9)
    text = copy.read_text(encoding="utf-8")
    assert text[by_rule["TST001"]["start"] : by_rule["TST001"]["end"]] == "保 本"
    assert by_rule["TST003"]["scope"] == "document" and by_rule["TST003"]["excerpt"] == "年化"
    assert data["summary"]["by_severity"] == {"error": 1, "warning": 0, "info": 1}


def test_standard_input(pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("保本".encode())))
    code, out, _ = run(check(pack, "-"), capsys)
    assert code == 1 and "<stdin>:1:1: error TST001" in out


def test_folders_are_checked_recursively(tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "copy" / "sub").mkdir(parents=True)
    (tmp_path / "copy" / "a.txt").write_text("保本", encoding="utf-8")
    (tmp_path / "copy" / "sub" / "b.md").write_text("最佳", encoding="utf-8")
    (tmp_path / "copy" / "sub" / "c.png").write_bytes(b"\x89PNG\x00\x00")
    (tmp_path / "copy" / ".hidden").mkdir()
    (tmp_path / "copy" / ".hidden" / "d.txt").write_text("保本", encoding="utf-8")
    os.symlink(tmp_path / "copy", tmp_path / "copy" / "sub" / "loop")
    _, out, _ = run(check(pack, "--format", "json", str(tmp_path / "copy")), capsys)
    data = json.loads(out)
    assert sorted(Path(f["path"]).name for f in data["findings"]) == ["a.txt", "b.md"]


def test_gbk_file_is_decoded(tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "gbk.txt"
    copy.write_bytes("本产品保本保息".encode("gbk"))
    _, out, _ = run(check(pack, "--format", "json", str(copy)), capsys)
    data = json.loads(out)
    assert [f["excerpt"] for f in data["findings"]] == ["保本"]
    assert data["files"] == [{"path": str(copy), "format": "text", "encoding": "gb18030"}]
    _, out, _ = run(check(pack, str(copy)), capsys)
    assert f"read with another encoding: {copy} (gb18030)" in out


def test_binary_and_missing_files_are_skipped_with_a_reason(
    tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    good = tmp_path / "ok.txt"
    good.write_text("保本", encoding="utf-8")
    code, out, err = run(check(pack, str(binary), str(tmp_path / "nope.txt"), str(good)), capsys)
    assert code == 2  # fail closed: a typo in a path is not a green build, even with findings elsewhere
    assert f"{binary}: skipped: looks like a binary file" in out
    assert "nope.txt: skipped: no such file or folder" in out
    assert "TST001" in out
    assert "2 skipped" in out and "--missing ok" in err
    code, out, _ = run(check(pack, "--missing", "ok", str(binary), str(tmp_path / "nope.txt"), str(good)), capsys)
    assert code == 1 and "nope.txt: skipped: no such file or folder" in out


def test_a_missing_path_beside_a_clean_file_exits_2(
    tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Silent pass: `check ok.txt nope.txt` said 'skipped' and exited 0."""
    good = tmp_path / "ok.txt"
    good.write_text("本产品不保本", encoding="utf-8")
    code, out, _ = run(check(pack, str(good), str(tmp_path / "nope.txt")), capsys)
    assert code == 2 and "nope.txt: skipped: no such file or folder" in out
    assert run(check(pack, "--missing", "ok", str(good), str(tmp_path / "nope.txt")), capsys)[0] == 0
    config = tmp_path / ".consumer-rules.yaml"
    config.write_text("missing: ok\n", encoding="utf-8")
    assert run(check(pack, "--config", str(config), str(good), str(tmp_path / "nope.txt")), capsys)[0] == 0


def test_a_folder_with_nothing_to_check_exits_2(tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "ok.txt"
    good.write_text("本产品不保本", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.yaml").write_text("a: 1", encoding="utf-8")
    for fmt in ("text", "json", "sarif", "junit", "github", "html"):
        code, out, _ = run(check(pack, "--format", fmt, str(good), str(empty)), capsys)
        assert code == 2, fmt
        assert "no file to check" in out, fmt  # every format shows the skip


def test_oversized_files_are_skipped_and_the_run_goes_on(
    tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.txt"
    big.write_text("保本" * 400_000, encoding="utf-8")  # 2.4 MB
    small = tmp_path / "small.txt"
    small.write_text("保本", encoding="utf-8")
    code, out, _ = run(check(pack, "--max-file-size", "1", "--missing", "ok", str(big), str(small)), capsys)
    assert code == 1
    assert f"{big}: skipped: is 2.4 MB, above the 1 MB limit" in out
    assert f"{small}:1:1: error TST001" in out


def test_nothing_checked_is_a_usage_error(tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(check(pack, str(tmp_path / "nope.txt")), capsys)
    assert code == 2 and "nothing was checked" in err


def test_select_and_ignore(tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "a.txt"
    copy.write_text("保本，最佳", encoding="utf-8")
    _, out, _ = run(check(pack, "--format", "json", "--ignore", "TST001", str(copy)), capsys)
    assert [f["rule_id"] for f in json.loads(out)["findings"]] == ["TST002"]
    _, out, _ = run(check(pack, "--select", "TST001,TST003", "--format", "json", str(copy)), capsys)
    assert [f["rule_id"] for f in json.loads(out)["findings"]] == ["TST001"]


def test_paths_may_follow_options(tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("保本", encoding="utf-8")
    second.write_text("最佳", encoding="utf-8")
    code, out, _ = run(check(pack, str(first), "--format", "json", str(second)), capsys)
    assert code == 1
    assert sorted(f["rule_id"] for f in json.loads(out)["findings"]) == ["TST001", "TST002"]


def test_an_abbreviated_option_is_an_error_not_another_option(
    tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # --rule was read as --rules (a rule folder) and --form as --format: a typo must not become another option
    copy = tmp_path / "a.txt"
    copy.write_text("保本", encoding="utf-8")
    for option, value, meant in (
        ("--rule", "TST001", "--rules"),
        ("--form", "json", "--format"),
        ("--sel", "x", "--select"),
    ):
        with pytest.raises(SystemExit) as exit_:
            main(check(pack, option, value, str(copy)))
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert "consumer-rules check: error" in err  # the check command's usage, not the top level's
        assert f"unrecognized arguments: {option}" in err and f"did you mean '{meant}'?" in err
    with pytest.raises(SystemExit):
        main(check(pack, "--formt", "json", str(copy)))
    assert "did you mean '--format'?" in capsys.readouterr().err  # a misspelling, not a prefix
    with pytest.raises(SystemExit):  # an action of a command: its own options, not the command's or the top level's
        main(["rules", "validate", "--no-buitin", str(pack)])
    err = capsys.readouterr().err
    assert "consumer-rules rules validate: error" in err and "did you mean '--no-builtin'?" in err
    with pytest.raises(SystemExit):
        main(["--verzion"])
    assert "did you mean '--version'?" in capsys.readouterr().err


def test_broken_rules_exit_2_with_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = Path(__file__).resolve().parent.parent / "fixtures" / "bad_rules"
    copy = tmp_path / "a.txt"
    copy.write_text("x", encoding="utf-8")
    code, out, err = run(["check", "--no-builtin", "--rules", str(bad), "--no-cache", str(copy)], capsys)
    assert code == 2 and out == ""
    assert "BAD001.yaml:3:11: unknown category 'guarante_promise'" in err
    assert "14 problem(s) in the files above; nothing was checked" in err
    assert "Traceback" not in err


def test_rules_validate_and_test_commands(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules", "validate", str(pack)], capsys)
    assert code == 0 and "3 rules" in out
    # --rules DIR, as `check` spells it, names the same folder
    assert run(["rules", "validate", "--rules", str(pack)], capsys)[1] == out
    bad = Path(__file__).resolve().parent.parent / "fixtures" / "bad_rules"
    assert run(["rules", "validate", str(bad)], capsys)[0] == 2
    # The boilerplate cases of the test pack ("x" must flag) fail, and say so.
    code, out, _ = run(["rules", "test", str(pack)], capsys)
    assert code == 1 and "TST001 flag[0]: expected ['x'], got []" in out
    # each failing case names the line it is written on, so it can be found in a long rule file
    found = re.search(r"TST001\.yaml:(\d+): TST001 flag\[0\]", out)
    assert found, out
    lines = (pack / "TST001.yaml").read_text(encoding="utf-8").splitlines()
    case = lines[int(found[1]) - 1 :]  # the case starts there: its first line opens the list item
    assert case[0].lstrip().startswith("- ") and "text: x" in "\n".join(case[:3]), lines
    assert "failed (3 rules; " in out and "with the built-in packs loaded" in out
    assert run(["rules", "test", "--rules", str(pack)], capsys)[:2] == (code, out)


def test_rules_test_runs_a_folder_where_check_runs_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A house rule's case held when its pack was tested alone, but `check --rules DIR` loads the built-in packs
    beside it, and their masks hide what it matches (保本浮动收益型 is a product class, masked by cn-finance): the
    rule never fired where it runs. `rules test DIR` now runs the folder's cases with the built-in packs loaded,
    as check does, and reports only the folder's rules; --no-builtin tests the folder alone."""
    cases = {"flag": [{"text": "本行保本浮动收益型产品", "expect": ["保本"]}], "pass": [{"text": "本产品收益浮动"}]}
    folder = write_pack(tmp_path / "house", [rule("TST001", kind="forbid", match=["保本"], cases=cases)])
    code, out, _ = run(["rules", "test", str(folder)], capsys)
    assert code == 1 and "TST001 flag[0]: expected ['保本'], got []" in out
    assert "1 passed, 1 failed (1 rule; " in out  # the built-in packs' own cases are not run
    assert check_cli_finds(folder, "本行保本浮动收益型产品", capsys) == []  # and check agrees: nothing found
    code, out, _ = run(["rules", "test", "--no-builtin", str(folder)], capsys)
    assert code == 0 and "2 passed, 0 failed (1 rule; " in out and "built-in" not in out
    # A built-in pack named as the folder is loaded once, as that folder, and its cases hold beside the others.
    code, out, _ = run(["rules", "test", str(builtin_packs_dir() / "cn-consumer")], capsys)
    assert code == 0 and " 0 failed (" in out and "with the built-in packs loaded" in out, out


def test_rules_validate_loads_a_folder_where_check_loads_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A house rule named like a built-in one validated alone, and `check --rules DIR` then refused to run:
    validation now loads the built-in packs beside the folder, as check does, and reports the clash there."""
    folder = write_pack(tmp_path / "house", [rule("TST001", kind="forbid", match=["甲"], name="risk_warning.fund")])
    code, out, err = run(["rules", "validate", str(folder)], capsys)
    assert code == 2 and "'risk_warning.fund' is already used by" in err and "TST001.yaml" in err
    assert run(["check", "--rules", str(folder), str(folder / "pack.yaml")], capsys)[0] == 2  # check agrees
    code, out, _ = run(["rules", "validate", "--no-builtin", str(folder)], capsys)
    assert code == 0 and "1 rule in 1 folder is valid" in out and "built-in" not in out


def test_rules_test_and_validate_take_one_rule_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`rules test rules/cn-finance/FIN016.yaml` answered "rule folder does not exist": a rule file now stands for
    its folder, which loads whole (the rule may use the pack's vocabulary), and only that rule is reported."""
    cases = {"flag": [{"text": "甲", "expect": ["甲"]}], "pass": [{"text": "乙"}]}
    folder = write_pack(
        tmp_path / "house",
        [rule("TST001", kind="forbid", match=["甲"], cases=cases), rule("TST002", kind="forbid", match=["丙"])],
    )
    code, out, _ = run(["rules", "test", "--no-builtin", str(folder / "TST001.yaml")], capsys)
    assert code == 0 and "2 passed, 0 failed (1 rule; " in out and "TST001.yaml" in out, out
    # the other rule's failing boilerplate case is not run when only TST001 is named, and is when TST002 is
    code, out, _ = run(["rules", "test", "--no-builtin", str(folder / "TST002.yaml")], capsys)
    assert code == 1 and "TST002 flag[0]" in out and "TST001" not in out, out
    code, out, _ = run(["rules", "validate", "--no-builtin", str(folder / "TST001.yaml")], capsys)
    assert code == 0 and "1 rule in 1 file is valid" in out, out
    # a built-in rule file: its pack loads once, as itself
    code, out, _ = run(["rules", "test", str(builtin_packs_dir() / "cn-consumer" / "CP001.yaml")], capsys)
    assert code == 0 and " 0 failed (1 rule; " in out, out
    code, _, err = run(["rules", "test", str(folder / "TST009.yaml")], capsys)
    assert code == 2 and "TST009.yaml: rule file does not exist" in err, err
    # `check --rules` takes folders: a rule file there is refused by name, not called missing
    copy = tmp_path / "copy.txt"
    copy.write_text("甲", encoding="utf-8")
    code, _, err = run(["check", "--rules", str(folder / "TST001.yaml"), str(copy)], capsys)
    assert code == 2 and "TST001.yaml: is a file, and rules are loaded by folder" in err and str(folder) in err, err


def test_rules_validate_refuses_a_case_with_an_invalid_product(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A case whose product is not a valid description (insurance_subtype: medical) passed `rules validate` and
    failed only in `rules test`, as "<invalid product in the case>": it is now a problem at the field's line."""
    product = {"name": "惠民医疗", "type": "insurance", "insurance_subtype": "medical", "issuer": "XX财险"}
    cases = {
        "flag": [{"text": "年交", "product": product, "expect": ["年交"]}],
        "pass": [{"text": "乙", "product": product}],
    }
    folder = write_pack(
        tmp_path / "house",
        [rule("TST001", kind="consistency", when={"type": "insurance"}, match=["年交"], cases=cases)],
    )
    code, out, err = run(["rules", "validate", "--no-builtin", str(folder)], capsys)
    assert code == 2 and out == "", out
    assert re.search(r"TST001\.yaml:\d+:\d+: invalid product in case flag\[0\]: Input should be 'life'", err), err
    product["insurance_subtype"] = "health"
    write_pack(
        tmp_path / "house",
        [rule("TST001", kind="consistency", when={"type": "insurance"}, match=["年交"], cases=cases)],
    )
    assert run(["rules", "validate", "--no-builtin", str(folder)], capsys)[0] == 0


def check_cli_finds(folder: Path, text: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    copy = folder.parent / "copy.txt"
    copy.write_text(text, encoding="utf-8")
    code, out, _ = run(["check", "--rules", str(folder), "--select", "TST", "--format", "json", str(copy)], capsys)
    assert code in (0, 1), out
    return [f["excerpt"] for f in json.loads(out)["findings"]]


def test_rules_list_and_show(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules", "list", "--no-builtin", "--rules", str(pack), "--format", "json"], capsys)
    assert code == 0 and [r["code"] for r in json.loads(out)] == ["TST001", "TST002", "TST003"]
    code, out, _ = run(["rules", "show", "TST002", "--no-builtin", "--rules", str(pack)], capsys)
    assert code == 0 and "TST002  test.tst002" in out and "category: extreme_claim" in out
    code, _, err = run(["explain", "TST0002", "--no-builtin", "--rules", str(pack)], capsys)
    assert code == 2 and "did you mean 'TST002'" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "--format", "xml", "a.txt"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["check", "--fail-on", "sometimes", "a.txt"])
    assert info.value.code == 2


def test_console_script_runs_as_a_process(tmp_path: Path, pack: Path) -> None:
    copy = tmp_path / "a.txt"
    copy.write_text("保本", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "consumer_rules", *check(pack, str(copy))],
        capture_output=True,
        text=True,
        env={**os.environ, "CONSUMER_RULES_CACHE_DIR": str(tmp_path)},
    )
    assert proc.returncode == 1, proc.stderr
    assert "TST001" in proc.stdout


def test_baseline_of_a_missing_path_exits_2(tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "ok.txt"
    good.write_text("保本", encoding="utf-8")
    args = ["baseline", "--no-builtin", "--rules", str(pack), "-o", str(tmp_path / "w.yaml"), str(good)]
    code, _, err = run([*args, str(tmp_path / "nope.txt")], capsys)
    assert code == 2 and "nope.txt: skipped: no such file or folder" in err
    assert run(args, capsys)[0] == 0


def test_the_html_report_says_what_was_not_checked(
    tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "ok.txt"
    good.write_text("本产品不保本", encoding="utf-8")
    code, out, _ = run(check(pack, "--format", "html", str(good), str(tmp_path / "nope.txt")), capsys)
    assert code == 2 and "1 input(s) could not be checked" in out


def test_the_parser_of_one_command_parses_it_as_the_whole_parser_does() -> None:
    """main() adds only the options of the command being run; the answer must be the whole parser's."""
    from consumer_rules.cli import COMMANDS, build_parser

    lines = [
        ["check", "a.txt", "-", "--format", "json", "--jobs", "2", "--pack", "cn-finance", "--kind", "privacy"],
        ["baseline", "docs", "--expires", "2030-01-01", "--approver", "法务"],
        ["rules", "list", "--format", "json", "--select", "FIN"],
        ["rules", "test", "--rules", "x"],
        ["explain", "FIN001", "--no-builtin", "--rules", "x"],
    ]
    for words in lines:
        assert words[0] in COMMANDS
        assert build_parser(words[0]).parse_args(words) == build_parser().parse_args(words)
    assert "baseline" in build_parser("check").format_help()  # every command is still listed


def test_a_document_in_a_format_not_read_is_skipped_named_or_in_a_folder(
    tmp_path: Path, pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Silent pass: a folder walk passed over ad.doc and ad.rtf, so copy kept in them was never checked and the run
    # was green; named on the command line they were already skipped, by a look at their bytes.
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "ok.txt").write_text("本产品不保本", encoding="utf-8")
    (copy / "ad.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    (copy / "ad.rtf").write_text("{\\rtf1\\ansi \\u20445?\\u26412?}", encoding="ascii")
    (copy / "banner.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not copy: passed over as before
    code, out, _ = run(check(pack, str(copy)), capsys)
    assert code == 2
    assert f"{copy / 'ad.doc'}: skipped: is an old Office file" in out
    assert f"{copy / 'ad.rtf'}: skipped: is an RTF document" in out
    assert "banner.png" not in out and "2 skipped" in out
    code, out, _ = run(check(pack, str(copy / "ad.rtf")), capsys)
    assert code == 2 and "is an RTF document" in out
    assert run(check(pack, "--missing", "ok", str(copy)), capsys)[0] == 0
