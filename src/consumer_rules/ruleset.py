"""The public entry points: load a rule set once, then check any number of texts and files with it."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .backends import available_backends
from .cache import cache_key, cached
from .compiled import CompiledRule, CompiledRules, RuleInfo
from .discovery import rule_sources
from .document import MAX_INPUT_BYTES, Source, detect_kind, iter_paths, read_source
from .engine import RulePlan, evaluate
from .errors import InputError, UsageError
from .extract import Extracted
from .findings import Finding, LineIndex, Report, Severity
from .normalize import normalize

if TYPE_CHECKING:  # the product model needs pydantic, which checking copy alone never imports
    from .product import Product, ProductFile

KINDS = ("marketing", "privacy", "terms")


@dataclass(frozen=True)
class Selector:
    """``--select`` / ``--ignore`` by code, code prefix, name or name prefix; the longest match wins."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def allows(self, info: RuleInfo) -> bool:
        selected = self._longest(self.select, info) if self.select else 0
        if self.select and selected < 0:
            return False
        ignored = self._longest(self.ignore, info)
        return ignored < selected or ignored < 0  # on a tie, ignore wins

    @staticmethod
    def _longest(prefixes: Iterable[str], info: RuleInfo) -> int:
        """Length of the longest prefix that matches the rule's code, name or an alias; -1 for none."""
        idents = (info.code, info.name, *info.aliases)
        return max((len(p) for p in prefixes if any(i.startswith(p) for i in idents)), default=-1)


