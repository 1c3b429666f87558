"""/shared/{token}: the page a share link opens. Guests view, claim, release, mark bought.

No account and no JavaScript: plain forms that post and come back to the page.
A claim's secret is kept in an HttpOnly cookie scoped to this list, so only
the browser that claimed a gift can release it or mark it bought. The owner,
recognised by their chat login, sees their list as guests do but without any
claim or purchase (the surprise rule); nobody ever sees who claimed what.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from store import sharing, users
from store.errors import Conflict, NotFound
from store.gifts import owner_visible_status
from store.lists import DEFAULT_TITLES
from store.models import Gift, GiftList
from store.money import format_money
from web.chat.identity import user_from_chat_cookie
from web.deps import SessionDep, SettingsDep, guest_locale, limit_ip
from web.pages import claims as claims_pages
from web.pages import pledges as pledge_pages
from web.pages.claims_words import claims_words
from web.pages.group_words import GROUP_WARNINGS, GroupNotice, group_words
from web.pages.templates import page, words

router = APIRouter(prefix="/shared/{token}", include_in_schema=False)
router.include_router(pledge_pages.router, prefix="/gifts/{gift_id}/pledge")
Token = Annotated[str, Path(min_length=1, max_length=64)]
GiftId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Notice = Literal["claim", "release", "bought", "taken", "not_yours", "gone"]
# The page's word for each outcome a form post comes back with.
NOTICES = {
    "claim": "done_claim",
    "release": "done_release",
    "bought": "done_bought",
    "taken": "taken",
    "not_yours": "not_yours",
    "gone": "missing_text",
}
WARNINGS = ("taken", "not_yours", "gone")
CLAIM_COOKIE_DAYS = 365


def _claim_cookie(gift_id: str) -> str:
    return f"songwish_claim_{gift_id}"


@router.get("", response_class=HTMLResponse)
async def view(
    token: Token,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    done: Notice | None = None,
    group: GroupNotice | None = None,
) -> Response:
    locale = guest_locale(request)
    try:
        shared = await sharing.view_shared_list(session, token=token)
    except NotFound:
        return page("shared_missing.html", status_code=404, locale=locale, w=words(locale))
    gift_list = shared.gift_list
    owner = await users.get_user(session, user_id=gift_list.owner_id)
    owner_name = users.public_name(owner)
    viewer = await user_from_chat_cookie(session, request.cookies, settings)
    is_owner = viewer is not None and viewer.id == owner.id
    w, gw = words(locale), group_words(locale)
    funding = await pledge_pages.group_lines(
        session, token=token, gift_list=gift_list, gifts=shared.gifts, request=request,
        locale=locale, is_owner=is_owner,
    )
    notice = w[NOTICES[done]] if done else gw[group] if group else None
    return page(
        "shared.html",
        locale=locale,
        w=w,
        gw=gw,
        group=funding,
        base=f"/shared/{token}",
        gift_list=gift_list,
        owner_name=owner_name,
        title=shown_title(gift_list, owner_name, w),
        is_owner=is_owner,
        gifts=[_line(gift, gift_list, request, locale, is_owner) for gift in shared.gifts],
        notice=notice,
        notice_warn=done in WARNINGS or group in GROUP_WARNINGS,
        claims_link=None if is_owner else claims_pages.claims_link(request, viewer is not None),
        cw=claims_words(locale),
    )


def shown_title(gift_list: GiftList, owner_name: str | None, w: dict[str, str]) -> str:
    """The list's own title, except an untouched default.

    "My gift list" is the owner's words: guests read "Emma's gift list" (or "A gift
    list") in their language instead.
    """
    if gift_list.title not in DEFAULT_TITLES.values():
        return gift_list.title
    if owner_name is None:
        return w["default_title_anonymous"]
    return w["default_title"].format(name=owner_name)


def _line(
    gift: Gift, gift_list: GiftList, request: Request, locale: str, is_owner: bool
) -> dict[str, object]:
    status = owner_visible_status(gift, gift_list) if is_owner else gift.status
    return {
        "id": gift.id,
        "title": gift.title,
        "description": gift.description,
        "price": format_money(gift.price, gift.currency, locale)
        if gift.price is not None and gift.currency
        else None,
        "status": status.value,
        "mine": not is_owner
        and gift.status.value == "claimed"
        and _claim_cookie(gift.id) in request.cookies,
    }


def _back(token: str, gift_id: str, done: Notice) -> RedirectResponse:
    return RedirectResponse(f"/shared/{token}?done={done}#gift-{gift_id}", status_code=303)


@router.post("/gifts/{gift_id}/claim", dependencies=[Depends(limit_ip)])
async def claim(
    token: Token,
    gift_id: GiftId,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    name: Annotated[str | None, Form(max_length=120)] = None,
    signed: Annotated[bool, Form()] = False,
) -> Response:
    guest_id, new_key = await claims_pages.claiming_guest(session, request, settings)
    try:
        claimed = await sharing.claim_gift(
            session, token=token, gift_id=gift_id, claimer_name=name or None, signed=signed,
            guest_id=guest_id,
        )
    except Conflict:
        return _back(token, gift_id, "taken")
    except NotFound:
        return _back(token, gift_id, "gone")
    response = _back(token, gift_id, "claim")
    if new_key:
        claims_pages.remember_key(response, new_key, settings)
    response.set_cookie(
        _claim_cookie(gift_id),
        claimed.claim_secret,
        max_age=CLAIM_COOKIE_DAYS * 86400,
        path=f"/shared/{token}",
        httponly=True,
        samesite="lax",
        secure=settings.public_url.startswith("https://"),
    )
    return response


@router.post("/gifts/{gift_id}/release", dependencies=[Depends(limit_ip)])
async def release(token: Token, gift_id: GiftId, request: Request, session: SessionDep) -> Response:
    notice = await _as_claimer(sharing.release_claim, token, gift_id, request, session, "release")
    response = _back(token, gift_id, notice)
    if notice == "release":
        response.delete_cookie(_claim_cookie(gift_id), path=f"/shared/{token}")
    return response


@router.post("/gifts/{gift_id}/bought", dependencies=[Depends(limit_ip)])
async def bought(token: Token, gift_id: GiftId, request: Request, session: SessionDep) -> Response:
    change = sharing.mark_purchased_as_guest
    notice = await _as_claimer(change, token, gift_id, request, session, "bought")
    return _back(token, gift_id, notice)


async def _as_claimer(
    change: Callable[..., Awaitable[object]],
    token: str,
    gift_id: str,
    request: Request,
    session: AsyncSession,
    done: Notice,
) -> Notice:
    """A change only the claimer may make: their claim secret comes from this browser."""
    try:
        await change(
            session,
            token=token,
            gift_id=gift_id,
            claim_secret=request.cookies.get(_claim_cookie(gift_id)),
        )
    except Conflict:
        return "not_yours"
    except NotFound:
        return "gone"
    return done
