"""Group gifts on the shared-list page: the progress bar, and pledges from plain forms.

A pledge's secret is kept in an HttpOnly cookie scoped to the list, like a
claim's: only the browser that pledged changes or withdraws the pledge, and
only the organiser's browser sees who pledged what and marks the gift bought.
The owner sees the funding only when the surprise rule shows them claims.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from songwish.settings import Settings
from store import pledges
from store.errors import (
    Conflict,
    IllegalTransition,
    InvalidInput,
    NotFound,
    NotFullyFunded,
    OverPledged,
)
from store.gifts import owner_sees_claims
from store.models import Gift, GiftList
from store.money import format_money, to_minor
from web.deps import SessionDep, SettingsDep, limit_ip
from web.pages.group_words import GroupNotice

router = APIRouter()
Token = Annotated[str, Path(min_length=1, max_length=64)]
GiftId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Amount = Annotated[str, Form(min_length=1, max_length=20)]
COOKIE_DAYS = 365

def pledge_cookie(gift_id: str) -> str:
    return f"songwish_pledge_{gift_id}"


async def group_lines(
    session: AsyncSession,
    *,
    token: str,
    gift_list: GiftList,
    gifts: list[Gift],
    request: Request,
    locale: str,
    is_owner: bool,
) -> dict[str, dict[str, object]]:
    """Per group gift id, what the page shows of its funding to this viewer."""
    if is_owner and not owner_sees_claims(gift_list):
        return {gift.id: {"hidden": True} for gift in gifts if gift.is_group}
    funding = await pledges.funding_of(session, gifts)
    lines: dict[str, dict[str, object]] = {}
    for gift in gifts:
        if gift.id not in funding:
            continue
        secret = None if is_owner else request.cookies.get(pledge_cookie(gift.id))
        view = (
            await pledges.view_group_gift(
                session, token=token, gift_id=gift.id, pledge_secret=secret
            )
            if secret
            else pledges.GroupView(gift, funding[gift.id])
        )
        lines[gift.id] = _shown(view, locale, show_people=not is_owner)
    return lines


def _shown(view: pledges.GroupView, locale: str, *, show_people: bool) -> dict[str, object]:
    funding = view.funding

    def money(minor: int) -> str:
        return format_money(minor, funding.currency, locale)

    percent = min(100, funding.pledged * 100 // funding.price) if funding.price else 0
    return {
        "hidden": False,
        "pledged": money(funding.pledged),
        "price": money(funding.price),
        "remaining": money(funding.remaining),
        "percent": percent,
        "complete": funding.complete,
        "pledgers": funding.pledgers if show_people else None,
        "organiser": funding.organiser_name if show_people else None,
        "has_organiser": show_people and funding.pledgers > 0,
        "mine": money(view.mine.amount) if view.mine else None,
        "organising": bool(view.mine and view.mine.is_organiser),
        "contributions": [(p.pledger_name, money(p.amount)) for p in view.contributions],
    }


def _back(token: str, gift_id: str, done: GroupNotice) -> RedirectResponse:
    return RedirectResponse(f"/shared/{token}?group={done}#gift-{gift_id}", status_code=303)


def _set_cookie(response: Response, token: str, gift_id: str, secret: str,
                settings: Settings) -> None:
    response.set_cookie(
        pledge_cookie(gift_id),
        secret,
        max_age=COOKIE_DAYS * 86400,
        path=f"/shared/{token}",
        httponly=True,
        samesite="lax",
        secure=settings.public_url.startswith("https://"),
    )


@router.post("", dependencies=[Depends(limit_ip)])
async def pledge(
    token: Token,
    gift_id: GiftId,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    amount: Amount,
    name: Annotated[str | None, Form(max_length=120)] = None,
    signed: Annotated[bool | None, Form()] = None,
    organise: Annotated[bool, Form()] = False,
) -> Response:
    """A first pledge from this browser, or a change of its amount."""
    secret = request.cookies.get(pledge_cookie(gift_id))
    try:
        view = await pledges.view_group_gift(session, token=token, gift_id=gift_id)
        minor = to_minor(amount.strip().replace(",", "."), view.funding.currency)
        if secret:
            await pledges.change_pledge(session, token=token, gift_id=gift_id,
                                        pledge_secret=secret, amount=minor, signed=signed)
            return _back(token, gift_id, "pledge_changed")
        made = await pledges.pledge(session, token=token, gift_id=gift_id, amount=minor,
                                    name=name or None, signed=bool(signed), organise=organise)
    except (InvalidInput, ArithmeticError):
        return _back(token, gift_id, "bad_amount")
    except Conflict as refused:
        return _back(token, gift_id, _conflict_notice(refused))
    except NotFound:
        return RedirectResponse(f"/shared/{token}?done=gone", status_code=303)
    response = _back(token, gift_id, "pledged")
    _set_cookie(response, token, gift_id, made.pledge_secret, settings)
    return response


@router.post("/withdraw", dependencies=[Depends(limit_ip)])
async def withdraw(token: Token, gift_id: GiftId, request: Request,
                   session: SessionDep) -> Response:
    response = await _as_pledger(pledges.withdraw_pledge, token, gift_id, request, session,
                                 "withdrawn")
    if "group=withdrawn" in response.headers["location"]:
        response.delete_cookie(pledge_cookie(gift_id), path=f"/shared/{token}")
    return response


@router.post("/organise", dependencies=[Depends(limit_ip)])
async def organise(token: Token, gift_id: GiftId, request: Request,
                   session: SessionDep) -> Response:
    return await _as_pledger(pledges.volunteer, token, gift_id, request, session, "organising")


@router.post("/bought", dependencies=[Depends(limit_ip)])
async def bought(token: Token, gift_id: GiftId, request: Request,
                 session: SessionDep) -> Response:
    return await _as_pledger(pledges.mark_group_purchased, token, gift_id, request, session,
                             "group_bought")


async def _as_pledger(change: Callable[..., Awaitable[object]], token: str, gift_id: str,
                      request: Request, session: AsyncSession, done: GroupNotice) -> Response:
    """A change only this browser's pledge may make."""
    try:
        await change(session, token=token, gift_id=gift_id,
                     pledge_secret=request.cookies.get(pledge_cookie(gift_id)))
    except Conflict as refused:
        return _back(token, gift_id, _conflict_notice(refused))
    except NotFound:
        return RedirectResponse(f"/shared/{token}?done=gone", status_code=303)
    return _back(token, gift_id, done)


def _conflict_notice(refused: Conflict) -> GroupNotice:
    """The page's word for why the store refused."""
    if isinstance(refused, OverPledged):
        return "too_much"
    if isinstance(refused, NotFullyFunded):
        return "not_funded"
    if isinstance(refused, IllegalTransition):
        return "closed"
    return "not_allowed"
