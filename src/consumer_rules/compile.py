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


def _product_words(
    spec: model.RuleBase, vocabularies: dict[str, tuple[model.Pattern, ...]], table: PatternTable
) -> dict[str, tuple[int, ...]]:
    """How a rule scoped to some product types tells, with the type unknown, that copy is about others only.

    A pack's vocabularies named after product types (insurance, loan, fund …) say how copy names each. A rule
    for products that all have one, which does not say itself what its copy mentions (about, mentions), stands
    down on copy that names another product and none of its own: a wealth-management rule on an insurance
    advertorial would speak of 理财 and cite the wrong law. A rule with a product type that has no vocabulary
    (consumer goods, a service) cannot tell that copy is not about it, and runs as before."""
    applies = spec.applies_to
    products = applies.products
    if not products or applies.about or applies.mentions or any(t not in vocabularies for t in products):
        return {}
    own = table.add_all([w for t in products for w in vocabularies[t]])
    others = [t for t in PRODUCT_TYPES if t in vocabularies and t not in products]
    elsewhere = table.add_all([w for t in others for w in vocabularies[t]])
    return {"own": own, "elsewhere": elsewhere} if elsewhere else {}


def _reference_words(
    spec: model.RuleBase, vocabularies: dict[str, tuple[model.Pattern, ...]], table: PatternTable
) -> tuple[tuple[tuple[int, ...], tuple[int, ...]] | None, ...]:
    """Per reference of ``spec``: the words of the products it bears on and of the other products, by the packs'
    product vocabularies, so that copy that names only other products does not cite it when the product type is
    unknown (a fund ad's finding and the wealth-management regulation); None where that cannot be told (no
    products named, or one without a vocabulary: consumer goods, a service)."""
    if not any(r.products for r in spec.references):
        return ()
    words: list[tuple[tuple[int, ...], tuple[int, ...]] | None] = []
    for reference in spec.references:
        products = reference.products
        if not products or any(t not in vocabularies for t in products):
            words.append(None)
            continue
        others = [t for t in PRODUCT_TYPES if t in vocabularies and t not in products]
        words.append(
            (
                table.add_all([w for t in products for w in vocabularies[t]]),
                table.add_all([w for t in others for w in vocabularies[t]]),
            )
        )
    return tuple(words) if any(words) else ()


def compile_rules(loaded: LoadResult, backend: str | None = None) -> CompiledRules:
    table = PatternTable()
    rules: list[CompiledRule] = []
    masks: list[int] = []
    vocabularies = dict(loaded.vocabularies)
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
            **_product_words(spec, vocabularies, table),
            reference_words=_reference_words(spec, vocabularies, table),
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
