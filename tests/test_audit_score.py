"""tests/corpus/audit_score.py: the packs scored against an audit's judgements, finding by finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consumer_rules import RuleSet
from tests.corpus.audit_score import main, score_field

GUARANTEE = "本理财产品保本保息，欢迎认购。"
NEGATED = "本理财产品不保本，投资须谨慎。"
NO_WARNING = "XX理财，预期年化收益率8%，立即认购。"


def _field(root: Path, texts: dict[str, str], judged: list[dict], misses: list[dict]) -> Path:
    folder = root / "finance"
    (folder / "texts").mkdir(parents=True)
    for name, text in texts.items():
        (folder / "texts" / name).write_text(text, encoding="utf-8")
    (folder / "judged.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in judged), "utf-8")
    (folder / "misses.jsonl").write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in misses), "utf-8")
    return folder


def test_judged_findings_are_followed_and_new_ones_kept_apart(builtin: RuleSet, tmp_path: Path) -> None:
    start = GUARANTEE.index("保本")
    folder = _field(
        tmp_path,
        {"001.txt": GUARANTEE, "002.txt": NEGATED, "003.txt": NO_WARNING},
        [
            # still reported: the guarantee the auditors judged right
            {"file": "texts/001.txt", "rule_id": "FIN001", "start": start, "excerpt": "保本保息", "verdict": "right"},
            # a false finding the packs no longer make (the negation reads as one)
            {"file": "texts/002.txt", "rule_id": "FIN001", "start": 6, "excerpt": "保本", "verdict": "false"},
        ],
        # a missing warning is covered by a finding of its category anywhere in the text
        [{"file": "texts/003.txt", "category": "missing_risk_warning", "excerpt": "预期年化收益率8%"}],
    )
    score = score_field(folder, builtin)
    assert (score.judged_right, score.judged_false, score.right_kept, score.false_kept) == (1, 1, 1, 0)
    assert [row["file"] for row in score.gone] == ["texts/002.txt"]
    assert score.misses == 1 and len(score.covered) == 1
    # every finding on 003 and the others on 001 were never judged: they are counted apart, not as right
    assert {name for name, _ in score.new} >= {"texts/003.txt"}
    assert all((name, f.rule_id, f.start) != ("texts/001.txt", "FIN001", start) for name, f in score.new)


def test_a_miss_of_another_category_or_elsewhere_is_not_covered(builtin: RuleSet, tmp_path: Path) -> None:
    text = GUARANTEE + "\n本公司是行业第一。"
    folder = _field(
        tmp_path,
        {"001.txt": text},
        [],
        [
            {"file": "texts/001.txt", "category": "suitability", "excerpt": "保本保息"},
            {"file": "texts/001.txt", "category": "guarantee_promise", "excerpt": "本公司是行业"},
        ],
    )
    assert score_field(folder, builtin).covered == []


def test_words_not_in_the_text_are_an_error_not_a_miss(builtin: RuleSet, tmp_path: Path) -> None:
    miss = {"file": "texts/001.txt", "category": "x", "excerpt": "不在"}
    folder = _field(tmp_path, {"001.txt": GUARANTEE}, [], [miss])
    with pytest.raises(SystemExit, match="not in the text"):
        score_field(folder, builtin)


def test_the_command_names_a_folder_that_is_no_audit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "missing")]) == 2
    (tmp_path / "empty").mkdir()
    assert main([str(tmp_path / "empty")]) == 2
    assert "no field folder" in capsys.readouterr().err
