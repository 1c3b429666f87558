"""/api/gifts: the caller's gifts, on one list (`?list_id=`) or their default list."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from sqlalchemy.ext.asyncio import AsyncSession

from products.fetch import FetchLimits
from products.service import import_gift_from_url
from store import archive, gifts, pledges, reveal
from store.models import Gift, GiftList, User
from store.money import normalize_currency, to_major, to_minor
from web.catalog_items import catalogue_item
from web.deps import CurrentUser, ServicesDep, SessionDep, SettingsDep
from web.schemas.common import Id, errors
from web.schemas.gifts import GiftCreate, GiftImport, GiftOut, GiftUpdate
from web.schemas.lists import ArchiveIn

router = APIRouter(prefix="/api/gifts", tags=["gifts"])
ListQuery = Annotated[
    str | None, Query(max_length=64, description="a list id; default: your default list")
]
ArchivedQuery = Annotated[bool, Query(description="the gifts you archived as received instead")]
# Fields whose explicit `null` clears the stored value (the store's "unset" is omission).
CLEARABLE = ("description", "url", "price")


async def _out(session: AsyncSession, gift: Gift, user: User) -> GiftOut:
    return (await _outs(session, [gift], user))[0]


async def _outs(session: AsyncSession, found: list[Gift], user: User) -> list[GiftOut]:
    """The owner's view of gifts of one list, which the surprise rule shapes."""
    if not found:
        return []
    gift_list = await session.get(GiftList, found[0].list_id)
    assert gift_list is not None  # the gifts were just read through their owner's list
    views = await reveal.owner_views(session, gift_list=gift_list, gifts=found)
    return [GiftOut.of(gift, gift_list, user.locale, views[gift.id]) for gift in found]


@router.get("", response_model=list[GiftOut], responses=errors(401, 404, 429))
async def list_gifts(user: CurrentUser, session: SessionDep, list_id: ListQuery = None,
                     archived: ArchivedQuery = False) -> list[GiftOut]:
    found = await gifts.list_gifts(session, user_id=user.id, list_id=list_id, archived=archived)
    return await _outs(session, found, user)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=GiftOut,
             responses=errors(400, 401, 404, 422, 429))
async def add_gift(body: GiftCreate, user: CurrentUser, session: SessionDep,
                   services: ServicesDep, list_id: ListQuery = None) -> GiftOut:
    """A free-text idea (`title`), or a catalogue item (`item_id`: title and price filled in)."""
    item = await catalogue_item(services, body.item_id) if body.item_id else None
    wanted = (body.currency or user.currency).upper()
    catalog = gifts.catalog_gift_fields(item, locale=user.locale, currency=wanted) if item else {}
    price, currency = body.price_in_minor(catalog.get("currency", user.currency))
    gift = await gifts.add_gift(
        session,
        user_id=user.id,
        list_id=list_id,
        item_id=body.item_id,
        title=body.title or catalog.get("title", ""),
        description=body.description if body.description is not None
        else catalog.get("description"),
        url=body.url,
        price=price if price is not None else catalog.get("price"),
        currency=currency,
        priority=body.priority or 2,
        quantity=body.quantity or 1,
    )
    return await _out(session, gift, user)


@router.post("/import", status_code=status.HTTP_201_CREATED, response_model=GiftOut,
             responses=errors(400, 401, 404, 422, 429, 502))
async def import_gift(body: GiftImport, user: CurrentUser, session: SessionDep,
                      settings: SettingsDep, list_id: ListQuery = None) -> GiftOut:
    """A gift from a shop's product page (`{"url"}`), onto your list.

    Title, image, price and currency are read from the page's JSON-LD, OpenGraph
    or microdata; the page's address becomes the gift's link.
    """
    gift = await import_gift_from_url(
        session, user_id=user.id, url=body.url, list_id=list_id,
        limits=FetchLimits.from_settings(settings),
    )
    return await _out(session, gift, user)



