"""/api/shared/{token}/gifts/{gift_id}/pledge: guests fund a group gift together.

The share link is the permission to see the funding and pledge; a pledge
returns a pledge secret, and only its holder changes or withdraws it (until
the gift is bought). The organiser alone sees who pledged what, and marks
the fully funded gift bought. Amounts are in the gift's currency, major units.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Request, status
from sqlalchemy.ext.asyncio import AsyncSession

from store import pledges
from store.money import to_minor
from web.deps import SessionDep, guest_locale
from web.schemas.common import Id, errors
from web.schemas.pledges import (
    GroupGiftOut,
    NewPledgeOut,
    PledgeChange,
    PledgeIn,
    PledgeSecretIn,
)

router = APIRouter(prefix="/gifts/{gift_id}/pledge")
Token = Annotated[str, Path(min_length=1, max_length=64, description="from the share link")]
Secret = Annotated[str | None, Header(max_length=64, description="your pledge secret, if any")]


async def _minor(session: AsyncSession, token: str, gift_id: str, amount: float) -> int:
    """A major amount in the group gift's own currency, as minor units."""
    view = await pledges.view_group_gift(session, token=token, gift_id=gift_id)
    return to_minor(amount, view.funding.currency)


@router.get("", response_model=GroupGiftOut, responses=errors(404, 409, 429))
async def view(token: Token, gift_id: Id, request: Request, session: SessionDep,
               x_pledge_secret: Secret = None) -> GroupGiftOut:
    """Funded and remaining amounts; with `X-Pledge-Secret`, your pledge too."""
    found = await pledges.view_group_gift(session, token=token, gift_id=gift_id,
                                          pledge_secret=x_pledge_secret)
    return GroupGiftOut.of(found, guest_locale(request))


@router.post("", status_code=status.HTTP_201_CREATED, response_model=NewPledgeOut,
             responses=errors(400, 404, 409, 422, 429))
async def pledge(token: Token, gift_id: Id, body: PledgeIn, request: Request,
                 session: SessionDep) -> NewPledgeOut:
    """Pledge a share; more than what remains is refused (409, `details.remaining`), not capped.

    The first pledger (or one who sets `organise`) becomes the organiser.
    """
    amount = await _minor(session, token, gift_id, body.amount)
    made = await pledges.pledge(session, token=token, gift_id=gift_id, amount=amount,
                                name=body.name, signed=body.signed, organise=body.organise)
    shown = GroupGiftOut.of(made.view, guest_locale(request))
    return NewPledgeOut(**dict(shown), pledge_secret=made.pledge_secret)


@router.put("", response_model=GroupGiftOut, responses=errors(400, 404, 409, 422, 429))
async def change(token: Token, gift_id: Id, body: PledgeChange, request: Request,
                 session: SessionDep) -> GroupGiftOut:
    """Change your amount (pledge secret required), within what the others left."""
    amount = await _minor(session, token, gift_id, body.amount)
    changed = await pledges.change_pledge(session, token=token, gift_id=gift_id,
                                          pledge_secret=body.pledge_secret, amount=amount,
                                          signed=body.signed)
    return GroupGiftOut.of(changed, guest_locale(request))


@router.post("/withdraw", response_model=GroupGiftOut, responses=errors(404, 409, 422, 429))
async def withdraw(token: Token, gift_id: Id, body: PledgeSecretIn, request: Request,
                   session: SessionDep) -> GroupGiftOut:
    """Take your pledge back; an organiser's role passes to the earliest remaining pledger."""
    left = await pledges.withdraw_pledge(session, token=token, gift_id=gift_id,
                                         pledge_secret=body.pledge_secret)
    return GroupGiftOut.of(left, guest_locale(request))


@router.post("/organise", response_model=GroupGiftOut, responses=errors(404, 409, 422, 429))
async def organise(token: Token, gift_id: Id, body: PledgeSecretIn, request: Request,
                   session: SessionDep) -> GroupGiftOut:
    """Volunteer to organise: collect the pledges and buy the gift."""
    taken = await pledges.volunteer(session, token=token, gift_id=gift_id,
                                    pledge_secret=body.pledge_secret)
    return GroupGiftOut.of(taken, guest_locale(request))


@router.post("/bought", response_model=GroupGiftOut, responses=errors(404, 409, 422, 429))
async def bought(token: Token, gift_id: Id, body: PledgeSecretIn, request: Request,
                 session: SessionDep) -> GroupGiftOut:
    """The organiser bought the fully funded gift; pledges are final from now on."""
    final = await pledges.mark_group_purchased(session, token=token, gift_id=gift_id,
                                               pledge_secret=body.pledge_secret)
    return GroupGiftOut.of(final, guest_locale(request))
