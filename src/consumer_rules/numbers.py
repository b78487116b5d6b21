"""Quantities written in Chinese marketing copy, read as exact numbers to compare with product data.

Copy says ``年化收益率3.5%``, ``百分之三点五``, ``5万元起购`` or ``期限90天``; the product record says 0.035, 50000
and 90. :func:`find_quantities` finds percents, amounts (yuan), durations (days), instalment counts (分12期),
ages (65周岁), multiples (3倍, 一半), how many kinds of something (120种重疾) and how many times (赔付3次) in a
text and
:func:`parse_number` reads one number written in Arabic, Chinese or financial numerals, or a mix (``1.5万``).

Values are :class:`~decimal.Decimal` built from the digit strings, so ``3.5%`` is exactly ``0.035``. The text is
folded one character for one (full-width digits, ``．``, ``％``, ``，``), so offsets point into the text given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Literal

__all__ = ["Quantity", "find_quantities", "parse_number"]


@dataclass(frozen=True)
class Quantity:
    """One quantity in a text: ``kind`` is ``percent``, ``amount``, ``duration``, ``count``, ``age``, ``multiple``,
    ``items`` or ``times``.

    ``value`` is a fraction for a percent (3.5% -> 0.035; 日息2厘 -> 0.0002, 月息6厘 -> 0.006, 年息1分2 ->
    0.12), yuan for an amount, days for a duration (年 = 365, 月 = 30, 周 = 7), instalments for a count (分12期 ->
    12), years for an age (65周岁 -> 65), the factor for a multiple (3倍 -> 3, a ratio equal to 300%; 一半 -> 0.5),
    how many kinds for items (120种 -> 120) and how many times for times (赔付3次 -> 3); ``unit`` keeps the unit as
    written (``%``, ``‰``, ``‱``, ``厘``, ``分``, ``元``, ``天``, ``月``, ``年``, ``周``, ``期``, ``岁``, ``倍``,
    ``种``, ``次``) so callers can compare months with months exactly.
    日息万2 is the trade's shorthand for 万分之二 (0.0002, unit ``‱``).
    """

    kind: str
    value: Decimal
    unit: str
    start: int
    end: int
    text: str


_CN_DIGIT = {
    **dict.fromkeys("零〇", 0),
    **dict.fromkeys("一壹", 1),
    **dict.fromkeys("二两兩贰貳", 2),
    **dict.fromkeys("三叁", 3),
    **dict.fromkeys("四肆", 4),
    **dict.fromkeys("五伍", 5),
    **dict.fromkeys("六陆陸", 6),
    **dict.fromkeys("七柒", 7),
    **dict.fromkeys("八捌", 8),
    **dict.fromkeys("九玖", 9),
}
_SMALL = {**dict.fromkeys("十拾", 10), **dict.fromkeys("百佰", 100), **dict.fromkeys("千仟", 1000)}
_BIG = {**dict.fromkeys("万萬", 10**4), **dict.fromkeys("亿億", 10**8)}
_D = "".join(_CN_DIGIT)
_U = "".join(_SMALL) + "".join(_BIG)

# One character for one, so offsets into the folded text are offsets into the original.
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "％": "%",
        "，": ",",
        "～": "~",
        "－": "-",
        "￥": "¥",
        "\u3000": " ",
        "\u00a0": " ",
    }
)

# A comma is a thousands separator only between groups of exactly three digits ("1,000"); "3,5" is a list.
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
# 点 is a decimal point only before a digit ("三点五"); "三点" is three o'clock.
_TOKEN = re.compile(rf"{_ARABIC}|点(?=[{_D}])|[{_D}{_U}]")
# A number starts with a digit or 十 (十二): "千万不要" and "万一" are words, not numbers.
# Atomic and possessive, so a long digit run never backtracks.
_RUN = rf"(?>(?:{_ARABIC}|[{_D}十拾])(?:{_ARABIC}|点(?=[{_D}])|[{_D}{_U}])*+)"
# 万2, 万五: the rate trade shorthand for 万分之二 (日息万2). Not after a number (5万2 is 52000), not 万一 (in case),
# and only one digit or a decimal, so 万2000 is no rate.
_WAN = rf"(?<![\d{_D}{_U}.])[万萬](?=(?:\d(?:\.\d+)?|[二两三四五六七八九])(?![\d{_D}{_U}]))"
_SCAN = re.compile(
    rf"(?:(?P<frac>[百千万萬]分之)[ \t]*|(?P<wan>{_WAN})|(?P<cur>人民币|¥|rmb|RMB)[ \t]*)?(?P<num>{_RUN}|(?<=百分之)百)"
)
_RANGE = re.compile(r"[ \t]*(?:-|~|〜|–|—{1,2}|至|到)[ \t]*")
_MONTH_AFTER = re.compile(rf"(?:\d{{1,2}}|[{_D}十]{{1,3}})月")

_FRAC = {"百分之": ("%", Decimal("0.01")), "千分之": ("‰", Decimal("0.001"))}
_FRAC |= {"万分之": ("‱", Decimal("0.0001")), "萬分之": ("‱", Decimal("0.0001"))}
_PERCENT = {"%": Decimal("0.01"), "‰": Decimal("0.001"), "‱": Decimal("0.0001")}
# (as written, unit, days); longest first so 个星期 wins over 星期. A bare 月 is a month name (12月), not a term.
_DURATIONS = (
    ("个月", "月", 30),
    ("个星期", "周", 7),
    ("星期", "周", 7),
    ("周", "周", 7),
    ("天", "天", 1),
    ("日", "天", 1),
    ("年", "年", 365),
)
# 厘 as a rate: 年息1厘 is 1%, 月息1厘 0.1%, 日息1厘 0.01%; the period word comes shortly before the number.
_LI = {"年": Decimal("0.01"), "月": Decimal("0.001"), "日": Decimal("0.0001")}
# 1分2 or 1分2厘 after a rate of 分: one more digit of 厘.
_FEN_TAIL = re.compile(r"([0-9一二三四五六七八九])厘?(?![0-9一二三四五六七八九十百千万.%])")
# 年化7厘 is 7% a year: 年化 names the period even without 息 or 利率 after it.
_LI_PERIOD = re.compile(r"(年|月|日)(?:化(?:息|利率|利息|费率)?|息|利率|利息|费率)[^0-9一二三四五六七八九十]{0,4}$")
# After 期 these make it a word of its own (3期限, 期间, 期满), not a count of instalments.
_NOT_COUNT = set("限间满末初内")
_FOREIGN = ("美元", "美金", "港元", "港币", "欧元", "日元", "英镑", "澳元", "加元")
# After a bare 5万 these make it a count of something else (5万人, 5万份), not money.
_COUNTERS = set("人名个位户家次份件笔张条倍股手台辆套单字项多余")
_ONE = Decimal(1)
# Nothing longer is a quantity (it is an account or phone number); the caps keep scanning linear and every
# value within the precision below, so Decimal arithmetic stays exact whatever the caller's context.
_MAX_TOKENS = 40
_MAX_ARABIC = 24
_PRECISION = 80


def parse_number(text: str) -> Decimal | None:
    """The number ``text`` writes (``1,000``, ``三点五``, ``一亿二千万``, ``壹万``, ``1.5万``), or None."""
    folded = text.translate(_FOLD)
    tokens: list[str] = []
    pos = 0
    while pos < len(folded):
        m = _TOKEN.match(folded, pos)
        if m is None:
            return None
        tokens.append(m.group())
        pos = m.end()
    with localcontext(prec=_PRECISION):
        value = _value(tokens) if len(tokens) <= _MAX_TOKENS else None
        return None if value is None else _tidy(value)


def find_quantities(text: str) -> list[Quantity]:
    """Percents, amounts, durations and counts in ``text``, left to right and non-overlapping."""
    with localcontext(prec=_PRECISION):
        return _find(text, text.translate(_FOLD))


def _find(text: str, folded: str) -> list[Quantity]:
    out: list[Quantity] = []
    # The last number with no unit, which a range such as 3.2-3.8% gives the unit that follows it.
    bare: tuple[int, int, list[str], Decimal, bool] | None = None
    pos = 0
    while (m := _SCAN.search(folded, pos)) is not None:
        start, num_start = m.start(), m.start("num")
        tokens = _TOKEN.findall(m["num"])
        value: Decimal | None = Decimal(100) if m["num"] == "百" else None  # 百分之百
        if len(tokens) > _MAX_TOKENS:
            tokens = []
        # The longest prefix that is a number: "三五年" is 三 and then 五年, not 35 years.
        while value is None and tokens:
            value = _value(tokens)
            if value is None:
                tokens.pop()
        if value is None:
            pos, bare = m.end(), None
            continue
        num_end = num_start + sum(map(len, tokens))
        # 第一年, 第3期, 第 30日 (a space after 第, as converted PDFs write it): a position, not a quantity
        ordinal = folded[max(0, start - 3) : start].rstrip().endswith("第")
        frac = "万分之" if m["wan"] is not None else m["frac"]
        hit = _classify(folded, frac, m["cur"] is not None, tokens, value, num_start, num_end)
        if isinstance(hit, str):
            bare = (start, num_end, tokens, value, ordinal) if hit == "bare" else None
            pos = num_end
            continue
        kind, unit, factor, end = hit
        tail = _FEN_TAIL.match(folded, end) if unit == "分" else None
        if tail is not None:  # 年息1分2(厘): 1分 and 2厘, 12% a year
            value += (_value([tail.group(1)]) or Decimal(0)) / 10
            end = tail.end()
        # 三五年 was split into 三 and 五年 above: an approximate range, like 3-5年.
        if bare is not None and (bare[1] == start or _RANGE.fullmatch(folded, bare[1], start)):
            b_start, b_end, b_tokens, b_value, b_ordinal = bare
            ordinal = ordinal or b_ordinal  # 第1-3年
            if not ordinal:
                b_value *= factor
                # 3-5万元 is 30000 to 50000, but 5000-1万元 starts at 5000: scale only if it stays the lower end.
                scale = _trailing_scale(tokens) if kind == "amount" else _ONE
                if not any(t in _SMALL or t in _BIG for t in b_tokens) and b_value * scale <= value * factor:
                    b_value *= scale
                out.append(Quantity(kind, _tidy(b_value), unit, b_start, b_end, text[b_start:b_end]))
        if not ordinal:
            out.append(Quantity(kind, _tidy(value * factor), unit, start, end, text[start:end]))
        pos, bare = end, None
    return out


def _classify(
    folded: str, frac: str | None, cur: bool, tokens: list[str], value: Decimal, num_start: int, num_end: int
) -> tuple[str, str, Decimal, int] | Literal["bare", "skip"]:
    """(kind, unit, factor to the value, end) of the number at num_start..num_end, "bare" or "skip".

    "skip" means a unit follows that makes this no quantity (a year, a date, a foreign currency), so a range
    must not carry a unit back over it.
    """
    if frac is not None:
        unit, factor = _FRAC[frac]
        return "percent", unit, factor, num_end
    u = num_end
    while folded[u : u + 1] in (" ", "\t"):  # "3.5 %"
        u += 1
    after = folded[u : u + 4]
    if after[:1] in _PERCENT:
        return "percent", after[0], _PERCENT[after[0]], u + 1
    if after[:1] == "厘" and after[1:2] != "米":  # 日息2厘: a rate whose size depends on the period before it
        period = _LI_PERIOD.search(folded, max(0, num_start - 8), num_start)
        if period is None:
            return "skip"
        return "percent", "厘", _LI[period.group(1)], u + 1
    if after[:1] == "分" and after[1:2] not in ("钟", "之", "期", "别", "享"):  # 月息1分: ten 厘 of the period
        period = _LI_PERIOD.search(folded, max(0, num_start - 8), num_start)
        if period is not None:
            return "percent", "分", _LI[period.group(1)] * 10, u + 1
    if after.startswith(_FOREIGN):
        return "skip"
    if after[:1] in ("元", "块"):
        return "amount", "元", _ONE, u + 1
    if cur:
        return "amount", "元", _ONE, num_end
    if after[:1] == "倍":  # 3倍保费, 三倍返还: a multiple, compared as a ratio (3倍 is 300%)
        return "multiple", "倍", _ONE, u + 1
    if after[:1] == "半" and folded[num_start:num_end] == "一":  # 保额的一半: half, a multiple of 0.5
        return "multiple", "倍", Decimal("0.5"), u + 1
    if after.startswith(("周岁", "岁")) and value == value.to_integral_value():  # 18周岁, 0-65岁: an age
        return "age", "岁", _ONE, u + (2 if after.startswith("周岁") else 1)
    for word, unit, days in _DURATIONS:
        if after.startswith(word):
            unit_end = u + len(word)
            if (
                (unit == "周" and folded[unit_end : unit_end + 1] in ("年", "岁"))  # 3周年, 18周岁
                or (word == "日" and folded[num_start - 1 : num_start] == "月")  # 12月31日
                or (unit == "年" and _is_year(folded, value, num_start, unit_end))
            ):
                return "skip"
            return "duration", unit, Decimal(days), unit_end
    if after.startswith("月"):
        return "skip"
    if after[:1] == "期" and after[1:2] not in _NOT_COUNT and value == value.to_integral_value():
        return "count", "期", _ONE, u + 1  # 分12期, 3-24期: instalments
    if after[:1] == "次" and value == value.to_integral_value():
        # 赔付3次, 二次赔付: how many times a benefit pays; 一次性 (paid in one sum), 次日 and 次年 are not counts
        if after[1:2] in ("性", "日", "月", "年", "数"):
            return "skip"
        return "times", "次", _ONE, u + 1
    if after[:1] == "种" and value == value.to_integral_value():
        # 120种重疾: how many kinds; a lone 一 before 种 is the article (一种保险, 无论一种或多种), not a count
        return "skip" if folded[num_start:num_end] in ("一", "壹") else ("items", "种", _ONE, u + 1)
    if tokens[-1] in _BIG and after[:1] not in _COUNTERS:  # 5万起购, 1.5亿: money without 元
        return "amount", "元", _ONE, num_end
    return "bare"


def _is_year(folded: str, value: Decimal, num_start: int, unit_end: int) -> bool:
    """``2024年`` is a year and ``24年12月`` a date, unless the copy speaks of a term (期限2024年, 2024年期)."""
    if _MONTH_AFTER.match(folded, unit_end):
        return True
    if value != value.to_integral_value() or not 1900 <= value <= 2100:
        return False
    return not (folded.startswith("期", unit_end) or "期限" in folded[max(0, num_start - 4) : num_start])


def _value(tokens: list[str]) -> Decimal | None:
    """The number the tokens write, or None if they do not make one."""
    if "点" not in tokens:
        return _integer(tokens)
    i = tokens.index("点")
    j = i + 1
    while j < len(tokens) and tokens[j] in _CN_DIGIT:
        j += 1
    whole, digits, rest = _integer(tokens[:i]), tokens[i + 1 : j], tokens[j:]
    # Only 万, 亿 or 万亿 may follow the decimals (三点五万), and only if the whole part has no 万/亿 of its own.
    if whole is None or [_BIG.get(t) for t in rest] not in ([], [10**4], [10**8], [10**4, 10**8]):
        return None
    if rest and any(t in _BIG for t in tokens[:i]):
        return None
    value = whole + Decimal("0." + "".join(str(_CN_DIGIT[t]) for t in digits))
    for t in rest:
        value *= _BIG[t]
    return value


def _integer(tokens: list[str]) -> Decimal | None:
    """Read Arabic runs, Chinese digits and units: 一亿二千万, 三万五千, 1.5万, 一百零五, 十二."""
    if not tokens:
        return None
    if all(t in _CN_DIGIT for t in tokens):
        if len(tokens) == 1:
            return Decimal(_CN_DIGIT[tokens[0]])
        # 二〇二四 is read digit by digit; two digits (三五) mean "three or five", not 35.
        return Decimal("".join(str(_CN_DIGIT[t]) for t in tokens)) if len(tokens) >= 3 else None
    yi = wan = low = Decimal(0)  # the 亿 part, the 万 part and what is below 万
    pending: Decimal | None = None  # a digit or Arabic run waiting for its unit
    single = False  # pending is one digit, which after a unit may be an abbreviation (一千五 = 1500)
    unit = 0  # the last unit read
    cap = 10**4  # a small unit must be below the one before it (千 then 百, never 十百)
    zero = False  # 零 stood after the last unit: the next digit is units (一百零五), not an abbreviation
    for t in tokens:
        if t in _SMALL:
            step = _SMALL[t]
            if step >= cap or (pending is None and step != 10):
                return None
            low += (pending if pending is not None else _ONE) * step
            pending, cap, unit, zero = None, step, step, False
        elif t in _BIG:
            step = _BIG[t]
            group = low + (pending or 0) + (wan if step == 10**8 else 0)  # 一万亿: 亿 takes the 万 part too
            if group == 0 or (yi and step == 10**8) or (wan and step == 10**4):
                return None
            if step == 10**4:
                wan = group * step
            else:
                yi, wan = group * step, Decimal(0)
            low, pending, cap, unit, zero = Decimal(0), None, 10**4, step, False
        else:
            if pending is not None:
                return None  # two numbers in a row (五五, 3三)
            if t in ("零", "〇") and unit:
                zero = True
                continue
            if len(t) > _MAX_ARABIC:
                return None
            pending = Decimal(_CN_DIGIT[t]) if t in _CN_DIGIT else Decimal(t.replace(",", ""))
            single = len(t) == 1
    if pending is not None and single and unit and not zero:
        pending *= Decimal(unit) / 10
    return yi + wan + low + (pending or 0)


def _trailing_scale(tokens: list[str]) -> Decimal:
    """What the units closing a number multiply by: 5万 -> 10000, 5千万 -> 10000000."""
    scale = _ONE
    for t in reversed(tokens):
        if t not in _SMALL and t not in _BIG:
            break
        scale *= _SMALL.get(t) or _BIG[t]
    return scale


def _tidy(value: Decimal) -> Decimal:
    """Integers without exponent or trailing zeros (1.5亿 -> 150000000, not 1.50E+8); fractions normalised."""
    return value.quantize(_ONE) if value == value.to_integral_value() else value.normalize()
