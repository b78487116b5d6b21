"""Where rule packs are: the built-in ones shipped with the package, and folders a user names."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from .errors import Problem, RuleLoadError

PACK_FILE = "pack.yaml"
PRODUCT_PACK = "cn-product"  # the built-in pack of product-description and copy-against-product rules


def builtin_packs_dir() -> Path:
    """The folder holding the built-in packs: consumer_rules/packs when installed, rules/ in a checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "packs"
    if installed.is_dir():
        return installed
    return package.parent.parent / "rules"


def builtin_pack_names() -> list[str]:
    root = builtin_packs_dir()
    return sorted(p.name for p in root.iterdir() if (p / PACK_FILE).is_file())


def pack_dirs(folder: Path) -> list[Path]:
    """A folder is a pack (it has pack.yaml), a folder of packs, or a loose folder of rule files."""
    if (folder / PACK_FILE).is_file():
        return [folder]
    children = sorted(p for p in folder.iterdir() if p.is_dir() and (p / PACK_FILE).is_file())
    return children or [folder]


def rule_sources(packs: Sequence[str] | None, extra_dirs: Iterable[Path]) -> list[Path]:
    """The pack folders to load: the named built-in packs (all by default) and every extra folder."""
    root = builtin_packs_dir()
    available = builtin_pack_names()
    chosen = available if packs is None else list(packs)
    problems = [
        Problem(name, 0, 0, f"unknown pack '{name}'", did_you_mean(name, available) or f"packs: {', '.join(available)}")
        for name in chosen
        if name not in available
    ]
    folders = [root / name for name in chosen if name in available]
    for extra in extra_dirs:
        if extra.is_file():  # a rule pack is a folder: loading one file of it would drop its vocabulary and masks
            hint = f"give its folder, {extra.parent}"
            problems.append(Problem(str(extra), 0, 0, "is a file, and rules are loaded by folder", hint))
            continue
        if not extra.is_dir():
            what = "rule file" if extra.suffix in (".yaml", ".yml") else "rule folder"
            problems.append(Problem(str(extra), 0, 0, f"{what} does not exist"))
            continue
        folders.extend(pack_dirs(extra))
    if problems:
        raise RuleLoadError(problems)
    return folders


def did_you_mean(word: str, options: Iterable[str]) -> str | None:
    """The closest option to a word that was not found: the same word in another case first (fin001, FIN001),
    else the most similar one; among equally similar ones, one that holds the word's characters in order (a
    character left out rather than one mistyped), then the first in sorted order (FIN01: FIN001, not FIN201)."""
    import difflib  # only for a name that is not found

    choices = list(options)
    if not choices:
        return None
    same = [o for o in choices if o.casefold() == word.casefold()]
    if same:
        return f"did you mean '{same[0]}'?"
    close = difflib.get_close_matches(word, choices, n=len(choices), cutoff=0.6)
    if not close:
        return None
    best = difflib.SequenceMatcher(None, word, close[0]).ratio()
    tied = [o for o in close if difflib.SequenceMatcher(None, word, o).ratio() == best]
    within = [o for o in tied if _in_order(word, o)]
    return f"did you mean '{min(within or tied)}'?"


def _in_order(word: str, option: str) -> bool:
    """Whether ``word``'s characters appear in ``option`` in order (``option`` is ``word`` with some added)."""
    rest = iter(option)
    return all(ch in rest for ch in word)


CONFIG_FILE = ".consumer-rules.yaml"


def find_config(start: Path) -> Path | None:
    """The nearest .consumer-rules.yaml, or pyproject.toml with a [tool.consumer-rules] table, upwards."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for candidate in [folder, *folder.parents]:
        if (candidate / CONFIG_FILE).is_file():
            return candidate / CONFIG_FILE
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and "[tool.consumer-rules]" in pyproject.read_text(encoding="utf-8", errors="replace"):
            return pyproject
    return None
