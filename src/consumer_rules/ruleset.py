"""The public entry points: load a rule set once, then check any number of texts and files with it."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .backends import Hit, available_backends
from .cache import cache_key, cached
from .compiled import CompiledRule, CompiledRules, RuleInfo
from .discovery import rule_sources
from .document import (
    MAX_FILE_SECONDS,
    MAX_INPUT_BYTES,
    Section,
    Source,
    TimeLimit,
    crosses_heading,
    detect_sections,
    iter_paths,
    quoted_spans,
    read_source,
    section_genre,
    time_limit,
)
from .engine import RawFinding, RulePlan, Scope, Span, evaluate
from .errors import InputError, UsageError
from .extract import Extracted
from .findings import Finding, LineIndex, Reference, Report, Severity, file_type
from .grouping import group
from .kinds.require import RequireLogic
from .normalize import NormalizedText, normalize_folded
from .vocabulary import GENRES, KindChoice, ProductType, check_kind, check_product_type

if TYPE_CHECKING:  # the product model needs pydantic, which checking copy alone never imports
    from .config import LoadedConfig
    from .product import Product, ProductFile

KINDS = ("marketing", "privacy", "terms")
NOTHING_TO_CHECK = ".txt .md .html .docx .pdf"


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
    # What the compiled rules were built from (their disk-cache key: rule files, engine source, backend), or ""
    # when nothing names them; with the selection and severities it names a view's results (results_cache).
    source_key: str = ""

    def __post_init__(self) -> None:
        self._check_selection()
        self._active = tuple(r for r in self.compiled.rules if self.selector.allows(r.info))
        # The longest matching prefix decides, as for --select.
        self._severities = {
            r.info.code: max(((len(p), sev) for p, sev in self.severity if r.info.code.startswith(p)),
                             default=(0, r.info.severity))[1]
            for r in self._active
        }  # fmt: skip
        self._plans: dict[tuple[frozenset[tuple[str, str]], str | None, bool], RulePlan] = {}
        self._supersedes = {r.info.code: frozenset(r.info.supersedes) for r in self._active if r.info.supersedes}
        self._local = frozenset(
            r.info.code for r in self._active if isinstance(r.logic, RequireLogic) and r.logic.within != "document"
        )

    @classmethod
    def from_config(cls, config: LoadedConfig | str | Path | None = None) -> RuleSet:
        """The rules a config file selects (packs, rule folders, select, ignore, severity), as the command
        line loads them; ``None`` finds the config from the current folder upwards (see
        :func:`consumer_rules.load_config`)."""
        from . import load_config
        from .runner import Settings, load

        loaded = config if not isinstance(config, str | Path | None) else load_config(config)
        return load(Settings.from_config(loaded))

    def _check_selection(self) -> None:
        """Every selector and severity override must name at least one loaded rule: a typo would otherwise
        select nothing (and every text would pass) or change nothing."""
        problems = []
        idents = [(r.info.code, r.info.name, *r.info.aliases) for r in self.compiled.rules]
        for what, prefixes in (("select", self.selector.select), ("ignore", self.selector.ignore)):
            for p in prefixes:
                if not isinstance(p, str) or not p or not any(i.startswith(p) for ids in idents for i in ids):
                    problems.append(f"{what} {p!r} matches no rule{_rule_hint(p, idents)}")
        for p, sev in self.severity:
            if not isinstance(p, str) or not p or not any(ids[0].startswith(p) for ids in idents):
                problems.append(f"severity override {p!r} matches no rule code{_rule_hint(p, idents)}")
            if not isinstance(sev, Severity):
                problems.append(f"severity {sev!r} for {p!r} is not one of {', '.join(s.value for s in Severity)}")
        if problems:
            raise UsageError("; ".join(problems))

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
        self,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        severity: dict[str, Severity] | dict[str, str] | None = None,
    ) -> RuleSet:
        """A view with another selection and severity overrides; the compiled matcher is shared."""
        return RuleSet(self.compiled, Selector(_names(select), _names(ignore)), _severities(severity), self.source_key)

    @property
    def view_key(self) -> str:
        """What decides this view's results besides its compiled rules: the selection and the severities."""
        return repr((self.selector, self.severity))

    def check(
        self, text: str, *, path: str = "<text>", kind: KindChoice = "auto", product_type: ProductType | None = None
    ) -> Report:
        """Check one text. ``kind`` is marketing, privacy, terms or auto (guessed from the text)."""
        return self.check_text(text, path=path, kind=kind, product_type=product_type)

    def check_text(
        self,
        text: str,
        *,
        path: str = "<text>",
        kind: KindChoice = "auto",
        product_type: ProductType | None = None,
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
        kind: KindChoice = "auto",
        product_type: ProductType | None = None,
        product: Product | None = None,
    ) -> Report:
        """Check text read from a file (see :mod:`consumer_rules.extract`); findings point into its source.

        With a ``product``, the copy is also checked against it (consistency rules), and its type scopes
        the rules: a ``product_type`` other than the product's is a :class:`UsageError`."""
        kind, product_type = check_kind(kind), check_product_type(product_type)
        if product is not None and product_type not in (None, product.type):
            raise UsageError(
                f"product_type {product_type!r} contradicts the product's type {product.type!r}: the product's "
                "type scopes the rules, so leave product_type out"
            )
        extracted = _without_surrogates(extracted)
        norm, folded = normalize_folded(extracted.text)
        # A text may hold several kinds (a product page with its terms below): each rule runs on the sections
        # of its kinds. An explicit kind makes the whole text one section.
        # Sections are read on the text as written (folded one for one), where line breaks still separate a
        # title from what follows; offsets are the extracted text's.
        text = extracted.text
        # The genre (selling, report, warning …) is read from the text whatever its kind: --kind names what a
        # text is, not whether it sells.
        sections = detect_sections(folded) if kind == "auto" else [Section(0, len(text), kind, section_genre(folded))]
        # A report of someone's copy (a notice's account of one ad, news of a sale) speaks in the reporter's words
        # around the words it quotes: only what it quotes is the copy. With a product, warnings that tell of the
        # sale are read the same way.
        told = [(s.start, s.end) for s in sections if s.genre in (_TOLD_GENRES if product is not None else _REPORT)]
        if product is not None:  # copy checked against a product is that product's copy: it sells it
            sections = [dataclasses.replace(s, genre="selling") for s in sections]
        kinds = frozenset(s.kind for s in sections)
        parts = frozenset((s.kind, s.genre) for s in sections)
        if product is not None:
            product_type = product.type
        plan = self._plan(kinds, product_type, product is not None, frozenset(s.genre for s in sections), parts)
        hits = self.compiled.matcher.scan(norm.text, plan.patterns) if plan.rules else []
        data = None
        if product is not None:
            from .product import product_data

            data = product_data(product)
        scopes = _normalised_sections(norm, sections) if len(parts) > 1 else None
        if "\n" in text:  # a heading and the line below it are not one phrase, for triggers and guards alike
            hits = _not_across_headings(hits, text, norm)
        raw = evaluate(self.compiled, norm.text, hits, plan, data, scopes, norm.joins)
        if product is not None:  # a claim the product's record confirms is a fact stated, not a promise
            from .kinds.consistency import without_confirmed

            raw = without_confirmed(raw)
            # the product's own name (工银保本B, 鑫享稳盈1号) where the copy gives it names the product: a word of it
            # is no claim the copy makes (a name that itself promises is the record's to answer for)
            raw = _outside_name(raw, norm.text, product.name)
        if told:  # a report of the sale: what the seller said is what it quotes, the rest is the reporter's
            raw = _quoted_in_told(raw, norm, text, told)
        if len(parts) > 1:
            raw = [item for item in raw if _in_its_sections(item.rule, norm, item.start, item.end, sections)]
        if "\n" in text:  # a heading and the line below it are not one phrase
            raw = [
                item
                for item in raw
                if item.scope != "span" or not crosses_heading(text, *norm.span(item.start, item.end))
            ]
        source = extracted.source
        if not raw:
            return Report(files=[path])
        lines = LineIndex(source)
        raw, truncated = _at_most(raw, MAX_FINDINGS_PER_RULE)
        # With the product type unknown, the product words the copy uses say which references bear on it.
        named = frozenset() if product_type is not None else frozenset(pid for pid, _, _ in hits)
        findings = [
            _truncated(path, lines, code, norm.span(last, last)[0], more) for code, (last, more) in truncated.items()
        ]
        for item in raw:
            if item.scope == "document" and item.start == item.end == 0:
                start = end = 0
            else:
                words = _without_edges(norm.text, item.start, item.end)
                start, end = _trimmed(source, *extracted.widen(*norm.span(*words)))
            findings.append(
                _finding(
                    item.rule,
                    path,
                    extracted,
                    lines,
                    (start, end),
                    item.scope,
                    self._severities[item.rule.info.code],
                    product_type,
                    named,
                )
            )
        findings = group(
            findings, self._supersedes, self._local
        )  # one finding per problem, the others as related locations
        # The text is kept only where there is something to show in it (the HTML report shows findings in
        # place); a large clean run should not hold every file in memory.
        return Report(findings=findings, files=[path], sources={path: source} if findings else {})

    def warm(self) -> None:
        """Build now what the first checks would otherwise build: every regex of the matcher, the rule plan of
        each kind and genre, the normalisation tables; for a benchmark that times the checks alone. Checks
        build only what they meet, and so do worker processes: built in the parent before they fork, it all
        came before any worker started (about 1.8 s for the built-in packs, whatever the number of files),
        where each worker builds what its files meet at the same time as the others (about 0.2 s for 10
        files, 1 s for 300, 1.2 s for 2,500)."""
        matcher_warm = getattr(self.compiled.matcher, "warm", None)
        if matcher_warm is not None:
            matcher_warm()
        prepare = getattr(self.compiled.matcher, "prepare", None)
        for kind in KINDS:
            for genre in GENRES:
                plan = self._plan(kind, None, genres=frozenset((genre,)))
                if prepare is not None:
                    prepare(plan.patterns)
        normalize_folded("")

    def _plan(
        self,
        kind: str | frozenset[str],
        product_type: str | None,
        with_product: bool = False,
        genres: frozenset[str] = frozenset(GENRES),
        parts: frozenset[tuple[str, str]] | None = None,
    ) -> RulePlan:
        """The rules to run on a text of these kinds and genres; ``parts``: the (kind, genre) pairs of its
        sections (default: every pairing of ``kind`` and ``genres``)."""
        kinds = frozenset((kind,)) if isinstance(kind, str) else kind
        if parts is None:
            parts = frozenset((k, g) for k in kinds for g in genres)
        key = (parts, product_type, with_product)
        plan = self._plans.get(key)
        if plan is None:
            selected = [
                r
                for r in self._active
                if _applies(r, kinds, product_type, with_product) and any(r.info.runs_on(*p) for p in parts)
            ]
            # Accepted phrasings mask whatever the genre: a disclaimer quoted in a report is still one.
            applicable = [r for r in self.compiled.rules if _applies(r, kinds, product_type, with_product)]
            plan = self._plans[key] = RulePlan.build(
                selected, self.compiled.masks, applicable, product_type is not None, self.compiled.title_marks
            )
        return plan

    # The per-kind plans are a cache; rebuild them rather than ship them to worker processes.
    def __getstate__(self) -> dict[str, Any]:
        return {"compiled": self.compiled, "selector": self.selector, "severity": self.severity, "key": self.source_key}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.compiled = state["compiled"]
        self.selector = state["selector"]
        self.severity = state["severity"]
        self.source_key = state.get("key", "")
        self.__post_init__()

    def check_product(
        self,
        product: Product | ProductFile | str | Path,
        copy: Iterable[str | Path] = (),
        *,
        kind: KindChoice = "auto",
        max_bytes: int = MAX_INPUT_BYTES,
    ) -> Report:
        """Check a product description (a :class:`Product` or a YAML/JSON file) and the copy that sells it.

        Reports problems of the description itself (field rules: incomplete for its type, unsuitable,
        collecting too much), the copy's own problems scoped by the product's type, and where the copy
        contradicts the product (consistency rules). Unreadable copy files are listed in ``Report.skipped``."""
        from .product import Product, ProductFile, load_product, product_data
        from .product_check import field_findings

        kind = check_kind(kind)
        if not any(r.info.kind in ("field", "consistency") for r in self._active):
            raise UsageError(
                "check_product: this rule set has no product rules (field or consistency); load the cn-product "
                "pack (load_rules() loads it by default) or rules of your own of those kinds"
            )
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
        kind: KindChoice = "auto",
        product_type: ProductType | None = None,
        product: Product | None = None,
        max_bytes: int = MAX_INPUT_BYTES,
    ) -> Report:
        """Check one file (.txt, .md, .html, .docx, .pdf). Raises :class:`InputError` when it cannot be read."""
        source = read_source(Path(path), max_bytes)
        return self.check_source(source, kind=kind, product_type=product_type, product=product)

    def check_source(
        self,
        source: Source,
        *,
        kind: KindChoice = "auto",
        product_type: ProductType | None = None,
        product: Product | None = None,
    ) -> Report:
        """Check a file already read (see :func:`consumer_rules.document.read_source`)."""
        if not source.extracted.text.strip():
            # An empty file (a failed export, a page whose copy is all images) has nothing the rules could
            # flag: it is listed as not checked, never passed as compliant.
            reason = "; ".join(source.extracted.warnings) or "has no text to check (it is empty, blank or only markup)"
            raise InputError(source.path, reason)
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
        ..., "kind": ..., "product_type": ..., "product": ...}``; another key, or no ``text``, is a
        :class:`UsageError`). ``jobs``: worker processes (``None``: one per CPU; 1: this process). The rule
        set is sent to each worker once; items are read lazily, so a generator of millions of texts is fine."""
        from .parallel import ordered_map

        defaults = {"kind": kind, "product_type": product_type}
        return ordered_map(_check_item, (self, defaults), items, jobs, chunksize)

    def check_paths(
        self,
        paths: Iterable[str | Path],
        *,
        kind: KindChoice = "auto",
        product_type: ProductType | None = None,
        max_bytes: int = MAX_INPUT_BYTES,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        gitignore: bool = True,
        follow_symlinks: bool = False,
    ) -> Report:
        """Check files and folders (recursively; ``include``/``exclude`` are gitignore-style globs, and
        .gitignore files are respected; symbolic links leading out of a folder are followed only with
        ``follow_symlinks``). Missing paths, unreadable files and folders with nothing to check are listed in
        ``Report.skipped`` (and ``Report.passed`` is then False)."""
        kind, product_type = check_kind(kind), check_product_type(product_type)
        return check_each(
            paths,
            lambda file: self.check_file(file, kind=kind, product_type=product_type, max_bytes=max_bytes),
            include,
            exclude,
            gitignore,
            follow_symlinks=follow_symlinks,
        )


_ITEM_KEYS = frozenset({"text", "path", "kind", "product_type", "product"})
"""The keys of a dict item of :meth:`RuleSet.check_many`: the arguments of :meth:`RuleSet.check_text`."""


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
        unknown = sorted(str(key) for key in item if key not in _ITEM_KEYS)
        if unknown or "text" not in item:
            from .discovery import did_you_mean

            hint = did_you_mean(unknown[0], sorted(_ITEM_KEYS)) if unknown else None
            problem = f"unknown key {unknown[0]!r}" if unknown else "no 'text'"
            raise UsageError(
                f"check_many: a dict item takes {', '.join(sorted(_ITEM_KEYS))}; this one has {problem}"
                + (f" ({hint})" if hint else "")
            )
        return rules.check_text(**{**defaults, **item})
    raise UsageError(f"check_many takes texts, pathlib.Path files or dicts of check_text arguments, not {item!r:.60}")


_SURROGATE = re.compile("[\ud800-\udfff]")


MAX_FINDINGS_PER_RULE = 1000
"""Per file and rule, the findings listed; the rest are counted in one CR003 finding. Copy with thousands of
the same problem is rejected either way, and listing them all would take memory and output in proportion."""
_TRUNCATED = ("CR003", "findings.truncated")


def _at_most(raw: list[RawFinding], limit: int) -> tuple[list[RawFinding], dict[str, tuple[int, int]]]:
    """The first ``limit`` findings of each rule (by position), and per rule cut short: (where the last listed
    one ends, in normalised offsets; how many more there are)."""
    if len(raw) <= limit:
        return raw, {}
    counts = Counter(item.rule.info.code for item in raw)
    if max(counts.values(), default=0) <= limit:
        return raw, {}
    kept: list[RawFinding] = []
    listed: Counter[str] = Counter()
    last: dict[str, int] = {}
    for item in sorted(raw, key=lambda r: (r.start, r.end)):
        code = item.rule.info.code
        if listed[code] < limit:
            listed[code] += 1
            kept.append(item)
            last[code] = item.end
    return kept, {code: (last[code], n - limit) for code, n in counts.items() if n > limit}


def _truncated(path: str, lines: LineIndex, code: str, last: int, more: int) -> Finding:
    return Finding.at(
        lines, last, last, rule=(_TRUNCATED[0], _TRUNCATED[1], "other"), severity=Severity.info,
        messages=(f"{code} 在此文件中还有 {more} 处问题未列出（每条规则每个文件最多列出 {MAX_FINDINGS_PER_RULE} 处）。",
                  f"{more} more findings of {code} in this file are not listed "
                  f"(at most {MAX_FINDINGS_PER_RULE} per rule and file)."),
        path=path, references=(Reference("consumer-rules", "limits"),),
        fix=f"先修改已列出的 {code} 问题，再重新检查。",
    )  # fmt: skip


def _without_surrogates(extracted: Extracted) -> Extracted:
    """Lone surrogates (only a Python string can hold them, never a file) become U+FFFD: same length, so every
    offset stays, and the matchers, which need valid Unicode, can read the text."""
    if not _SURROGATE.search(extracted.text) and (
        extracted.source is extracted.text or not _SURROGATE.search(extracted.source)
    ):
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
    max_seconds: float | None = MAX_FILE_SECONDS,
) -> Report:
    """``check`` every file under ``paths``; missing paths, unreadable files, folders with no file to check and
    files that take longer than ``max_seconds`` go to ``Report.skipped``."""
    report = Report()
    if isinstance(paths, str | Path):
        paths = [paths]

    for item in walk(paths, include, exclude, gitignore, follow_symlinks=follow_symlinks):
        report.extend(item if isinstance(item, Report) else check_one(check, item, max_seconds))
    return report


def walk(
    paths: Iterable[str | Path],
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    gitignore: bool = True,
    *,
    follow_symlinks: bool = False,
) -> Iterator[Path | Report]:
    """The files under ``paths`` in walk order, with a report of one skip in place of each path that cannot be
    checked: missing, unreadable, not a regular file, or a folder with nothing to check; and, after each path, one
    report counting the files it holds that are not copy (``Report.not_read``)."""
    skipped: list[Report] = []

    def skip(path: str, reason: str) -> None:
        skipped.append(Report(skipped=[(path, reason)]))

    # Files passed over for their type are only counted, so one report per target carries them all: not one per
    # image, each sent through the worker pool like a file's result.
    not_read: Counter[str] = Counter()

    def count_not_read(path: Path) -> None:
        not_read[file_type(path)] += 1

    for target in paths:
        target_path = Path(target)
        try:
            target_path.stat()
        except FileNotFoundError:
            yield Report(skipped=[(str(target_path), "no such file or folder")])
            continue
        except (OSError, ValueError) as exc:  # a folder on the way cannot be searched; a NUL in the name
            yield Report(skipped=[(str(target_path), f"cannot be read: {getattr(exc, 'strerror', None) or exc}")])
            continue
        found = False
        for file in iter_paths(
            target_path,
            include,
            exclude,
            gitignore,
            follow_symlinks=follow_symlinks,
            on_skip=skip,
            on_not_read=count_not_read,
        ):
            yield from skipped  # in walk order: the skips met before this file
            skipped.clear()
            found = True
            yield file
        yield from skipped
        skipped.clear()
        if not_read:
            yield Report(not_read=Counter(not_read))
            not_read.clear()
        if not found:
            filters = " after --include and --exclude" if include or exclude else ""
            yield Report(skipped=[(str(target_path), f"no file to check in this folder ({NOTHING_TO_CHECK}){filters}")])


def check_one(check: Callable[[Path], Report], file: Path, max_seconds: float | None = MAX_FILE_SECONDS) -> Report:
    """``check(file)``, or a report of why it was skipped: unreadable, or over ``max_seconds`` of processor time."""
    try:
        with time_limit(max_seconds):
            return check(file)
    except TimeLimit:
        return Report(
            skipped=[(str(file), f"took more than {max_seconds:g} s of processor time to check (--max-file-seconds)")]
        )
    except InputError as exc:
        return Report(skipped=[(exc.path, str(exc).removeprefix(f"{exc.path}: "))])


def _applies(rule: CompiledRule, kinds: frozenset[str], product_type: str | None, with_product: bool = False) -> bool:
    info = rule.info
    if not rule.logic.reads_copy or (rule.logic.needs_product and not with_product):
        return False  # field rules read the product, not copy; consistency rules need a product
    if not info.kinds & kinds:
        return False
    return product_type is None or info.products is None or product_type in info.products


def _not_across_headings(hits: list[Hit], text: str, norm: NormalizedText) -> list[Hit]:
    """``hits`` without those that run from a heading into the line below it (see :func:`crosses_heading`).

    Normalisation keeps the line break after a title line (so no match crosses it) and removes other single
    breaks between Chinese characters; a match over a removed break is read against the original lines, so
    that triggers, accepted phrasings and guards are held to the same rule as findings."""
    offsets = norm.offsets
    if offsets is None or not hits:
        return hits
    # Normalised positions where a removed line break stood, in order.
    removed = [
        offsets.norm_starts[i]
        for i, copy in enumerate(offsets.copies)
        if not copy and "\n" in text[offsets.orig_starts[i] : offsets.orig_ends[i]]
    ]
    if not removed:
        return hits
    crossing: list[bool] = []  # per hit: it runs from a heading into the line below
    spanning: list[Span] = []  # hits over a removed break that are kept: a word split over the two lines
    for _, start, end in hits:
        i = bisect_right(removed, start)  # the first removed break after the match's first character
        over = i < len(removed) and removed[i] < end
        crosses = over and crosses_heading(text, *norm.span(start, end))
        crossing.append(crosses)
        if over and not crosses:
            spanning.append((start, end))
    if not any(crossing):
        return hits
    # A longer hit over a word read across the break is read across it too: the guard 红包有效 over 包有效 (红包 at a
    # line's end, 有效邀请 below) stands or falls with the phrase it guards, not by itself.
    return [
        hit
        for hit, crosses in zip(hits, crossing, strict=True)
        if not crosses or any(hit[1] <= s and e <= hit[2] for s, e in spanning)
    ]


def _outside_name(raw: list[RawFinding], text: str, name: str) -> list[RawFinding]:
    """``raw`` less the span findings lying wholly inside an occurrence of the product's ``name`` in ``text``."""
    named = normalize_folded(name)[0].text.strip()
    if len(named) < 2 or named not in text:
        return raw
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(named), text)]
    return [r for r in raw if r.scope != "span" or not any(s <= r.start and r.end <= e for s, e in spans)]


