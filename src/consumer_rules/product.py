"""Product descriptions: the facts a reviewer holds beside the copy (schemas/product.schema.json).

A product file is YAML or JSON. Rates are written as in the product documents (``"3.5%"``, ``0.035``,
``"年化3.5%"``); amounts in yuan (``50000``, ``"5万元"``); terms as ``"90天"``, ``"3个月"``, ``"终身"``,
``"至80岁"`` or a number of days. Wherever a number may be a range, ``"6%-18%"``, ``"最高20万元"`` or
``{low: .., high: ..}`` is kept as a range (:class:`Span`); a range is never read as one of its ends, and text
that cannot be read whole is an error at its file:line:col.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    computed_field,
    field_validator,
    model_validator,
)

from .errors import Problem, RuleLoadError
from .vocabulary import ProductType
from .yamlfile import YamlDocument

RiskLevel = Literal["R1", "R2", "R3", "R4", "R5"]
RiskClass = Literal["C1", "C2", "C3", "C4", "C5"]
InsuranceSubtype = Literal[
    "life", "health", "critical_illness", "accident", "annuity", "universal", "participating",
    "investment_linked", "property", "liability", "other",
]  # fmt: skip
Channel = Literal["branch", "app", "website", "wechat", "phone", "sms", "email", "livestream", "third_party", "other"]
# What a fund or a wealth product invests in, as the asset-management rules (资管新规) class wealth products and the
# fund contract names a fund's type: fixed income holds at least 80 % in deposits and bonds, equity at least 80 % in
# shares, commodity and derivatives at least 80 % in those, mixed none of these.
AssetClass = Literal["fixed_income", "equity", "mixed", "commodity_derivatives", "money_market"]
_ASSET_CLASS = {
    **dict.fromkeys(("固定收益类", "固收类", "固定收益型", "债券型", "债券类", "纯债", "纯债型"), "fixed_income"),
    **dict.fromkeys(("权益类", "股票型", "股票类", "指数型"), "equity"),
    **dict.fromkeys(("混合类", "混合型", "偏股混合", "偏债混合", "灵活配置"), "mixed"),
    **dict.fromkeys(("商品及金融衍生品类", "商品及衍生品类", "商品型", "衍生品类"), "commodity_derivatives"),
    **dict.fromkeys(("货币市场", "货币型", "货币市场型", "货币基金", "现金管理类"), "money_market"),
}


def _asset_class(v: Any) -> Any:
    """The class from its Chinese name, with or without 产品 or 基金 after it (混合类产品, 偏债混合基金)."""
    if isinstance(v, str):
        text = re.sub(r"\s", "", v)
        for name in (text, text.removesuffix("产品"), text.removesuffix("基金")):
            if name in _ASSET_CLASS:
                return _ASSET_CLASS[name]
    return v


# Words around a written number that say nothing more than the field already does.
_FILLER = re.compile(r"年化|年利率|利率|收益率|人民币|单利|约|大约|左右|为|是|元|：|:|\s|，|,|（|）|\(|\)")
# Words that make one number an end of a range: 最高20万元 is {high: 200000}, 5万元起 is {low: 50000}.
_HIGH = re.compile(r"最高|最多|至多|不超过|不高于|上限|封顶|以内|以下|之内")
_LOW = re.compile(r"最低|低至|不低于|至少|起|以上")
_JOIN = re.compile(r"\s*(?:-|~|～|〜|–|—{1,2}|至|到)\s*")


def _a(kind: str) -> str:
    """``a percent``, ``an amount``."""
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def _finite(value: Any, kind: str) -> Any:
    if isinstance(value, (float, Decimal)) and not Decimal(value).is_finite():
        raise ValueError(f"not {_a(kind)}: {value!r} (a finite number is needed)")
    return value


def _written(value: Any, kind: str) -> Any:
    """A number, or a range as ``{"low": .., "high": ..}``, from a number or its written form. Text that is not
    read whole (a second number, a word that changes the meaning) is an error, never a guess."""
    _finite(value, kind)
    if value is None or (isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)):
        return value
    if isinstance(value, dict):
        return {k: _written(v, kind) if k in ("low", "high") else v for k, v in value.items()}
    if not isinstance(value, str):
        raise ValueError(f"not {_a(kind)}: {value!r}")
    from .numbers import find_quantities, parse_number

    text = value.strip()
    plain = parse_number(text)
    if plain is not None:
        return plain
    found = find_quantities(text)
    if kind == "percent" and not found:  # 年化3.5 (the % left out) is not read: say which unit is meant
        raise ValueError(f"not {_a(kind)}: {value!r} (write the unit, e.g. 3.5%)")
    other = [q for q in found if q.kind != kind]
    if other:
        raise ValueError(f"not {_a(kind)}: {value!r} ({other[0].text!r} is {_a(other[0].kind)})")
    if not found or len(found) > 2:
        raise ValueError(f"not {_a(kind)}: {value!r}" + (" (more than two numbers)" if found else ""))
    rest = text
    for q in reversed(found):
        rest = rest[: q.start] + "\0" + rest[q.end :]
    between = rest.split("\0")
    if len(found) == 2:
        if not _JOIN.fullmatch(between[1]):
            raise ValueError(f"not {_a(kind)}: {value!r} (two numbers that are not a range such as 6%-18%)")
        words = between[0] + between[2]
    else:
        words = between[0] + between[1]
    high, low = bool(_HIGH.search(words)), bool(_LOW.search(words))
    leftover = _FILLER.sub("", _LOW.sub("", _HIGH.sub("", words)))
    if leftover or (high and low):
        raise ValueError(f"not {_a(kind)}: {value!r} (cannot read {leftover or words!r})")
    if len(found) == 2:
        lo, hi = found[0].value, found[1].value
        if lo > hi:
            raise ValueError(f"not {_a(kind)}: {value!r} (the range runs backwards)")
        return {"low": lo, "high": hi}
    if high:
        return {"high": found[0].value}
    if low:
        return {"low": found[0].value}
    return found[0].value


def _single(value: Any, kind: str) -> Any:
    """One number: a range written where only one value fits is an error, not one of its ends."""
    out = _written(value, kind)
    if isinstance(out, dict):
        raise ValueError(f"a range where one {kind} is needed: {value!r} (this field holds one value)")
    return out


def _quantity(value: Any, kind: str) -> Any:
    """Accept numbers or the written forms of copy ("3.5%", "5万元", "90天") and store the plain value."""
    return _single(value, kind)


def _as_percent(v: Any) -> Any:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        v = Decimal(str(v))
    if isinstance(v, Decimal) and v > 1:
        return v / 100
    return v


def _percent_value(v: Any) -> Any:
    """3.5 means 3.5%: rates above 1 are percentages; 0.035 and '3.5%' are fractions already."""
    return _as_percent(_quantity(v, "percent"))


def _percent_range(v: Any) -> Any:
    v = _written(v, "percent")
    if isinstance(v, dict):
        return {k: _as_percent(x) if k in ("low", "high") else x for k, x in v.items()}
    return _as_percent(v)


_OF_PREMIUMS = re.compile(r"^(?:所交|已交|累计已交|实交|所缴|已缴)?保(?:险)?费(?:总额)?(?:的|×|x|\*)?")


_OF_SUM = re.compile(r"^(?:基本|有效|所选|所選)?(?:保额|保額|保险金额|保險金額)(?:的|×|x|\*)?")


def _ratio_range(v: Any, of: re.Pattern[str] = _OF_PREMIUMS) -> Any:
    """A share of the premiums: ``105%``, ``所交保费的105%``, ``1.6倍`` (160%), ``120%-160%`` or a fraction (1.05);
    with ``of`` the sum insured, a share of that (``基本保额的300%``, ``一半``). Unlike a rate, a number above 1 is a
    multiple, not a percentage: 1.6 is 160%."""
    if isinstance(v, str):
        text = of.sub("", re.sub(r"\s", "", v))
        if text.endswith(("倍", "半")):  # 1.6倍, 三倍, 一半: read as copy's multiples are
            return _single(text, "multiple")
        return _written(text, "percent")
    return _written(v, "percent")


def _days_range(v: Any) -> Any:
    v = _written(v, "duration")
    if isinstance(v, dict):
        return {k: _whole_days(x) if k in ("low", "high") else x for k, x in v.items()}
    return _whole_days(v)


# No waiting period, as product documents write it: 无等待期, 无观察期, 0天.
_NO_WAITING = re.compile(r"(?:无|没有|免|零|0)(?:等待期|观察期)?|(?:等待期|观察期)?(?:为)?(?:0|零)(?:天|日)?")


def _waiting_days(v: Any) -> Any:
    """A waiting period (等待期, 观察期): ``90天``, ``等待期90天``, ``无等待期`` (0), or a range when it differs by
    benefit (``30-90天``: accidents 30 days, illness 90)."""
    if isinstance(v, str):
        text = re.sub(r"\s", "", v)
        if _NO_WAITING.fullmatch(text):
            return 0
        v = re.sub(r"^(?:等待期|观察期)(?:为|：|:)?", "", text)
    return _days_range(v)


# What a cooling-off cancellation keeps back, as written: 工本费10元, 扣除不超过10元的工本费, 全额退还 (0).
_FULL_REFUND = re.compile(r"无|0|零|不扣(?:除)?(?:任何)?费用?|全额退(?:还|款|回)(?:保费|保险费)?|退还全部保(?:险)?费")
_DEDUCTION_WORDS = re.compile(r"扣除|扣|收取|工本费|手续费|退保费用|费用|的")


_REFUND_AFTER = re.compile(r"后?(?:退还|返还|退回)(?:已交|已缴|所交|全部)?(?:的)?保(?:险)?费$")
_NAMED_FEE = re.compile(r"工本费|手续费|费用")


def _cooling_off_fee(v: Any) -> Any:
    """工本费10元, 不超过10元, 全额退还 (0); 扣除工本费 with no amount is a charge above 0 that the document does not
    price, kept as a range from 0.01元 up (never read as 0 or as some amount)."""
    if isinstance(v, str):
        text = re.sub(r"\s", "", v)
        if _FULL_REFUND.fullmatch(text):
            return 0
        rest = _DEDUCTION_WORDS.sub("", _REFUND_AFTER.sub("", text))
        if not rest and _NAMED_FEE.search(text):
            return {"low": Decimal("0.01")}
        return _written(rest, "amount")
    return _written(v, "amount")


def _whole_days(v: Any) -> Any:
    if isinstance(v, Decimal):
        if v != v.to_integral_value():
            raise ValueError(f"not a whole number of days: {v}")
        return int(v)
    return v


class Span(BaseModel):
    """A range: both ends, or one (最高20万元 is a range with only a high end). Written ``6%-18%``,
    ``"1000元-20万元"``, ``"最高20万元"``, ``"5万元起"`` or ``{low: .., high: ..}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    low: Decimal | None = None
    high: Decimal | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.low is None and self.high is None:
            raise ValueError("a range needs low, high or both")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"the range runs backwards: low {self.low} is above high {self.high}")
        return self


