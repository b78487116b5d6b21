"""consumer_rules.parallel.ordered_map: input order whatever the workers' speed, errors at their item's place,
a dead worker an error (never a silently missing result), and no deadlock on items or results larger than a
pipe holds."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

import pytest

from consumer_rules.parallel import ordered_map

forked = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the forked pool runs on Linux")


def _double(offset: int, item: int) -> int:
    return 2 * item + offset


def _slow_first(_: None, item: int) -> int:
    if item == 0:
        time.sleep(0.3)  # the other worker finishes later items first; the order must not change
    return item


def _fail_at(bad: int, item: int) -> int:
    if item == bad:
        raise ValueError(f"item {item} is bad")
    return item


def _die_at(bad: int, item: int) -> int:
    if item == bad:
        os._exit(3)
    return item


def _slow_until_death(bad: int, item: int) -> int:
    if item == bad:
        os._exit(3)
    time.sleep(0.05)  # the worker holding the earlier chunks is still at them when the other one dies
    return item


def _echo_big(size: int, item: str) -> str:
    return item * size


def _pid(_: None, item: int) -> int:
    return os.getpid()


@pytest.mark.parametrize("jobs", [1, 2, 3])
@pytest.mark.parametrize("chunksize", [1, 2, 7])
def test_results_come_in_input_order(jobs: int, chunksize: int) -> None:
    assert list(ordered_map(_double, 1, range(50), jobs=jobs, chunksize=chunksize)) == [2 * i + 1 for i in range(50)]
    assert list(ordered_map(_double, 1, [], jobs=jobs, chunksize=chunksize)) == []


@forked
def test_a_slow_first_item_does_not_change_the_order() -> None:
    assert list(ordered_map(_slow_first, None, range(40), jobs=2, chunksize=1)) == list(range(40))


@forked
def test_the_work_is_shared_between_the_workers() -> None:
    pids = list(ordered_map(_pid, None, range(200), jobs=2, chunksize=1))
    assert os.getpid() not in pids and len(set(pids)) == 2


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_error_is_raised_at_its_place_after_the_results_before_it(jobs: int) -> None:
    results: list[int] = []
    with pytest.raises(ValueError, match="item 13 is bad"):
        for value in ordered_map(_fail_at, 13, range(40), jobs=jobs, chunksize=4):
            results.append(value)
    assert results == list(range(13))


@forked
@pytest.mark.parametrize(
    "work, bad",
    [
        (_die_at, 9),
        # The first worker takes chunks 0 and 1 (slow), the second chunk 2 and dies on its first item: the death is
        # seen first, but its place in the order is after items 0-7.
        (_slow_until_death, 8),
    ],
)
def test_a_worker_that_dies_is_an_error_naming_an_item_it_held_after_the_items_before_it(
    work: Callable[[int, int], int], bad: int
) -> None:
    results: list[int] = []
    with pytest.raises(RuntimeError, match=r"worker process stopped \(exit status 3\) while checking 8"):
        for value in ordered_map(work, bad, range(40), jobs=2, chunksize=4):
            results.append(value)
    assert results == list(range(8))  # nothing of the lost chunk, nothing after it


@forked
def test_items_and_results_larger_than_a_pipe_holds() -> None:
    items = [str(i) * 100_000 for i in range(12)]  # a chunk of 4 is 400 KB and more; each result is 10 times that
    assert list(ordered_map(_echo_big, 10, items, jobs=2, chunksize=4)) == [item * 10 for item in items]


@forked
def test_stopping_early_stops_the_workers() -> None:
    import multiprocessing

    results = ordered_map(_double, 0, range(10_000), jobs=2, chunksize=1)
    assert next(results) == 0
    results.close()
    assert multiprocessing.active_children() == []


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="jobs must be at least 1"):
        list(ordered_map(_double, 0, range(3), jobs=0))
    with pytest.raises(ValueError, match="chunksize must be at least 1"):
        list(ordered_map(_double, 0, range(3), jobs=2, chunksize=0))
