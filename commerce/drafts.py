"""A purchase request checked against the user, their gifts and the catalogue.

Everything a person could get wrong is refused here, before any order exists:
an item that is not ours or not sold online, another user's gift, a currency
we do not sell in, a malformed country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from commerce.fastspring import Buyer
from commerce.items import ItemLookup, find_item
from knowledge.catalog import CatalogItem
from store import gifts
from store.errors import Conflict, InvalidInput, NotFound
from store.models import GiftList, GiftStatus, User
from store.money import SUPPORTED_CURRENCIES, normalize_currency
from store.validation import clean_quantity

# Where FastSpring's price and tax rules place a buyer when they did not say.
DEFAULT_COUNTRY = {"EUR": "FR", "USD": "US", "GBP": "GB", "CAD": "CA", "AUD": "AU", "JPY": "JP"}
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class EmailRequired(InvalidInput):
    """FastSpring needs the buyer's e-mail; the person has none on record."""

    code = "email_required"

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message, field="email", **details)


@dataclass(frozen=True)
class Draft:
    item: CatalogItem
    gift_id: str | None
    quantity: int
    currency: str
    unit_price: int
    country: str


def upper(value: object) -> object:
    """Case-insensitive fields hash alike: "eur" and "EUR" are the same request."""
    return value.strip().upper() if isinstance(value, str) else value


async def draft_order(
    session: AsyncSession,
    catalog: ItemLookup,
    user: User,
    *,
    item_id: object,
    gift_id: object,
    quantity: int,
    currency: str | None,
    country: str | None,
) -> Draft:
    if not user.email:
        raise EmailRequired("an email address is needed to pay; add one to your profile")
    if gift_id is not None:
        item_id = await _gift_item(session, user, gift_id, item_id)
    if not isinstance(item_id, str) or not item_id:
        raise InvalidInput("say which catalogue item or gift to buy", field="item_id")
    item = await find_item(catalog, item_id)
    if item is None:
        raise NotFound("item not found", item_id=item_id)
    if not item.fastspring_product:
        raise InvalidInput(
            "this item is sold by partner shops, not through SongWish checkout", field="item_id"
        )
    code = _currency(currency or user.currency)
    unit_price = item.price_in(code)
    if unit_price is None:
        raise InvalidInput(f"this item is not sold in {code}", field="currency")
    return Draft(
        item=item,
        gift_id=gift_id if isinstance(gift_id, str) else None,
        quantity=clean_quantity(quantity),
        currency=code,
        unit_price=unit_price,
        country=_country(country, code),
    )


async def _gift_item(session: AsyncSession, user: User, gift_id: object, item_id: object) -> str:
    """The catalogue item behind one of the user's own gifts."""
    if not isinstance(gift_id, str):
        raise NotFound("gift not found", gift_id=str(gift_id))
    gift = await gifts.get_gift(session, user_id=user.id, gift_id=gift_id)
    if gift.item_id is None:
        raise InvalidInput(
            "this gift is not a catalogue item; buy it from its own shop", field="gift_id"
        )
    if item_id is not None and item_id != gift.item_id:
        raise InvalidInput("this gift is a different item", field="item_id")
    gift_list = await session.get(GiftList, gift.list_id)
    # Surprise protection: refuse only what the owner may already see as bought.
    if gift_list and gifts.owner_visible_status(gift, gift_list) == GiftStatus.PURCHASED:
        raise Conflict("this gift is already purchased", gift_id=gift.id)
    return gift.item_id


def _currency(value: str) -> str:
    code = normalize_currency(value)
    if code not in SUPPORTED_CURRENCIES:
        raise InvalidInput(
            f"pay in one of {', '.join(SUPPORTED_CURRENCIES)}, not {code}", field="currency"
        )
    return code


def _country(value: str | None, currency: str) -> str:
    if value is None:
        return DEFAULT_COUNTRY[currency]
    code = value.strip().upper() if isinstance(value, str) else ""
    if not _COUNTRY.match(code):
        raise InvalidInput("the country must be a two-letter ISO code such as FR", field="country")
    return code


def buyer_for(user: User, country: str | None) -> Buyer:
    email = user.email or ""
    names = (user.display_name or email.split("@")[0]).split(maxsplit=1)
    first = names[0] if names else "SongWish"
    return Buyer(
        email=email,
        first=first,
        last=names[1] if len(names) > 1 else first,
        country=country or "US",
        language=user.locale or "en",
        reference=user.id,
    )
