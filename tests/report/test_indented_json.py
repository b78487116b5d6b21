"""The json and sarif formats write with their own indenting encoder: it must give json.dumps's text exactly."""

from __future__ import annotations

import json
import random
from enum import IntEnum, StrEnum

import pytest

from consumer_rules import load_rules
from consumer_rules.report import json_report, sarif
from consumer_rules.report.indented_json import dumps_indented


class _Text(StrEnum):
    odd = "x\u2028y"


class _Number(IntEnum):
    three = 3


EDGES = [
    0, -1, 10**30, 1.5, -0.0, 1e300, float("nan"), float("inf"), -float("inf"), True, False, None,
    "", 'a"b\\c\n\t\x00\x1f\x7fé中\u2028', [], {}, [[]], [{}], {"a": {}, "b": []}, (1, (2,)),
    {7: 2, 2.5: 3, True: 4, None: 5, False: [1, [2, {"k": ()}]]},
    _Text.odd, _Number.three, {"s": _Text.odd, "n": _Number.three, _Text.odd: [True, None, 1.0]},
]  # fmt: skip


@pytest.mark.parametrize("value", EDGES, ids=range(len(EDGES)))
def test_edge_values(value: object) -> None:
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def _random_value(rng: random.Random, depth: int = 0) -> object:
    roll = rng.random()
    if depth > 4 or roll < 0.4:
        return rng.choice(
            [
                rng.randint(-(10**6), 10**6),
                rng.random() * 1e5,
                "".join(chr(rng.randint(0, 0x3000)) for _ in range(rng.randint(0, 8))),
                None,
                True,
                False,
            ]
        )
    if roll < 0.7:
        return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 5))]
    return {
        ("".join(chr(rng.randint(32, 0x9FFF)) for _ in range(3)) if rng.random() < 0.8 else rng.randint(0, 9)): (
            _random_value(rng, depth + 1)
        )
        for _ in range(rng.randint(0, 5))
    }


def test_random_values() -> None:
    rng = random.Random(20240601)
    for _ in range(2000):
        value = _random_value(rng)
        assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_reports() -> None:
    rules = load_rules()
    report = rules.check_text("本产品保本保息，年化收益率高达8.5%！\n\n《保本理财》不保本。", path="a.txt")
    report.extend(rules.check_text("全网最低价，国家级产品。", path="b.txt"))
    assert report.findings
    for module in (json_report, sarif):
        data = module.to_dict(report)
        assert dumps_indented(data) == json.dumps(data, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("value", [object(), [set()], {(1,): 2}])
def test_what_json_cannot_hold_is_refused(value: object) -> None:
    with pytest.raises(TypeError):
        json.dumps(value, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError):
        dumps_indented(value)


def test_a_cycle_is_refused() -> None:
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError):
        dumps_indented(loop)