def _written_too(schema: dict[str, Any]) -> None:
    """The JSON Schema of a field the loader also reads as a product document writes it (终身, 10年交, 3.5%):
    without this an editor validating against the schema marks records the loader accepts."""
    forms = schema.pop("anyOf", None) or [{k: schema.pop(k) for k in list(schema) if k not in _ANNOTATIONS}]
    for extra in ({"type": "string"}, {"type": "number"}):
        if extra not in forms:
            forms.insert(0, extra)
    schema["anyOf"] = forms


_ANNOTATIONS = {"title", "description", "default", "examples"}
WRITTEN = Field(json_schema_extra=_written_too)


def _one_days(v: Any) -> Any:
    """One number of days, as written (15天, 15日, 十五天, 1个月): a range here is an error, not one of its ends."""
    return _whole_days(_single(v, "duration")) if isinstance(v, str) else v


# What an age may open with (满18周岁, 年满60岁), and an age given in days or months (出生满30天), which a field
# counted in years cannot hold.
_AGE_OPENING = re.compile(r"^(?:年满|满)")
_AGE_IN_DAYS = re.compile(r".*(?:天|日|个月|月)")


def _age(v: Any) -> Any:
    """An age in whole years: 18, "18周岁", "60岁", "满18周岁", read as copy's ages are. ``出生满30天`` is an error that
    says to write 0."""
    if not isinstance(v, str):
        return v
    text = _AGE_OPENING.sub("", re.sub(r"\s", "", v))
    if _AGE_IN_DAYS.fullmatch(text):
        raise ValueError(f"not an age in years: {v!r} (an age under one year, such as 出生满30天, is 0)")
    try:
        age = _single(text, "age")
    except ValueError as exc:
        raise ValueError(f"{exc} (write 18, 18周岁 or 60岁)") from None
    if age != age.to_integral_value():
        raise ValueError(f"not an age: {v!r} (write 18, 18周岁 or 60岁)")
    return int(age)