@router.get("/{gift_id}", response_model=GiftOut, responses=errors(401, 404, 429))
async def get_gift(gift_id: Id, user: CurrentUser, session: SessionDep) -> GiftOut:
    gift = await gifts.get_gift(session, user_id=user.id, gift_id=gift_id)
    return await _out(session, gift, user)


@router.put("/{gift_id}", response_model=GiftOut, responses=errors(400, 401, 404, 422, 429))
async def update_gift(gift_id: Id, body: GiftUpdate, user: CurrentUser,
                      session: SessionDep) -> GiftOut:
    """Change the fields sent; `position` moves the gift on its list.

    A new currency alone keeps the amount: 12.5 EUR becomes 12.5 USD.
    """
    sent = body.model_fields_set
    gift = await gifts.get_gift(session, user_id=user.id, gift_id=gift_id)
    changes: dict[str, Any] = body.model_dump(
        include={"title", "priority", "quantity", "description", "url"} & sent
    )
    changes = {k: v for k, v in changes.items() if v is not None or k in CLEARABLE}
    if sent & {"price", "currency"}:
        kept = None if gift.price is None or gift.currency is None else to_major(
            gift.price, gift.currency
        )
        major = body.price if "price" in sent else kept
        currency = normalize_currency(body.currency or gift.currency or user.currency)
        changes["price"] = None if major is None else to_minor(major, currency)
        changes["currency"] = currency
    gift = await gifts.update_gift(session, user_id=user.id, gift_id=gift_id, **changes)
    if body.position is not None:
        gift = await gifts.move_gift(session, user_id=user.id, gift_id=gift_id,
                                     position=body.position)
    return await _out(session, gift, user)


@router.delete("/{gift_id}", status_code=status.HTTP_204_NO_CONTENT,
               responses=errors(401, 404, 429))
async def remove_gift(gift_id: Id, user: CurrentUser, session: SessionDep) -> None:
    """Orders that bought it keep their record."""
    await gifts.remove_gift(session, user_id=user.id, gift_id=gift_id)


@router.post("/{gift_id}/purchased", response_model=GiftOut, responses=errors(401, 404, 429))
async def mark_purchased(gift_id: Id, user: CurrentUser, session: SessionDep) -> GiftOut:
    """The owner bought it themselves (elsewhere, say)."""
    gift = await gifts.mark_purchased_by_owner(session, user_id=user.id, gift_id=gift_id)
    return await _out(session, gift, user)


@router.put("/{gift_id}/group", response_model=GiftOut, responses=errors(400, 401, 404, 429))
async def mark_group(gift_id: Id, user: CurrentUser, session: SessionDep) -> GiftOut:
    """Make a priced gift a group gift: guests pledge shares of it through the share link."""
    gift = await pledges.mark_group(session, user_id=user.id, gift_id=gift_id)
    return await _out(session, gift, user)


@router.delete("/{gift_id}/group", response_model=GiftOut, responses=errors(401, 404, 409, 429))
async def unmark_group(gift_id: Id, user: CurrentUser, session: SessionDep) -> GiftOut:
    """Back to a gift one guest claims; refused (409) once a guest has pledged."""
    gift = await pledges.unmark_group(session, user_id=user.id, gift_id=gift_id)
    return await _out(session, gift, user)


@router.post("/archive", response_model=list[GiftOut], responses=errors(401, 404, 422, 429))
async def archive_received(body: ArchiveIn, user: CurrentUser, session: SessionDep,
                           list_id: ListQuery = None) -> list[GiftOut]:
    """Put received gifts away: the ones named, else those you can see as bought."""
    done = await archive.archive_gifts(session, user_id=user.id, list_id=list_id,
                                       gift_ids=body.gift_ids)
    return await _outs(session, done, user)


@router.delete("/{gift_id}/archive", response_model=GiftOut, responses=errors(401, 404, 429))
async def unarchive(gift_id: Id, user: CurrentUser, session: SessionDep) -> GiftOut:
    """Back on the list (archived by mistake)."""
    gift = await archive.unarchive_gift(session, user_id=user.id, gift_id=gift_id)
    return await _out(session, gift, user)
