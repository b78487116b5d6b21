"""The processor-time limit on one file: it ends the block even when code inside swallows the first TimeLimit,
and it leaves nothing armed once the block is over."""

from __future__ import annotations

import signal
import time

import pytest

from consumer_rules.document import TimeLimit, time_limit

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="the limit needs setitimer (Unix)")


def _burn(seconds: float) -> None:
    """Spend ``seconds`` of processor time."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_the_limit_ends_a_busy_block() -> None:
    with pytest.raises(TimeLimit), time_limit(0.05):
        _burn(5)


def test_a_swallowed_time_limit_is_raised_again() -> None:
    # As when the signal lands in a garbage-collector callback or __del__, where Python drops the exception.
    swallowed = 0
    with pytest.raises(TimeLimit), time_limit(0.05):
        for _ in range(3):
            try:
                _burn(2)
            except TimeLimit:
                swallowed += 1
                if swallowed == 3:
                    raise
        _burn(2)
    assert swallowed == 3


def test_nothing_is_left_armed_after_the_block() -> None:
    before = signal.getsignal(signal.SIGPROF)
    with pytest.raises(TimeLimit), time_limit(0.05):
        _burn(5)
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGPROF) == before
    _burn(0.1)  # a stray timer would raise TimeLimit here


def test_a_block_that_finishes_in_time_is_untouched() -> None:
    with time_limit(5):
        total = sum(range(1000))
    assert total == 499500
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_no_limit_runs_the_block_as_it_is() -> None:
    with time_limit(None):
        _burn(0.1)
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