def _years(v: Any) -> Any:
    """A whole number of years: 20, "20年", "二十年" (a duration, as copy's terms are read, that is whole years)."""
    if not isinstance(v, str):
        return v
    from .numbers import parse_number

    plain = parse_number(v.strip())
    days = plain * 365 if plain is not None else _single(v, "duration")
    if days % 365:
        raise ValueError(f"not a number of years: {v!r} (write 20 or 20年)")
    return int(days // 365)


# Rates and amounts accept the forms product documents use ("3.5%", "5万元") as well as plain numbers.
Days = Annotated[int | None, BeforeValidator(_one_days, json_schema_input_type=int | str | None)]
Age = Annotated[int | None, BeforeValidator(_age, json_schema_input_type=int | str | None)]
Years = Annotated[int | None, BeforeValidator(_years, json_schema_input_type=int | str | None)]
Percent = Annotated[Decimal | None, BeforeValidator(_percent_value)]
Amount = Annotated[Decimal | None, BeforeValidator(lambda v: _quantity(v, "amount"))]
# The same where a product document may give a range ("6%-18%", "最高20万元"): kept as a Span.
PercentRange = Annotated[Decimal | Span | None, BeforeValidator(_percent_range)]
AmountRange = Annotated[Decimal | Span | None, BeforeValidator(lambda v: _written(v, "amount"))]
DaysRange = Annotated[int | Span | None, BeforeValidator(_days_range, json_schema_input_type=int | Span | str | None)]
RatioRange = Annotated[Decimal | Span | None, BeforeValidator(_ratio_range)]
SumRatioRange = Annotated[Decimal | Span | None, BeforeValidator(lambda v: _ratio_range(v, _OF_SUM))]


def _counted(unit: str, what: str, example: int) -> Any:
    """A reader of a whole count written with or without its counter: 120, "120种", "一百二十种" (unit 种)."""

    def read(v: Any) -> Any:
        if not isinstance(v, str):
            return v
        from .numbers import parse_number

        text = re.sub(r"\s", "", v)
        value = parse_number(text.removesuffix(unit))
        if value is None or value != value.to_integral_value():
            raise ValueError(f"not a number of {what}: {v!r} (write {example} or {example}{unit})")
        return int(value)

    return BeforeValidator(read, json_schema_input_type=int | str | None)


Kinds = Annotated[int | None, _counted("种", "kinds", 120)]  # 120种重疾
Times = Annotated[int | None, _counted("次", "times", 3)]  # 轻症赔付3次


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rate(_Strict):
    """A rate of return or of interest. Percent strings or fractions (3.5% and 0.035 are the same).

    ``returns: "2.8%-3.3%"`` or ``value: "2.8%-3.3%"`` is read as low and high, never as one end."""

    value: Percent = Field(None, description="A single rate, e.g. 3.5% or 0.035.")
    low: Percent = Field(None, description="Lower end of a range.")
    high: Percent = Field(None, description="Upper end of a range.")
    kind: Literal["benchmark", "expected", "fixed", "floating", "seven_day_annualised", "guaranteed"] = "benchmark"
    method: str | None = Field(None, description="How it is calculated or why it was chosen (测算依据/选择原因).")

    @model_validator(mode="before")
    @classmethod
    def _written_range(cls, data: Any) -> Any:
        if isinstance(data, (str, int, float, Decimal)) and not isinstance(data, bool):
            data = {"value": data}
        if isinstance(data, dict) and isinstance(data.get("value"), str):
            read = _percent_range(data["value"])
            if isinstance(read, dict):
                rest = {k: v for k, v in data.items() if k != "value"}
                if rest.keys() & {"low", "high"}:
                    raise ValueError("a range in value and low/high as well: give one of them")
                return {**rest, **read}
        return data

    def values(self) -> list[Decimal]:
        return [v for v in (self.value, self.low, self.high) if v is not None]


class Fee(_Strict):
    name: str = Field(min_length=1, description="e.g. 认购费, 管理费, 托管费, 销售服务费, 手续费, 年费.")
    amount: AmountRange = Field(None, description="A fixed amount in yuan, or a range.")
    rate: PercentRange = Field(None, description="A rate, e.g. 0.5% or 0.005, or a range (0.3%-0.6%).")
    max_amount: Amount = Field(None, description="The most it may become (a fee 0 today that may rise to a cap).")
    max_rate: Percent = Field(None, description="The highest rate the contract allows (收费上限), e.g. 0 now, 1% cap.")
    basis: str | None = Field(None, description="What the rate applies to and how often (按年, 按笔, 按日…).")
    conditions: str | None = Field(None, description="When it is charged or waived.")

    @model_validator(mode="before")
    @classmethod
    def _rate_per_period(cls, data: Any) -> Any:
        """``rate: 0.3%/月`` (or 每月0.3%) with no basis: the rate and, as its basis, the period it is charged for."""
        if isinstance(data, dict) and isinstance(data.get("rate"), str) and not data.get("basis"):
            text = re.sub(r"\s", "", data["rate"])
            m = _PER_PERIOD_AFTER.fullmatch(text) or _PER_PERIOD_BEFORE.fullmatch(text)
            if m:
                return {**data, "rate": m.group("rate"), "basis": "每" + m.group("unit").replace("天", "日")}
        return data


# A rate charged per period, as fee tables write it: 0.3%/月, 0.05%/日, 0.6%每期; 每月0.3%.
_PER_PERIOD_AFTER = re.compile(r"(?P<rate>.+?%)(?:/|每)(?P<unit>年|月|日|天|期|笔)")
_PER_PERIOD_BEFORE = re.compile(r"每(?P<unit>年|月|日|天|期|笔)(?P<rate>.+?%)")


_LIFELONG = re.compile(r"(?:保障?|保险期间)?(?:至|到)?终身(?:保障)?")
_TO_AGE = re.compile(r"(?:保障?|保险期间)?(?:至|到)(?:被保险人)?(.+?)周?岁(?:止|时)?")
_OPEN = re.compile(r"无固定期限|开放式|不定期|活期")


def _term_written(v: Any) -> Any:
    """``终身``, ``至80岁``, ``无固定期限``, ``"90天"``, ``"1-3年"`` or a number of days as a Term; or the terms a
    policy lets the buyer choose between (``20年/30年/至70岁/终身``), every choice kept."""
    if isinstance(v, bool):
        raise ValueError(f"not a term: {v!r}")
    if isinstance(v, (int, float, Decimal)):
        return {"days": v}
    if not isinstance(v, str):
        return v
    parts = [p for p in _CHOICES.split(v) if p.strip()]
    if len(parts) < 2:
        return _one_term(v)
    read = [{**r, "days": _days_range(r["days"])} if "days" in r else r for r in map(_one_term, parts)]
    if any(r.get("open_ended") for r in read):
        raise ValueError(f"not a term: {v!r} (an open-ended product has no other term to choose)")
    merged = _merged_choices(v, read, "days", "term", "cover to")
    if any(r.get("lifelong") for r in read):
        merged["lifelong"] = True
    return merged


def _one_term(v: str) -> dict[str, Any]:
    from .numbers import parse_number

    text = re.sub(r"\s", "", v)
    if _LIFELONG.fullmatch(text):
        return {"lifelong": True}
    if _OPEN.fullmatch(text):
        return {"open_ended": True}
    m = _TO_AGE.fullmatch(text)
    if m:
        age = parse_number(m.group(1))
        if age is None or age != age.to_integral_value():
            raise ValueError(f"not an age: {m.group(1)!r} in {v!r}")
        return {"to_age": int(age)}
    return {"days": v}


class Term(_Strict):
    """How long the product runs: days (or years), to an age, lifelong, or open-ended; or the terms a policy lets the
    buyer choose between (``20年/30年/至70岁/终身``: days, to_age and lifelong together, the years as one range)."""

    days: DaysRange = Field(None, description="Term in days, or a range (write term: '90天', '3个月', '1-3年').")
    lockup_days: DaysRange = Field(None, description="封闭期/最短持有期, in days.")
    open_ended: bool = Field(False, description="No fixed term (开放式, 无固定期限, 活期).")
    lifelong: bool = Field(False, description="Cover for life (终身).")
    to_age: Age = Field(None, ge=0, le=150, description="Cover until the insured reaches this age (至80岁).")

    @model_validator(mode="after")
    def _one_end(self) -> Term:
        # days, to_age and lifelong together are the choices a policy offers; an open-ended product has no other
        if self.open_ended and (self.days is not None or self.lifelong or self.to_age is not None):
            raise ValueError("an open-ended term has no days, lifelong or to_age beside it")
        return self


class Target(_Strict):
    risk_classes: list[RiskClass] = Field(default_factory=list, description="Customer risk classes it is sold to.")
    min_age: Age = Field(None, ge=0, le=150, description="The youngest age sold to (18 or 18周岁; 出生满30天 is 0).")
    max_age: Age = Field(None, ge=0, le=150, description="The oldest age sold to (60 or 60周岁).")
    # An insurance policy's buyer (投保人) may be another person than the insured, with ages of their own
    # (投保人年龄18-70周岁 beside 被保险人0-60周岁): min_age and max_age are the insured's.
    applicant_min_age: Age = Field(None, ge=0, le=150, description="The youngest 投保人 (applicant), 18 or 18周岁.")
    applicant_max_age: Age = Field(None, ge=0, le=150, description="The oldest 投保人 (applicant), 70 or 70周岁.")
    elderly_safeguards: bool = Field(
        False, description="Extra steps for customers over 65 (双录, 冷静期, 风险再提示) are in place."
    )
    students: bool | None = Field(
        None,
        description="Whether the product may be offered to students (在校学生): false for a loan or card that must "
        "not be marketed to them, or a product whose terms exclude them.",
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ages(self) -> Span | None:
        """The ages it is sold to as one range (min_age to max_age), so copy's 18-65周岁可投 compares with it."""
        return _age_span(self.min_age, self.max_age)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def applicant_ages(self) -> Span | None:
        """The applicant's ages as one range, so copy's 投保人年龄18-70周岁 compares with it."""
        return _age_span(self.applicant_min_age, self.applicant_max_age)


def _age_span(low: int | None, high: int | None) -> Span | None:
    if low is None and high is None:
        return None
    return Span(low=None if low is None else Decimal(low), high=None if high is None else Decimal(high))


class PersonalInformation(_Strict):
    field: str = Field(min_length=1, description="e.g. 姓名, 身份证号, 手机号, 人脸, 通讯录, 精确位置.")
    purpose: str = Field(min_length=1, description="Why it is collected.")
    sensitive: bool = Field(False, description="Sensitive personal information (个人信息保护法 第二十八条).")
    separate_consent: bool = False
    required: bool = Field(True, description="Needed to provide the product (else optional).")


class ThirdParty(_Strict):
    recipient: str = Field(description="The recipient's name; '' or 合作伙伴 when not named.")
    purpose: str = Field(min_length=1)
    fields: list[str] = Field(default_factory=list)
    separate_consent: bool = False
    entrusted: bool = Field(False, description="An entrusted processor acting for us (委托处理), not a recipient.")


Frequency = Literal["single", "annual", "semiannual", "quarterly", "monthly"]
_FREQUENCY = {
    **dict.fromkeys(("趸交", "趸缴", "一次性交清", "一次交清", "一次性缴清", "单次"), "single"),
    **dict.fromkeys(("年交", "年缴", "按年", "每年"), "annual"),
    **dict.fromkeys(("半年交", "半年缴", "每半年"), "semiannual"),
    **dict.fromkeys(("季交", "季缴", "按季", "每季"), "quarterly"),
    **dict.fromkeys(("月交", "月缴", "按月", "每月"), "monthly"),
}
BenefitKind = Literal[
    "death", "accidental_death", "critical_illness", "medical", "hospital_cash", "disability", "annuity",
    "survival", "maturity", "waiver", "other",
]  # fmt: skip


def _frequency(v: Any) -> Any:
    if isinstance(v, str) and v.strip() in _FREQUENCY:
        return _FREQUENCY[v.strip()]
    return v


# Between the choices of paying period a policy offers: 趸交/3年交/5年交, 趸交、10年交, 趸交或交至60岁.
_CHOICES = re.compile(r"[/、,，;；]|或")


def _paying_period(data: str) -> dict[str, Any]:
    """A paying period as written: 趸交, 10年交, 交至60岁, 3-20年; or the choices a policy offers (趸交/3-10年交):
    paid once or over years, the years of every choice as one range."""
    parts = [p for p in _CHOICES.split(data) if p.strip()]
    if len(parts) < 2:
        return _one_paying_period(data)
    read = [_one_paying_period(p) for p in parts]
    return {
        "single": any(r.get("single") for r in read),
        **_merged_choices(data, read, "years", "paying period", "paid until"),
    }


def _merged_choices(data: str, read: list[dict[str, Any]], field: str, what: str, until: str) -> dict[str, Any]:
    """The choices a policy offers (20年/30年/至70岁, 趸交/3-10年交), each read alone, as one record: the one end
    age, and ``field`` of every choice as one range (a range's two ends counted apart)."""
    merged: dict[str, Any] = {}
    ages = {r["to_age"] for r in read if "to_age" in r}
    if len(ages) > 1:
        raise ValueError(f"not a {what}: {data!r} ({until} one age only: write the others in a comment)")
    if ages:
        merged["to_age"] = ages.pop()
    ends = []
    for choice in read:
        value = choice.get(field)
        if isinstance(value, dict):
            ends += [end for end in (value.get("low"), value.get("high")) if end is not None]
        elif value is not None:
            ends.append(value)
    if ends:
        low, high = min(ends), max(ends)
        merged[field] = low if low == high else {"low": low, "high": high}
    return merged


def _one_paying_period(data: str) -> dict[str, Any]:
    from .numbers import parse_number

    text = re.sub(r"\s", "", data)
    if _FREQUENCY.get(text) == "single":
        return {"single": True}
    m = re.fullmatch(r"(?:交|缴)(?:费)?(?:至|到)(.+?)周?岁", text)
    if m and (age := parse_number(m.group(1))) is not None:
        return {"to_age": int(age)}
    read = _days_range(re.sub(r"(?:年)?(?:交|缴)(?:费)?(?:清)?$", "年", text))
    if isinstance(read, dict):
        return {"years": {k: Decimal(x) / 365 for k, x in read.items()}}
    if isinstance(read, int) and read % 365 == 0:
        return {"years": read // 365}
    raise ValueError(f"not a paying period: {data!r} (write 趸交, 10年交 or 交至60岁)")


class PayingPeriod(_Strict):
    """How long premiums are paid: ``趸交`` (once), ``10年交``, ``交至60岁``, or the choices offered (趸交/3-10年交)."""

    single: bool = Field(False, description="Paid once (趸交).")
    years: int | Span | None = Field(None, description="Years of payments (10年交), or a choice (3-20年).")
    to_age: Age = Field(None, ge=0, le=150, description="Paid until this age (交至60岁; 60 or 60岁).")

    @model_validator(mode="before")
    @classmethod
    def _written_form(cls, data: Any) -> Any:
        if isinstance(data, int) and not isinstance(data, bool):
            return {"years": data}
        if isinstance(data, dict) and isinstance(data.get("years"), str):
            # {years: 10年} or {years: 3-20年}: the mapping written with the same words as the short form
            written = data["years"].strip()
            return {**data, **_paying_period(written if written.endswith("年") else written + "年")}
        if not isinstance(data, str):
            return data
        return _paying_period(data)

    @model_validator(mode="after")
    def _one(self) -> PayingPeriod:
        # several at once are the choices a policy offers (趸交 or 3-10年交): the buyer picks one
        if not (self.single or self.years is not None or self.to_age is not None):
            raise ValueError("a paying period needs single, years or to_age (or several: the choices offered)")
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def days(self) -> int | Span | None:
        """The paying period in days (a year counts 365), so copy's 交10年 compares with it like any term."""
        if isinstance(self.years, Span):
            ends = {k: int(v * 365) for k, v in (("low", self.years.low), ("high", self.years.high)) if v is not None}
            return Span(**ends)
        return None if self.years is None else self.years * 365


class Benefit(_Strict):
    """One benefit with what it pays: 身故保险金 50万元, 一般医疗保险金 200万元 after a 1万元 deductible."""

    name: str = Field(min_length=1, description="As the policy names it (身故保险金, 重大疾病保险金…).")
    kind: BenefitKind = "other"
    sum_insured: AmountRange = Field(None, description="保额 / 最高给付 / 年度限额, in yuan, or a range.")
    deductible: AmountRange = Field(None, description="免赔额, in yuan.")
    reimbursement: Percent = Field(None, description="Share of covered costs paid (赔付比例), e.g. 100%.")
    reimbursement_without_social_insurance: Percent = Field(
        None,
        description="Share paid when the costs were not first settled by social medical insurance (未经社保结算, "
        "e.g. 60%), where it differs from reimbursement.",
    )
    premium_ratio: RatioRange = Field(
        None,
        description="What it pays as a share of the premiums paid (所交保费的105%, 1.6倍 is 160%), or a range when "
        "it depends on age (120%-160%).",
    )
    sum_ratio: SumRatioRange = Field(
        None,
        description="What it pays as a share of the basic sum insured (基本保额的300%, 3倍 is 300%, 一半 is 50%), or a "
        "range when it depends on age or policy year.",
    )
    main: bool = Field(False, description="The main benefit, whose cap a headline amount must match.")
    guaranteed: bool = Field(True, description="Whether the amount is guaranteed (红利 and 演示 sums are not).")


def _scaled(value: Decimal | Span | None, factor: Decimal) -> Decimal | Span | None:
    if value is None:
        return None
    if isinstance(value, Span):
        return Span(**{k: v * factor for k, v in (("low", value.low), ("high", value.high)) if v is not None})
    return value * factor


class UniversalAccount(_Strict):
    """A universal account attached to a policy (附加万能账户): its benefits or extra premiums are paid in and earn a
    settlement rate the insurer declares, of which only a minimum is guaranteed. Its rates are not the main
    policy's, so copy's 万能账户保底1.75% is compared with the account's and 年化收益4.5% with the policy's."""

    guaranteed_rate: Percent = Field(None, description="The account's 保证利率 / 最低保证利率 (e.g. 1.75%).")
    settlement_rate: Percent = Field(
        None, description="The latest declared 结算利率 (e.g. 3.5%): history, guaranteed only up to guaranteed_rate."
    )


class Illnesses(_Strict):
    """How many illnesses of each grade the policy covers, as its terms list them (重疾120种, 中症20种, 轻症40种),
    and how many times each grade pays."""

    critical: Kinds = Field(None, ge=0, description="重大疾病 covered (120 or 120种), the industry's 28 included.")
    moderate: Kinds = Field(None, ge=0, description="中症 (中度疾病) covered.")
    mild: Kinds = Field(None, ge=0, description="轻症 (轻度疾病) covered.")
    # How many times each grade pays at most, as the terms say (重疾赔付以一次为限, 轻症最多赔付3次): copy that
    # promises more payouts (重疾赔2次, 轻症多次赔付) promises cover the contract does not give.
    critical_payouts: Times = Field(None, ge=1, description="How many times 重大疾病 pays at most (1 or 1次).")
    moderate_payouts: Times = Field(None, ge=1, description="How many times 中症 pays at most (2 or 2次).")
    mild_payouts: Times = Field(None, ge=1, description="How many times 轻症 pays at most (3 or 3次).")


class Insurance(_Strict):
    """What a policy costs and pays."""

    premium: AmountRange = Field(None, description="Premium per payment, in yuan (or a range by age and plan).")
    frequency: Annotated[
        Frequency | None, BeforeValidator(_frequency, json_schema_input_type=Frequency | str | None)
    ] = Field(None, description="趸交, 年交, 半年交, 季交, 月交 (single, annual, semiannual, quarterly, monthly).")
    paying_period: Annotated[PayingPeriod | None, WRITTEN] = None
    benefits: list[Benefit] = Field(default_factory=list)
    renewal_guaranteed_years: Years = Field(None, ge=0, description="保证续保 period in years (20 or 20年; 0: none).")
    insured_persons: int | None = Field(
        None, ge=1, description="How many people one policy covers (被保险人人数): 1 for a policy on one life."
    )
    waiting_days: Annotated[
        int | Span | None, BeforeValidator(_waiting_days, json_schema_input_type=int | Span | str | None)
    ] = Field(
        None,
        description="等待期 / 观察期 in days (90天; 无等待期 is 0), or a range when it differs by benefit (30-90天): "
        "illness in it is not covered.",
    )
    illnesses: Illnesses | None = Field(
        None, description="Illnesses covered by grade (critical, moderate, mild): what copy's 120种重疾 must be."
    )
    universal_account: UniversalAccount | None = Field(
        None, description="A universal account attached to the policy (附加万能账户), with its own rates."
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def renewal_guaranteed_days(self) -> int | None:
        """The guaranteed renewal period in days (a year counts 365), so copy's 保证续保20年 compares with it like any
        term; none when renewal is not guaranteed (0: 保证续保 itself is then the claim to report)."""
        return self.renewal_guaranteed_years * 365 if self.renewal_guaranteed_years else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def main_sum_insured(self) -> Decimal | Span | None:
        """The cap of the main benefit (the first marked ``main``): what a headline sum (百万医疗, 600万保障) in the
        name or the copy must not exceed."""
        return next((b.sum_insured for b in self.benefits if b.main and b.sum_insured is not None), None)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def premium_per_day(self) -> Decimal | Span | None:
        """The premium spread over the days it pays for (年交 over 365, 月交 over 365/12), to compare with copy's
        每天只需2元; none for a single premium or when the frequency is not given."""
        days: dict[str, Decimal] = {
            "annual": Decimal(365),
            "semiannual": Decimal(365) / 2,
            "quarterly": Decimal(365) / 4,
            "monthly": Decimal(365) / 12,
        }
        per = days.get(self.frequency or "")
        if per is None or self.premium is None:
            return None
        return _scaled(self.premium, 1 / per)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def premium_per_month(self) -> Decimal | Span | None:
        """The premium spread over a month (年交 1.2万元 is 1000元 a month), for copy's 每月只需1000元."""
        return _scaled(self.premium_per_day, Decimal(365) / 12)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def premium_per_year(self) -> Decimal | Span | None:
        """The premium over a year (月交 300元 is 3600元 a year), for copy's 年交3600元, 每年只需3600元."""
        return _scaled(self.premium_per_day, Decimal(365))


# A guaranteed part that grows by a rate: 按3%年复利递增, 每年递增3.5%, 年增长率3%.
_GROWTH = re.compile(r"复利|递增|增长|增加")


class Guarantees(_Strict):
    """Guaranteed and non-guaranteed parts (participating, universal life, annuities)."""

    guaranteed: list[str] = Field(default_factory=list, description="Guaranteed parts (基本保额, 保证利率…).")
    non_guaranteed: list[str] = Field(
        default_factory=list, description="Parts that are not guaranteed (红利, 超过保证利率的结算利息, 演示利益)."
    )
    guaranteed_rate: Percent = Field(None, description="保证利率 / 最低保证利率 (e.g. 1.75%).")
    illustrated_rates: list[Percent] = Field(default_factory=list, description="演示利率 (low, middle, high).")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def growth_rates(self) -> list[Decimal]:
        """The rates a guaranteed part grows by, as the record words it (有效保险金额按3%年复利递增): what copy's
        保额按3.5%复利递增 must be. Empty when no guaranteed part names a rate of growth."""
        from .numbers import find_quantities

        return [
            q.value
            for part in self.guaranteed
            if _GROWTH.search(part)
            for q in find_quantities(part)
            if q.kind == "percent"
        ]


Access = Literal["anytime", "periodic", "at_maturity", "not_before_maturity"]
EarlyExit = Literal[
    "none", "surrender", "policy_loan", "partial_withdrawal", "redeem_with_fee", "transfer", "demand_rate",
]  # fmt: skip


class Liquidity(_Strict):
    """How the money can be reached before the term ends."""

    access: Access | None = Field(
        None,
        description="anytime (随时), periodic (open days), at_maturity (only at the end), not_before_maturity "
        "(closed: not redeemable before maturity).",
    )
    early_exit: list[EarlyExit] = Field(
        default_factory=list,
        description="Ways out before maturity: surrender (退保, 现金价值), policy_loan (保单贷款), "
        "partial_withdrawal (减保/部分领取), redeem_with_fee, transfer (转让), demand_rate (提前支取按活期计息).",
    )
    principal_safe_only_at_maturity: bool = Field(
        False, description="Principal is safe only when held to maturity (early exit may lose part of it)."
    )
    surrender_loss_years: Years = Field(
        None, ge=0, description="Policy years in which the cash value is below the premiums paid (5 or 5年)."
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def surrender_loss_days(self) -> int | None:
        """The policy years in which a surrender loses money, in days (a year counts 365), so copy's 第5年回本 compares
        with them: a break-even within them is too early."""
        return self.surrender_loss_years * 365 if self.surrender_loss_years else None


Repayment = Literal[
    "equal_instalment", "equal_principal", "interest_first", "bullet", "minimum_payment", "flexible",
]  # fmt: skip
_REPAYMENT = {
    "等额本息": "equal_instalment", "等额本金": "equal_principal", "先息后本": "interest_first",
    "按月付息到期还本": "interest_first", "到期还本付息": "bullet", "一次性还本付息": "bullet",
    "最低还款": "minimum_payment", "随借随还": "flexible",
}  # fmt: skip


def _repayments(v: Any) -> Any:
    if isinstance(v, str):
        v = [x.strip() for x in re.split(r"[、,，/]", v)]
    return v


def _repayment(v: Any) -> Any:
    """One method, by its Chinese name or its own; a Chinese name the table does not hold is an error naming those
    it does (an English typo gets the list of methods and a did-you-mean hint instead)."""
    if not isinstance(v, str):
        return v
    method = _REPAYMENT.get(v.strip(), v.strip())
    if not method.isascii():
        raise ValueError(f"not a repayment method: {method!r} (write one of {', '.join(_REPAYMENT)})")
    return method


def _instalments(v: Any) -> Any:
    """``[3, 6, 12]``, ``"3/6/12期"`` or ``"3-24期"``."""
    if isinstance(v, str):
        text = re.sub(r"\s", "", v)
        m = re.fullmatch(r"(\d+)期?(?:-|~|～|至|到)(\d+)期", text)
        if m:
            low, high = int(m.group(1)), int(m.group(2))
            if low > high:
                raise ValueError(f"the range runs backwards: {v!r}")
            return {"low": low, "high": high}
        if re.fullmatch(r"\d+(?:[、,，/]\d+)*期?", text):
            return [int(x) for x in re.findall(r"\d+", text)]
        raise ValueError(f"not instalment counts: {v!r} (write 3/6/12期, 3-24期 or a list)")
    if isinstance(v, int) and not isinstance(v, bool):
        return [v]
    return v


class Credit(_Strict):
    """A loan's or card's terms."""

    credit_line: AmountRange = Field(None, description="额度, in yuan; 最高20万元 is a range with a high end.")
    instalments: Annotated[
        list[int] | Span | None,
        BeforeValidator(_instalments, json_schema_input_type=list[int] | Span | str | int | None),
    ] = Field(None, description="Instalment counts offered (3/6/12期) or their range (3-24期).")
    repayment: Annotated[
        list[Annotated[Repayment, BeforeValidator(_repayment)]],
        BeforeValidator(_repayments, json_schema_input_type=list[str] | str),
    ] = Field(default_factory=list, description="等额本息, 等额本金, 先息后本, 到期还本付息, 最低还款, 随借随还.")
    revolving: bool | None = Field(None, description="Revolving credit (循环额度): repaid credit can be reused.")
    daily_rate: PercentRange = Field(None, description="日利率 as the lender states it (0.02%-0.05%).")
    monthly_rate: PercentRange = Field(None, description="月利率 or per-instalment fee rate (0.6%).")
    interest_free_days: Days = Field(None, ge=0, description="免息期 in days (cards: up to 50/56; 50 or 50天).")


# The words a coupon's benefit waives interest with; the span it waives is the duration beside them (30天免息,
# 免息30天, 7日无息, 免息一个月).
_INTEREST_FREE = re.compile(r"免息|无息|零息|0息")


class Coupon(_Strict):
    """An offer that lowers the cost: 免息券, 利息折扣券, 满减."""

    name: str = Field(min_length=1)
    benefit: str = Field(min_length=1, description="What it gives, as the offer says (30天免息, 利息8折).")
    conditions: str | None = Field(None, description="Who and when (新用户首次借款, 活动期间).")
    cap: Amount = Field(None, description="The most it saves, in yuan (最高减免500元).")
    min_instalments: int | None = Field(None, ge=1, description="Fewest instalments it applies to.")
    valid_days: Days = Field(None, ge=0, description="How long it can be used once received (20 or 20天).")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def interest_free_days(self) -> int | None:
        """The days the coupon waives interest for, read from its benefit (30天免息, 免息一个月 is 30): what copy's
        7天免息 must be. None when the benefit names no such span (利息8折)."""
        from .numbers import find_quantities

        words = [(m.start(), m.end()) for m in _INTEREST_FREE.finditer(self.benefit)]
        for q in find_quantities(self.benefit):
            beside = any(
                (q.end <= start and not self.benefit[q.end : start].strip())
                or (end <= q.start and not self.benefit[end : q.start].strip())
                for start, end in words
            )
            if q.kind == "duration" and beside:
                return int(q.value)
        return None


class Buyer(_Strict):
    risk_class: RiskClass | None = Field(None, description="The buyer's assessed risk class (C1-C5).")
    age: Age = Field(None, ge=0, le=150, description="The buyer's age (68 or 68岁).")


class Sale(_Strict):
    """One sale: who bought, as distinct from whom the product targets (``target``)."""

    buyer: Buyer = Field(default_factory=Buyer)
    channel: Channel | None = None
    amount: Amount = None
    recorded: bool | None = Field(None, description="Sale audio-and-video recorded (双录).")


Completeness = Literal["full", "partial"]

# Facts a product of the type cannot be offered without, and without which the copy cannot be checked: a record
# that does not say it is partial is reported when it leaves one out. Every other missing fact (a complaint
# channel, a cooling-off period, how a benchmark is worked out) is reported only when the record says it is
# complete (completeness: full) or writes the field empty, which says the product has none.
MANDATORY: dict[str, tuple[str, ...]] = {
    "wealth_management": ("risk_level",),
    "fund": ("risk_level",),
    "structured_deposit": ("risk_level",),
    "loan": ("apr",),
}


class Product(_Strict):
    """One product as the reviewer knows it."""

    name: str = Field(min_length=1)
    type: ProductType
    insurance_subtype: InsuranceSubtype | None = None
    issuer: str = Field(min_length=1, description="Who makes the product (发行机构/承保公司/贷款人).")
    distributor: str | None = Field(None, description="Who sells it, when someone else (代销机构).")
    registration_code: str | None = Field(None, description="理财产品登记编码 / 基金代码 / 备案编号.")
    offering: Literal["public", "private"] = "public"
    risk_level: RiskLevel | None = None
    asset_class: Annotated[
        AssetClass | None, BeforeValidator(_asset_class, json_schema_input_type=AssetClass | str | None)
    ] = Field(
        None,
        description="What a fund or wealth product invests in: fixed_income (固定收益类, 债券型), equity (权益类, "
        "股票型), mixed (混合类, 混合型), commodity_derivatives (商品及金融衍生品类) or money_market (货币市场, "
        "现金管理类).",
    )
    principal_guaranteed: bool | None = Field(None, description="Whether principal is guaranteed (保本).")
    deposit_insurance: bool | None = Field(None, description="Covered by 存款保险 (deposits only).")
    returns: Annotated[Rate | None, WRITTEN] = Field(None, description="Benchmark, expected or fixed return.")
    apr: PercentRange = Field(
        None,
        description="Annualised rate (年化利率) of a loan or card instalment, or a range (6%-18%).",
    )
    fees: list[Fee] = Field(default_factory=list)
    minimum_amount: AmountRange = Field(None, description="起购/起投/最低借款 amount in yuan.")
    term: Annotated[Term | None, WRITTEN] = None
    cooling_off_days: Days = Field(None, ge=0, description="犹豫期 or 冷静期, in days (15 or 15天).")
    cooling_off_fee: Annotated[Decimal | Span | None, BeforeValidator(_cooling_off_fee)] = Field(
        None,
        description="What is kept back when the contract is cancelled in the cooling-off period, in yuan: 工本费10元, "
        "不超过10元 (a range with a high end), 全额退还 or 0 for a full refund; 扣除工本费 with no amount is a charge "
        "above 0 the document does not price (a range from 0.01元 up).",
    )
    insurance: Insurance | None = None
    guarantees: Guarantees | None = None
    liquidity: Liquidity | None = None
    credit: Credit | None = None
    coupons: list[Coupon] = Field(default_factory=list)
    target: Target = Field(default_factory=Target)
    sale: Sale | None = Field(None, description="A sale to check for suitability: the buyer, not the target.")
    channels: list[Channel] = Field(default_factory=list)
    complaint_channel: str | None = Field(None, description="投诉电话 or another channel.")
    tested_effects: list[str] = Field(
        default_factory=list,
        description="Effects a test report or registration supports, as it states them (对H1N1病毒抑制率99.5%, "
        "除菌率99%): what copy may claim the product kills or removes.",
    )
    personal_information: list[PersonalInformation] = Field(default_factory=list)
    third_parties: list[ThirdParty] = Field(default_factory=list)
    completeness: Completeness | dict[str, Completeness] | None = Field(
        None,
        description="full: the record holds every fact of the product, so a field it leaves out is a fact the "
        "product lacks and is reported. partial: the record holds only some facts (made to check one piece of "
        "copy), so no missing field is reported. Unstated: a field left out is unknown, not absent, and is "
        "reported only when the product's type cannot be offered without it (a risk level for wealth products, "
        "funds and structured deposits, an APR for loans); a field written empty ('' or null) says there is "
        "none and is reported. A mapping sets single sections: {complaint_channel: partial}.",
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def apr_per_day(self) -> Span | None:
        """The APR spread over a day, to compare with copy's 日息万2: from the low end over 365 days to the high end
        over 360 (lenders count the year either way), so 日息万2 agrees with an APR of 7.2% or 7.3%."""
        if self.apr is None:
            return None
        low, high = (self.apr.low, self.apr.high) if isinstance(self.apr, Span) else (self.apr, self.apr)
        return Span(low=None if low is None else low / 365, high=None if high is None else high / 360)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def apr_per_month(self) -> Decimal | Span | None:
        """The APR spread over a month (18% is 1.5%), to compare with copy's 月息8厘."""
        return _scaled(self.apr, Decimal(1) / 12)

    @field_validator("term", mode="before")
    @classmethod
    def _term(cls, v: Any) -> Any:
        return _term_written(v)

    @field_validator("completeness")
    @classmethod
    def _sections(cls, v: Any) -> Any:
        if isinstance(v, dict):
            unknown = sorted(set(v) - set(cls.model_fields) - {"completeness"})
            if unknown:
                raise ValueError(f"not a section of a product: {unknown[0]!r}")
        return v


@dataclass(frozen=True)
class ProductFile:
    """A product description read from a file, with what findings need to point into it."""

    product: Product
    doc: YamlDocument

    @property
    def path(self) -> str:
        return self.doc.path


def load_product(path: Path) -> ProductFile:
    """Read and validate a product file. Raises :class:`RuleLoadError` with every problem as file:line:col."""
    from .loader import _problems_from_validation
    from .yamlfile import read_yaml

    doc, problems = read_yaml(path, str(path))
    if doc is None:
        raise RuleLoadError(problems)
    if not isinstance(doc.data, dict):
        raise RuleLoadError([Problem(str(path), 1, 1, "a product file must be a mapping of keys to values")])
    try:
        return ProductFile(Product.model_validate(doc.data), doc)
    except ValidationError as exc:
        raise RuleLoadError(_problems_from_validation(exc, doc, Product)) from None


def product_data(product: Product) -> dict[str, Any]:
    """The product as plain data (Decimals kept) for conditions and comparisons; ``_given`` lists the sections
    the record wrote (the others hold defaults)."""
    return {**product.model_dump(mode="python"), "_given": sorted(_written_paths(product))}


def _written_paths(model: BaseModel, prefix: str = "") -> set[str]:
    """The dotted paths the record wrote (``returns``, ``returns.method``), as distinct from defaults."""
    out: set[str] = set()
    for name in model.model_fields_set:
        out.add(prefix + name)
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            out |= _written_paths(value, f"{prefix}{name}.")
    return out
