"""One check run as the command line does it: settings from the config file and the options, per-path
settings, inline and file waivers, then one report."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .discovery import PRODUCT_PACK
from .document import MAX_FILE_SECONDS, MAX_INPUT_BYTES, extract, format_of, globs_match, read_bytes
from .errors import UsageError
from .extract import Extracted
from .findings import Report, Severity
from .ruleset import RuleSet, check_each, check_one, load_rules, walk
from .vocabulary import KindChoice, ProductType
from .waivers import WaiverFile, apply_file, apply_inline, load_waiver_file, waiver_root

if TYPE_CHECKING:  # the config models need pydantic, which a run without a config file never imports
    import datetime as dt

    from .config import Config, LoadedConfig, PathSettings
    from .product import Product, ProductFile
    from .results_cache import ResultCache


@dataclass
class Settings:
    """What a run uses, after merging the config file (if any) under the command-line options."""

    packs: list[str] | None = None
    builtin: bool = True
    rules: list[Path] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: str = "error"
    kind: KindChoice = "auto"
    product_type: ProductType | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    gitignore: bool = True
    follow_symlinks: bool = False
    missing: str = "error"  # skipped inputs: "error" (exit 2) or "ok"
    waivers: Path | None = None
    product: Path | None = None
    per_path: list[PathSettings] = field(default_factory=list)
    base: Path = field(default_factory=Path.cwd)
    config_dir: Path | None = None  # the folder of the config file in use, if any
    config_path: Path | None = None
    max_bytes: int = MAX_INPUT_BYTES
    max_seconds: float = MAX_FILE_SECONDS
    cache: bool = True
    backend: str | None = None

    @classmethod
    def from_config(cls, loaded: LoadedConfig) -> Settings:
        c: Config = loaded.config
        base = loaded.base
        return cls(
            packs=c.packs,
            builtin=c.builtin,
            rules=[base / r for r in c.rules],
            select=list(c.select),
            ignore=list(c.ignore),
            severity=dict(c.severity),
            fail_on=c.fail_on or "error",
            kind=c.kind or "auto",
            product_type=c.product_type,
            include=list(c.include),
            exclude=list(c.exclude),
            gitignore=c.gitignore,
            missing=c.missing,
            waivers=base / c.waivers if c.waivers else None,
            product=base / c.product if c.product else None,
            per_path=list(c.per_path),
            base=base,
            config_dir=base if loaded.path is not None else None,
            config_path=loaded.path,
        )


def load(settings: Settings) -> RuleSet:
    """The rule set a run uses; with a product description, the product pack is loaded too (a pack list that
    leaves it out would silently drop every check of the description and of the copy against it)."""
    packs = settings.packs
    if settings.product is not None and settings.builtin and packs is not None and PRODUCT_PACK not in packs:
        packs = [*packs, PRODUCT_PACK]
    try:
        ruleset = _load_rules(settings, packs)
    except UsageError as exc:
        if settings.config_path is None:
            raise
        raise UsageError(f"{exc} (selection from the command line and {settings.config_path})") from None
    if settings.product is not None and not any(r.kind in ("field", "consistency") for r in ruleset.rules):
        raise UsageError(
            f"--product {settings.product}: no product rules (field or consistency) are selected, so neither the "
            f"description nor the copy could be checked against it; load the {PRODUCT_PACK} pack (not with "
            "--no-builtin) or --rules with such rules, and do not --select them away"
        )
    return ruleset


def _load_rules(settings: Settings, packs: list[str] | None) -> RuleSet:
    return load_rules(
        [] if not settings.builtin else packs,
        settings.rules,
        select=settings.select,
        ignore=settings.ignore,
        severity=settings.severity,
        backend=settings.backend,
        cache=settings.cache,
    )


def _check_one(runner: Runner, item: Path | Report) -> Report:
    if isinstance(item, Report):
        return item
    report = check_one(runner.check_file, item, runner.settings.max_seconds)
    if not runner.keep_sources:  # not sent back from a worker, nor kept, when no report shows them
        report.sources = {}
    if runner.encode_findings:  # written as JSON here, in the worker, not one after the other in the parent
        from .report.json_report import finding_json

        report.encoded = {f: finding_json(f) for f in report.findings}
    return report


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class Runner:
    """Checks files with per-path views of one compiled rule set and applies waivers."""

    def __init__(self, settings: Settings, ruleset: RuleSet | None = None, today: dt.date | None = None) -> None:
        self.settings = settings
        # The product file first: a broken description is named at its line before any question of which
        # rules can read it.
        self.product_file: ProductFile | None = None
        if settings.product is not None:
            from .product import load_product

            self.product_file = load_product(settings.product)  # read once: its own findings and the copy's
            given, own = settings.product_type, self.product_file.product.type
            if given is not None and given != own:  # one would silently win, scoping the rules for another product
                source = "--product-type" + (
                    f" or product_type in {settings.config_path}" if settings.config_path is not None else ""
                )
                raise UsageError(
                    f"product type {given} ({source}) contradicts the type of the product in {settings.product} "
                    f"({own}); leave the product type out: the product's type scopes the rules"
                )
        self.ruleset = ruleset or load(settings)
        self.waivers: WaiverFile | None = None
        if settings.waivers:
            self.waivers = load_waiver_file(settings.waivers, waiver_root(settings.waivers, settings.config_dir))
        self.today = today
        # The text of each file with findings, for a report that shows findings in place (HTML); otherwise the
        # reports of iter_reports leave it out (from worker processes, it was most of the bytes sent back).
        self.keep_sources = True
        # Each file's findings written as the JSON report writes them, in iter_reports (see Report.encoded).
        self.encode_findings = False
        self._views: dict[tuple[int, ...], RuleSet] = {}
        from .document import compile_globs

        origin = "per_path paths"
        self._per_path_specs = [compile_globs(p.paths, origin) for p in settings.per_path]
        # Results of files checked before with the same rules and settings (--no-cache: none read or kept).
        self._results: ResultCache | None = None
        if settings.cache:
            from .results_cache import ResultCache

            product = self.product_file
            self._results = ResultCache.for_run(
                self.ruleset.source_key,
                # the record as written, and where it is (findings on the copy can point into it); kind and product
                # type are part of each file's key, since per-path settings change them
                (settings.max_bytes, product.path if product else None, product.doc.text if product else None),
            )

    @property
    def product(self) -> Product | None:
        return self.product_file.product if self.product_file else None

    def _for(self, path: Path) -> tuple[RuleSet, KindChoice, ProductType | None]:
        s = self.settings
        kind, product = s.kind, s.product_type
        if not self._per_path_specs:
            return self.ruleset, kind, product
        rel = _relative(path, s.base)
        matching = [i for i, spec in enumerate(self._per_path_specs) if globs_match(spec, rel)]
        if not matching:
            return self.ruleset, kind, product
        key = tuple(matching)
        view = self._views.get(key)
        select, ignore, severity = list(s.select), list(s.ignore), dict(s.severity)
        for i in matching:
            p = s.per_path[i]
            select = list(p.select) or select
            ignore += p.ignore
            severity.update(p.severity)
            kind = p.kind or kind
            product = p.product_type or product
        if view is None:
            view = self._views[key] = self.ruleset.select(select, ignore, severity)
        return view, kind, product

    def check_text(self, text: str, path: str = "<stdin>") -> Report:
        s = self.settings
        report = self.ruleset.check_text(
            text, path=path, kind=s.kind, product_type=s.product_type, product=self.product
        )
        return self._waive(apply_inline(report, Extracted(text, text, "text"), path))

    def check_paths(self, paths: list[str]) -> Report:
        s = self.settings
        report = Report()
        if self.product_file is not None:  # the description's own problems (field rules), in its file
            report.extend(self._waive(self.ruleset.check_product(self.product_file)))
        report.extend(
            check_each(
                paths,
                self.check_file,
                s.include,
                s.exclude,
                s.gitignore,
                follow_symlinks=s.follow_symlinks,
                max_seconds=s.max_seconds,
            )
        )
        return report

    def iter_reports(self, paths: list[str], jobs: int | None = 1) -> Iterator[Report]:
        """One report per file under ``paths`` (and one per skipped path), in walk order, checked in ``jobs``
        worker processes (None: one per CPU); the same reports, in the same order, whatever ``jobs``."""
        s = self.settings
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        workers = workers if jobs is None else jobs
        # The walk fixes the order. Only its first files are walked before the work is shared out (to see
        # whether a pool is worth starting); the rest is walked while the workers check the first ones.
        walking = walk(paths, s.include, s.exclude, s.gitignore, follow_symlinks=s.follow_symlinks)
        items: list[Path | Report] = []
        files = 0
        if workers > 1:
            for item in walking:
                items.append(item)
                files += isinstance(item, Path)
                if files >= 2 * workers:
                    break
        if workers == 1 or files < 2 * workers:  # a pool is not worth starting for a few files
            yield from (_check_one(self, item) for item in itertools.chain(items, walking))
            return
        from .parallel import ordered_map  # multiprocessing: imported only when used

        yield from ordered_map(_check_one, self, itertools.chain(items, walking), workers)

    def check_file(self, file: Path) -> Report:
        view, kind, product = self._for(file)
        raw = read_bytes(file, self.settings.max_bytes)
        results, key = self._results, ""
        if results is not None:
            # the per-path settings are part of the question asked of the file
            key = results.key(str(file), f"{view.view_key}|{kind}|{product}", raw)
            found = results.get(key)
            if found is not None:
                return self._waive(found)
        source = extract(raw, str(file), format_of(file), self.settings.max_bytes)
        report = view.check_source(source, kind=kind, product_type=product, product=self.product)
        report = apply_inline(report, source.extracted, source.path)
        if results is not None:
            results.put(key, report)
        return self._waive(report)

    def waive(self, report: Report) -> Report:
        """``report`` with the waiver file applied (when there is one)."""
        return self._waive(report)

    def _waive(self, report: Report) -> Report:
        return apply_file(report, self.waivers, self.today) if self.waivers else report
