"""Building blocks of the API's JSON: strict requests, money, the error body."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from store.money import money_fields

# Ids are 32 hex characters; anything longer is not one of ours.
Id = Annotated[str, Field(min_length=1, max_length=64)]
Currency = Annotated[str, Field(min_length=3, max_length=3, examples=["EUR"])]
MajorAmount = Annotated[float, Field(ge=0, allow_inf_nan=False, examples=[49.0])]
# JSON has no date type: an ISO string is the one accepted form, even in strict models.
IsoDate = Annotated[date, Field(strict=False, examples=["2025-12-24"])]


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# Stored times are UTC; SQLite hands them back naive, PostgreSQL aware: always say so.
UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]


class RequestModel(BaseModel):
    """Requests reject unknown fields and wrong types (no "1" for 1)."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Priced(BaseModel):
    """Money as clients want it: major units, the currency, and a display string."""

    price: float | None = Field(None, examples=[49.0])
    currency: str | None = Field(None, examples=["EUR"])
    price_display: str | None = Field(None, examples=["49,00 €"])


def money(minor: int | None, currency: str | None, locale: str) -> dict[str, Any]:
    """The `Priced` fields for an amount in minor units (the chat's shape), or all None."""
    if minor is None or currency is None:
        return {"price": None, "currency": None, "price_display": None}
    return money_fields(minor, currency, locale)


class ErrorDetail(BaseModel):
    code: str = Field(examples=["not_found"])
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorBody(BaseModel):
    """Every error answer has this shape."""

    error: ErrorDetail


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries documenting the error shape for these statuses."""
    return {status: {"model": ErrorBody} for status in statuses}