def _in_its_sections(
    rule: CompiledRule, norm: NormalizedText, start: int, end: int, sections: Sequence[Section]
) -> bool:
    """Whether a finding at normalised [start, end) lies in a section of a kind and genre its rule runs on; a
    whole-document finding without a place (start = end = 0) stands when any section is of such a kind."""
    if start == end == 0:
        return any(rule.info.runs_on(s.kind, s.genre) for s in sections)
    pos = norm.span(start, end)[0]
    return any(s.start <= pos < s.end and rule.info.runs_on(s.kind, s.genre) for s in sections)


def _normalised_sections(norm: NormalizedText, sections: Sequence[Section]) -> list[Scope]:
    """``sections`` (offsets into the original) as offsets into the normalised text: each starts at the first
    normalised character that comes from at or after its original start."""
    size = len(norm.text)
    positions = range(size)
    starts = [bisect_left(positions, s.start, key=lambda i: norm.span(i, i + 1)[0]) for s in sections]
    ends = [*starts[1:], size]
    return [Scope(a, b, s.kind, s.genre) for a, b, s in zip(starts, ends, sections, strict=True)]


_TOLD_GENRES = frozenset({"report", "warning"})
_REPORT = frozenset({"report"})


def _quoted_in_told(
    raw: list[RawFinding], norm: NormalizedText, text: str, told: list[tuple[int, int]]
) -> list[RawFinding]:
    """Span findings inside a told section (a report of the sale) kept only where they fall within quotation marks,
    unless their rule reads the report's own account (``applies_to.reads_account``)."""
    quotes = quoted_spans(text)
    kept = []
    for item in raw:
        if item.scope != "span" or item.rule.info.reads_account:
            kept.append(item)
            continue
        a, b = norm.span(item.start, item.end)
        if not any(s <= a < e for s, e in told) or any(qs <= a and b <= qe for qs, qe in quotes):
            kept.append(item)
    return kept