@dataclass
class RuleSet:
    """Compiled rules, ready to check texts. Build it with :func:`load_rules`; reuse it; pickle it freely."""

    compiled: CompiledRules
    selector: Selector = field(default_factory=Selector)
    severity: tuple[tuple[str, Severity], ...] = ()  # overrides: (code or code prefix, severity)

    def __post_init__(self) -> None:
        self._active = tuple(r for r in self.compiled.rules if self.selector.allows(r.info))
        # The longest matching prefix decides, as for --select.
        self._severities = {
            r.info.code: max(((len(p), sev) for p, sev in self.severity if r.info.code.startswith(p)),
                             default=(0, r.info.severity))[1]
            for r in self._active
        }  # fmt: skip
        self._plans: dict[tuple[str, str | None, bool], RulePlan] = {}

    @property
    def rules(self) -> list[RuleInfo]:
        """The selected rules."""
        return [r.info for r in self._active]

    @property
    def backend(self) -> str:
        return self.compiled.matcher.name

    def get(self, code: str) -> RuleInfo | None:
        for rule in self.compiled.rules:
            if code in (rule.info.code, rule.info.name, *rule.info.aliases):
                return rule.info
        return None

    def select(
        self, select: Sequence[str] = (), ignore: Sequence[str] = (), severity: dict[str, Severity] | None = None
    ) -> RuleSet:
        """A view with another selection and severity overrides; the compiled matcher is shared."""
        return RuleSet(self.compiled, Selector(tuple(select), tuple(ignore)), tuple((severity or {}).items()))

    def check(self, text: str, *, path: str = "<text>", kind: str = "auto", product_type: str | None = None) -> Report:
        """Check one text. ``kind`` is marketing, privacy, terms or auto (guessed from the text)."""
        return self.check_text(text, path=path, kind=kind, product_type=product_type)

    def check_text(
        self,
        text: str,
        *,
        path: str = "<text>",
        kind: str = "auto",
        product_type: str | None = None,
        product: Product | None = None,
    ) -> Report:
        """Check one text; with a ``product``, also against it (see :meth:`check_extracted`)."""
        extracted = Extracted(text, text, "text")
        return self.check_extracted(extracted, path=path, kind=kind, product_type=product_type, product=product)

    def check_extracted(
        self,
        extracted: Extracted,
        *,
        path: str = "<text>",
        kind: str = "auto",
        product_type: str | None = None,
        product: Product | None = None,
    ) -> Report:
        """Check text read from a file (see :mod:`consumer_rules.extract`); findings point into its source.

        With a ``product``, the copy is also checked against it (consistency rules), and its type scopes
        the rules."""
        if kind != "auto" and kind not in KINDS:
            raise UsageError(f"unknown document kind {kind!r}; use one of auto, {', '.join(KINDS)}")
        extracted = _without_surrogates(extracted)
        norm = normalize(extracted.text)
        doc_kind = detect_kind(norm.text) if kind == "auto" else kind
        if product is not None:
            product_type = product_type or product.type
        plan = self._plan(doc_kind, product_type, product is not None)
        hits = self.compiled.matcher.scan(norm.text) if plan.rules else []
        data = product.model_dump(mode="python") if product is not None else None
        raw = evaluate(self.compiled, norm.text, hits, plan, data)
        source = extracted.source
        lines = LineIndex(source)
        findings = []
        for item in raw:
            if item.scope == "document" and item.start == item.end == 0:
                start = end = 0
            else:
                start, end = extracted.widen(*norm.span(item.start, item.end))
            findings.append(
                _finding(
                    item.rule, path, extracted, lines, start, end, item.scope, self._severities[item.rule.info.code]
                )
            )
        findings.sort(key=lambda f: (f.start, f.end, f.rule_id))
        # The text is kept only where there is something to show in it (the HTML report shows findings in
        # place); a large clean run should not hold every file in memory.
        return Report(findings=findings, files=[path], sources={path: source} if findings else {})

    def _plan(self, kind: str, product_type: str | None, with_product: bool = False) -> RulePlan:
        key = (kind, product_type, with_product)
        plan = self._plans.get(key)
        if plan is None:
            selected = [r for r in self._active if _applies(r, kind, product_type, with_product)]
            applicable = [r for r in self.compiled.rules if _applies(r, kind, product_type, with_product)]
            plan = self._plans[key] = RulePlan.build(
                selected, self.compiled.masks, applicable, product_type is not None
            )
        return plan

    # The per-kind plans are a cache; rebuild them rather than ship them to worker processes.
    def __getstate__(self) -> dict[str, Any]:
        return {"compiled": self.compiled, "selector": self.selector, "severity": self.severity}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.compiled = state["compiled"]
        self.selector = state["selector"]
        self.severity = state["severity"]
        self.__post_init__()

    def check_product(
        self,
        product: Product | ProductFile | str | Path,
        copy: Iterable[str | Path] = (),
        *,
        kind: str = "auto",
        max_bytes: int = MAX_INPUT_BYTES,
    ) -> Report:
        """Check a product description (a :class:`Product` or a YAML/JSON file) and the copy that sells it.

        Reports problems of the description itself (field rules: incomplete for its type, unsuitable,
        collecting too much), the copy's own problems scoped by the product's type, and where the copy
        contradicts the product (consistency rules). Unreadable copy files are listed in ``Report.skipped``."""
        from .product import Product, ProductFile, load_product, product_data
        from .product_check import field_findings

        if isinstance(product, Product):
            prod, path, source, doc = product, "<product>", "", None
        else:
            loaded = product if isinstance(product, ProductFile) else load_product(Path(product))
            prod, path, source, doc = loaded.product, loaded.path, loaded.doc.text, loaded.doc
        field_rules = [(r, self._severities[r.info.code]) for r in self._active if not r.logic.reads_copy]
        report = Report(files=[path], sources={path: source}, formats={path: ("product", "utf-8")})
        report.findings = field_findings(field_rules, product_data(prod), path, doc, source)
        report.extend(
            check_each(copy, lambda file: self.check_file(file, kind=kind, product=prod, max_bytes=max_bytes))
        )
        return report

    def check_file(
        self,
        path: str | Path,
        *,
        kind: str = "auto",
        product_type: str | None = None,
        product: Product | None = None,
        max_bytes: int = MAX_INPUT_BYTES,
    ) -> Report:
        """Check one file (.txt, .md, .html, .docx, .pdf). Raises :class:`InputError` when it cannot be read."""
        source = read_source(Path(path), max_bytes)
        return self.check_source(source, kind=kind, product_type=product_type, product=product)

    def check_source(
        self, source: Source, *, kind: str = "auto", product_type: str | None = None, product: Product | None = None
    ) -> Report:
        """Check a file already read (see :func:`consumer_rules.document.read_source`)."""
        if source.extracted.warnings and not source.extracted.text.strip():
            raise InputError(source.path, "; ".join(source.extracted.warnings))
        report = self.check_extracted(
            source.extracted, path=source.path, kind=kind, product_type=product_type, product=product
        )
        report.formats[source.path] = (source.extracted.format, source.encoding)
        return report

    def check_many(
        self,
        items: Iterable[str | Path | dict[str, Any]],
        *,
        jobs: int | None = 1,
        kind: str = "auto",
        product_type: str | None = None,
        chunksize: int = 8,
    ) -> Iterator[Report]:
        """Check many texts or files, one :class:`Report` per item, yielded in input order as they are done.

        An item is a text (``str``), a file (``pathlib.Path``; a file that cannot be read gives a report
        listing it in ``skipped``), or a mapping of :meth:`check_text` arguments (``{"text": ..., "path":
        ..., "kind": ..., "product_type": ...}``). ``jobs``: worker processes (``None``: one per CPU; 1:
        this process). The rule set is sent to each worker once; items are read lazily, so a generator of
        millions of texts is fine."""
        from .parallel import ordered_map

        defaults = {"kind": kind, "product_type": product_type}
        return ordered_map(_check_item, (self, defaults), items, jobs, chunksize)

    def check_paths(
        self,
        paths: Iterable[str | Path],
        *,
        kind: str = "auto",
        product_type: str | None = None,
        max_bytes: int = MAX_INPUT_BYTES,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        gitignore: bool = True,
        follow_symlinks: bool = False,
    ) -> Report:
        """Check files and folders (recursively; ``include``/``exclude`` are gitignore-style globs, and
        .gitignore files are respected; symbolic links leading out of a folder are followed only with
        ``follow_symlinks``). Unreadable files are listed in ``Report.skipped``."""
        return check_each(
            paths,
            lambda file: self.check_file(file, kind=kind, product_type=product_type, max_bytes=max_bytes),
            include,
            exclude,
            gitignore,
            follow_symlinks=follow_symlinks,
        )


