"""/api/licenses: your licence keys, and a check of one with LicenseSpring."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from commerce import licences
from store import orders as store_orders
from store.models import Licence
from web.deps import CurrentUser, ServicesDep, SessionDep
from web.schemas.common import errors
from web.schemas.orders import LicenseCheckOut, LicenseRecordOut

router = APIRouter(prefix="/api/licenses", tags=["licenses"])
LicenceKey = Annotated[str, Path(min_length=1, max_length=128)]


def _record(licence: Licence) -> dict[str, object]:
    order = licence.order
    return {
        "key": licence.key,
        "product_code": licence.product_code,
        "status": licence.status.value,
        "order_id": order.id,
        "order_status": order.status.value,
        "license_state": order.licence_state.value if order.licence_state else None,
        "created_at": licence.created_at,
    }


@router.get("", response_model=list[LicenseRecordOut], responses=errors(401, 429))
async def list_licenses(user: CurrentUser, session: SessionDep) -> list[LicenseRecordOut]:
    """Your licence keys, newest first (refunded ones say `revoked`)."""
    found = await store_orders.list_user_licences(session, user_id=user.id)
    return [LicenseRecordOut.model_validate(_record(licence)) for licence in found]


@router.get("/{key}", response_model=LicenseCheckOut,
            responses=errors(400, 401, 404, 422, 429, 502, 503))
async def check_license(
    key: LicenceKey, user: CurrentUser, session: SessionDep, services: ServicesDep,
    hardware_id: Annotated[str | None, Query(min_length=1, max_length=200,
                                             description="check the key on this device")] = None,
) -> LicenseCheckOut:
    """One of your keys; with `hardware_id`, LicenseSpring's verdict (uses no activation)."""
    licence, check = await licences.check_licence(
        session, commerce=services.commerce, user_id=user.id, key=key, hardware_id=hardware_id
    )
    verdict = {} if check is None else {
        "valid": check.valid, "activated": check.activated, "reason": check.reason
    }
    return LicenseCheckOut.model_validate(_record(licence) | verdict)
