"""Import a gift from a product page onto one of the person's own lists.

The list is checked first (it must be the caller's: a wrong id is "not found"
before any request leaves), the page is fetched outside any database work,
then the gift is added with the page's title, image, price and currency and
the page's address as its link.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from products.extract import extract_product
from products.fetch import FetchLimits, fetch_page
from store import gifts
from store.lists import target_list
from store.models import Gift


async def import_gift_from_url(
    session: AsyncSession,
    *,
    user_id: str,
    url: str,
    limits: FetchLimits,
    list_id: str | None = None,
) -> Gift:
    """The new gift; raises a `ProductImportError` when the page gives no product."""
    gift_list = await target_list(session, user_id=user_id, list_id=list_id)
    page = await fetch_page(url, limits)
    product = extract_product(page.html, page.url)
    return await gifts.add_gift(
        session,
        user_id=user_id,
        list_id=gift_list.id,
        title=product.title,
        url=page.url,
        image_url=product.image_url,
        price=product.price,
        currency=product.currency,
    )
