from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import consumer_rules
from consumer_rules import RuleSet

# Fuzzing budget: CI sets HYPOTHESIS_PROFILE=ci (10,000 examples per target); a local run is quick.
# Tests that set their own max_examples keep it.
_FUZZ = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=10_000, **_FUZZ)  # type: ignore[arg-type]
settings.register_profile("dev", max_examples=200, **_FUZZ)  # type: ignore[arg-type]
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the compiled-rule cache of the test run out of the user's home."""
    mp = pytest.MonkeyPatch()
    mp.setenv("CONSUMER_RULES_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


@pytest.fixture(autouse=True)
def _no_results_cache(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests check files to see what checking does: a result kept by an earlier test (the same file checked twice
    with the same rules) would stand in for it. Only tests marked ``results_cache`` use the cache of results."""
    if request.node.get_closest_marker("results_cache") is None:
        from consumer_rules.results_cache import ResultCache

        monkeypatch.setattr(ResultCache, "for_run", classmethod(lambda cls, *args: None))


@pytest.fixture(scope="session")
def builtin() -> RuleSet:
    return consumer_rules.load_rules(cache=False)


@pytest.fixture(scope="session")
def builtin_python_re() -> RuleSet:
    return consumer_rules.load_rules(cache=False, backend="python-re")
