"""Kind ``consistency``, compiled: the copy against the product it sells (runs only when a product is given).

One of three modes: a claim the product does not support (the ``forbid`` logic and guards), a number that
differs from the product's field, or wording such a product's copy must carry.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from ..compiled import CLAUSE_BREAKS, SENTENCE_BREAKS
from ..conditions import completeness, holds, lookup
from ..engine import RawFinding, Span, _Document, _leftmost_longest, _near_in_clause
from ..lazy import lazy_regex
from ..normalize import normalize_phrase
from . import Logic
from .forbid import ForbidLogic, _forbid
from .other_products import inside_other_product

if TYPE_CHECKING:
    from ..compiled import CompiledRule


@dataclass(frozen=True)
class QuantityLogic:
    near: tuple[int, ...]
    kind: str
    window: int
    fields: tuple[str, ...]
    tolerance: float
    side: str = "after"
    inside: bool = False
    unless: tuple[int, ...] = ()  # words that make the number another figure than the field's (近一年, 过去)
    above: bool = False  # only a number above every value of the fields is reported
    unless_sentence: bool = False  # 'unless' words count anywhere in the keyword's sentence before the number
    before_window: int = 10  # characters allowed between a number before the keyword and it (side before/both)
    not_above: bool = False  # only a number at or below the fields' largest value is reported (a span the fact covers)
    confirms: tuple[str, ...] = ()  # categories of others' findings a figure agreeing with the record makes true
    benefit_field: str | None = None  # a field of insurance.benefits: a figure naming a benefit is that one's
    fee_named: bool = False  # a fee rate whose clause names a kind of fee is that fee's
    ordinal: bool = False  # a position (第5年, 第5个保单年度) is read as that many years
    narrower: bool = False  # only a stated range inside the record's range, short of spanning it, is reported
    # field -> high | low: that end of the field's range stated alone, as the product's figure, is reported
    best_end: tuple[tuple[str, str], ...] = ()
    unless_in_clause: tuple[int, ...] = ()  # words anywhere in the keyword's clause, after the number too (可选)
    per_sum: bool = False  # a cost in yuan on a sum before the keyword is a rate (Fact.per_sum)


@dataclass(frozen=True)
class IdentifierLogic:
    near: tuple[int, ...]
    kind: str  # phone | code
    window: int
    fields: tuple[str, ...]
    unless: tuple[int, ...] = ()  # words in the keyword's clause that make the identifier another party's (12378)


@dataclass(frozen=True)
class ConsistencyLogic(Logic):
    """Copy against the product: a contradicting claim (``claims``), a differing number, or missing wording."""

    needs_product: ClassVar[bool] = True

    when: Any
    claims: ForbidLogic | None
    quantity: QuantityLogic | None
    accept: tuple[int, ...]
    promotes: tuple[int, ...] = ()
    accept_fields: tuple[str, ...] = ()  # product fields (issuer) the copy may name instead of an accepted phrasing
    identifier: IdentifierLogic | None = None
    fee_waived: bool = False  # each claim names the fee it waives: judged by the record's fee of that name

    def triggers(self) -> tuple[int, ...]:
        # accept mode: always runs (when a product is given)
        if self.claims:
            return self.claims.match
        if self.quantity:
            return self.quantity.near
        return self.identifier.near if self.identifier else ()

    def evaluate(self, doc: _Document, rule: CompiledRule, product: dict[str, Any] | None) -> list[RawFinding]:
        if product is None or not holds(self.when, product):
            return []
        found = _consistency(doc, rule, self, product)
        # a term, class or figure inside another product's full name, or in a sentence about another class named
        # by its code, is that product's (see .other_products)
        return [f for f in found if f.scope != "span" or not inside_other_product(doc.text, product, f.start, f.end)]


def _consistency(
    doc: _Document, rule: CompiledRule, logic: ConsistencyLogic, product: dict[str, Any]
) -> list[RawFinding]:
    if logic.claims is not None:
        found = _forbid(doc, rule, logic.claims)
        if logic.fee_waived:
            found = [f for f in found if f.scope != "span" or _waives_charged_fee(doc.text[f.start : f.end], product)]
        return found
    if logic.quantity is not None:
        return _quantities(doc, rule, logic.quantity, product)
    if logic.identifier is not None:
        return _identifiers(doc, rule, logic.identifier, product)
    if doc.spans(logic.accept) or _names_a_field(doc.text, product, logic.accept_fields):
        return []
    if logic.promotes:
        # Owed by copy that promotes: point at the first thing that does (a rate shown, a call to buy). The
        # wording is missing from the document, so the finding is the document's, as a require rule's is: other
        # missing wording of its category in the same copy is the same problem.
        promoting = [s for s in doc.spans(logic.promotes) if not inside_other_product(doc.text, product, *s)]
        if not promoting:
            return []
        start, end = _leftmost_longest(promoting)[0]
        return [RawFinding(rule, start, end, "document")]
    return [RawFinding(rule, 0, 0, "document")]


# A company's legal form and line of business, taken off its name to leave the name copy uses (信泰人寿保险股份有限公司
# is 信泰人寿, 信泰保险); 中国 before a brand is dropped too (中国平安 is also 平安人寿).
_COMPANY_FORM = lazy_regex(r"(?:集团)?(?:股份)?有限(?:责任)?公司$|(?:股份)?公司$")
_LINE = lazy_regex(r"(?:人寿|财产|健康|养老|再)?保险$")
_SHORT_BRAND = 2


def company_names(name: str) -> set[str]:
    """The ways copy names a company: its full name, the name without its legal form, and its brand with the line of
    insurance it sells (人寿, 保险, 财险). A brand alone (信泰) is not enough: two characters are too often a word."""
    from ..normalize import normalize_phrase

    full = re.sub(r"\s", "", normalize_phrase(name))
    names = {full} if full else set()
    bare = _COMPANY_FORM.sub("", full)
    if bare != full and len(bare) >= 4:
        names.add(bare)
    if bare.endswith(("基金管理", "资产管理")) and len(bare) >= 6:  # 博时基金管理有限公司 is 博时基金
        names.add(bare[:-2])
    brand = _LINE.sub("", bare)
    if brand != bare:
        brands = {brand, brand[2:]} if brand.startswith("中国") else {brand}
        for b in brands:
            if len(b) >= _SHORT_BRAND:
                names |= {b + "人寿", b + "保险", b + "财险", b + "寿险"}
    return names


def _names_a_field(text: str, product: dict[str, Any], paths: tuple[str, ...]) -> bool:
    """Whether the copy names what one of the product's text fields holds (the issuer, by a name copy uses)."""
    for path in paths:
        value = lookup(product, path)
        if isinstance(value, str) and any(name in text for name in company_names(value)):
            return True
    return False


