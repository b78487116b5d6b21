"""Split the corpus once, by issuer, into dev and a frozen holdout, and read that split back.

    python tests/corpus/split.py --freeze   # write split.yaml (refuses when one exists)
    python tests/corpus/split.py            # show the parts and their category counts

Items 001-085 were read while the first packs were written, so they and every later item of their issuers
are dev. Among the other later items, whole issuers are drawn into the holdout in a fixed pseudo-random order
(SHA-256 of the issuer's name) until the holdout holds about 35% of the corpus; one issuer never sits on both
sides. The split is written
to split.yaml and never redrawn: rules are written against dev, and nobody reads holdout misses to write a
phrase. Items added after the freeze are dev.
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ITEMS = HERE / "items"
SPLIT = HERE / "split.yaml"
FIRST_CORPUS = 85  # items written against while the first packs were tuned
HOLDOUT_SHARE = 0.35


def number(name: str) -> int:
    return int(name.split("-", 1)[0])


def load_all() -> list[tuple[str, dict[str, Any]]]:
    return [(p.stem, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted(ITEMS.glob("*.yaml"))]


def holdout_numbers() -> set[int]:
    """The frozen holdout's item numbers (empty before the freeze)."""
    if not SPLIT.exists():
        return set()
    data = yaml.safe_load(SPLIT.read_text(encoding="utf-8")) or {}
    return {int(n) for n in data.get("holdout", [])}


def part_of(name: str, holdout: set[int]) -> str:
    return "holdout" if number(name) in holdout else "dev"


def draw(items: list[tuple[str, dict[str, Any]]]) -> dict[str, list[str]]:
    """Issuer -> item names drawn into the holdout."""
    by_issuer: dict[str, list[str]] = {}
    read = {str(item.get("issuer")) for name, item in items if number(name) <= FIRST_CORPUS}
    for name, item in items:
        if number(name) > FIRST_CORPUS and str(item.get("issuer")) not in read:
            issuer = str(item.get("issuer") or item["source"]).strip()
            by_issuer.setdefault(issuer, []).append(name)
    target = round(HOLDOUT_SHARE * len(items))
    drawn: dict[str, list[str]] = {}
    count = 0
    for issuer in sorted(by_issuer, key=lambda s: hashlib.sha256(s.encode("utf-8")).hexdigest()):
        if count >= target:
            break
        drawn[issuer] = by_issuer[issuer]
        count += len(by_issuer[issuer])
    return drawn


def freeze() -> int:
    if SPLIT.exists():
        print(f"{SPLIT.name} exists: the split is frozen and is not drawn again", file=sys.stderr)
        return 1
    drawn = draw(load_all())
    lines = [
        "# The frozen holdout: drawn once by tests/corpus/split.py, by issuer. Never redraw it, and never read",
        "# its misses to write rules. Every item not listed here is dev.",
        "holdout:",
    ]
    for issuer, names in sorted(drawn.items(), key=lambda kv: kv[1][0]):
        lines.append(f"  # {issuer}")
        lines.extend(f"  - {number(n)}" for n in names)
    SPLIT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {SPLIT.name}: {sum(map(len, drawn.values()))} items from {len(drawn)} issuers")
    return 0


def show() -> int:
    items = load_all()
    holdout = holdout_numbers()
    for part in ("dev", "holdout"):
        mine = [i for n, i in items if part_of(n, holdout) == part]
        cats = Counter(c for i in mine for c in i["categories"])
        compliant = sum(1 for i in mine if i["compliant"])
        print(
            f"{part}: {len(mine)} items, {compliant} compliant; " + ", ".join(f"{c} {k}" for c, k in cats.most_common())
        )
    return 0


if __name__ == "__main__":
    sys.exit(freeze() if "--freeze" in sys.argv[1:] else show())
