"""`rules validate` names the rule of a regex whose measured cost is out of line, or that has no anchor."""

from __future__ import annotations

from pathlib import Path

import pytest

from consumer_rules.cli import main
from tests.helpers import rule, write_pack

ORDINARY = [
    "保本保息",
    "(?:保本|保收益)",
    "收益率[0-9]{1,3}%",
    "最(?:佳|好|优)",
    "稳赚(?:不赔)?",
    "国家级(?:认证|产品)",
]


def test_validate_warns_about_a_regex_without_anchor(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = [rule(f"TST{i:03d}", kind="forbid", match=[{"regex": r}]) for i, r in enumerate(ORDINARY, 1)]
    rules.append(rule("TST051", kind="forbid", match=[{"regex": "[0-9]{2,4}[a-z]{2}"}]))
    pack = write_pack(tmp_path / "pack", rules)
    assert main(["rules", "validate", str(pack)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("7 rules in 1 folder are valid")
    assert err.splitlines() == [
        f"{pack / 'TST051.yaml'}:1:0: warning: TST051: regex '[0-9]{{2,4}}[a-z]{{2}}' has no literal piece that "
        "every match contains, so it runs over the whole of every document (hint: include a word every match has, "
        "e.g. write (?:保本|保收益) rather than 保(?:本|收益)?)"
    ]


def test_validate_warns_about_an_unbounded_group_repeat(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = [rule("TST001", kind="forbid", match=[{"regex": "保本(?:保息)+"}])]
    rules.append(rule("TST002", kind="forbid", match=[{"regex": "收益[0-9]+%"}]))  # one class: bounded per text
    pack = write_pack(tmp_path / "pack", rules)
    assert main(["rules", "validate", str(pack)]) == 0
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"{pack / 'TST001.yaml'}:1:0: warning: TST001: regex '保本(?:保息)+' repeats a group without bound, so it "
        "runs over the whole of every document that contains its anchor (hint: bound the repeat, e.g. "
        "(?:ab){1,10}, or repeat one character class only)"
    ]


def test_a_regex_out_of_line_with_the_rest_is_named() -> None:
    from consumer_rules.pattern_cost import RegexCost, cost_warnings

    costs = [RegexCost(i, f"r{i}", (f"TST{i:03d}",), 0.1, True) for i in range(1, 10)]
    costs.append(RegexCost(10, "[^。]{0,80}同意", ("TST010",), 6.0, True))  # 60x the median, above the floor
    costs.append(RegexCost(11, "[^。]{0,9}同意", ("TST011",), 1.5, True))  # 15x the median
    where = {f"TST{i:03d}": (f"TST{i:03d}.yaml", 1) for i in range(1, 12)}
    [warning] = cost_warnings(None, where, costs)
    assert warning.path == "TST010.yaml"
    assert warning.message == (
        "warning: TST010: regex '[^。]{0,80}同意' is slow: 6.0 ms on the sample text, 60x the median regex (0.10 ms)"
    )


def test_every_builtin_regex_is_timed_and_named() -> None:
    import consumer_rules
    from consumer_rules.pattern_cost import time_regexes

    compiled = consumer_rules.load_rules().compiled
    costs = time_regexes(compiled, rounds=1)
    regexes = [p for p in compiled.patterns if p.literal is None]
    assert len(costs) == len(regexes)
    assert all(c.rules for c in costs)  # every regex belongs to a rule or a pack's masks
    assert costs == sorted(costs, key=lambda c: -c.ms)


def test_validate_warns_about_a_word_edge_the_two_engines_read_differently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = [rule("TST001", kind="forbid", match=[{"regex": r"保本保息|\bllc\b"}])]
    rules.append(rule("TST002", kind="forbid", match=[{"regex": r"(?:^|[^a-z0-9_])llc(?:[^a-z0-9_]|$)|保本"}]))
    pack = write_pack(tmp_path / "pack", rules)
    assert main(["rules", "validate", str(pack)]) == 0
    [warning] = [line for line in capsys.readouterr().err.splitlines() if "word" in line]
    assert warning.startswith(f"{pack / 'TST001.yaml'}:1:0: warning: TST001: regex ")
    assert "RE2 reads as an ASCII word edge" in warning and "(?:^|[^a-z0-9_])llc" in warning


def test_a_folders_regexes_are_timed_against_a_fixed_draw_of_the_rest() -> None:
    import consumer_rules
    from consumer_rules.pattern_cost import BASELINE_REGEXES, time_regexes, users

    compiled = consumer_rules.load_rules().compiled
    used = users(compiled)
    own = {"FIN001", "AD118"}
    costs = time_regexes(compiled, rounds=1, codes=own)
    mine = [c for c in costs if own.intersection(c.rules)]
    expected = [pid for pid, p in enumerate(compiled.patterns) if p.literal is None and own & set(used.get(pid, ()))]
    assert sorted(c.pid for c in mine) == expected and len(mine) > 10
    assert len(costs) - len(mine) == BASELINE_REGEXES  # the median's baseline, the same draw every time
    again = time_regexes(compiled, rounds=1, codes=own)
    assert {c.pid for c in again} == {c.pid for c in costs}
