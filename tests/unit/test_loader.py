"""Broken rule files: every problem of every file reported at once, with file:line:col and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

import consumer_rules
from consumer_rules.discovery import builtin_pack_names
from consumer_rules.errors import RuleLoadError
from consumer_rules.loader import load_folders
from tests.helpers import rule, write_pack

BAD = Path(__file__).resolve().parent.parent / "fixtures" / "bad_rules"


@pytest.fixture(scope="module")
def problems() -> list[str]:
    with pytest.raises(RuleLoadError) as info:
        load_folders([BAD])
    return [
        f"{Path(p.path).name}:{p.line}:{p.column}: {p.message}" + (f" | {p.hint}" if p.hint else "")
        for p in info.value.problems
    ]


def _one(problems: list[str], prefix: str, needle: str) -> str:
    found = [p for p in problems if p.startswith(prefix) and needle in p]
    assert found, f"no problem {prefix} .. {needle!r} in:\n" + "\n".join(problems)
    return found[0]


def test_unknown_category_with_did_you_mean(problems: list[str]) -> None:
    assert "did you mean 'guarantee_promise'" in _one(problems, "BAD001.yaml:3:11:", "unknown category")


def test_unknown_key_with_did_you_mean(problems: list[str]) -> None:
    assert "did you mean 'summary'" in _one(problems, "BAD001.yaml:18:3:", "unknown key 'sumary'")


def test_non_linear_regexes_are_refused_with_their_line(problems: list[str]) -> None:
    _one(problems, "BAD001.yaml:11:12:", "back-reference")
    _one(problems, "BAD001.yaml:12:12:", "look-ahead")


def test_wrong_types_name_the_value(problems: list[str]) -> None:
    _one(problems, "BAD002.yaml:4:11:", "severity")
    assert "'many'" in _one(problems, "BAD002.yaml:12:13:", "unless.negated.window")


def test_code_must_match_file_name(problems: list[str]) -> None:
    _one(problems, "BAD002.yaml:1:7:", "does not match the file name")


def test_yaml_syntax_error(problems: list[str]) -> None:
    _one(problems, "BAD003.yaml:", "invalid YAML")


def test_alias_bomb_is_refused(problems: list[str]) -> None:
    _one(problems, "BAD004.yaml:", "aliases")


def test_duplicate_keys_are_refused(problems: list[str]) -> None:
    _one(problems, "BAD005.yaml:2:1:", "duplicate key 'code'")


def test_missing_nested_key_points_at_its_parent(problems: list[str]) -> None:
    _one(problems, "BAD001.yaml:17:1:", "missing required key 'summary' in 'docs'")


def test_missing_cases(problems: list[str]) -> None:
    _one(problems, "BAD006.yaml:", "missing required key 'cases'")


def test_full_width_in_regex_and_empty_match(problems: list[str]) -> None:
    assert "'％' -> '%'" in _one(problems, "BAD007.yaml:10:12:", "never occur in the normalised text")
    _one(problems, "BAD007.yaml:11:12:", "empty")


def test_all_files_reported_together(problems: list[str]) -> None:
    files = {p.split(":")[0] for p in problems}
    assert files == {f"BAD00{i}.yaml" for i in range(1, 8)}


def test_oversized_rule_file_is_refused_before_parsing(tmp_path: Path) -> None:
    write_pack(tmp_path, [])
    (tmp_path / "TST001.yaml").write_bytes(b"# " + b"x" * (2 * 1024 * 1024))
    with pytest.raises(RuleLoadError) as info:
        load_folders([tmp_path])
    assert "at most 1 MiB" in str(info.value)


def test_non_utf8_rule_file(tmp_path: Path) -> None:
    write_pack(tmp_path, [])
    (tmp_path / "TST001.yaml").write_bytes("code: TST001\nname: 保本\n".encode("gbk"))
    with pytest.raises(RuleLoadError) as info:
        load_folders([tmp_path])
    assert "not valid UTF-8" in str(info.value)


def test_duplicate_codes_across_packs(tmp_path: Path) -> None:
    write_pack(tmp_path / "a", [rule("TST001", kind="forbid", match=["甲"])])
    write_pack(tmp_path / "b", [rule("TST001", kind="forbid", match=["乙"], name="test.other")])
    with pytest.raises(RuleLoadError) as info:
        load_folders([tmp_path / "a", tmp_path / "b"])
    assert "'TST001' is already used" in str(info.value)


def test_unknown_pack_name() -> None:
    with pytest.raises(RuleLoadError) as info:
        consumer_rules.load_rules(["cn-financ"], cache=False)
    assert "did you mean 'cn-finance'" in str(info.value)


def test_code_prefix_must_belong_to_the_pack(tmp_path: Path) -> None:
    write_pack(tmp_path, [rule("XYZ001", kind="forbid", match=["甲"])])
    with pytest.raises(RuleLoadError) as info:
        load_folders([tmp_path])
    assert "does not use a prefix of pack" in str(info.value)


def test_problems_in_product_rules_point_at_their_key(tmp_path: Path) -> None:
    product_case = {"flag": [{"expect": ["x"], "product": {}}], "pass": [{"product": {}}]}
    write_pack(
        tmp_path,
        [
            rule("TST001", kind="field", severity="fatal", whn={}, cases=product_case),
            rule("TST002", kind="consistency", mach=["保本"], cases=product_case),
        ],
    )
    with pytest.raises(RuleLoadError) as info:
        load_folders([tmp_path])
    found = {(Path(p.path).name, p.message, p.hint) for p in info.value.problems}
    assert ("TST001.yaml", "severity: Input should be 'error', 'warning' or 'info' (got 'fatal')", None) in found
    assert ("TST001.yaml", "unknown key 'whn'", "did you mean 'when'?") in found
    assert ("TST002.yaml", "unknown key 'mach'", "did you mean 'match'?") in found
    assert all(p.line > 1 for p in info.value.problems), info.value.problems


def test_a_check_across_a_rules_keys_points_at_the_key_it_is_about(tmp_path: Path) -> None:
    # such checks run on the whole rule, so they used to be reported at the rule's first line, 1:1
    product_case = {"flag": [{"expect": ["x"], "product": {}}], "pass": [{"product": {}}]}
    quantity = {"fact": "benchmark", "kind": "percent", "fields": ["returns"], "above": True, "not_above": True}
    best_end = {"fact": "benchmark", "kind": "percent", "fields": ["returns"], "best_end": {"apr": "low"}}
    write_pack(
        tmp_path,
        [
            rule("TST001", kind="consistency", quantity=quantity, cases=product_case),
            rule("TST002", kind="consistency", quantity=best_end, cases=product_case),
            rule("TST003", kind="consistency", match=["保本"], promotes=["收益"], cases=product_case),
            rule("TST004", kind="consistency", accept=["风险"], fee_waived=True, cases=product_case),
        ],
    )
    with pytest.raises(RuleLoadError) as info:
        load_folders([tmp_path])
    lines = {Path(p.path).name: (p.line, p.message) for p in info.value.problems}
    texts = {name: (tmp_path / name).read_text(encoding="utf-8").splitlines() for name in lines}
    for name, key, message in [
        ("TST001.yaml", "not_above:", "give at most one of 'above' and 'not_above'"),
        ("TST002.yaml", "apr:", "'best_end' names 'apr', which this quantity does not compare (its 'fields': returns)"),
        ("TST003.yaml", "promotes:", "'promotes' goes with 'accept'"),
        ("TST004.yaml", "fee_waived:", "'fee_waived' goes with 'match'"),
    ]:
        line, said = lines[name]
        assert message in said
        assert texts[name][line - 1].lstrip(" -").startswith(key), (name, line, texts[name])


def test_a_missing_or_misspelt_kind_is_named_with_the_kinds_there_are(tmp_path: Path) -> None:
    # pydantic's own words were "Unable to extract tag using discriminator 'kind'", at 1:1
    (tmp_path / "TST001.yaml").write_text("code: TST001\nname: a.b\ncategory: other\n", encoding="utf-8")
    (tmp_path / "TST002.yaml").write_text("code: TST002\nkind: forbidd\n", encoding="utf-8")
    with pytest.raises(RuleLoadError) as info:
        load_folders([tmp_path])
    found = {(Path(p.path).name, p.line, p.message, p.hint) for p in info.value.problems}
    kinds = "forbid, require, field, consistency, proximity"
    assert ("TST001.yaml", 1, "missing required key 'kind'", f"one of {kinds}") in found
    assert ("TST002.yaml", 2, "unknown kind 'forbidd'", "did you mean 'forbid'?") in found


def test_unknown_vocabulary_is_named_at_its_line(tmp_path: Path) -> None:
    write_pack(tmp_path, [rule("TST001", kind="forbid", match=["甲"], applies_to={"about": ["insurence"]})])
    pack = (tmp_path / "pack.yaml").read_text(encoding="utf-8")
    (tmp_path / "pack.yaml").write_text(pack + "vocabularies:\n  insurance: [保险]\n  loan: ['(bad']\n", "utf-8")
    with pytest.raises(RuleLoadError) as info:
        load_folders([tmp_path])
    found = {(Path(p.path).name, p.message, p.hint) for p in info.value.problems}
    assert ("TST001.yaml", "unknown vocabulary 'insurence'", "did you mean 'insurance'?") in found
    assert not any(name == "pack.yaml" for name, _, _ in found)  # '(bad' is a phrase, not a regex
    lines = [p.line for p in info.value.problems if p.message.startswith("unknown vocabulary")]
    text = (tmp_path / "TST001.yaml").read_text(encoding="utf-8").splitlines()
    assert "insurence" in text[lines[0] - 1]


def test_bad_vocabulary_regex_is_named_in_pack_file(tmp_path: Path) -> None:
    write_pack(tmp_path, [])
    pack = (tmp_path / "pack.yaml").read_text(encoding="utf-8")
    (tmp_path / "pack.yaml").write_text(pack + "vocabularies:\n  loan:\n    - regex: '(贷款'\n", "utf-8")
    with pytest.raises(RuleLoadError) as info:
        load_folders([tmp_path])
    (problem,) = info.value.problems
    assert Path(problem.path).name == "pack.yaml"
    assert "(贷款" in (tmp_path / "pack.yaml").read_text(encoding="utf-8").splitlines()[problem.line - 1]


def test_one_bad_line_in_pack_yaml_is_one_problem_not_one_per_rule_using_its_vocabularies(tmp_path: Path) -> None:
    # A bad mask used to drop the whole manifest, and every rule naming one of its vocabularies then reported an
    # unknown vocabulary: a page of errors for one broken line.
    users = [rule(f"TST00{i}", kind="forbid", match=[{"vocabulary": "loan"}]) for i in range(1, 4)]
    write_pack(tmp_path, users, masks=[{"regex": "(?<=x)贷款"}])
    pack = (tmp_path / "pack.yaml").read_text(encoding="utf-8")
    (tmp_path / "pack.yaml").write_text(pack + "vocabularies:\n  loan:\n    - 贷款\n", "utf-8")
    with pytest.raises(RuleLoadError) as info:
        load_folders([tmp_path])
    (problem,) = info.value.problems
    assert Path(problem.path).name == "pack.yaml" and "look-ahead or look-behind" in problem.message


def test_did_you_mean_prefers_the_same_word_in_another_case_and_a_left_out_character() -> None:
    from consumer_rules.discovery import did_you_mean

    codes = ["FIN001", "FIN010", "FIN201", "AD001"]
    assert did_you_mean("fin001", codes) == "did you mean 'FIN001'?"  # was none: case counted as a difference
    assert did_you_mean("FIN01", codes) == "did you mean 'FIN001'?"  # was FIN201, equally similar
    assert did_you_mean("guarante_promise", ["guarantee_promise", "extreme_claim"]) == (
        "did you mean 'guarantee_promise'?"
    )
    assert did_you_mean("zzz", codes) is None


def test_a_pack_loaded_alone_borrows_the_built_in_vocabularies_its_rules_name(tmp_path: Path) -> None:
    """`--pack cn-advertising` crashed: AD107 is scoped with not_about: [insurance, …], whose words the finance
    pack defines. A pack chosen alone reads those words from the built-in packs and scopes its rules as the full
    set does."""
    alone = consumer_rules.load_rules(["cn-advertising"], cache=False)
    full = consumer_rules.load_rules(cache=False)
    goods = "本店保证100%的原装进口。"
    policy = "本保险保证100%的原装进口。"
    for rules in (alone, full):
        assert "AD107" in {f.rule_id for f in rules.check_text(goods).findings}
        assert "AD107" not in {f.rule_id for f in rules.check_text(policy).findings}


def test_did_you_mean_with_nothing_to_choose_from() -> None:
    from consumer_rules.discovery import did_you_mean

    assert did_you_mean("insurance", []) is None


@pytest.mark.parametrize("pack", builtin_pack_names())
def test_every_built_in_pack_loads_and_checks_alone(pack: str) -> None:
    rules = consumer_rules.load_rules([pack], cache=False)
    assert rules.rules and {r.pack for r in rules.rules} == {pack}
    rules.check_text("本产品保本保息，全网最低价，使用即视为同意本政策。")


def _with_vocabularies(folder: Path, vocabularies: str) -> None:
    pack = (folder / "pack.yaml").read_text(encoding="utf-8")
    (folder / "pack.yaml").write_text(pack + vocabularies, "utf-8")


def test_a_vocabulary_entry_stands_for_every_word_of_the_vocabulary(tmp_path: Path) -> None:
    """Four privacy rules carried the same four-line list of what marks a whole policy, and two finance rules the
    same eight: one pack vocabulary named in each rule's list replaces the copies, and the rule finds what the
    words written out found, in a forbid rule's match as in its negators (a nested list)."""
    cases = {"flag": [{"text": "保本理财", "expect": ["保本"]}], "pass": [{"text": "不保本"}]}
    named = rule(
        "TST001",
        kind="forbid",
        match=[{"vocabulary": "promise"}, "稳赚"],
        unless={"negated": {"words": [{"vocabulary": "denial"}], "window": 2}},
        cases=cases,
    )
    spelled = rule(
        "TST001",
        kind="forbid",
        match=["保本", {"regex": "保[证障]收益"}, "稳赚"],
        unless={"negated": {"words": ["不", "并非"], "window": 2}},
        cases=cases,
    )
    write_pack(tmp_path / "named", [named])
    vocabularies = "vocabularies:\n  promise: [保本, {regex: '保[证障]收益'}]\n  denial: [不, 并非]\n"
    _with_vocabularies(tmp_path / "named", vocabularies)
    write_pack(tmp_path / "spelled", [spelled])
    text = "本产品保本，保障收益；另一款产品不保本，并非保证收益，稳赚。"
    found = [
        [(f.start, f.end) for f in consumer_rules.load_rules([], [tmp_path / d], cache=False).check_text(text).findings]
        for d in ("named", "spelled")
    ]
    assert found[0] == found[1] == [(3, 5), (6, 10), (27, 29)]
    (loaded,) = load_folders([tmp_path / "named"]).rules
    assert "保本" in loaded.spec.match and "并非" in loaded.spec.unless.negated.words  # the words, not the name


