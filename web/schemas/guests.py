"""A guest's claims in one place: their key, and their claims grouped by list."""

from __future__ import annotations

from pydantic import BaseModel, Field

from store.guests import ListClaims
from store.lists import share_url
from web.schemas.gifts import GiftSummary


def claims_url(public_url: str, key: str) -> str:
    """The guest's "my claims" page: bookmark it, or open it on another device."""
    return f"{public_url.rstrip('/')}/claims/{key}"


class GuestKeyOut(BaseModel):
    key: str = Field(description="keep it secret: it opens your claims on every list")
    claims_url: str = Field(description="the page listing your claims")


class ListClaimsOut(BaseModel):
    """One shared list and what you claimed or bought on it."""

    list_title: str
    owner_name: str | None
    share_url: str
    gifts: list[GiftSummary]

    @classmethod
    def of(cls, claims: ListClaims, public_url: str, locale: str) -> ListClaimsOut:
        token = claims.gift_list.share_token or ""
        return cls(
            list_title=claims.gift_list.title,
            owner_name=claims.owner_name,
            share_url=share_url(public_url, token),
            gifts=[GiftSummary(**GiftSummary.fields(gift, locale)) for gift in claims.gifts],
        )


class GuestClaimsOut(BaseModel):
    """Only lists still shared appear: a revoked link removes its list from here."""

    lists: list[ListClaimsOut]
