"""Other products the copy names by their full names, so that the copy is not held to their facts.

A fund manager's biography lists the funds he runs (兴全优选进取三个月持有期混合型基金中基金(FOF)), an agent's article
sets one policy beside another (鑫享金生年金保险), a bank's page lists its products: a term, a class or a figure
inside such a name is that product's, and comparing it with the record of the product checked reports a
contradiction the copy never made. Only formal names are read (a fund's name with its type, a policy's with its
line of cover, and none of the words of a sentence: 的, 是, 这, 我, 您 …); a bare class (保本型产品, 这款保险,
我行精心打造的年金保险) is no name, and a name holding a claim word is read as a claim.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from ..lazy import lazy_regex
from ..normalize import normalize_folded

# A formal name: a run without punctuation, ending in a fund's type and 基金 or in a policy's line of cover.
_NAME = lazy_regex(
    r"[^\s,。;:!?、()\"“”‘’《》「」的是这那我您你了在为把被和与及或]{2,40}?"
    r"(?:(?:混合型|债券型|股票型|指数型|货币市场|联接|发起式|持有期|定期开放)[^\s,。;:!?、\"“”]{0,12}?基金(?:中基金)?"
    r"(?:\((?:fof|lof|qdii|etf)\))?[a-e]?"
    r"|(?:两全|年金|终身寿|定期寿|重大疾病|医疗|护理|意外伤害)保险(?:\((?:分红型|万能型|投资连结型)\))?)",
    re.IGNORECASE,
)
# What every name of a kind holds, taken off before two names are compared.
_GENERIC = lazy_regex(
    r"混合型|债券型|股票型|指数型|货币市场|证券投资|基金中基金|基金|发起式|联接|持有期|定期开放|养老目标|"
    r"两全|年金|终身寿|定期寿|重大疾病|医疗|护理|意外伤害|保险|分红型|万能型|投资连结型|\((?:fof|lof|qdii|etf)\)|[()a-e]",
    re.IGNORECASE,
)
# A name that holds a claim is the claim (保本稳赢混合型基金 of another fund still says 保本 to the reader).
_CLAIM = lazy_regex(r"保本|保息|保证|稳赚|稳赢|无风险|零风险|最|第一|收益")


def _core(name: str) -> str:
    return _GENERIC.sub("", name.lower())


def _own(core: str, own: str) -> bool:
    """Whether a name's core is the checked product's: one holds the other, or they share most of the shorter."""
    if not core or not own:
        return True  # nothing to tell them apart by: never mask
    if core in own or own in core:
        return True
    common = SequenceMatcher(None, core, own, autojunk=False).find_longest_match().size
    return common >= 0.8 * min(len(core), len(own))


# Every consistency rule of a document asks about the same text: keep the last few, not hundreds of whole texts.
@lru_cache(maxsize=8)
def other_product_names(text: str, product_name: str) -> tuple[tuple[int, int], ...]:
    """Spans of ``text`` (a normalised text) that name, by a formal name, a product other than ``product_name``
    (the record's name as written: it is normalised as the text was, so that 華夏…（FOF） is still its own)."""
    own = _core(normalize_folded(product_name)[0].text)
    out = []
    for m in _NAME.finditer(text):
        name = m.group()
        core = _core(name)
        if len(core) < 4 or _CLAIM.search(name) or _own(core, own):
            continue
        out.append(m.span())
    return tuple(out)


# A fund's share class or a sister product named by its code in brackets (…一年持有Y(022272), 华夏回报A(002001)).
_CODE = lazy_regex(r"\((\d{6})\)")
_SENTENCE_END = lazy_regex(r"[。;!?\n]")


@lru_cache(maxsize=8)
def other_code_sentences(text: str, code: str) -> tuple[tuple[int, int], ...]:
    """Spans of ``text`` from a bracketed six-digit product code other than ``code`` (the record's) to the end of
    its sentence: what a sentence says after naming another class by its code (成立于…, 管理费率0.30%) is that
    class's. With no code on the record there is nothing to tell classes apart by, and nothing is masked."""
    own = re.sub(r"\D", "", code)
    if len(own) != 6:
        return ()
    out = []
    for m in _CODE.finditer(text):
        if m.group(1) == own:
            continue
        stop = _SENTENCE_END.search(text, m.end())
        out.append((m.start(), stop.start() if stop else len(text)))
    return tuple(out)


def inside_other_product(text: str, product: dict[str, Any], start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies in another product's full name, or in a sentence about another class named
    by its code: words about that product, not the record's ``product``."""
    name, code = str(product.get("name") or ""), str(product.get("registration_code") or "")
    spans = other_product_names(text, name) + other_code_sentences(text, code)
    return any(a <= start and end <= b for a, b in spans)