def test_an_unknown_vocabulary_entry_is_named_at_its_line(tmp_path: Path) -> None:
    write_pack(tmp_path, [rule("TST001", kind="require", accept=["风险"], promotes=[{"vocabulary": "offers"}])])
    _with_vocabularies(tmp_path, "vocabularies:\n  offer: [立即购买]\n")
    with pytest.raises(RuleLoadError) as info:
        load_folders([tmp_path])
    (problem,) = info.value.problems
    assert (problem.message, problem.hint) == ("unknown vocabulary 'offers'", "did you mean 'offer'?")
    assert "offers" in (tmp_path / "TST001.yaml").read_text(encoding="utf-8").splitlines()[problem.line - 1]


def test_a_vocabulary_entry_in_a_pack_list_is_refused_at_its_line(tmp_path: Path) -> None:
    """A pack's masks, framing and vocabularies list words; a vocabulary named there would be silently empty."""
    write_pack(tmp_path, [], masks=["不保本", {"vocabulary": "denial"}])
    _with_vocabularies(tmp_path, "vocabularies:\n  denial: [不]\n")
    with pytest.raises(RuleLoadError) as info:
        load_folders([tmp_path])
    (problem,) = info.value.problems
    assert Path(problem.path).name == "pack.yaml" and "vocabulary 'denial' cannot stand here" in problem.message
    assert "denial" in (tmp_path / "pack.yaml").read_text(encoding="utf-8").splitlines()[problem.line - 1]