_RANGE_JOIN = lazy_regex(r"\s*(?:-|~|～|—|至|到)\s*$")
# An age bound that leaves itself out: 出生满30天-70周岁(不含), 70周岁以下（不含70周岁）, 17周岁(不含)以上.
_EXCLUSIVE = lazy_regex(r"\s*(以上|以下)?\s*[(（]?\s*不含[^)）。,;\n]{0,8}[)）]?\s*(以上|以下)?")


def _quantities(doc: _Document, rule: CompiledRule, q: QuantityLogic, product: dict[str, Any]) -> list[RawFinding]:
    """Numbers written next to a keyword (after it, or before it with ``side``) that differ from every value of
    the product's fields. Both ends of a range (2.8%-3.3%) are compared."""
    from ..numbers import Quantity, find_quantities

    expected = [v for path in q.fields for v in _numbers(lookup(product, path))]
    if not expected:
        return []  # the product does not say: nothing to compare
    tolerance = Decimal(str(q.tolerance))
    spans = [v for path in q.fields for v in _ranges(lookup(product, path))]
    ranges = spans if q.inside else []
    out = []
    seen: set[int] = set()

    def agrees(value: Decimal, slack: Decimal, named: tuple[list[Decimal], list[Any]] | None = None) -> bool:
        allowed = max(tolerance, slack)
        values, within = named if named is not None else (expected, ranges)
        if q.above:
            return value <= max(values) + allowed
        if q.not_above:
            return value > max(values) + allowed
        return any(abs(value - v) <= allowed for v in values) or any(
            low - allowed <= value <= high + allowed for low, high in within
        )

    def report(found: list[Quantity], base: int, claim_start: int) -> None:
        for quantity in found:
            start = base + quantity.start
            slack = _approximate(doc.text, start, base + quantity.end, quantity)
            if start in seen:
                continue
            named = None
            if q.benefit_field is not None:
                claim = (min(claim_start, start), max(claim_start, base + quantity.end))
                named = _named_benefit(doc, product, q.benefit_field, *claim, q.inside)
                if named is not None and not named[0]:
                    continue  # the benefit the copy names has no such figure in the record: nothing to compare
            elif q.fee_named:
                named = _named_fee(doc, product, min(claim_start, start), max(claim_start, base + quantity.end))
                if named is not None and not named[0]:
                    continue  # a fee the record does not list (退款手续费 beside a record of the instalment fee)
            value = quantity.value
            bound = _EXCLUSIVE.match(doc.text, base + quantity.end) if q.kind == "age" else None
            if bound:  # 70周岁(不含) is the last age below it, 17周岁(不含)以上 the first above it
                value += 1 if "以上" in (bound.group(1), bound.group(2)) else -1
            if not agrees(value, slack, named) or (
                q.best_end
                and len(found) == 1
                and named is None
                and not slack  # 约4.5%, 4.5%左右: approximate, not the figure
                and _best_end_alone(doc.text, value, product, q.best_end, claim_start, start, base + quantity.end)
            ):
                seen.add(start)
                out.append(RawFinding(rule, start, base + quantity.end, "span"))
            elif q.confirms:  # the record says so: the claim (保底利率2.5%) states a fact, not a promise
                out.append(RawFinding(rule, min(claim_start, start), max(claim_start, base + quantity.end), CONFIRMED))

    others = doc.spans(q.unless) if q.unless else []
    for kw_start, kw_end in _leftmost_longest(doc.spans(q.near)):
        # a keyword whose guard character is clause punctuation (,交满5年后) belongs to the clause after it
        own_start = kw_start + 1 if doc.text[kw_start] in CLAUSE_BREAKS and kw_start + 1 < kw_end else kw_start
        if _another_figure(doc, others, own_start, kw_end + q.window, q.unless_sentence):
            continue  # 近一年年化收益率4.05%: a past or another product's figure, not the field's
        if q.unless_in_clause and _near_in_clause(doc, doc.index(q.unless_in_clause), own_start, kw_end, False):
            continue  # 趸交、3年交、5年交可选: the choices offered, of which the record holds one
        if q.side in ("after", "both"):
            base = kw_end
            # Read from the keyword on, so a unit that depends on it (日息2厘) is understood; keep what follows it.
            found = [
                dataclasses.replace(x, start=x.start - (base - kw_start), end=x.end - (base - kw_start))
                for x in find_quantities(_spaced_units(doc.text[kw_start : base + q.window + 40], q.ordinal))
                if x.start >= base - kw_start
            ]
            first = next((x for x in found if _kind_fits(x.kind, q.kind)), None)
            if first is None and q.kind == "percent":
                first = _bare_percent(doc.text, base)
                if first is None and q.per_sum:
                    first = _per_principal(doc.text, kw_start, found)
            if first is not None and first.start <= q.window and doc.same_clause(base, base + first.start):
                chosen = [first]
                rest = found[found.index(first) + 1 :] if first in found else []
                for nxt in rest:  # the other end of a range
                    gap = doc.text[base + chosen[-1].end : base + nxt.start]
                    if not _kind_fits(nxt.kind, q.kind) or not _RANGE_JOIN.match(gap):
                        break
                    chosen.append(nxt)
                if q.narrower:
                    if len(chosen) == 2 and _short_of(chosen[0].value, chosen[1].value, spans, tolerance):
                        out.append(RawFinding(rule, base + chosen[0].start, base + chosen[1].end, "span"))
                    continue
                if len(chosen) == 2 and _within(chosen[0].value, chosen[1].value, spans, tolerance):
                    continue  # a range inside the product's range (4%-10% of 3.65%-10%) says nothing it does not
                report(chosen, base, kw_start)
            elif q.side == "after" and not q.narrower:
                # 3.5%的年利率, 0.1%的销售服务费: the number joined to the word by 的 is the word's value too.
                joined = _joined_before(doc, kw_start, q.kind)
                if joined is not None:
                    report([joined[0]], joined[1], kw_end)
        if q.side in ("before", "both") and not q.narrower:  # a range is read after its keyword
            reach = q.before_window
            base = max(0, kw_start - reach - 40)
            # Read on through the keyword, so a number is read whole: a keyword that takes the character before it
            # as its guard (岁 of 70周岁 before 缴费, once the line break between them is folded away) must not cut
            # 70周岁 down to 70周, a number of weeks. Only numbers ending before the keyword are its value.
            text = _spaced_units(doc.text[base:kw_end], q.ordinal)
            every = find_quantities(text)
            cut = kw_start - base
            # a number running into the keyword (70周岁 whose 岁 is the guard) is the nearest: none before it is read
            found = (
                []
                if any(x.start < cut < x.end for x in every)
                else [x for x in every if x.end <= cut and _kind_fits(x.kind, q.kind)]
            )
            if (
                found
                and kw_start - (base + found[-1].end) <= reach
                and doc.same_clause(base + found[-1].end, own_start)
                and not _COMPARED.search(doc.text, max(0, base + found[-1].start - 4), base + found[-1].start)
            ):
                report([found[-1]], base, kw_end)
    return out


