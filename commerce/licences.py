"""Let a buyer verify (and optionally activate) the keys of their order via the License API.

A check does not use up an activation: a key that was never activated answers
`license_not_active` (or `device_not_found` on another device), which means
"genuine, not yet activated here". Activation is explicit, as it consumes one
of the key's activations.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from commerce.errors import CommerceError, VendorRejected
from commerce.licensespring import LicenseSpringLicenseApi
from commerce.service import Commerce
from store import orders as store_orders
from store.errors import InvalidInput
from store.models import Licence, LicenceStatus

NOT_ACTIVATED_HERE = frozenset({"license_not_active", "device_not_found"})
INVALID = frozenset({"license_not_found", "unknown_product", "license_not_enabled"})
MAX_HARDWARE_ID = 200


class LicenceChecksUnavailable(CommerceError):
    code = "licence_checks_unavailable"
    http_status = 503


@dataclass(frozen=True)
class LicenceCheck:
    """`valid`: LicenseSpring knows the key; `activated`: on this device."""

    product_code: str
    key: str
    valid: bool
    activated: bool
    reason: str | None = None


async def check_key(
    api: LicenseSpringLicenseApi | None,
    *,
    product_code: str,
    key: str,
    hardware_id: str,
    activate: bool = False,
) -> LicenceCheck:
    if api is None:
        raise LicenceChecksUnavailable("licence checks need LS_LICENSE_API_KEY and LS_SHARED_KEY")
    try:
        call = api.activate if activate else api.check
        state = await call(license_key=key, hardware_id=hardware_id, product=product_code)
    except VendorRejected as error:
        if error.vendor_code not in NOT_ACTIVATED_HERE | INVALID:
            raise
        genuine = error.vendor_code in NOT_ACTIVATED_HERE
        return LicenceCheck(product_code, key, genuine, activated=False, reason=error.vendor_code)
    return LicenceCheck(
        product_code,
        key,
        valid=state.enabled and not state.expired,
        activated=state.active,
        reason="license_expired" if state.expired else None,
    )


async def check_licence(
    session: AsyncSession,
    *,
    commerce: Commerce,
    user_id: str,
    key: str,
    hardware_id: str | None = None,
) -> tuple[Licence, LicenceCheck | None]:
    """One of the user's keys; with a device id, also what LicenseSpring says about it."""
    licence = await store_orders.get_user_licence(session, user_id=user_id, key=key)
    if hardware_id is None:
        return licence, None
    if licence.status == LicenceStatus.REVOKED:
        return licence, LicenceCheck(licence.product_code, licence.key, False, False, "revoked")
    check = await check_key(
        commerce.licence_api,
        product_code=licence.product_code,
        key=licence.key,
        hardware_id=_device(hardware_id),
    )
    return licence, check


def _device(hardware_id: object) -> str:
    if not isinstance(hardware_id, str) or not 0 < len(hardware_id.strip()) <= MAX_HARDWARE_ID:
        raise InvalidInput("a device id of 1 to 200 characters is required", field="hardware_id")
    return hardware_id.strip()


async def verify_order_licences(
    session: AsyncSession,
    *,
    commerce: Commerce,
    user_id: str,
    order_id: str,
    hardware_id: str,
    activate: bool = False,
) -> list[LicenceCheck]:
    """Check each key of the user's own order; refunded (revoked) keys are reported as such."""
    device = _device(hardware_id)
    order = await store_orders.get_order(session, user_id=user_id, order_id=order_id)
    checks = []
    for licence in order.licences:
        if licence.status == LicenceStatus.REVOKED:
            checks.append(LicenceCheck(licence.product_code, licence.key, False, False, "revoked"))
            continue
        checks.append(
            await check_key(
                commerce.licence_api,
                product_code=licence.product_code,
                key=licence.key,
                hardware_id=device,
                activate=activate,
            )
        )
    return checks
