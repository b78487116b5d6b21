from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import consumer_rules
from consumer_rules import RuleSet

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the compiled-rule cache of the test run out of the user's home."""
    mp = pytest.MonkeyPatch()
    mp.setenv("CONSUMER_RULES_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def builtin() -> RuleSet:
    return consumer_rules.load_rules(cache=False)


@pytest.fixture(scope="session")
def builtin_python_re() -> RuleSet:
    return consumer_rules.load_rules(cache=False, backend="python-re")