# An identifier as copy and records write them: a telephone number with its area code, spaces, dashes or brackets
# (95555, 400-820-5555, (021) 6888 8888), at least five digits; a registration or product code of letters and digits
# (Z7001621000123, 000001, C1060619000110), with a digit in it.
_IDENTIFIERS = {
    "phone": lazy_regex(r"(?<![0-9])(?:\(0[0-9]{2,3}\) ?)?[0-9](?:[ -]?[0-9]){4,17}(?![0-9])"),
    "code": lazy_regex(r"(?<![0-9a-z])[0-9a-z][0-9a-z-]{4,28}[0-9a-z](?![0-9a-z])"),
}


def _identifier_key(kind: str, token: str) -> str | None:
    """What two writings of one identifier share, from a token of normalised (lower-case) text: a phone number's
    digits; a code's letters and digits. None for a code without a digit (a word, not a code)."""
    if kind == "phone":
        return re.sub(r"[^0-9]", "", token)
    key = token.replace("-", "")
    return key if any(c.isdigit() for c in key) else None


def _same_identifier(kind: str, key: str, expected: set[str]) -> bool:
    """Whether ``key`` is one of the record's identifiers; a telephone number also when one is the other with an
    extension (95511 and 95511-3, 955113: the record or the copy may give the extension)."""
    if key in expected:
        return True
    return kind == "phone" and any(k.startswith(key) or key.startswith(k) for k in expected)


