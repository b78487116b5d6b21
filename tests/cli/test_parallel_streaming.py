"""--jobs, streamed formats (jsonl, concise / -q), the progress bar switch and the HTML report's memory bound."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consumer_rules.cli import main

COPY = [
    "本理财产品保本保息，预期年化收益率8.5%，最佳选择！",
    "理财非存款、产品有风险、投资须谨慎。本产品不保本。",
    "使用即视为同意本政策。最终解释权归本公司所有。",
    "今天天气很好。",
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "copy"
    for i in range(24):
        sub = root / f"part{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"ad{i:02d}.txt").write_text(COPY[i % 4] * (1 + i % 2), encoding="utf-8")
    (root / "part0" / "empty.pdf").write_bytes(b"%PDF-1.4\n")
    return root


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "concise", "github", "sarif"])
def test_output_is_the_same_for_any_number_of_jobs(folder: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    one = _run(capsys, str(folder), "--format", fmt, "--jobs", "1")
    two = _run(capsys, str(folder), "--format", fmt, "--jobs", "2")
    assert one == two
    assert one[0] == 2 and "ad00.txt" in one[1]  # 2: the folder holds a PDF that cannot be read (fail closed)


def test_jsonl_is_one_finding_per_line_then_skipped(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, str(folder), "--format", "jsonl", "--jobs", "2")
    assert code == 2  # the skipped PDF fails the run
    rows = [json.loads(line) for line in out.splitlines()]
    findings = [r for r in rows if "rule_id" in r]
    _, full, _ = _run(capsys, str(folder), "--format", "json", "--jobs", "1")
    assert findings == json.loads(full)["findings"]
    assert rows[len(findings) :] == [{"path": str(folder / "part0" / "empty.pdf"), "skipped": rows[-1]["skipped"]}]


def test_q_is_one_line_per_finding(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, str(folder / "part0" / "ad00.txt"), "-q")
    lines = out.splitlines()
    assert code == 1 and len(lines) > 2
    assert lines[-1].startswith(f"{len(lines) - 1} findings (") and lines[-1].endswith("in 1 of 1 file checked")
    assert all(line.startswith(f"{folder / 'part0' / 'ad00.txt'}:") for line in lines[:-1])
    fin001 = next(line for line in lines if " error FIN001 " in line and line.endswith("[保本保息]"))
    # Chinese first, then the English line's words, as the full report gives them
    message = fin001.split(" error FIN001 ", 1)[1]
    assert message.startswith("宣传中承诺或暗示保本") and " / The copy promises" in message


def test_progress_bar_only_on_a_terminal(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = _run(capsys, str(folder), "--format", "concise")
    assert "files/s" not in err and "it/s" not in err  # stderr is not a terminal here


def test_jobs_must_be_positive(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check", str(folder), "--jobs", "0"])
    assert "must be at least 1" in capsys.readouterr().err


def test_html_says_when_it_drops_texts(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from consumer_rules import cli

    monkeypatch.setattr(cli, "HTML_SOURCES_LIMIT", 60)
    _, out, _ = _run(capsys, str(folder), "--format", "html", "--jobs", "2")
    assert "file(s) was not kept" in out
    monkeypatch.setattr(cli, "HTML_SOURCES_LIMIT", 10**9)
    _, out, _ = _run(capsys, str(folder), "--format", "html")
    assert "was not kept" not in out


def test_html_shows_the_texts_with_workers_too(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = _run(capsys, str(folder), "--format", "html", "--jobs", "1")
    two = _run(capsys, str(folder), "--format", "html", "--jobs", "2")
    assert two == one and "not kept" not in two[1]
    assert 'class="km s-error"' in two[1]  # the key to the marks, shown only above texts shown in place


@pytest.mark.parametrize("jobs", [1, 2])
def test_reports_leave_the_texts_out_unless_asked(folder: Path, jobs: int) -> None:
    from consumer_rules.runner import Runner, Settings

    runner = Runner(Settings())
    kept = list(runner.iter_reports([str(folder)], jobs))
    assert any(r.sources for r in kept)
    runner.keep_sources = False
    lean = list(runner.iter_reports([str(folder)], jobs))
    assert not any(r.sources for r in lean)
    assert [(r.findings, r.files, r.skipped) for r in lean] == [(r.findings, r.files, r.skipped) for r in kept]
    assert any(r.skipped for r in lean)  # the empty PDF is still listed as not checked