_EDGE = frozenset(" \t\r\n\f\v\u00a0\u3000\u2028\u2029，。！？；：、,.!?;:．｡")
"""What a span does not start or end with. Without look-around a pattern ends on the character after its words
(``收益稳定[，。]``) or starts on the one before (``(?:^|[，。])保本``); the finding points at the words."""

_NEXT_ITEM = re.compile(r"\n\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,2})\Z")


def _without_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the matched (normalised) text without white space and clause punctuation at its ends, nor the
    number of the next list item a pattern stopped on (``权限：\n2.``). A span of nothing else stays as it is.
    This reads the text the patterns matched, not the file: in HTML the ``;`` of ``&#26412;`` is no punctuation."""
    a, b = start, end
    while a < b and _is_edge(text[a]):
        a += 1
    b = _end_without_edges(text, a, b)
    item = _NEXT_ITEM.search(text, a, b)
    if item is not None and item.start() > a:
        b = _end_without_edges(text, a, item.start())
    return (a, b) if a < b else (start, end)


def _end_without_edges(text: str, a: int, b: int) -> int:
    while b > a and _is_edge(text[b - 1]):
        b -= 1
    return b


def _is_edge(char: str) -> bool:
    return char in _EDGE or char.isspace()


def _trimmed(source: str, start: int, end: int) -> tuple[int, int]:
    """The span without the white space at its ends: a pattern that starts at a line break (``(?:^|\n)标题``) or
    runs on to the next line points at the words it found, not at the line before them."""
    if not source[start:end].strip():
        return start, end
    while source[start].isspace():
        start += 1
    while source[end - 1].isspace():
        end -= 1
    return start, end