def _identifiers(
    doc: _Document, rule: CompiledRule, ident: IdentifierLogic, product: dict[str, Any]
) -> list[RawFinding]:
    """An identifier written right after a keyword (客服电话：95555, 登记编码Z7001…) that is none of those the product's
    fields hold. A field that holds none (在线客服) is not compared: the record does not say."""
    from ..normalize import normalize_phrase

    pattern = _IDENTIFIERS[ident.kind]
    expected: set[str] = set()
    for path in ident.fields:
        value = lookup(product, path)
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):  # read as the copy is read: width, case and spacing folded alike
                found = pattern.finditer(normalize_phrase(text))
                expected |= {k for m in found if (k := _identifier_key(ident.kind, m.group()))}
    if not expected:
        return []
    others = doc.spans(ident.unless) if ident.unless else []
    out: list[RawFinding] = []
    seen: set[int] = set()
    for kw_start, kw_end in _leftmost_longest(doc.spans(ident.near)):
        if _another_figure(doc, others, kw_start, kw_end + ident.window + 20):
            continue  # 监管投诉热线12378: another party's number
        m = pattern.search(doc.text, kw_end, kw_end + ident.window + 30)
        if m is None or m.start() - kw_end > ident.window or not doc.same_clause(kw_end, m.start()):
            continue
        key = _identifier_key(ident.kind, m.group())
        start, end = m.start(), m.end()
        if key is None or start in seen or _same_identifier(ident.kind, key, expected):
            continue
        seen.add(start)
        out.append(RawFinding(rule, start, end, "span"))
    return out


