"""Split the corpus once, by issuer, into dev and a frozen holdout, and read that split back.

    python tests/corpus/split.py --freeze   # write split.yaml (refuses when one exists)
    python tests/corpus/split.py            # show the parts and their category counts
    python tests/corpus/split.py --seen FILE...   # is a text found elsewhere already in the corpus?

Items 001-085 were read while the first packs were written, so they and every later item of their issuers
are dev. Each other issuer is drawn into the holdout, whole, by a fixed pseudo-random draw (SHA-256 of its
name), so that the holdout holds about 35% of the corpus and one issuer never sits on both sides. The split is written
to split.yaml and never redrawn: rules are written against dev, and nobody reads holdout misses to write a
phrase. Items added after the freeze are dev.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ITEMS = HERE / "items"
SPLIT = HERE / "split.yaml"
FIRST_CORPUS = 85  # items written against while the first packs were tuned
# Share of the later issuers drawn into the holdout: with ~330 later items beside the first 85, about 35% of
# the whole corpus.
HOLDOUT_DRAW = 0.44


def number(name: str) -> int:
    return int(name.split("-", 1)[0])


# libyaml's loader reads the 3,400 items in 0.3 s where the pure-Python one takes 2.7 s (the same data: checked over
# every item), and the suite reads them about a dozen times.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """A YAML file of the repository (corpus items, rule files, examples) parsed by libyaml when it is there; the
    tests' one way to read them fast."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)


@functools.cache
def _parsed(path: Path, mtime_ns: int) -> Any:
    return read_yaml(path)


def load_all() -> list[tuple[str, dict[str, Any]]]:
    """Every corpus item, (file stem, data); each call gets its own copy, parsed once per file version."""
    return [(p.stem, copy.deepcopy(_parsed(p, p.stat().st_mtime_ns))) for p in sorted(ITEMS.glob("*.yaml"))]


def holdout_numbers() -> set[int]:
    """The frozen holdout's item numbers (empty before the freeze)."""
    if not SPLIT.exists():
        return set()
    data = yaml.safe_load(SPLIT.read_text(encoding="utf-8")) or {}
    return {int(n) for n in data.get("holdout", [])}


def exposed_numbers() -> set[int]:
    """Holdout items whose text also reached dev under another issuer's name before the copy was found and
    removed: rules may have been tuned on it, so their figures are also given without these items."""
    if not SPLIT.exists():
        return set()
    data = yaml.safe_load(SPLIT.read_text(encoding="utf-8")) or {}
    return {int(n) for n in data.get("exposed", [])}


# Six characters: long enough that two texts share many only when one copies the other (the same app template,
# the same ad reposted), short enough to survive a changed line or punctuation.
SHINGLE = 6
# A near copy: at least half of the smaller text's shingles occur in the other, and the smaller text has at least
# this many (a quoted ad line inside a notice that quotes it is not a copy of a text).
NEAR_COPY_SHARE = 0.5
NEAR_COPY_MIN_SHINGLES = 20


def _shingles(text: str) -> set[str]:
    flat = re.sub(r"\s+", "", text)
    return {flat[i : i + SHINGLE] for i in range(max(1, len(flat) - SHINGLE + 1))}


def near_copies(items: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, str, float]]:
    """Pairs of items (a, b, share) where one text is mostly contained in the other, by shared shingles."""
    shingles = {name: _shingles(item["text"]) for name, item in items}
    holders: dict[str, list[str]] = defaultdict(list)
    for name, grams in shingles.items():
        for gram in grams:
            holders[gram].append(name)
    shared: Counter[tuple[str, str]] = Counter()
    for names in holders.values():
        if len(names) > 40:  # boilerplate every policy shares says nothing about copying
            continue
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                shared[(a, b) if a < b else (b, a)] += 1
    pairs = []
    for (a, b), count in sorted(shared.items()):
        smaller = min(len(shingles[a]), len(shingles[b]))
        if smaller >= NEAR_COPY_MIN_SHINGLES and count / smaller >= NEAR_COPY_SHARE:
            pairs.append((a, b, count / smaller))
    return pairs


def seen_in(text: str, corpus: list[tuple[str, set[str]]], holdout: set[int]) -> list[tuple[str, float]]:
    """Where a text found outside the corpus already stands in it, as near copies are found (shared shingles, at
    least half of the smaller text): (a dev item's name, or "a holdout item", share), largest share first.
    ``corpus`` is each item's name with its shingles (:func:`shingled`). A holdout item is never named, so that
    checking a text before writing rules from it shows nothing of the holdout."""
    mine = _shingles(text)
    found = []
    for name, theirs in corpus:
        smaller = min(len(mine), len(theirs))
        if smaller >= NEAR_COPY_MIN_SHINGLES and len(mine & theirs) / smaller >= NEAR_COPY_SHARE:
            where = "a holdout item" if number(name) in holdout else f"dev item {name}"
            found.append((where, len(mine & theirs) / smaller))
    return sorted(found, key=lambda hit: -hit[1])


def shingled(items: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, set[str]]]:
    """Each item's name with its shingles, made once for all the texts checked against them."""
    return [(name, _shingles(item["text"])) for name, item in items]


def seen(paths: list[str]) -> int:
    """Print, for each file, whether its text is already in the corpus; exit 1 when one is a holdout text and 2
    when a file cannot be read (nothing is said of the others then: a check that skipped a file has not passed)."""
    if not paths:
        print("split.py --seen: name at least one file to check", file=sys.stderr)
        return 2
    texts = {}
    for path in paths:
        try:
            texts[path] = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:  # an unread file is no answer: stop before saying anything
            print(f"{path}: cannot be read as UTF-8 text ({err.__class__.__name__}: {err})", file=sys.stderr)
            return 2
    corpus, holdout = shingled(load_all()), holdout_numbers()
    in_holdout = False
    for path, text in texts.items():
        hits = seen_in(text, corpus, holdout)
        if not hits and len(_shingles(text)) < NEAR_COPY_MIN_SHINGLES:
            print(f"{path}: too short to tell (fewer than {NEAR_COPY_MIN_SHINGLES} shingles)")
        elif not hits:
            print(f"{path}: not in the corpus")
        for where, share in hits:
            print(f"{path}: {share:.0%} of the smaller text shared with {where}")
            in_holdout |= where == "a holdout item"
    if in_holdout:
        print("a holdout text: do not write rules or cases from it", file=sys.stderr)
    return 1 if in_holdout else 0


def part_of(name: str, holdout: set[int]) -> str:
    return "holdout" if number(name) in holdout else "dev"


def drawn_for_holdout(issuer: str) -> bool:
    """A fixed pseudo-random draw per issuer, so the split of an issuer never depends on what else is there."""
    return int(hashlib.sha256(issuer.encode("utf-8")).hexdigest(), 16) / 2**256 < HOLDOUT_DRAW


def draw(items: list[tuple[str, dict[str, Any]]]) -> dict[str, list[str]]:
    """Issuer -> item names drawn into the holdout."""
    read = {str(item.get("issuer")) for name, item in items if number(name) <= FIRST_CORPUS}
    drawn: dict[str, list[str]] = {}
    for name, item in items:
        issuer = str(item.get("issuer") or item["source"]).strip()
        if number(name) > FIRST_CORPUS and issuer not in read and drawn_for_holdout(issuer):
            drawn.setdefault(issuer, []).append(name)
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
    args = sys.argv[1:]
    if args[:1] == ["--seen"]:
        sys.exit(seen(args[1:]))
    sys.exit(freeze() if "--freeze" in args else show())
