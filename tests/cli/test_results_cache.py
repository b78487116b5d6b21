"""The cache of file results: a file checked before, with the same bytes, rules and settings, is read back instead of
checked again, and anything that could change the result is checked afresh."""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from consumer_rules.cli import main
from consumer_rules.findings import Report
from consumer_rules.ruleset import RuleSet

pytestmark = pytest.mark.results_cache

CLAIM = "本理财产品保本保息，预期年化收益率8.5%，最佳选择！"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    # the compiled rules of the session's cache come along (compiling them again costs seconds); results do not
    for compiled in Path(os.environ["CONSUMER_RULES_CACHE_DIR"]).glob("rules-*.pickle"):
        shutil.copy2(compiled, folder / compiled.name)
    monkeypatch.setenv("CONSUMER_RULES_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files actually checked (not read back from the cache)."""
    checked: list[str] = []
    real = RuleSet.check_source

    def check_source(self: RuleSet, source: object, **kwargs: object) -> Report:
        checked.append(source.path)  # type: ignore[attr-defined]
        return real(self, source, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(RuleSet, "check_source", check_source)
    return checked


@pytest.fixture
def ad(tmp_path: Path) -> Path:
    """A piece of copy with findings."""
    path = tmp_path / "ad.txt"
    path.write_text(CLAIM, encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check", *args])
    return code, capsys.readouterr().out


def _checked(counted: list[str], capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    """The files one run checks rather than reads from the cache."""
    counted.clear()
    _run(capsys, *args)
    return list(counted)


def _databases(cache: Path) -> list[Path]:
    return sorted((cache / "results").glob("*.sqlite3"))


def _results(cache: Path) -> list[str]:
    """The keys of the results kept, over every run's database."""
    keys: list[str] = []
    for database in _databases(cache):
        with closing(sqlite3.connect(database)) as db:
            if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'results'").fetchone():  # else nothing kept yet
                keys += [key for (key,) in db.execute("SELECT key FROM results")]
    return sorted(keys)


def test_a_second_run_reads_the_results_and_reports_the_same(
    tmp_path: Path, cache_dir: Path, counted: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    ad, clean = tmp_path / "ad.txt", tmp_path / "clean.txt"
    ad.write_text(CLAIM, encoding="utf-8")
    clean.write_text("今天天气很好。", encoding="utf-8")
    first = _run(capsys, str(ad), str(clean), "--format", "json")
    assert sorted(counted) == sorted([str(ad), str(clean)]) and len(_results(cache_dir)) == 2
    counted.clear()
    assert _run(capsys, str(ad), str(clean), "--format", "json") == first and first[0] == 1
    assert counted == []  # nothing checked again
    # one byte changed: that file alone is checked again
    clean.write_text("今天天气很好！", encoding="utf-8")
    _run(capsys, str(ad), str(clean))
    assert counted == [str(clean)]


def test_what_could_change_a_result_is_another_question(
    ad: Path, tmp_path: Path, cache_dir: Path, counted: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, str(ad))
    for options in (["--select", "FIN001"], ["--ignore", "FIN001"], ["--kind", "privacy"]):
        assert _checked(counted, capsys, str(ad), *options) == [str(ad)], options
    # the same file under another name: findings name their path
    copy = tmp_path / "copy.txt"
    copy.write_bytes(ad.read_bytes())
    assert _checked(counted, capsys, str(copy)) == [str(copy)]


def test_no_cache_reads_and_keeps_nothing(
    ad: Path, cache_dir: Path, counted: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, str(ad), "--no-cache")
    assert _results(cache_dir) == []
    _run(capsys, str(ad))
    assert _checked(counted, capsys, str(ad), "--no-cache") == [str(ad)]


def test_a_file_that_was_not_checked_is_reported_again(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.txt"
    big.write_text(CLAIM * 100, encoding="utf-8")
    for _ in range(2):  # fail closed on every run: a skip is never kept
        code, out = _run(capsys, str(big), "--max-file-size", "0.001")
        assert code == 2 and "above the" in out
    assert _results(cache_dir) == []


def test_waivers_that_expire_are_applied_after_the_result_is_read(
    ad: Path, tmp_path: Path, cache_dir: Path, counted: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from consumer_rules.runner import Runner, Settings

    [fingerprint] = {f.fingerprint for f in Runner(Settings(cache=False)).check_paths([str(ad)]).findings
                     if f.rule_id == "FIN001"}  # fmt: skip
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        f"waivers:\n  - rule: FIN001\n    fingerprint: {fingerprint}\n    path: ad.txt\n"
        "    reason: approved by legal\n    expires: 2026-06-30\n",
        encoding="utf-8",
    )
    counted.clear()
    settings = Settings(waivers=waivers, base=tmp_path)
    before = Runner(settings, today=dt.date(2026, 6, 1)).check_paths([str(ad)])
    after = Runner(settings, today=dt.date(2026, 7, 1)).check_paths([str(ad)])
    assert counted == [str(ad)]  # checked once; the second run read the result
    assert "FIN001" not in {f.rule_id for f in before.findings}
    assert "FIN001" in {f.rule_id for f in after.findings}  # the waiver has expired


def test_an_entry_someone_else_could_write_is_not_read(
    ad: Path, cache_dir: Path, counted: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, str(ad))
    [database] = _databases(cache_dir)
    os.chmod(database, 0o666)
    assert _checked(counted, capsys, str(ad)) == [str(ad)]  # checked again, not unpickled
    [database] = _databases(cache_dir)
    assert database.stat().st_mode & 0o077 == 0  # started afresh, closed to others
    assert _checked(counted, capsys, str(ad)) == []  # and its new result is read back
    with closing(sqlite3.connect(database)) as db, db:
        db.execute("UPDATE results SET value = substr(value, 1, length(value) - 10)")  # damaged
    assert _checked(counted, capsys, str(ad)) == [str(ad)]
    assert _checked(counted, capsys, str(ad)) == []  # the damaged row was replaced


def test_a_database_sqlite_cannot_read_is_replaced(
    ad: Path, cache_dir: Path, counted: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, str(ad))
    gc.collect()  # the run's connection is closed (a process that exits closes its own)
    [database] = _databases(cache_dir)
    for log in database.parent.glob(database.name + "-*"):
        log.unlink()
    database.write_bytes(b"not a database" * 100)
    first = _run(capsys, str(ad))
    assert first[0] == 1 and "FIN001" in first[1]  # the run itself is unaffected
    assert _checked(counted, capsys, str(ad)) == [str(ad)]  # (the broken file was dropped, the result not kept)
    assert _checked(counted, capsys, str(ad)) == []  # a new database holds it


def test_results_from_worker_processes_are_kept(
    tmp_path: Path, cache_dir: Path, counted: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "copy"
    folder.mkdir()
    for i in range(40):  # both workers write from the start (each used to set up the database, and one lost)
        (folder / f"{i:02d}.txt").write_text(f"{CLAIM}第{i}条。", encoding="utf-8")
    first = _run(capsys, str(folder), "--jobs", "2", "--format", "json")
    assert len(_results(cache_dir)) == 40
    counted.clear()
    assert _run(capsys, str(folder), "--jobs", "1", "--format", "json") == first and counted == []


def test_another_product_record_is_another_question(
    tmp_path: Path, cache_dir: Path, counted: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    copy, record = tmp_path / "copy.txt", tmp_path / "product.yaml"
    copy.write_text("稳健低风险，闲钱理财好选择。理财非存款、产品有风险、投资须谨慎。", encoding="utf-8")
    record.write_text("name: 智享混合\ntype: wealth_management\nissuer: XX理财\nrisk_level: R2\n", encoding="utf-8")
    first = _run(capsys, str(copy), "--product", str(record))
    counted.clear()
    assert _run(capsys, str(copy), "--product", str(record)) == first and counted == []
    # the record now says R3: the copy's 低风险 contradicts it, and the copy is checked again
    record.write_text("name: 智享混合\ntype: wealth_management\nissuer: XX理财\nrisk_level: R3\n", encoding="utf-8")
    code, out = _run(capsys, str(copy), "--product", str(record))
    assert code == 1
    assert counted == [str(copy)] and "PRD021" in out and "PRD021" not in first[1]


def test_the_database_is_set_up_before_any_worker_opens_it(cache_dir: Path) -> None:
    from consumer_rules.results_cache import ResultCache

    cache = ResultCache.for_run("rules-key", ())
    assert cache is not None
    # WAL mode and the table are in the file already: workers only connect (two of them setting WAL at once made
    # one fail and keep nothing)
    with closing(sqlite3.connect(cache.path)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("SELECT count(*) FROM results").fetchone() == (0,)
    assert cache.path.stat().st_mode & 0o077 == 0
