"""The guest side of a share link: the list as guests see it, and claims."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from store.sharing import MAX_CLAIMER_NAME, SharedList
from web.schemas.common import RequestModel
from web.schemas.gifts import GiftSummary


class SharedListOut(BaseModel):
    """What a guest sees: the gifts and their status, never who claimed what."""

    title: str
    occasion: str | None
    event_date: date | None
    notes: str | None
    owner_name: str | None
    gifts: list[GiftSummary]

    @classmethod
    def of(cls, shared: SharedList, owner_name: str | None, locale: str) -> SharedListOut:
        gift_list = shared.gift_list
        return cls(
            title=gift_list.title,
            occasion=gift_list.occasion,
            event_date=gift_list.event_date,
            notes=gift_list.notes,
            owner_name=owner_name,
            gifts=[GiftSummary(**GiftSummary.fields(gift, locale)) for gift in shared.gifts],
        )


class ClaimIn(RequestModel):
    name: str | None = Field(None, max_length=MAX_CLAIMER_NAME,
                             description="shown to other guests, never to the owner")


class ClaimOut(BaseModel):
    gift: GiftSummary
    claim_secret: str = Field(
        description="keep it: releasing the claim or marking the gift bought needs it"
    )


class ClaimSecretIn(RequestModel):
    claim_secret: str = Field(min_length=1, max_length=64)