def _check_item(shared: tuple[RuleSet, dict[str, Any]], item: str | Path | dict[str, Any]) -> Report:
    rules, defaults = shared
    if isinstance(item, str):
        return rules.check_text(item, **defaults)
    if isinstance(item, Path):
        try:
            return rules.check_file(item, **defaults)
        except InputError as exc:
            return Report(skipped=[(exc.path, str(exc).removeprefix(f"{exc.path}: "))])
    if isinstance(item, dict):
        return rules.check_text(**{**defaults, **item})
    raise UsageError(f"check_many takes texts, pathlib.Path files or dicts of check_text arguments, not {item!r:.60}")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(extracted: Extracted) -> Extracted:
    """Lone surrogates (only a Python string can hold them, never a file) become U+FFFD: same length, so every
    offset stays, and the matchers, which need valid Unicode, can read the text."""
    if not _SURROGATE.search(extracted.text) and not _SURROGATE.search(extracted.source):
        return extracted
    return dataclasses.replace(
        extracted,
        text=_SURROGATE.sub("\ufffd", extracted.text),
        source=_SURROGATE.sub("\ufffd", extracted.source),
    )


def check_each(
    paths: Iterable[str | Path],
    check: Callable[[Path], Report],
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    gitignore: bool = True,
    *,
    follow_symlinks: bool = False,
) -> Report:
    """``check`` every file under ``paths``; missing paths and unreadable files go to ``Report.skipped``."""
    report = Report()

    def skip(path: str, reason: str) -> None:
        report.skipped.append((path, reason))

    for target in paths:
        target_path = Path(target)
        if not target_path.exists():
            report.skipped.append((str(target_path), "no such file or folder"))
            continue
        for file in iter_paths(target_path, include, exclude, gitignore, follow_symlinks=follow_symlinks, on_skip=skip):
            try:
                report.extend(check(file))
            except InputError as exc:
                report.skipped.append((exc.path, str(exc).removeprefix(f"{exc.path}: ")))
    return report


def _applies(rule: CompiledRule, kind: str, product_type: str | None, with_product: bool = False) -> bool:
    info = rule.info
    if not rule.logic.reads_copy or (rule.logic.needs_product and not with_product):
        return False  # field rules read the product, not copy; consistency rules need a product
    if kind not in info.kinds:
        return False
    return product_type is None or info.products is None or product_type in info.products


def _finding(
    rule: CompiledRule,
    path: str,
    extracted: Extracted,
    lines: LineIndex,
    start: int,
    end: int,
    scope: str,
    severity: Severity,
) -> Finding:
    unit = extracted.unit_of(start)
    return rule.info.finding(
        lines,
        start,
        end,
        severity=severity,
        path=path,
        scope=scope,
        paragraph=unit if extracted.unit == "paragraph" else None,
        page=unit if extracted.unit == "page" else None,
    )


def load_rules(
    packs: Sequence[str] | None = None,
    rules_dirs: Iterable[str | Path] = (),
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    severity: dict[str, Severity] | None = None,
    backend: str | None = None,
    cache: bool = True,
) -> RuleSet:
    """Load, validate and compile rule packs (all built-in packs by default, plus ``rules_dirs``).

    Raises :class:`~consumer_rules.errors.RuleLoadError` listing every problem of every broken file.
    The compiled result is cached on disk keyed by the rule files' content (``cache=False`` to skip).
    """
    folders = rule_sources(packs, [Path(d) for d in rules_dirs])
    chosen = backend or available_backends()[0]
    if chosen not in available_backends():
        raise UsageError(f"backend {chosen!r} is not available here; available: {', '.join(available_backends())}")

    def build() -> CompiledRules:
        from .compile import compile_rules
        from .loader import load_folders

        return compile_rules(load_folders(folders), chosen)

    compiled = cached(cache_key(folders, chosen), build, enabled=cache)
    return RuleSet(compiled, Selector(tuple(select), tuple(ignore)), tuple((severity or {}).items()))