def test_a_pattern_entry_gives_one_of_phrase_regex_and_vocabulary(tmp_path: Path) -> None:
    write_pack(tmp_path, [rule("TST001", kind="forbid", match=[{"phrase": "保本", "vocabulary": "promise"}])])
    with pytest.raises(RuleLoadError) as info:
        load_folders([tmp_path])
    assert any("exactly one of 'phrase', 'regex' or 'vocabulary'" in p.message for p in info.value.problems)


def test_a_pack_loaded_alone_borrows_a_vocabulary_its_rules_list(tmp_path: Path) -> None:
    """A user's pack may name a built-in vocabulary (how copy offers an investment) without loading that pack."""
    cases = {"flag": [{"text": "年化5%，立即购买", "expect": ["年化5%"]}], "pass": [{"text": "年化5%的产品不多"}]}
    write_pack(
        tmp_path,
        [
            rule(
                "TST001",
                kind="require",
                when=[{"regex": "年化\\d+%"}],
                accept=["投资有风险"],
                promotes=[{"vocabulary": "offers_investment"}],
                cases=cases,
            )
        ],
    )
    rules = consumer_rules.load_rules([], [tmp_path], cache=False)
    assert [f.excerpt for f in rules.check_text("年化5%，立即购买").findings] == ["年化5%"]
    assert rules.check_text("年化5%的产品不多。").findings == []


def test_a_regex_broken_over_two_lines_is_an_error_at_its_line() -> None:
    # YAML folds the line break of a quoted scalar into a space: '[^。!?\n]' written across two lines became
    # '[^。!? ]' in two built-in rules before this was an error.
    from consumer_rules.yamlfile import parse_yaml

    text = "code: TST001\nmatch:\n  - regex: '收益[^。!?\n]{0,2}稳定'\n  - regex: '收益[^。!?\\n]{0,2}稳定'\n"
    doc, problems = parse_yaml(text, "TST001.yaml")
    assert doc is None
    assert [(p.line, p.column, p.message) for p in problems] == [
        (3, 12, "regex runs over more than one line: YAML reads the line break as a space")
    ]
    one_line, none = parse_yaml(text.replace("!?\n]", "!?\\n]", 1), "TST001.yaml")
    assert none == [] and one_line is not None
    assert one_line.data["match"][0]["regex"] == "收益[^。!?\\n]{0,2}稳定"
