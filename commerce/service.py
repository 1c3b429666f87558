"""Build the commerce collaborators for the current settings: real vendors or the sandbox.

Without FastSpring credentials (or with COMMERCE_SANDBOX=true) every call goes
to the local sandbox app mounted at `/sandbox` of this process (HOST:PORT, or
COMMERCE_SANDBOX_URL), while buyers open its checkout page under PUBLIC_URL; credentials
derived from the app's secret. With credentials the same clients talk to
FastSpring and LicenseSpring. Production refuses the sandbox and names every
missing commerce setting at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import httpx
from pydantic import SecretStr

from commerce.fastspring import FastSpringClient
from commerce.followups import JobQueue
from commerce.licensespring import LicenseSpringLicenseApi, LicenseSpringManagement
from commerce.sandbox.credentials import (
    SandboxCredentials,
    SandboxInProduction,
    public_sandbox_url,
    sandbox_credentials,
    sandbox_url,
)
from commerce.transport import RetryPolicy
from songwish.settings import MissingSettingsError, Settings

# What real commerce cannot run without, by environment variable name.
COMMERCE_REQUIRED = (
    "FASTSPRING_API_USER",
    "FASTSPRING_API_PASSWORD",
    "FASTSPRING_WEBHOOK_SECRET",
    "LS_API_KEY",
)
# FastSpring keeps a checkout session open this long.
SESSION_LIFETIME = timedelta(hours=24)


@dataclass
class Commerce:
    """The vendor clients and the webhook secret the order service works with."""

    fastspring: FastSpringClient
    licensing: LicenseSpringManagement
    # None when the License API keys are not configured: key checks are then unavailable.
    licence_api: LicenseSpringLicenseApi | None
    webhook_secret: str
    checkout_url_template: str
    store: str
    sandbox: bool
    session_lifetime: timedelta = SESSION_LIFETIME
    # FastSpring test orders (`live: false`) complete orders only outside production.
    accept_test_orders: bool = True
    # Where follow-up jobs go (licences, refunds); None: left to the worker's sweep.
    jobs: JobQueue | None = None

    def checkout_url(self, session_id: str) -> str:
        return self.checkout_url_template.format(store=self.store, session_id=session_id)


def uses_sandbox(settings: Settings) -> bool:
    return not settings.is_production and (
        settings.commerce_sandbox or not settings.uses_fastspring
    )


def check_commerce_settings(settings: Settings) -> None:
    """In production: no sandbox, and every vendor credential present."""
    if not settings.is_production:
        return
    if settings.commerce_sandbox:
        raise SandboxInProduction("COMMERCE_SANDBOX=true is refused when IS_PRODUCTION=true")
    missing = [name for name in COMMERCE_REQUIRED if not getattr(settings, name.lower())]
    if missing:
        raise MissingSettingsError(missing)


def build_commerce(settings: Settings, http_client: httpx.AsyncClient) -> Commerce:
    check_commerce_settings(settings)
    retry = RetryPolicy.from_settings(settings)
    timeout = settings.vendor_timeout_seconds
    if uses_sandbox(settings):
        return _sandbox_commerce(settings, http_client, retry, timeout)
    if settings.fastspring_webhook_secret is None:
        raise MissingSettingsError(["FASTSPRING_WEBHOOK_SECRET"])
    fastspring = FastSpringClient(
        http_client,
        user=settings.fastspring_api_user or "",
        password=_secret(settings.fastspring_api_password),
        api_url=settings.fs_api_url,
        accounts_url=settings.fs_account_endpoint_url,
        orders_url=settings.fs_order_endpoint_url,
        timeout=timeout,
        retry=retry,
    )
    sandbox = sandbox_credentials(settings) if not settings.uses_licensespring else None
    return Commerce(
        fastspring=fastspring,
        licensing=_management(settings, http_client, retry, timeout, sandbox),
        licence_api=_licence_api(settings, http_client, retry, timeout, sandbox),
        webhook_secret=_secret(settings.fastspring_webhook_secret),
        checkout_url_template=settings.fastspring_checkout_url_template,
        store=settings.fastspring_store,
        sandbox=False,
        accept_test_orders=not settings.is_production,
    )


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value() if value is not None else ""


def _sandbox_commerce(
    settings: Settings, http: httpx.AsyncClient, retry: RetryPolicy, timeout: float
) -> Commerce:
    credentials = sandbox_credentials(settings)
    base = sandbox_url(settings)
    fastspring = FastSpringClient(
        http,
        user=credentials.fastspring_user,
        password=credentials.fastspring_password,
        api_url=f"{base}/fastspring",
        accounts_url=f"{base}/fastspring/accounts",
        orders_url=f"{base}/fastspring/orders",
        timeout=timeout,
        retry=retry,
    )
    return Commerce(
        fastspring=fastspring,
        licensing=_management(settings, http, retry, timeout, credentials),
        licence_api=_licence_api(settings, http, retry, timeout, credentials),
        webhook_secret=credentials.webhook_secret,
        checkout_url_template=f"{public_sandbox_url(settings)}/checkout/{{session_id}}",
        store="sandbox",
        sandbox=True,
    )


def _management(
    settings: Settings,
    http: httpx.AsyncClient,
    retry: RetryPolicy,
    timeout: float,
    sandbox: SandboxCredentials | None,
) -> LicenseSpringManagement:
    if sandbox is not None:
        base_url, api_key = f"{sandbox_url(settings)}/licensespring", sandbox.ls_api_key
    else:
        base_url, api_key = settings.ls_api_url, _secret(settings.ls_api_key)
    return LicenseSpringManagement(
        http, base_url=base_url, api_key=api_key, timeout=timeout, retry=retry
    )


def _licence_api(
    settings: Settings,
    http: httpx.AsyncClient,
    retry: RetryPolicy,
    timeout: float,
    sandbox: SandboxCredentials | None,
) -> LicenseSpringLicenseApi | None:
    if sandbox is not None:
        base_url = f"{sandbox_url(settings)}/licensespring"
        api_key, shared_key = sandbox.ls_license_api_key, sandbox.ls_shared_key
    elif settings.ls_license_api_key and settings.ls_shared_key:
        base_url = settings.ls_license_api_url
        api_key, shared_key = _secret(settings.ls_license_api_key), _secret(settings.ls_shared_key)
    else:
        return None
    return LicenseSpringLicenseApi(
        http,
        base_url=base_url,
        api_key=api_key,
        shared_key=shared_key,
        timeout=timeout,
        retry=retry,
    )
