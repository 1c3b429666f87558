"""/api/shared/{token}: what guests holding a share link may do, without an account.

The link is the permission. A claim returns a claim secret; only its holder
can release the claim or mark the gift bought. Guests see statuses, never
who claimed; the owner sees neither unless they opt in.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from store import guests, pledges, sharing, users
from store.models import Gift
from web.deps import SessionDep, guest_locale
from web.routers import pledges as pledge_routes
from web.schemas.common import Id, errors
from web.schemas.gifts import GiftSummary
from web.schemas.shared import ClaimIn, ClaimOut, ClaimSecretIn, SharedListOut

router = APIRouter(prefix="/api/shared/{token}", tags=["shared lists (guests)"])
Token = Annotated[str, Path(min_length=1, max_length=64, description="from the share link")]
router.include_router(pledge_routes.router)


def _summary(gift: Gift, request: Request) -> GiftSummary:
    return GiftSummary(**GiftSummary.fields(gift, guest_locale(request)))


@router.get("", response_model=SharedListOut, responses=errors(404, 429))
async def view(token: Token, request: Request, session: SessionDep) -> SharedListOut:
    shared = await sharing.view_shared_list(session, token=token)
    owner = await users.get_user(session, user_id=shared.gift_list.owner_id)
    funding = await pledges.funding_of(session, shared.gifts)
    return SharedListOut.of(shared, users.public_name(owner), guest_locale(request), funding)


@router.post("/gifts/{gift_id}/claim", response_model=ClaimOut,
             responses=errors(404, 409, 422, 429))
async def claim(token: Token, gift_id: Id, request: Request, session: SessionDep,
                body: ClaimIn | None = None) -> ClaimOut:
    """Reserve a gift; of two guests claiming at once, exactly one wins (the other gets 409).

    With a `guest_key` the claim also shows in that guest's claims (an unknown key is 404).
    """
    guest = await guests.guest_by_key(session, key=body.guest_key) if body and body.guest_key \
        else None
    result = await sharing.claim_gift(session, token=token, gift_id=gift_id,
                                      claimer_name=body.name if body else None,
                                      signed=body.signed if body else False,
                                      guest_id=guest.id if guest else None)
    return ClaimOut(gift=_summary(result.gift, request), claim_secret=result.claim_secret)


@router.post("/gifts/{gift_id}/release", response_model=GiftSummary,
             responses=errors(404, 409, 422, 429))
async def release(token: Token, gift_id: Id, body: ClaimSecretIn, request: Request,
                  session: SessionDep) -> GiftSummary:
    """Give the gift back to the list (claim secret required)."""
    gift = await sharing.release_claim(session, token=token, gift_id=gift_id,
                                       claim_secret=body.claim_secret)
    return _summary(gift, request)


@router.post("/gifts/{gift_id}/purchased", response_model=GiftSummary,
             responses=errors(404, 409, 422, 429))
async def purchased(token: Token, gift_id: Id, body: ClaimSecretIn, request: Request,
                    session: SessionDep) -> GiftSummary:
    """The claimer bought it (claim secret required); final but for a refund."""
    gift = await sharing.mark_purchased_as_guest(session, token=token, gift_id=gift_id,
                                                 claim_secret=body.claim_secret)
    return _summary(gift, request)