def _finding(
    rule: CompiledRule,
    path: str,
    extracted: Extracted,
    lines: LineIndex,
    span: tuple[int, int],
    scope: str,
    severity: Severity,
    product_type: str | None,
    named: frozenset[int],
) -> Finding:
    info = rule.info
    start, end = span
    unit = extracted.unit_of(start)
    return Finding.at(  # what RuleInfo.finding does, without its keyword pass-through: this runs per finding
        lines,
        start,
        end,
        rule=(info.code, info.name, info.category),
        severity=severity,
        messages=(info.message, info.message_en),
        path=path,
        references=info.references_for(product_type, named),
        fix=info.fix,
        scope=scope,
        paragraph=unit if extracted.unit == "paragraph" else None,
        page=unit if extracted.unit == "page" else None,
    )


def _names(values: Sequence[str] | str) -> tuple[str, ...]:
    """Selectors as a tuple; one string is one selector (not a sequence of one-letter selectors)."""
    return (values,) if isinstance(values, str) else tuple(values)


def _severities(overrides: dict[str, Severity] | dict[str, str] | None) -> tuple[tuple[str, Severity], ...]:
    out = []
    for code, value in (overrides or {}).items():
        if not isinstance(value, Severity):
            try:
                value = Severity(value)
            except ValueError:
                choices = ", ".join(s.value for s in Severity)
                raise UsageError(f"severity {value!r} for {code!r} is not one of {choices}") from None
        out.append((code, value))
    return tuple(out)


