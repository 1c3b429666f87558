"""Gift lists: create, rename, share."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from store.lists import share_url
from store.models import GiftList
from store.validation import MAX_TEXT, MAX_TITLE
from web.schemas.common import Id, IsoDate, RequestModel, UtcDatetime


class ListFields(RequestModel):
    occasion: str | None = Field(None, max_length=100, examples=["birthday"])
    event_date: IsoDate | None = None
    notes: str | None = Field(None, max_length=MAX_TEXT)
    reveal_on: IsoDate | None = Field(
        None, description="claims stay hidden from you until this date, then show (null: none)"
    )


class ListCreate(ListFields):
    title: str = Field(min_length=1, max_length=MAX_TITLE, examples=["Léa's birthday"])


class ListUpdate(ListFields):
    """Only the fields sent change."""

    title: str | None = Field(None, min_length=1, max_length=MAX_TITLE)
    owner_sees_status: bool | None = Field(
        None, description="opt in to see which gifts were claimed or bought (spoils surprises)"
    )


class ListOut(BaseModel):
    id: str
    title: str
    occasion: str | None
    event_date: date | None
    notes: str | None
    is_default: bool
    owner_sees_status: bool
    reveal_on: date | None
    shared: bool
    share_token: str | None = Field(description="only while shared")
    share_url: str | None = Field(description="the page guests open; only while shared")
    created_at: UtcDatetime
    updated_at: UtcDatetime

    @classmethod
    def of(cls, gift_list: GiftList, public_url: str) -> ListOut:
        shared = gift_list.share_token is not None and not gift_list.share_revoked
        token = gift_list.share_token if shared else None
        return cls(
            id=gift_list.id,
            title=gift_list.title,
            occasion=gift_list.occasion,
            event_date=gift_list.event_date,
            notes=gift_list.notes,
            is_default=gift_list.is_default,
            owner_sees_status=gift_list.owner_sees_status,
            reveal_on=gift_list.reveal_on,
            shared=shared,
            share_token=token,
            share_url=share_url(public_url, token) if token else None,
            created_at=gift_list.created_at,
            updated_at=gift_list.updated_at,
        )


class ArchiveIn(RequestModel):
    gift_ids: list[Id] | None = Field(
        None, max_length=500,
        description="the gifts you received; default: those you can see as bought",
    )


class ListCopy(RequestModel):
    """« Comme l'an dernier »: a new list from this one's gifts (and notes)."""

    occasion: str | None = Field(None, max_length=100, description="default: this list's")
    event_date: IsoDate | None = None

    title: str | None = Field(
        None, min_length=1, max_length=MAX_TITLE, examples=["Noël 2026"],
        description="default: this list's title with next year's date",
    )
    gifts: Literal["unreceived", "received", "all"] = Field(
        "unreceived", description="still wished (not archived), received (archived), or all"
    )
