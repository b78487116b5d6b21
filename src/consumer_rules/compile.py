"""Compile validated rule specs into plain, picklable data plus one matcher for all their patterns.

Every phrase and regex of every rule (what it forbids, its guards, its triggers, its accepted phrasings,
the packs' masks) becomes one entry in a shared pattern table, deduplicated, so a document is scanned
once whatever the number of rules. Rule logic refers to patterns by id.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import model
from .backends import PatternEntry, build_matcher
from .backends.automaton import PatternError
from .compiled import CompiledRule, CompiledRules, RuleInfo
from .errors import Problem, RuleLoadError
from .findings import Reference
from .loader import LoadResult
from .normalize import tidy_prose
from .patterns import engine_regex, literal_text, required_pieces
from .vocabulary import GENRES, PRODUCT_TYPES


class PatternTable:
    """The shared table of every pattern of every rule; a kind's compiled form refers to them by id."""

    def __init__(self) -> None:
        self.entries: list[PatternEntry] = []
        self._ids: dict[PatternEntry, int] = {}
        self.owners: list[str] = []  # the file that first used each pattern, for errors
        self.owner = "<rules>"

    def add(self, entry: PatternEntry) -> int:
        pid = self._ids.get(entry)
        if pid is None:
            pid = self._ids[entry] = len(self.entries)
            self.entries.append(entry)
            self.owners.append(self.owner)
        return pid

    def add_pattern(self, pattern: model.Pattern, tolerate: model.Tolerate | None = None) -> int:
        source, is_literal = engine_regex(pattern, tolerate)
        if is_literal:
            return self.add(PatternEntry(source, literal_text(pattern)))
        return self.add(PatternEntry(source, None, *required_pieces(source)))

    def add_all(self, patterns: Sequence[model.Pattern], tolerate: model.Tolerate | None = None) -> tuple[int, ...]:
        return tuple(dict.fromkeys(self.add_pattern(p, tolerate) for p in patterns))


_ProductWords = tuple[tuple[int, ...], tuple[int, ...]]


class _Vocabularies:
    """The packs' vocabularies named after product types (insurance, loan, fund …), which say how copy names each,
    added to the pattern table once per set of products however many rules and references ask."""

    def __init__(self, vocabularies: dict[str, tuple[model.Pattern, ...]], table: PatternTable) -> None:
        self.named = vocabularies
        self._table = table
        self._words: dict[frozenset[str], _ProductWords | None] = {}

    def words(self, products: Sequence[str]) -> _ProductWords | None:
        """(the words of ``products``, the words of every other product with a vocabulary), or None when one of
        ``products`` has no vocabulary (consumer goods, a service): copy cannot be told not to be about it."""
        key = frozenset(products)
        if key not in self._words:
            vocab = self.named
            if any(t not in vocab for t in products):
                self._words[key] = None
            else:
                others = [t for t in PRODUCT_TYPES if t in vocab and t not in key]
                self._words[key] = (
                    self._table.add_all([w for t in products for w in vocab[t]]),
                    self._table.add_all([w for t in others for w in vocab[t]]),
                )
        return self._words[key]


def _product_words(spec: model.RuleBase, vocabularies: _Vocabularies) -> dict[str, tuple[int, ...]]:
    """How a rule scoped to some product types tells, with the type unknown, that copy is about others only.

    A rule for products that all have a vocabulary, which does not say itself what its copy mentions (about,
    mentions), stands down on copy that names another product and none of its own: a wealth-management rule on an
    insurance advertorial would speak of 理财 and cite the wrong law. A rule with a product type that has no
    vocabulary (consumer goods, a service) cannot tell that copy is not about it, and runs as before."""
    applies = spec.applies_to
    if not applies.products or applies.about or applies.mentions:
        return {}
    words = vocabularies.words(applies.products)
    return {"own": words[0], "elsewhere": words[1]} if words and words[1] else {}


def _reference_words(spec: model.RuleBase, vocabularies: _Vocabularies) -> tuple[_ProductWords | None, ...]:
    """Per reference of ``spec``: the words of the products it bears on and of the other products, so that copy
    that names only other products does not cite it when the product type is unknown (a fund ad's finding and the
    wealth-management regulation); None where that cannot be told."""
    if not any(r.products for r in spec.references):
        return ()
    words = tuple(vocabularies.words(r.products) if r.products else None for r in spec.references)
    return words if any(words) else ()


def compile_rules(loaded: LoadResult, backend: str | None = None) -> CompiledRules:
    table = PatternTable()
    rules: list[CompiledRule] = []
    masks: list[int] = []
    vocabularies = dict(loaded.vocabularies)
    product_vocabularies = _Vocabularies(vocabularies, table)
    for pack in loaded.packs:
        table.owner = f"pack {pack.manifest.name}"
        masks.extend(table.add_all(pack.manifest.masks))
        masks.extend(table.add_all(pack.manifest.framing))
    for loaded_rule in loaded.rules:
        spec = loaded_rule.spec
        table.owner = str(loaded_rule.path)
        info = RuleInfo(
            code=spec.code,
            name=spec.name,
            category=str(spec.category),
            severity=spec.severity,
            kind=spec.kind,
            message=tidy_prose(spec.message),
            message_en=tidy_prose(spec.message_en),
            fix=tidy_prose(spec.fix),
            references=tuple(
                Reference(r.law, r.article, r.verified, frozenset(r.products) if r.products else None)
                for r in spec.references
            ),
            pack=loaded_rule.pack,
            path=loaded_rule.path,
            kinds=frozenset(spec.applies_to.kinds),
            products=frozenset(spec.applies_to.products) if spec.applies_to.products is not None else None,
            aliases=tuple(spec.aliases),
            mentions=table.add_all(
                [*spec.applies_to.mentions, *(w for n in spec.applies_to.about for w in vocabularies.get(n, ()))]
            ),
            unless_mentions=table.add_all(
                [
                    *spec.applies_to.unless_mentions,
                    *(w for n in spec.applies_to.not_about for w in vocabularies.get(n, ())),
                ]
            ),
            **_product_words(spec, product_vocabularies),
            reference_words=_reference_words(spec, product_vocabularies),
            supersedes=tuple(spec.supersedes),
            replaces=tuple(getattr(spec, "replaces", ())),
            genres=None if set(spec.applies_to.genres) >= set(GENRES) else frozenset(spec.applies_to.genres),
            reads_account=spec.applies_to.reads_account,
        )
        rules.append(CompiledRule(info, spec.compile(table)))
    # Title marks are phrases, paired up per document: cheaper than a regex that fires on every title.
    title_marks = (table.add(PatternEntry("《", "《")), table.add(PatternEntry("》", "》")))
    try:
        matcher = build_matcher(table.entries, backend)
        verify = getattr(matcher, "verify", None)
        if verify is not None:
            verify()
    except PatternError as exc:
        if exc.pid is None:
            where = ", ".join(sorted({str(r.path) for r in loaded.rules})[:3]) or "<rules>"
            raise RuleLoadError([Problem(where, 0, 0, str(exc), "use fewer or simpler regexes")]) from None
        regex = table.entries[exc.pid].regex
        raise RuleLoadError(
            [Problem(table.owners[exc.pid], 0, 0, f"pattern {regex[:80]!r}: {exc}", "rewrite it in RE2 syntax")]
        ) from None
    return CompiledRules(
        rules=tuple(rules),
        patterns=tuple(table.entries),
        masks=tuple(dict.fromkeys(masks)),
        title_marks=title_marks,
        matcher=matcher,
        packs=tuple((p.manifest.name, p.manifest.version) for p in loaded.packs),
    )
