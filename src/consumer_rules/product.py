"""Product descriptions: the facts a reviewer holds beside the copy (schemas/product.schema.json).

A product file is YAML or JSON. Rates are written as in the product documents (``"3.5%"``, ``0.035``,
``"年化3.5%"``); amounts in yuan (``50000``, ``"5万元"``); terms as ``"90天"``, ``"3个月"`` or a number of days.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

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


def _quantity(value: Any, kind: str) -> Any:
    """Accept numbers or the written forms of copy ("3.5%", "5万元", "90天") and store the plain value."""
    if isinstance(value, (float, Decimal)) and not Decimal(value).is_finite():
        raise ValueError(f"not a {kind}: {value!r} (a finite number is needed)")
    if value is None or (isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)):
        return value
    if isinstance(value, str):
        from .numbers import find_quantities, parse_number

        found = [q for q in find_quantities(value) if q.kind == kind]
        if found:
            return found[0].value
        plain = parse_number(value.strip())
        if plain is not None:
            return plain
    raise ValueError(f"not a {kind}: {value!r}")


def _percent_value(v: Any) -> Any:
    """3.5 means 3.5%: rates above 1 are percentages; 0.035 and '3.5%' are fractions already."""
    v = _quantity(v, "percent")
    if isinstance(v, (int, float)):
        v = Decimal(str(v))
    if isinstance(v, Decimal) and v > 1:
        return v / 100
    return v


# Rates and amounts accept the forms product documents use ("3.5%", "5万元") as well as plain numbers.
Percent = Annotated[Decimal | None, BeforeValidator(_percent_value)]
Amount = Annotated[Decimal | None, BeforeValidator(lambda v: _quantity(v, "amount"))]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rate(_Strict):
    """A rate of return or of interest. Percent strings or fractions (3.5% and 0.035 are the same)."""

    value: Percent = Field(None, description="A single rate, e.g. 3.5% or 0.035.")
    low: Percent = Field(None, description="Lower end of a range.")
    high: Percent = Field(None, description="Upper end of a range.")
    kind: Literal["benchmark", "expected", "fixed", "floating", "seven_day_annualised", "guaranteed"] = "benchmark"
    method: str | None = Field(None, description="How it is calculated or why it was chosen (测算依据/选择原因).")

    def values(self) -> list[Decimal]:
        return [v for v in (self.value, self.low, self.high) if v is not None]


class Fee(_Strict):
    name: str = Field(min_length=1, description="e.g. 认购费, 管理费, 托管费, 销售服务费, 手续费, 年费.")
    amount: Amount = Field(None, description="A fixed amount in yuan.")
    rate: Percent = Field(None, description="A rate, e.g. 0.5% or 0.005.")
    basis: str | None = Field(None, description="What the rate applies to and how often (按年, 按笔, 按日…).")
    conditions: str | None = Field(None, description="When it is charged or waived.")


class Term(_Strict):
    days: int | None = Field(None, ge=0, description="Term in days (or write term: '90天', '3个月', '1年').")
    lockup_days: int | None = Field(None, ge=0, description="封闭期/最短持有期, in days.")
    open_ended: bool = False


class Target(_Strict):
    risk_classes: list[RiskClass] = Field(default_factory=list, description="Customer risk classes it is sold to.")
    min_age: int | None = Field(None, ge=0, le=150)
    max_age: int | None = Field(None, ge=0, le=150)
    elderly_safeguards: bool = Field(
        False, description="Extra steps for customers over 65 (双录, 冷静期, 风险再提示) are in place."
    )


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
    principal_guaranteed: bool | None = Field(None, description="Whether principal is guaranteed (保本).")
    deposit_insurance: bool | None = Field(None, description="Covered by 存款保险 (deposits only).")
    returns: Rate | None = Field(None, description="Benchmark, expected or fixed return.")
    apr: Percent = Field(None, description="Annualised rate (年化利率) of a loan or card instalment.")
    fees: list[Fee] = Field(default_factory=list)
    minimum_amount: Amount = Field(None, description="起购/起投/最低借款 amount in yuan.")
    term: Term | None = None
    cooling_off_days: int | None = Field(None, ge=0, description="犹豫期 or 冷静期, in days.")
    target: Target = Field(default_factory=Target)
    channels: list[Channel] = Field(default_factory=list)
    complaint_channel: str | None = Field(None, description="投诉电话 or another channel.")
    personal_information: list[PersonalInformation] = Field(default_factory=list)
    third_parties: list[ThirdParty] = Field(default_factory=list)

    @field_validator("term", mode="before")
    @classmethod
    def _term(cls, v: Any) -> Any:
        if isinstance(v, (str, int)) and not isinstance(v, bool):
            days = _quantity(v, "duration")
            return {"days": int(days)}
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
    """The product as plain data (Decimals kept) for conditions and comparisons."""
    return product.model_dump(mode="python")
