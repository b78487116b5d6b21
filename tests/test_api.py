"""The Python API as a product-approval pipeline uses it."""

from __future__ import annotations

import multiprocessing
import pickle
import sys
from pathlib import Path

import pytest

import consumer_rules
from consumer_rules import Finding, RuleSet, Severity, cache
from tests.helpers import load_pack, rule, write_pack

RULES = [
    rule("TST001", kind="forbid", match=["保本"]),
    rule("TST002", kind="forbid", match=["最佳"], severity="warning"),
]


def test_check_text_and_report(tmp_path: Path) -> None:
    rs = load_pack(tmp_path, RULES)
    report = consumer_rules.check_text("最佳产品，保本", rules=rs)
    assert [(f.rule_id, f.severity) for f in report.findings] == [
        ("TST002", Severity.warning),
        ("TST001", Severity.error),
    ]
    assert not report.passed
    assert consumer_rules.check_text("最佳产品", rules=rs).passed  # a warning does not fail the default gate
    assert report.failed("warning") and not report.failed("never")


def test_findings_are_frozen(tmp_path: Path) -> None:
    finding = load_pack(tmp_path, RULES).check_text("保本").findings[0]
    assert isinstance(finding, Finding)
    with pytest.raises(AttributeError):
        finding.severity = Severity.info  # type: ignore[misc]
    assert finding._replace(severity=Severity.info).severity is Severity.info  # a copy, not a change
    assert finding.severity is Severity.error


def test_check_file(tmp_path: Path) -> None:
    rs = load_pack(tmp_path / "pack", RULES)
    copy = tmp_path / "copy.txt"
    copy.write_text("\ufeff保本", encoding="utf-8")
    report = consumer_rules.check_file(copy, rules=rs)
    # The byte-order mark is not part of the decoded text, as in every editor.
    assert [(f.path, f.start, f.excerpt) for f in report.findings] == [(str(copy), 0, "保本")]


def test_check_file_refuses_binary(tmp_path: Path) -> None:
    rs = load_pack(tmp_path / "pack", RULES)
    blob = tmp_path / "x.txt"
    blob.write_bytes(b"PK\x03\x04\x00\x00")
    with pytest.raises(consumer_rules.InputError, match="binary"):
        rs.check_file(blob)


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    rs = load_pack(tmp_path / "pack", RULES)
    big = tmp_path / "big.txt"
    big.write_text("保本" * 100, encoding="utf-8")
    with pytest.raises(consumer_rules.InputError, match="limit"):
        rs.check_file(big, max_bytes=100)


def _count(args: tuple[RuleSet, str]) -> int:
    ruleset, text = args
    return len(ruleset.check_text(text).findings)


def test_rule_set_is_reused_across_worker_processes(tmp_path: Path) -> None:
    rs = load_pack(tmp_path, RULES)
    texts = ["保本最佳", "无", "保本"] * 4
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        counts = pool.map(_count, [(rs, t) for t in texts])
    assert counts == [2, 0, 1] * 4


@pytest.mark.parametrize("backend", ["re2", "python-re"])
def test_rule_set_pickles(tmp_path: Path, backend: str) -> None:
    rs = load_pack(tmp_path, RULES, backend=backend)
    clone = pickle.loads(pickle.dumps(rs))
    assert [f.excerpt for f in clone.check_text("保本，最佳").findings] == ["保本", "最佳"]


def test_cache_is_used_and_keyed_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSUMER_RULES_CACHE_DIR", str(tmp_path / "cache"))
    pack = write_pack(tmp_path / "pack", RULES)
    first = consumer_rules.load_rules([], [pack])
    assert len(list((tmp_path / "cache").glob("rules-*.pickle"))) == 1
    built = []
    monkeypatch.setattr("consumer_rules.compile.compile_rules", lambda *a, **k: built.append(1))
    second = consumer_rules.load_rules([], [pack])
    assert built == []  # served from the cache, not compiled again
    assert [f.excerpt for f in second.check_text("保本").findings] == ["保本"]
    assert first.rules == second.rules
    # Editing a rule changes the key, so the stale entry is never used.
    write_pack(tmp_path / "pack", [*RULES, rule("TST003", kind="forbid", match=["第一"])])
    monkeypatch.undo()
    monkeypatch.setenv("CONSUMER_RULES_CACHE_DIR", str(tmp_path / "cache"))
    third = consumer_rules.load_rules([], [pack])
    assert [r.code for r in third.rules] == ["TST001", "TST002", "TST003"]


def test_cache_key_follows_the_installed_matcher_libraries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The key names the files of the matcher libraries' package folders (read without importing them or
    ``importlib.metadata``): reinstalling or upgrading one gives a new key."""
    package = tmp_path / "site" / "fake_matcher_lib"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "_native.so").write_bytes(b"version one")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    before = cache._installed("fake_matcher_lib")
    assert "_native.so" in before and "fake_matcher_lib" not in sys.modules
    assert cache._installed("fake_matcher_lib") == before
    (package / "_native.so").write_bytes(b"version two, longer")
    assert cache._installed("fake_matcher_lib") != before
    pack = write_pack(tmp_path / "pack", RULES)
    keys = set()
    for installed in ("re2 1", "re2 2"):
        monkeypatch.setattr(cache, "_installed", lambda module, installed=installed: f"{module} {installed}")
        keys.add(cache.cache_key([pack], "re2"))
    assert len(keys) == 2


def test_corrupt_cache_entry_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSUMER_RULES_CACHE_DIR", str(tmp_path / "cache"))
    pack = write_pack(tmp_path / "pack", RULES)
    consumer_rules.load_rules([], [pack])
    (entry,) = (tmp_path / "cache").glob("rules-*.pickle")
    entry.write_bytes(b"not a pickle")
    rs = consumer_rules.load_rules([], [pack])
    assert [f.excerpt for f in rs.check_text("保本").findings] == ["保本"]
    assert cache.cache_dir() == tmp_path / "cache"


def test_unknown_kind_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(consumer_rules.UsageError):
        load_pack(tmp_path, RULES).check_text("x", kind="poster")


def test_default_rules_are_loaded_once() -> None:
    report = consumer_rules.check_text("本理财产品保本保收益")
    assert any(f.category == "guarantee_promise" for f in report.findings)
    assert consumer_rules._default_rules() is consumer_rules._default_rules()


def test_cache_key_follows_the_engine_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The matcher's stored regex shapes are only as good as the code that made them: a changed source file of
    the package (the shape reader, say) gives a new key, so no stored shape outlives the engine that made it."""
    import shutil

    package = Path(cache.__file__).parent
    copy = tmp_path / "consumer_rules"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "__file__", str(copy / "cache.py"))
    cache.engine_digest.cache_clear()  # read once a process: the sources of an installed package do not move
    pack = write_pack(tmp_path / "pack", RULES)
    before = cache.cache_key([pack], "re2")
    assert cache.cache_key([pack], "re2") == before
    shape = copy / "backends" / "shape.py"
    shape.write_text(shape.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    cache.engine_digest.cache_clear()  # as the next process does
    assert cache.cache_key([pack], "re2") != before
    cache.engine_digest.cache_clear()
