"""Regexes made from programs kept by an earlier run behave as ``re.compile`` makes them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consumer_rules import regex_store
from consumer_rules.backends.shape import RegexShape

PATTERNS = [
    (r"保(本|收益)", re.IGNORECASE),
    (r"(?P<rate>[0-9]+(?:\.[0-9]+)?)%", 0),
    (r"[^。!?\n;]{0,20}?(?:单独同意|一并同意)", re.IGNORECASE),
    (r"(?s)最.{0,3}高", 0),
    (r"\bAPR\b\s*[:：]?\s*\d+", re.IGNORECASE),
    (r"(年化)?收益率?(?=\d)", 0),
]
TEXTS = st.text(alphabet="保本收益最高年化率0123456789.%。!?\n;单独同意一并 APRapr:：", max_size=60)


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An open, empty store of this process, kept in a cache folder of the test's own."""
    monkeypatch.setenv("CONSUMER_RULES_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regex_store, "_stored", {})
    monkeypatch.setattr(regex_store, "_made", {})
    monkeypatch.setattr(regex_store, "_opened", True)
    monkeypatch.setattr(regex_store, "_db", None)
    monkeypatch.setattr(regex_store, "_unusable_pid", 0)


def _next_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh process state: nothing read or made yet, the store to be opened again from disk."""
    if regex_store._db is not None:
        regex_store._db.close()
    monkeypatch.setattr(regex_store, "_db", None)
    monkeypatch.setattr(regex_store, "_unusable_pid", 0)
    monkeypatch.setattr(regex_store, "_stored", {})
    monkeypatch.setattr(regex_store, "_made", {})
    monkeypatch.setattr(regex_store, "_opened", False)
    monkeypatch.setattr("atexit.register", lambda func: func)
    regex_store.open_store()


def _as_if_read_from_disk() -> None:
    regex_store._stored.update(regex_store._made)
    regex_store._made.clear()


@pytest.mark.usefixtures("store")
@settings(max_examples=60, deadline=None)
@given(text=TEXTS)
def test_a_regex_built_from_its_stored_program_matches_as_re_compiles_it(text: str) -> None:
    for pattern, flags in PATTERNS:
        regex_store.compile_regex(pattern, flags)
    _as_if_read_from_disk()
    for pattern, flags in PATTERNS:
        built = regex_store.compile_regex(pattern, flags)
        fresh = re.compile(pattern, flags)
        assert [m.span() for m in built.finditer(text)] == [m.span() for m in fresh.finditer(text)]
        assert [m.groups() for m in built.finditer(text)] == [m.groups() for m in fresh.finditer(text)]
        assert built.groupindex == fresh.groupindex
        assert built.flags == fresh.flags
    assert not regex_store._made  # every one came from its program: nothing was compiled again


@pytest.mark.usefixtures("store")
def test_programs_are_saved_to_the_cache_folder_and_read_back_by_the_next_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    regex_store.compile_regex(r"保(本|收益)", re.IGNORECASE)
    regex_store.keep(("sizes", "x+", (4,)), (4, 1))
    regex_store.save_store()
    assert not regex_store._made
    _next_run(monkeypatch)
    assert regex_store.recall(("sizes", "x+", (4,))) == (4, 1)
    built = regex_store.compile_regex(r"保(本|收益)", re.IGNORECASE)
    assert built.findall("保本，保收益") == ["本", "收益"]
    assert not regex_store._made


@pytest.mark.usefixtures("store")
def test_a_program_the_interpreter_refuses_is_compiled_afresh() -> None:
    regex_store.compile_regex(r"保(本|收益)")
    _as_if_read_from_disk()
    key = ("re", r"保(本|收益)", 0)
    flags, _code, groups, groupindex, indexgroup = regex_store._stored[key]
    regex_store._stored[key] = (flags, b"\xff\xff\xff\xff" * 3, groups, groupindex, indexgroup)
    assert regex_store.compile_regex(r"保(本|收益)").findall("保本") == ["本"]
    assert key not in regex_store._stored and key in regex_store._made  # the damaged one replaced


@pytest.mark.usefixtures("store")
def test_an_invalid_regex_is_still_an_error() -> None:
    with pytest.raises(re.error):
        regex_store.compile_regex(r"保(本")


def test_without_an_open_store_nothing_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regex_store, "_made", {})
    monkeypatch.setattr(regex_store, "_opened", False)
    assert regex_store.compile_regex(r"保本").search("保本")
    regex_store.keep(("sizes", "x", ()), (1, 1))
    assert not regex_store._made


@pytest.mark.usefixtures("store")
def test_a_shape_loaded_from_the_rules_cache_reads_its_runs_and_bounds_from_the_store() -> None:
    source = r"[^。!?\n]+视为同意"
    fresh = RegexShape._made(source)
    text = "您继续使用本服务即视为同意本协议。" * 3
    lengths = fresh.run_lengths(text)
    expected = fresh.sizes(lengths)
    _as_if_read_from_disk()
    loaded = RegexShape.from_stored(source, fresh.pieces, fresh.stored())
    assert loaded.run_lengths(text) == lengths
    assert loaded.sizes(lengths) == expected
    assert loaded._tree is None  # neither needed the regex parsed again


@pytest.mark.usefixtures("store")
def test_a_store_that_outgrows_its_limit_starts_again_from_the_last_run_programs_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(regex_store, "_LIMIT", 3)
    for n in range(3):
        regex_store.keep(("sizes", "old", (n,)), (n, 1))
    regex_store.save_store()
    _next_run(monkeypatch)
    for n in range(3):
        regex_store.keep(("sizes", "new", (n,)), (n, 1))
    regex_store.compile_regex(r"保本")
    regex_store.save_store()
    _next_run(monkeypatch)
    assert regex_store.stored_regex(r"保本") is not None  # the program was kept before the other new entries
    kept = [regex_store.recall(("sizes", age, (n,))) for age in ("old", "new") for n in range(3)]
    assert kept[:3] == [None, None, None]  # the earlier run's entries went
    assert sum(value is not None for value in kept[3:]) == 2


@pytest.mark.usefixtures("store")
def test_a_run_adds_what_it_made_and_keeps_what_earlier_runs_made(monkeypatch: pytest.MonkeyPatch) -> None:
    regex_store.keep(("sizes", "first", (1,)), (1, 1))
    regex_store.save_store()
    _next_run(monkeypatch)
    regex_store.keep(("sizes", "second", (2,)), (2, 1))
    regex_store.save_store()
    _next_run(monkeypatch)
    assert regex_store.recall(("sizes", "first", (1,))) == (1, 1)
    assert regex_store.recall(("sizes", "second", (2,))) == (2, 1)


@pytest.mark.usefixtures("store")
def test_a_damaged_store_file_is_replaced_and_a_foreign_one_is_not_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / f"programs-{regex_store._store_key()}.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    path.chmod(0o600)
    regex_store.keep(("sizes", "x", (1,)), (1, 1))
    regex_store.save_store()
    _next_run(monkeypatch)
    assert regex_store.recall(("sizes", "x", (1,))) == (1, 1)
    _next_run(monkeypatch)
    path.chmod(0o666)  # writable by others: anyone could have put anything in it
    assert regex_store.recall(("sizes", "x", (1,))) is None
    assert regex_store.compile_regex(r"保(本|收益)").findall("保本") == ["本"]  # compiled as without a store


def test_the_store_of_another_engine_version_is_never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    # the bounds kept are worked out by the engine's code: a store made by other sources has another name
    from consumer_rules import cache

    before = regex_store._store_key()
    monkeypatch.setattr(cache, "engine_digest", lambda: b"another engine")
    assert regex_store._store_key() != before


@pytest.mark.usefixtures("store")
def test_a_forked_worker_reads_the_store_through_its_own_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    regex_store.keep(("sizes", "x", (1,)), (1, 1))
    regex_store.save_store()
    _next_run(monkeypatch)
    assert regex_store.recall(("sizes", "x", (1,))) == (1, 1)  # the parent's connection is open
    parent_db = regex_store._db
    monkeypatch.setattr(regex_store, "_stored", {})
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        try:
            ok = regex_store.recall(("sizes", "x", (1,))) == (1, 1) and regex_store._db is not parent_db
            os.write(write, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(write)
    answer = os.read(read, 1)
    os.close(read)
    os.waitpid(pid, 0)
    assert answer == b"1"
    assert regex_store._db is parent_db


@pytest.mark.usefixtures("store")
def test_a_new_store_removes_all_but_the_newest_few_others(tmp_path: Path) -> None:
    import os

    for n in range(6):
        old = tmp_path / f"programs-old{n}.sqlite"
        old.write_bytes(b"")
        os.utime(old, (n, n))
    (tmp_path / "programs-0123.pickle").write_bytes(b"")  # a whole-file store of an earlier version
    regex_store.keep(("sizes", "x", (1,)), (1, 1))
    regex_store.save_store()
    left = sorted(p.name for p in tmp_path.glob("programs-*"))
    kept = [f"programs-{regex_store._store_key()}.sqlite", *(f"programs-old{n}.sqlite" for n in (3, 4, 5))]
    assert left == sorted(kept)


def _compile_in_worker(_shared: object, pattern: str) -> bool:
    return regex_store.compile_regex(pattern).search("保本收益") is not None


@pytest.mark.usefixtures("store")
def test_what_forked_workers_compile_is_kept_for_the_next_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from consumer_rules.parallel import ordered_map

    patterns = [f"保本(?:收益|利息){{0,{n}}}" for n in range(1, 9)]
    assert all(ordered_map(_compile_in_worker, None, patterns, jobs=2, chunksize=1))
    assert not regex_store._made  # the parent compiled none of them
    _next_run(monkeypatch)
    assert all(regex_store.stored_regex(pattern) is not None for pattern in patterns)