# Words copy names a benefit by, for each kind of benefit (beside the benefit's own name): 身故赔三倍保费 is the death
# benefit's multiple, 满期返还保费的120% the maturity benefit's.
_BENEFIT_WORDS: dict[str, tuple[str, ...]] = {
    "death": ("身故", "去世", "离世", "过世", "身故保险金"),
    "accidental_death": ("意外身故", "意外去世"),
    "critical_illness": ("重疾", "重大疾病", "确诊"),
    "medical": ("医疗", "住院费用", "报销"),
    "hospital_cash": ("住院津贴", "住院补贴"),
    "disability": ("伤残", "全残", "残疾"),
    "annuity": ("年金", "养老金"),
    "survival": ("生存金", "生存保险金"),
    "maturity": ("满期", "期满", "到期"),
}
_BENEFIT_SUFFIX = lazy_regex(r"(?:保险金|给付金|津贴|金)$")
_ANY_BENEFIT_WORD = tuple(word for words in _BENEFIT_WORDS.values() for word in words)


def _benefit_names(benefit: dict[str, Any]) -> tuple[str, ...]:
    from ..normalize import normalize_phrase

    name = re.sub(r"\s", "", normalize_phrase(str(benefit.get("name") or "")))
    bare = _BENEFIT_SUFFIX.sub("", name)
    own = tuple(n for n in {name, bare} if len(n) >= 2)
    return own + _BENEFIT_WORDS.get(str(benefit.get("kind") or ""), ())


def _clause_up_to(doc: _Document, claim: int, claim_end: int) -> str:
    """The text of the figure's clause from its start to the end of the claim: where copy names what a figure is
    about (身故保险金只赔付120%, 申购费率1.5%)."""
    from bisect import bisect_left

    breaks = doc.clause_breaks
    i = bisect_left(breaks, claim)
    return doc.text[(breaks[i - 1] + 1 if i > 0 else 0) : claim_end]


def _last_end(text: str, words: tuple[str, ...]) -> int:
    """Where the last of ``words`` in ``text`` ends (-1: none there)."""
    return max((text.rfind(w) + len(w) for w in words if w in text), default=-1)


def _named_benefit(
    doc: _Document, product: dict[str, Any], field: str, claim: int, claim_end: int, inside: bool
) -> tuple[list[Decimal], list[Any]] | None:
    """The values (and ranges, with ``inside``) of ``field`` of the benefit the copy names last in the figure's
    clause up to the end of the claim (身故保险金只赔付120%: the death benefit's; 祝寿金领取前身故:返还105%: still the
    death benefit's), or None when it names no benefit. Empty values: the benefit named has no such figure in the
    record, or is one the record does not list at all (a 身故 clause against a record of the maturity benefit alone);
    and, on a partial record, a figure that names no benefit (it may be a benefit the record leaves out)."""
    benefits = (product.get("insurance") or {}).get("benefits") or []
    before = _clause_up_to(doc, claim, claim_end)
    where = [(_last_end(before, _benefit_names(b)), b) for b in benefits]
    nearest = max((at for at, _ in where), default=-1)
    if _last_end(before, _ANY_BENEFIT_WORD) > nearest:
        return [], []  # the clause is about a benefit the record does not list: nothing to compare it with
    if nearest < 0:
        return ([], []) if completeness(product, "insurance") == "partial" else None
    named = [b for at, b in where if at == nearest]
    values = [v for b in named for v in _numbers(b.get(field))]
    return values, [r for b in named for r in _ranges(b.get(field))] if inside else []


# Kinds of fee, as copy and records name them. Of two ending at the same place (账户管理费 holds 管理费) the longer
# is the one named.
_FEE_KINDS = (
    "销售服务", "账户管理", "提前还款", "申购", "认购", "赎回", "管理", "托管", "分期", "提现", "取现", "转账",
    "退款", "退票", "退保", "逾期", "违约", "滞纳", "年费", "转让", "咨询", "担保",
)  # fmt: skip


def _named_fee(
    doc: _Document, product: dict[str, Any], claim: int, claim_end: int
) -> tuple[list[Decimal], list[Any]] | None:
    """The rates of the record's fees of the kind the figure's clause names last before it (申购费率1.5%: the
    subscription fee's), or None when it names no kind of fee, or one a record that is not partial does not list
    (then every listed rate is compared, as before). Empty: a partial record lists no fee of that kind (部分退款需收取
    手续费2% beside a record of the instalment fee alone), so nothing is compared."""
    before = _clause_up_to(doc, claim, claim_end)
    named = max(((_last_end(before, (k,)), len(k), k) for k in _FEE_KINDS if k in before), default=None)
    if named is None:
        return None
    fees = [f for f in product.get("fees") or [] if isinstance(f, dict) and named[2] in str(f.get("name") or "")]
    if not fees:
        return ([], []) if completeness(product, "fees") == "partial" else None
    values = [v for f in fees for key in ("rate", "max_rate") for v in _numbers(f.get(key))]
    return values, [r for f in fees for key in ("rate", "max_rate") for r in _ranges(f.get(key))]


