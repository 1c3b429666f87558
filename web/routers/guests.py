"""/api/guests/{key}/claims and /api/me/claims: a guest's claims on every list, in one place.

The guest key (from `POST /api/guests`, or the "my claims" link) is the
permission, as a share token is for a list; signed-in people use their
account instead. Releasing or marking bought goes through the share-link
rules (`store.guests` → `store.sharing`); an unknown key is 404.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, status

from store import guests
from store.models import Gift, Guest
from web.deps import CurrentUser, SessionDep, SettingsDep, guest_locale
from web.schemas.common import Id, errors
from web.schemas.gifts import GiftSummary
from web.schemas.guests import GuestClaimsOut, GuestKeyOut, ListClaimsOut, claims_url

router = APIRouter(tags=["guests' claims"])
Key = Annotated[str, Path(min_length=1, max_length=64, description="from your claims link")]


@router.post("/api/guests", status_code=status.HTTP_201_CREATED, response_model=GuestKeyOut,
             responses=errors(429))
async def new_key(session: SessionDep, settings: SettingsDep) -> GuestKeyOut:
    """A guest key: send it as `guest_key` when claiming, then find every claim with it."""
    made = await guests.new_guest(session)
    return GuestKeyOut(key=made.key, claims_url=claims_url(settings.public_url, made.key))


async def _by_key(key: Key, session: SessionDep) -> Guest:
    return await guests.guest_by_key(session, key=key)


async def _by_account(user: CurrentUser, session: SessionDep) -> Guest:
    return await guests.guest_of_user(session, user_id=user.id)


def _summary(gift: Gift, request: Request) -> GiftSummary:
    return GiftSummary(**GiftSummary.fields(gift, guest_locale(request)))


def _claims_routes(prefix: str, identify: Callable[..., Awaitable[Guest]],
                   fails: tuple[int, ...]) -> None:
    """The same three routes for a key holder and for a signed-in person."""
    identified = Depends(identify)  # a default, as annotations here are resolved globally

    @router.get(prefix, response_model=GuestClaimsOut, responses=errors(*fails, 429))
    async def overview(request: Request, session: SessionDep,
                       settings: SettingsDep, guest: Guest = identified) -> GuestClaimsOut:
        """Your claimed and bought gifts, by list; lists no longer shared are left out."""
        found = await guests.guest_claims(session, guest_id=guest.id)
        locale = guest_locale(request)
        return GuestClaimsOut(
            lists=[ListClaimsOut.of(item, settings.public_url, locale) for item in found]
        )

    @router.post(f"{prefix}/{{gift_id}}/release", response_model=GiftSummary,
                 responses=errors(*fails, 404, 409, 429))
    async def release(gift_id: Id, request: Request,
                      session: SessionDep, guest: Guest = identified) -> GiftSummary:
        """Give a claimed gift back to its list."""
        gift = await guests.release(session, guest_id=guest.id, gift_id=gift_id)
        return _summary(gift, request)

    @router.post(f"{prefix}/{{gift_id}}/purchased", response_model=GiftSummary,
                 responses=errors(*fails, 404, 409, 429))
    async def purchased(gift_id: Id, request: Request,
                        session: SessionDep, guest: Guest = identified) -> GiftSummary:
        """You bought a gift you claimed; final but for a refund."""
        gift = await guests.mark_bought(session, guest_id=guest.id, gift_id=gift_id)
        return _summary(gift, request)


_claims_routes("/api/guests/{key}/claims", _by_key, (404,))
_claims_routes("/api/me/claims", _by_account, (401,))
