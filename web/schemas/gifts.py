"""Gifts on the caller's lists: what clients send and what they get back."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from store.gifts import owner_visible_status
from store.models import Gift, GiftList
from store.money import normalize_currency, to_minor
from store.pledges import Funding
from store.reveal import OwnerView
from store.validation import MAX_QUANTITY, MAX_TEXT, MAX_TITLE, MAX_URL
from web.schemas.common import (
    Currency,
    Id,
    MajorAmount,
    Priced,
    RequestModel,
    UtcDatetime,
    money,
)

Title = Field(None, min_length=1, max_length=MAX_TITLE)
Priority = Field(None, ge=1, le=3, description="1 must have, 2 would like, 3 nice to have")
Quantity = Field(None, ge=1, le=MAX_QUANTITY)


class GiftFields(RequestModel):
    description: str | None = Field(None, max_length=MAX_TEXT)
    url: str | None = Field(None, max_length=MAX_URL, examples=["https://example.com/capo"])
    price: MajorAmount | None = Field(None, description="major units: 49.0 is 49,00 €")
    currency: Currency | None = Field(None, description="ISO 4217; default: your currency")
    priority: int | None = Priority
    quantity: int | None = Quantity

    def price_in_minor(self, fallback_currency: str) -> tuple[int | None, str]:
        """The price in minor units and its currency (the fallback when none is given)."""
        currency = normalize_currency(self.currency or fallback_currency)
        return (None if self.price is None else to_minor(self.price, currency)), currency


class GiftCreate(GiftFields):
    """`{"title"}` alone, or `{"item_id"}` alone (title and price from the catalogue)."""

    title: str | None = Title
    item_id: Id | None = Field(None, description="a catalogue item id")

    @model_validator(mode="after")
    def _title_or_item(self) -> GiftCreate:
        if self.title is None and self.item_id is None:
            raise ValueError("give a title, or the item_id of a catalogue item")
        return self


class GiftUpdate(GiftFields):
    """Only the fields sent change; `null` clears description, url and price."""

    title: str | None = Title
    position: int | None = Field(None, ge=0, le=10_000, description="0-based place in its list")


class GiftSummary(Priced):
    """A gift as anyone allowed to see it sees it (guests included)."""

    id: str
    item_id: str | None
    title: str
    description: str | None
    url: str | None
    image_url: str | None = Field(None, description="product photo (gifts imported from a page)")
    priority: int
    quantity: int
    status: Literal["available", "claimed", "purchased"]
    is_group: bool = Field(description="funded by several guests' pledges instead of one claim")

    @staticmethod
    def fields(gift: Gift, locale: str) -> dict[str, Any]:
        return {
            "is_group": gift.is_group,
            "id": gift.id,
            "item_id": gift.item_id,
            "title": gift.title,
            "description": gift.description,
            "url": gift.url,
            "image_url": gift.image_url,
            "priority": gift.priority,
            "quantity": gift.quantity,
            "status": gift.status.value,
            **money(gift.price, gift.currency, locale),
        }


class OwnerFundingOut(BaseModel):
    """What the owner may know of a group gift (when the surprise rule allows): totals only."""

    currency: str
    pledged: float
    pledged_display: str
    remaining: float
    remaining_display: str
    complete: bool

    @classmethod
    def of(cls, funding: Funding, locale: str) -> OwnerFundingOut:
        pledged = money(funding.pledged, funding.currency, locale)
        remaining = money(funding.remaining, funding.currency, locale)
        return cls(
            currency=funding.currency,
            pledged=pledged["price"],
            pledged_display=pledged["price_display"],
            remaining=remaining["price"],
            remaining_display=remaining["price_display"],
            complete=funding.complete,
        )


class GiftOut(GiftSummary):
    """The owner's view: `status` hides claims unless the list opts in (surprise protection)."""

    list_id: str
    position: int
    created_at: UtcDatetime
    updated_at: UtcDatetime

    funding: OwnerFundingOut | None = Field(
        None, description="a group gift's totals, when the surprise rule shows claims"
    )
    given_by: list[str] = Field(
        default_factory=list, description="guests who signed, when the surprise rule shows claims"
    )
    archived_at: UtcDatetime | None = Field(
        None, description="when you archived it as received (then off the list and share page)"
    )

    @classmethod
    def of(cls, gift: Gift, gift_list: GiftList, locale: str,
           view: OwnerView | None = None) -> GiftOut:
        view = view or OwnerView()
        return cls(**{
            **cls.fields(gift, locale),
            "funding": OwnerFundingOut.of(view.funding, locale) if view.funding else None,
            "given_by": list(view.given_by),
            "archived_at": gift.archived_at,
            "status": owner_visible_status(gift, gift_list).value,
            "list_id": gift.list_id,
            "position": gift.position,
            "created_at": gift.created_at,
            "updated_at": gift.updated_at,
        })


class GiftImport(RequestModel):
    """A product page to import: title, image, price and currency are read from it."""

    url: str = Field(
        min_length=8, max_length=MAX_URL, examples=["https://shop.example/products/ukulele"]
    )