# Words for fees in general (零手续费, 不收任何费用, 免费): a claim in them names no one fee. Whatever else ends in
# 费 in a waiver (免服务费, 年费全免, 0元账户管理费) names a fee.
_GENERIC_FEE = lazy_regex(r"手续费|任何费用|费用|费率|收费|免费|缴费|交费|付费")
_FEE_WORD = lazy_regex(r"[\u4e00-\u9fff]费")


def _waives_charged_fee(claim: str, product: dict[str, Any]) -> bool:
    """Whether a waiver claim contradicts the record. A claim naming a fee the record lists (免服务费 of a
    record's 借款服务费, 零手续费 of its 分期手续费) does when one so named is charged (a rate or an amount above
    zero); one naming a fee the record does not list (免认购费 beside a record of the management fee) does not,
    since it waives only that one; one naming none (完全免费, 不收任何费用) does, as the rule's conditions found
    fees charged."""
    fees = [f for f in product.get("fees") or [] if isinstance(f, dict) and f.get("name")]
    named = [f for f in fees if _fee_named(normalize_phrase(str(f["name"])), claim)]
    if named:
        return any(v > 0 for f in named for key in ("rate", "amount") for v in _numbers(f.get(key)))
    return not _FEE_WORD.search(_GENERIC_FEE.sub("", claim))


def _fee_named(name: str, claim: str) -> bool:
    """The record's fee ``name`` is the one the claim names: the whole name, or its last three characters when it
    ends in 费 (账户管理费 by 管理费, 分期手续费 by 手续费)."""
    return name in claim or (len(name) > 3 and name.endswith("费") and name[-3:] in claim)


# The scope of a mark, not a finding: where a figure the record confirms stands (see :func:`without_confirmed`).
CONFIRMED = "confirmed"


def without_confirmed(raw: list[RawFinding]) -> list[RawFinding]:
    """The findings less the claims the product's record confirms: a rule comparing a fact marks where the copy
    states the record's own figure (保底利率2.5% of a policy whose guaranteed rate is 2.5%), and another rule's finding
    of a category the mark's rule ``confirms`` (a guarantee promise) overlapping it is a fact stated, not a promise.
    The marks themselves are dropped."""
    marks = [m for m in raw if m.scope == CONFIRMED]
    if not marks:
        return raw

    def confirmed(item: RawFinding) -> bool:
        return any(
            item.rule is not m.rule
            and item.rule.info.category in m.rule.logic.quantity.confirms  # type: ignore[attr-defined]
            and item.start < m.end
            and m.start < item.end
            for m in marks
        )

    return [item for item in raw if item.scope != CONFIRMED and not confirmed(item)]


# 约3.3%, 大约5万元, 3.3%左右: the copy rounds, so a record's 3.28% agrees with it.
_ABOUT_BEFORE = lazy_regex(r"(?:约|大约|约为|约合|近|接近|大概)\s*$")
_ABOUT_AFTER = lazy_regex(r"\s*(?:左右|上下)")
_DECIMALS = lazy_regex(r"[.．](\d+)")


def _approximate(text: str, start: int, end: int, quantity: Any) -> Decimal:
    """Half a unit of the last digit the copy writes when it says the figure is approximate (约3.3% agrees with
    3.28%, 约5万元 with 4.8万元 no more than 5.4万元 would), else 0. In the figure's own unit: 0.05% is 0.0005."""
    if not (_ABOUT_BEFORE.search(text, max(0, start - 3), start) or _ABOUT_AFTER.match(text, end)):
        return Decimal(0)
    if quantity.value == 0:
        return Decimal(0)
    digits = _DECIMALS.search(quantity.text)
    places = len(digits.group(1)) if digits else 0
    step = Decimal(1).scaleb(-places) / 2  # half a unit of the last written digit, in the written unit
    written = Decimal(str(re.sub(r"[^\d.]", "", quantity.text.replace("．", ".")) or "0") or "0")
    if written == 0:
        return Decimal(0)
    factor: Decimal = abs(quantity.value / written)  # the written unit converted as the value was
    return factor * step


