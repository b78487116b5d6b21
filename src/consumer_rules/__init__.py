"""consumer-rules: check marketing copy against Chinese consumer-protection obligations.

>>> import consumer_rules
>>> rules = consumer_rules.load_rules()
>>> report = rules.check("本理财产品保本保收益")
>>> [f.rule_id for f in report.findings]  # doctest: +SKIP
['FIN001', ...]
"""

from __future__ import annotations

__version__ = "0.1.0"

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConsumerRulesError, InputError, Problem, RuleLoadError, UsageError
from .findings import Finding, Reference, Report, Severity
from .ruleset import RuleSet, load_rules
from .vocabulary import KindChoice, ProductType

if TYPE_CHECKING:  # the config models need pydantic; importing the package must not
    from .config import LoadedConfig

__all__ = [
    "ConsumerRulesError",
    "Finding",
    "InputError",
    "KindChoice",
    "Problem",
    "ProductType",
    "Reference",
    "Report",
    "RuleLoadError",
    "RuleSet",
    "Severity",
    "UsageError",
    "__version__",
    "check_file",
    "check_paths",
    "check_product",
    "check_text",
    "load_config",
    "load_rules",
]

_default: RuleSet | None = None


def _default_rules() -> RuleSet:
    global _default
    if _default is None:
        _default = load_rules()
    return _default


def check_text(
    text: str,
    *,
    rules: RuleSet | None = None,
    path: str = "<text>",
    kind: KindChoice = "auto",
    product_type: ProductType | None = None,
) -> Report:
    """Check one text with ``rules`` (all built-in packs when omitted, loaded once per process)."""
    return (rules or _default_rules()).check_text(text, path=path, kind=kind, product_type=product_type)


def check_file(
    path: str | Path,
    *,
    rules: RuleSet | None = None,
    kind: KindChoice = "auto",
    product_type: ProductType | None = None,
) -> Report:
    """Check one file (.txt, .md) with ``rules`` (all built-in packs when omitted)."""
    return (rules or _default_rules()).check_file(path, kind=kind, product_type=product_type)


def check_product(
    product: Any,
    copy: Iterable[str | Path] = (),
    *,
    rules: RuleSet | None = None,
    kind: KindChoice = "auto",
) -> Report:
    """Check a product description (a ``consumer_rules.product.Product`` or a YAML/JSON file) and the copy
    that sells it (files or folders), each against the other, with ``rules`` (all built-in packs when omitted)."""
    return (rules or _default_rules()).check_product(product, copy, kind=kind)


def load_config(path: str | Path | None = None, *, start: str | Path | None = None) -> LoadedConfig:
    """The configuration the command line would use: ``path``, else ``.consumer-rules.yaml`` or a
    pyproject.toml with ``[tool.consumer-rules]`` found from ``start`` (default: the current folder) upwards,
    else the defaults. Raises :class:`RuleLoadError` with file:line problems for a broken file."""
    from .config import load_config as read
    from .discovery import find_config

    if path is None:
        found = find_config(Path(start) if start is not None else Path.cwd())
        return read(found)
    if not Path(path).is_file():
        raise UsageError(f"config file {path}: no such file")
    return read(Path(path))


def check_paths(
    paths: Iterable[str | Path] | str | Path,
    *,
    rules: RuleSet | None = None,
    config: LoadedConfig | str | Path | bool = False,
    kind: KindChoice = "auto",
    product_type: ProductType | None = None,
) -> Report:
    """Check files and folders. With ``config`` (True: found from the first path upwards, as the command line
    does; or a file or :func:`load_config` result), everything the config file says applies: packs, rule
    folders, selection, severities, include/exclude, per-path settings, waivers and the product, and
    ``rules``, ``kind`` and ``product_type`` must be left out. Missing paths, unreadable files and folders
    with nothing to check are in ``Report.skipped`` (``Report.passed`` is then False)."""
    targets = [paths] if isinstance(paths, str | Path) else list(paths)
    if config is False:
        return (rules or _default_rules()).check_paths(targets, kind=kind, product_type=product_type)
    if rules is not None or kind != "auto" or product_type is not None:
        raise UsageError("check_paths: with config=, the rules, kind and product type come from the config file")
    from .runner import Runner, Settings

    if config is True:
        loaded = load_config(start=Path(targets[0]) if targets else None)
    elif isinstance(config, str | Path):
        loaded = load_config(config)
    else:
        loaded = config
    return Runner(Settings.from_config(loaded)).check_paths([str(t) for t in targets])
