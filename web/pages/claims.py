"""/claims/{key}: a guest's claims on every list, with release and "I bought it" forms.

The key is the guest's identity (see `store.guests`): the shared page makes
one on a browser's first claim and keeps it in an HttpOnly cookie; opening
`/claims/{key}` on a device without a key adopts it there too. Someone signed in to the chat
claims as themselves, and `/claims/me` shows their account's claims ("me" is
never a key: keys are 43 characters). Unknown keys get the 404 page.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from songwish.settings import Settings
from store import guests
from store.errors import Conflict, NotFound
from store.money import format_money
from web.chat.identity import user_from_chat_cookie
from web.deps import SessionDep, SettingsDep, guest_locale, limit_ip
from web.pages.claims_words import CLAIMS_WARNINGS, ClaimsNotice, claims_words
from web.pages.templates import page, words

router = APIRouter(prefix="/claims/{key}", include_in_schema=False)
Key = Annotated[str, Path(min_length=1, max_length=64)]
GiftId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
GUEST_COOKIE = "songwish_guest"
ACCOUNT = "me"
COOKIE_DAYS = 365


async def claiming_guest(
    session: AsyncSession, request: Request, settings: Settings
) -> tuple[str, str | None]:
    """Who claims from this browser: the signed-in person, else its guest key (made if none).

    Returns the guest id and, for a key just made, the key to remember.
    """
    user = await user_from_chat_cookie(session, request.cookies, settings)
    if user is not None:
        return (await guests.guest_of_user(session, user_id=user.id)).id, None
    try:
        return (await guests.guest_by_key(session, key=request.cookies.get(GUEST_COOKIE))).id, None
    except NotFound:
        made = await guests.new_guest(session)
        return made.guest.id, made.key


def remember_key(response: Response, key: str, settings: Settings) -> None:
    response.set_cookie(
        GUEST_COOKIE, key, max_age=COOKIE_DAYS * 86400, path="/", httponly=True,
        samesite="lax", secure=settings.public_url.startswith("https://"),
    )


def claims_link(request: Request, signed_in: bool) -> str | None:
    """Where this browser's claims are listed, if it has any identity."""
    if signed_in:
        return f"/claims/{ACCOUNT}"
    key = request.cookies.get(GUEST_COOKIE)
    return f"/claims/{key}" if key else None


async def _guest_id(session: AsyncSession, key: str, request: Request,
                    settings: Settings) -> str:
    if key == ACCOUNT:
        user = await user_from_chat_cookie(session, request.cookies, settings)
        if user is None:
            raise NotFound("sign in to see your claims")
        return (await guests.guest_of_user(session, user_id=user.id)).id
    return (await guests.guest_by_key(session, key=key)).id


@router.get("", response_class=HTMLResponse)
async def view(key: Key, request: Request, session: SessionDep, settings: SettingsDep,
               done: ClaimsNotice | None = None) -> Response:
    locale = guest_locale(request)
    cw = claims_words(locale)
    try:
        guest_id = await _guest_id(session, key, request, settings)
    except NotFound:
        w = {**words(locale), "missing_text": cw["missing_text"]}
        return page("shared_missing.html", status_code=404, locale=locale, w=w)
    found = await guests.guest_claims(session, guest_id=guest_id)
    response = page(
        "claims.html", locale=locale, cw=cw, w=words(locale), base=f"/claims/{key}",
        account=key == ACCOUNT, lists=[_group(item, locale) for item in found],
        notice=cw[f"done_{done}"] if done else None, notice_warn=done in CLAIMS_WARNINGS,
    )
    if key != ACCOUNT and GUEST_COOKIE not in request.cookies:
        # This device now claims as this guest too; a key it already has is never replaced,
        # so a link sent by someone else cannot take over a browser's claims.
        remember_key(response, key, settings)
    return response


def _group(item: guests.ListClaims, locale: str) -> dict[str, object]:
    """One list of the page: its title, owner, link and the guest's gifts on it."""
    return {
        "title": item.gift_list.title,
        "owner_name": item.owner_name or "SongWish",
        "share_path": f"/shared/{item.gift_list.share_token}",
        "gifts": [{
            "id": gift.id, "title": gift.title, "status": gift.status.value,
            "price": format_money(gift.price, gift.currency, locale)
            if gift.price is not None and gift.currency else None,
        } for gift in item.gifts],
    }


async def _change(change: Callable[..., Awaitable[object]], key: str, gift_id: str,
                  request: Request, session: AsyncSession, settings: Settings,
                  done: ClaimsNotice) -> Response:
    try:
        guest_id = await _guest_id(session, key, request, settings)
        await change(session, guest_id=guest_id, gift_id=gift_id)
    except Conflict:
        done = "refused"
    except NotFound:
        done = "gone"
    return RedirectResponse(f"/claims/{key}?done={done}", status_code=303)


@router.post("/gifts/{gift_id}/release", dependencies=[Depends(limit_ip)])
async def release(key: Key, gift_id: GiftId, request: Request, session: SessionDep,
                  settings: SettingsDep) -> Response:
    return await _change(guests.release, key, gift_id, request, session, settings, "release")


@router.post("/gifts/{gift_id}/bought", dependencies=[Depends(limit_ip)])
async def bought(key: Key, gift_id: GiftId, request: Request, session: SessionDep,
                 settings: SettingsDep) -> Response:
    return await _change(guests.mark_bought, key, gift_id, request, session, settings, "bought")