# Words that name a figure as one end of a range: 最高4.5%, 4.5%起, 4.5%以上 (约, 左右: ``_approximate``).
_AN_END_BEFORE = lazy_regex(
    r"(?:最高|高达|可达|最多|至多|上限|不超过|封顶|达到|低至|最低|至少|不低于|下限|区间|范围|浮动|之间)"
)
# The figure is the last of a list of them (0.7%或1.71%, 3.5%、4.5%): the copy gives the others too.
_LISTED = lazy_regex(r"[0-9０-９]\s*[%％]\s*(?:或|和|、|/|及|与|或者)\s*$")
_AN_END_AFTER = lazy_regex(r"\s*[（(]?\s*(?:起|以上|以下|以内|封顶|(?:为|是)?(?:上限|下限|最高|最低))")


def _best_end_alone(
    text: str,
    value: Decimal,
    product: dict[str, Any],
    ends: tuple[tuple[str, str], ...],
    claim: int,
    start: int,
    stop: int,
) -> bool:
    """Whether the figure is the end of a field's range best for the buyer (``high`` for a return, ``low`` for a
    price) stated alone as the product's figure: 年化收益率4.5% of a benchmark of 3.5%-4.5%, 年利率7.2% of an APR
    of 7.2%-24%. Words naming it as an end (最高4.5%, 7.2%起) shortly before it or just after it state it as such,
    as does a list that gives the other end too (0.7%或1.71%); a range whose ends are equal has no better end."""
    best = []
    for path, end in ends:
        spans = [(low, high) for low, high in _ranges(lookup(product, path)) if low != high]
        if spans:
            best.append(max(high for _, high in spans) if end == "high" else min(low for low, _ in spans))
    if value not in best:
        return False
    before = text[max(0, min(claim, start) - 6) : start]
    return not (_AN_END_BEFORE.search(before) or _LISTED.search(before) or _AN_END_AFTER.match(text, stop))


def _kind_fits(found: str, wanted: str) -> bool:
    """Whether a quantity of kind ``found`` is one a rule asking for ``wanted`` compares (ratio: a percent or a
    multiple, both as fractions)."""
    return found == wanted or (wanted == "ratio" and found in ("percent", "multiple"))


# How far before the keyword an ``unless`` word still speaks of its number (近一年以来的年化收益率).
_UNLESS_REACH = 12


def _another_figure(doc: _Document, unless: list[Span], kw_start: int, reach: int, sentence: bool = False) -> bool:
    """Whether a word of a rule's ``unless`` stands in the keyword's clause (with ``sentence``, anywhere in its
    sentence before), from ``_UNLESS_REACH`` characters before the keyword up to ``reach``: the figure or the
    identifier after the keyword is then someone else's (近一年, 同类平均, 监管投诉热线)."""
    return any(
        (sentence or kw_start - _UNLESS_REACH <= s) and s < reach and doc.same_clause(s, kw_start, sentence=sentence)
        for s, _ in unless
    )


# The number names what the product is compared with, not the product: 比一年期存款高, 高于3年期定存.
_COMPARED = lazy_regex(r"(?:比|高于|低于|多于|少于|胜过|超过|跑赢|强于|好于|相比|对比|较)\s*(?:银行|同期)?\s*$")

# 1 万元, 20 万: a space copy puts between the digits and their 万 (or 千, 亿). Moved after the unit, so the text
# keeps its length and every offset, and the number reads as one.
_SPACED_UNIT = lazy_regex(r"(\d)([ \t\u00a0\u3000]+)([万萬亿億千仟百佰])")


# A policy year written as a position (第5年, 第5个保单年度): with ``ordinal`` it is read as that many years, the
# words around the number blanked so the text keeps its length and every offset.
_POLICY_YEAR = lazy_regex(r"第(?=\s*[0-9一二三四五六七八九十两])|个?保单年度?|个年度")


def _spaced_units(text: str, ordinal: bool = False) -> str:
    if ordinal:
        text = _POLICY_YEAR.sub(lambda m: "年".ljust(len(m[0])) if "年" in m[0] else " " * len(m[0]), text)
    return _SPACED_UNIT.sub(lambda m: m[1] + m[3] + m[2], text)


# What may stand between a number and the word it is the value of, when the number comes first: 3.5%的年利率.
_JOINED = lazy_regex(r"^\s*的\s*$")


