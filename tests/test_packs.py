"""The built-in packs as a whole: what they share."""

from __future__ import annotations

import yaml

from consumer_rules.discovery import builtin_packs_dir
from consumer_rules.model import PackManifest


def test_framing_is_the_same_in_every_pack_that_carries_it() -> None:
    """Critical and quoting framing is language, not policy: each text pack carries the same list, so a
    pack used alone reads warnings right, and the copies cannot drift apart."""
    lists = {}
    for pack in ("cn-advertising", "cn-consumer", "cn-finance", "cn-privacy"):
        data = yaml.safe_load((builtin_packs_dir() / pack / "pack.yaml").read_text(encoding="utf-8"))
        lists[pack] = PackManifest.model_validate(data).framing
    first = lists["cn-finance"]
    assert len(first) >= 8
    assert all(framing == first for framing in lists.values()), "framing differs between packs"