def _rule_hint(prefix: object, idents: list[tuple[str, ...]]) -> str:
    from .discovery import did_you_mean

    if not isinstance(prefix, str):
        return ""
    codes = sorted(ids[0] for ids in idents)
    stems = {c.rstrip("0123456789") for c in codes}
    # A selector that holds a whole stem and then digits (FIN99x) names a rule: pointing it back at the stem
    # would select the whole pack, so only rule names and codes are offered, and the stem's range otherwise.
    held = max((s for s in stems if prefix.startswith(s) and prefix[len(s) : len(s) + 1].isdigit()), default=None)
    known = sorted({i for ids in idents for i in ids} | (stems - {held} if held else stems))
    hint = did_you_mean(prefix, known)
    if hint is None and held:
        own = [c for c in codes if c.rstrip("0123456789") == held]
        hint = f"the {held} rules run from {own[0]} to {own[-1]}"
    return f" ({hint})" if hint else ""


def load_rules(
    packs: Sequence[str] | None = None,
    rules_dirs: Iterable[str | Path] = (),
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    severity: dict[str, Severity] | dict[str, str] | None = None,
    backend: str | None = None,
    cache: bool = True,
) -> RuleSet:
    """Load, validate and compile rule packs (all built-in packs by default, plus ``rules_dirs``).

    Raises :class:`~consumer_rules.errors.RuleLoadError` listing every problem of every broken file.
    The compiled result is cached on disk keyed by the rule files' content (``cache=False`` to skip).
    """
    if isinstance(packs, str):
        packs = [packs]
    if isinstance(rules_dirs, str | Path):
        rules_dirs = [rules_dirs]
    folders = rule_sources(packs, [Path(d) for d in rules_dirs])
    chosen = backend or available_backends()[0]
    if chosen not in available_backends():
        raise UsageError(f"backend {chosen!r} is not available here; available: {', '.join(available_backends())}")

    def build() -> CompiledRules:
        from .compile import compile_rules
        from .loader import load_folders

        return compile_rules(load_folders(folders), chosen)

    key = cache_key(folders, chosen)
    compiled = cached(key, build, enabled=cache)
    if cache:
        from .regex_store import open_store

        open_store()
    return RuleSet(compiled, Selector(_names(select), _names(ignore)), _severities(severity), key)