def _joined_before(doc: _Document, kw_start: int, kind: str) -> tuple[Any, int] | None:
    """The number joined to the keyword at ``kw_start`` by 的 (3.5%的年利率), with the base its offsets count from;
    None when there is none or it names what the product is compared with (比3%的年利率高)."""
    from ..numbers import find_quantities

    base = max(0, kw_start - 40)
    found = [x for x in find_quantities(_spaced_units(doc.text[base:kw_start])) if _kind_fits(x.kind, kind)]
    if not found or not _JOINED.match(doc.text[base + found[-1].end : kw_start]):
        return None
    if _COMPARED.search(doc.text, max(0, base + found[-1].start - 6), base + found[-1].start):
        return None
    return found[-1], base


# A number with a unit of its own after it (每天利息2元, 年化3年) is that unit's, not a percentage with its % left out.
_BARE_NUMBER = lazy_regex(r"[\s:：]{0,2}(\d{1,2}(?:\.\d+)?)(?![\d.%‰‱]|\s*[元块万千百亿天日年月周期岁倍个份笔次])")


def _bare_percent(text: str, base: int) -> Any:
    """年化3.5 (the % left out) right after a rate keyword: a percentage all the same."""
    from ..numbers import Quantity

    m = _BARE_NUMBER.match(text, base)
    if m is None:
        return None
    start, end = m.start(1) - base, m.end(1) - base
    return Quantity("percent", Decimal(m.group(1)) / 100, "%", start, end, m.group(1))


# The sum a cost is quoted on, just before the keyword: 借1万元，日息低至1元; 1000元用一天只要0.1元; 每万元每天利息2元.
_PRINCIPAL_REACH = 12
_PER_TEN_THOUSAND = lazy_regex(r"每万元")


def _per_principal(text: str, kw_start: int, found: list[Any]) -> Any:
    """A cost given in yuan on a sum given in yuan (借1万元，日息低至1元): the rate it makes (0.01%), read as a
    percent of the keyword's period. None when the first figure after the keyword is not a sum of money or no sum
    stands before the keyword in the same sentence."""
    from ..numbers import Quantity, find_quantities

    cost = found[0] if found else None
    if cost is None or cost.kind != "amount" or not cost.value:
        return None
    start = max(0, kw_start - _PRINCIPAL_REACH)
    before = text[start:kw_start]
    before = before[max(before.rfind(mark) for mark in SENTENCE_BREAKS) + 1 :]  # the keyword's sentence only
    if _PER_TEN_THOUSAND.search(before):
        principal = Decimal(10000)
    else:
        sums = [x for x in find_quantities(before) if x.kind == "amount"]
        if not sums:
            return None
        principal = sums[-1].value
    if principal <= cost.value:
        return None  # 借100元还110元: a repayment, not a rate
    return Quantity("percent", cost.value / principal, "元", cost.start, cost.end, cost.text)


def _within(low: Decimal, high: Decimal, spans: list[tuple[Decimal, Decimal]], tolerance: Decimal) -> bool:
    """Whether the range low-high lies inside one of ``spans``."""
    return any(a - tolerance <= min(low, high) and max(low, high) <= b + tolerance for a, b in spans)


def _short_of(low: Decimal, high: Decimal, spans: list[tuple[Decimal, Decimal]], tolerance: Decimal) -> bool:
    """Whether the range low-high lies inside one of ``spans`` without reaching both of its ends."""
    low, high = min(low, high), max(low, high)
    return any(
        a - tolerance <= low and high <= b + tolerance and (low - a > tolerance or b - high > tolerance)
        for a, b in spans
    )


def _ranges(value: Any) -> list[tuple[Decimal, Decimal]]:
    """The ranges with both ends in a product value (a span, or a list of them)."""
    if isinstance(value, list):
        return [r for v in value for r in _ranges(v)]
    if isinstance(value, dict) and value.get("low") is not None and value.get("high") is not None:
        return [(Decimal(str(value["low"])), Decimal(str(value["high"])))]
    return []


def _numbers(value: Any) -> list[Decimal]:
    """Plain numbers in a product value: a number, a list of them, or a rate's value/low/high."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (int, float, Decimal)):
        return [Decimal(str(value))]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    if isinstance(value, dict):
        return [n for key in ("value", "low", "high", "rate", "amount", "days") for n in _numbers(value.get(key))]
    return []
