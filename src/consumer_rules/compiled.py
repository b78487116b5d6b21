"""Compiled rules: plain, picklable data (no pydantic), so a cached rule set loads in milliseconds."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from typing import Any

from .backends import Matcher, PatternEntry
from .findings import Finding, LineIndex, Reference, Severity, bearing_on
from .kinds import Logic

# Clause punctuation of the normalised text (full-width forms are folded to ASCII by then).
SENTENCE_BREAKS = "。!?\n！？\x1f"
CLAUSE_BREAKS = "。,;!?\n，；！？…\x1f"  # \x1f: a block boundary in Markdown and HTML


def names_its_products(own: tuple[int, ...], elsewhere: tuple[int, ...], present: Container[int]) -> bool:
    """Whether copy holding the patterns ``present`` can be about the products whose words are ``own``: it names one
    of them, or names no other product (``elsewhere``) either."""
    return any(pid in present for pid in own) or not any(pid in present for pid in elsewhere)


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str
    category: str
    severity: Severity
    kind: str
    message: str
    message_en: str
    fix: str
    references: tuple[Reference, ...]
    pack: str
    path: str
    kinds: frozenset[str]
    products: frozenset[str] | None
    aliases: tuple[str, ...]
    mentions: tuple[int, ...] = ()  # pattern ids; one must occur when the product type is unknown
    unless_mentions: tuple[int, ...] = ()  # pattern ids; none may occur when the product type is unknown
    # When the product type is unknown, the copy is about other products only if it names one of them
    # (``elsewhere``) and none of the rule's own (``own``): see compile._product_words.
    own: tuple[int, ...] = ()
    elsewhere: tuple[int, ...] = ()
    supersedes: tuple[str, ...] = ()  # codes whose findings on the same text fold into this rule's
    replaces: tuple[str, ...] = ()  # codes that do not run when a product is given that this rule applies to
    # Per reference: (words of its products, words of the other products) when it names products that all have a
    # vocabulary, else None; with the product type unknown, copy that names only other products does not cite it.
    reference_words: tuple[tuple[tuple[int, ...], tuple[int, ...]] | None, ...] = ()
    genres: frozenset[str] | None = None  # None: every genre
    reads_account: bool = False  # in a report, its findings stand outside the quoted copy too

    def references_for(self, product_type: str | None, named: Container[int] = ()) -> tuple[Reference, ...]:
        """The references a finding of this rule cites: those that bear on the product its copy is about. With the
        type unknown, ``named`` (the patterns the copy holds) tells: a reference for some products is left out when
        the copy names none of them and names another (a fund ad does not cite the wealth-management regulation);
        copy that names no product cites them all."""
        if product_type is not None or not self.reference_words:
            return bearing_on(self.references, product_type)
        kept = tuple(
            reference
            for reference, words in zip(self.references, self.reference_words, strict=True)
            if words is None or names_its_products(*words, named)
        )
        return kept or self.references

    def runs_on(self, kind: str, genre: str) -> bool:
        """Whether the rule runs on a section of ``kind`` written as ``genre``."""
        return kind in self.kinds and (self.genres is None or genre in self.genres)

    def finding(
        self,
        lines: LineIndex,
        start: int,
        end: int,
        *,
        severity: Severity,
        path: str,
        product_type: str | None = None,
        **extra: Any,
    ) -> Finding:
        """A finding of this rule at ``lines.text[start:end]`` on copy about ``product_type`` (extra: scope,
        paragraph, page, field)."""
        return Finding.at(
            lines,
            start,
            end,
            rule=(self.code, self.name, self.category),
            severity=severity,
            messages=(self.message, self.message_en),
            path=path,
            references=self.references_for(product_type),
            fix=self.fix,
            **extra,
        )


@dataclass(frozen=True)
class CompiledRule:
    info: RuleInfo
    logic: Logic  # the kind's compiled form (kinds/<kind>.py)


@dataclass
class CompiledRules:
    rules: tuple[CompiledRule, ...]
    patterns: tuple[PatternEntry, ...]
    masks: tuple[int, ...]  # the packs' masks; accepted phrasings of require rules are added per document
    title_marks: tuple[int, int]  # pattern ids of 《 and 》
    matcher: Matcher
    packs: tuple[tuple[str, str], ...]  # (name, version)
