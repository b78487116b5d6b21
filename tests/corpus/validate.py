"""Validate the real-text compliance corpus in tests/corpus/items/.

Usage:  python tests/corpus/validate.py          (exit code 1 on any error)
        python tests/corpus/validate.py --stats  (also print the counts used in README.md)
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import yaml

from consumer_rules import vocabulary

sys.path.insert(0, str(Path(__file__).resolve().parent))
from split import holdout_numbers, near_copies, number

ITEMS = Path(__file__).resolve().parent / "items"

CATEGORIES = set(vocabulary.CATEGORIES)
KINDS = {"marketing", "privacy", "terms"}
FOUND_VIA = {"pages", "code", "docs"}
PRODUCT_TYPES = set(vocabulary.PRODUCT_TYPES)
REQUIRED = ("source", "title", "found_via", "kind", "compliant", "categories", "note", "text")
# issuer: the company or site whose copy it is; the dev/holdout split keeps one issuer on one side.
OPTIONAL = ("product_type", "must_flag", "must_not_flag", "issuer")
NAME_RE = re.compile(r"^(\d{3,4})-[a-z0-9]+(?:-[a-z0-9]+)*\.yaml$")


def check(path: Path, data: object) -> list[str]:
    errs: list[str] = []
    if not isinstance(data, dict):
        return ["not a mapping"]
    for key in REQUIRED:
        if key not in data:
            errs.append(f"missing key {key!r}")
    for key in data:
        if key not in REQUIRED and key not in OPTIONAL:
            errs.append(f"unknown key {key!r}")
    if errs:
        return errs
    text = data["text"]
    if not isinstance(text, str) or not text.strip():
        errs.append("empty text")
        return errs
    if not str(data["source"]).startswith(("http://", "https://")):
        errs.append("source is not an http(s) address")
    if data["found_via"] not in FOUND_VIA:
        errs.append(f"bad found_via {data['found_via']!r}")
    if data["kind"] not in KINDS:
        errs.append(f"bad kind {data['kind']!r}")
    if "product_type" in data and data["product_type"] not in PRODUCT_TYPES:
        errs.append(f"bad product_type {data['product_type']!r}")
    if not isinstance(data["compliant"], bool):
        errs.append("compliant must be true/false")
    cats = data["categories"]
    if not isinstance(cats, list):
        errs.append("categories must be a list")
        cats = []
    for c in cats:
        if c not in CATEGORIES:
            errs.append(f"unknown category {c!r}")
    if len(set(cats)) != len(cats):
        errs.append("duplicate category")
    if data["compliant"] is True and cats:
        errs.append("compliant item has categories")
    if data["compliant"] is False and not cats:
        errs.append("non-compliant item has no category")
    for key in ("must_flag", "must_not_flag"):
        subs = data.get(key, [])
        if not isinstance(subs, list):
            errs.append(f"{key} must be a list")
            continue
        for s in subs:
            if not isinstance(s, str) or not s:
                errs.append(f"{key}: empty or non-string entry")
            elif s not in text:
                errs.append(f"{key}: {s!r} is not a substring of text")
    if data["compliant"] is True and data.get("must_flag"):
        errs.append("compliant item has must_flag")
    if "issuer" in data and (not isinstance(data["issuer"], str) or not data["issuer"].strip()):
        errs.append("issuer must be a non-empty string")
    if not 5 <= len(text) <= 2000:
        errs.append(f"text length {len(text)} outside 5..2000")
    return errs


def main(argv: list[str]) -> int:
    files = sorted(ITEMS.glob("*.yaml"))
    errors = 0
    numbers: list[int] = []
    texts: dict[str, str] = {}
    loaded: list[dict] = []
    loaded_by_file: list[dict | None] = []
    for path in files:
        loaded_by_file.append(None)
        m = NAME_RE.match(path.name)
        if not m:
            print(f"{path.name}: bad file name")
            errors += 1
            continue
        numbers.append(int(m.group(1)))
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            print(f"{path.name}: YAML error: {exc}")
            errors += 1
            continue
        for e in check(path, data):
            print(f"{path.name}: {e}")
            errors += 1
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            norm = re.sub(r"\s+", "", data["text"])
            if norm in texts:
                print(f"{path.name}: same text as {texts[norm]}")
                errors += 1
            texts[norm] = path.name
            loaded.append(data)
            loaded_by_file[-1] = data
    # A text copied under another issuer's name (an app template, a reposted ad) would carry a holdout text
    # into dev, where rules are tuned: that is an error. Within dev a near copy only weighs one text twice.
    holdout = holdout_numbers()
    named = [(p.stem, d) for p, d in zip(files, loaded_by_file, strict=True) if d is not None]
    for a, b, share in near_copies(named):
        sides = {number(a) in holdout, number(b) in holdout}
        if len(sides) == 2:
            print(f"{b}.yaml: near copy of {a}.yaml ({share:.0%} of the smaller text) across the dev/holdout split")
            errors += 1
        elif "--stats" in argv:
            print(f"note: {b}.yaml is a near copy of {a}.yaml ({share:.0%} of the smaller text)")
    # Collectors work in separate number ranges, so gaps are allowed; a number names one item.
    for used, count in Counter(numbers).items():
        if count > 1:
            print(f"item number {used:03d} is used {count} times")
            errors += 1
    n = len(loaded)
    n_ok = sum(1 for d in loaded if d.get("compliant") is True)
    print(f"{len(files)} files, {n} loaded, {errors} error(s); compliant {n_ok}/{n}")
    if "--stats" in argv:
        kinds = Counter(d["kind"] for d in loaded)
        kinds_ok = Counter(d["kind"] for d in loaded if d["compliant"])
        via = Counter(d["found_via"] for d in loaded)
        ptypes = Counter(d.get("product_type", "(none)") for d in loaded)
        cats = Counter(c for d in loaded for c in d["categories"])
        print("kind:", {k: f"{v} ({kinds_ok[k]} compliant)" for k, v in sorted(kinds.items())})
        print("found_via:", dict(sorted(via.items())))
        print("product_type:", dict(sorted(ptypes.items())))
        print("categories:", dict(sorted(cats.items(), key=lambda kv: (-kv[1], kv[0]))))
        print("unused categories:", sorted(CATEGORIES - set(cats)))
        print(
            "must_flag entries:",
            sum(len(d.get("must_flag", [])) for d in loaded),
            "must_not_flag entries:",
            sum(len(d.get("must_not_flag", [])) for d in loaded),
        )
        print(
            "compliant items without must_not_flag:",
            [i for i, d in enumerate(loaded, 1) if d["compliant"] and not d.get("must_not_flag")],
        )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
