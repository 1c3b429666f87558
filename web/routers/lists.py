"""/api/lists: the caller's gift lists, and sharing them by link."""

from __future__ import annotations

from fastapi import APIRouter, status

from store import archive, lists
from web.deps import CurrentUser, SessionDep, SettingsDep
from web.schemas.common import Id, errors
from web.schemas.lists import ListCopy, ListCreate, ListOut, ListUpdate

router = APIRouter(prefix="/api/lists", tags=["lists"])


@router.get("", response_model=list[ListOut], responses=errors(401, 429))
async def list_lists(user: CurrentUser, session: SessionDep,
                     settings: SettingsDep) -> list[ListOut]:
    found = await lists.list_lists(session, user_id=user.id)
    return [ListOut.of(gift_list, settings.public_url) for gift_list in found]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ListOut,
             responses=errors(400, 401, 422, 429))
async def create_list(body: ListCreate, user: CurrentUser, session: SessionDep,
                      settings: SettingsDep) -> ListOut:
    gift_list = await lists.create_list(session, user_id=user.id, **body.model_dump())
    return ListOut.of(gift_list, settings.public_url)


@router.get("/{list_id}", response_model=ListOut, responses=errors(401, 404, 429))
async def get_list(list_id: Id, user: CurrentUser, session: SessionDep,
                   settings: SettingsDep) -> ListOut:
    gift_list = await lists.get_list(session, user_id=user.id, list_id=list_id)
    return ListOut.of(gift_list, settings.public_url)


@router.put("/{list_id}", response_model=ListOut, responses=errors(400, 401, 404, 422, 429))
async def update_list(list_id: Id, body: ListUpdate, user: CurrentUser, session: SessionDep,
                      settings: SettingsDep) -> ListOut:
    """Change the fields sent."""
    gift_list = await lists.update_list(
        session, user_id=user.id, list_id=list_id, **body.model_dump(exclude_unset=True)
    )
    return ListOut.of(gift_list, settings.public_url)


@router.delete("/{list_id}", status_code=status.HTTP_204_NO_CONTENT,
               responses=errors(401, 404, 429))
async def delete_list(list_id: Id, user: CurrentUser, session: SessionDep) -> None:
    """The list and its gifts go; orders stay."""
    await lists.delete_list(session, user_id=user.id, list_id=list_id)


@router.post("/{list_id}/share", response_model=ListOut, responses=errors(401, 404, 429))
async def share_list(list_id: Id, user: CurrentUser, session: SessionDep,
                     settings: SettingsDep) -> ListOut:
    """Give the list a share link (the same one while it is shared, a new one after a revoke)."""
    gift_list = await lists.share_list(session, user_id=user.id, list_id=list_id)
    return ListOut.of(gift_list, settings.public_url)


@router.delete("/{list_id}/share", response_model=ListOut, responses=errors(401, 404, 429))
async def revoke_share(list_id: Id, user: CurrentUser, session: SessionDep,
                       settings: SettingsDep) -> ListOut:
    """The link stops working at once; sharing again makes a new one."""
    gift_list = await lists.revoke_share(session, user_id=user.id, list_id=list_id)
    return ListOut.of(gift_list, settings.public_url)


@router.post("/{list_id}/copy", status_code=status.HTTP_201_CREATED, response_model=ListOut,
             responses=errors(400, 401, 404, 422, 429))
async def copy_list(list_id: Id, body: ListCopy, user: CurrentUser, session: SessionDep,
                    settings: SettingsDep) -> ListOut:
    """« Comme l'an dernier »: a new, unshared list with fresh copies of this list's gifts."""
    copy = await archive.copy_list(
        session, user_id=user.id, list_id=list_id, which=body.gifts,
        **body.model_dump(include={"title", "occasion", "event_date"}),
    )
    return ListOut.of(copy, settings.public_url)
