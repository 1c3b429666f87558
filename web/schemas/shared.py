"""The guest side of a share link: the list as guests see it, and claims."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from store.models import Gift
from store.pledges import Funding
from store.sharing import MAX_CLAIMER_NAME, SharedList
from web.schemas.common import RequestModel
from web.schemas.gifts import GiftSummary
from web.schemas.pledges import FundingOut


class SharedGiftOut(GiftSummary):
    """A gift as guests see it; a group gift with how far it is funded."""

    funding: FundingOut | None = None

    @classmethod
    def of(cls, gift: Gift, funding: Funding | None, locale: str) -> SharedGiftOut:
        shown = FundingOut.of(funding, locale) if funding else None
        return cls(**GiftSummary.fields(gift, locale), funding=shown)


class SharedListOut(BaseModel):
    """What a guest sees: the gifts and their status, never who claimed what."""

    title: str
    occasion: str | None
    event_date: date | None
    notes: str | None
    owner_name: str | None
    gifts: list[SharedGiftOut]

    @classmethod
    def of(cls, shared: SharedList, owner_name: str | None, locale: str,
           funding: dict[str, Funding] | None = None) -> SharedListOut:
        gift_list = shared.gift_list
        funding = funding or {}
        return cls(
            title=gift_list.title,
            occasion=gift_list.occasion,
            event_date=gift_list.event_date,
            notes=gift_list.notes,
            owner_name=owner_name,
            gifts=[SharedGiftOut.of(gift, funding.get(gift.id), locale) for gift in shared.gifts],
        )


class ClaimIn(RequestModel):
    name: str | None = Field(None, max_length=MAX_CLAIMER_NAME,
                             description="shown to other guests; to the owner only if signed")
    signed: bool = Field(False, description="let the owner see your name once claims show")
    guest_key: str | None = Field(None, min_length=1, max_length=64,
                                  description="from POST /api/guests: list this claim there")


class ClaimOut(BaseModel):
    gift: GiftSummary
    claim_secret: str = Field(
        description="keep it: releasing the claim or marking the gift bought needs it"
    )


class ClaimSecretIn(RequestModel):
    claim_secret: str = Field(min_length=1, max_length=64)
