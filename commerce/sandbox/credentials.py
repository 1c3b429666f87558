"""Credentials the app and its local sandbox share, derived from the app's secret.

The sandbox checks them exactly as the vendors check real ones, so a client
sending no or wrong credentials fails in development the way it would in
production. Derived, not constant: two developers' sandboxes never accept
each other's webhooks.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from songwish.settings import Settings

SANDBOX_PATH = "/sandbox"
FASTSPRING_USER = "sandbox"


class SandboxInProduction(RuntimeError):
    """The local payment stand-in must never take a real customer's order."""


def _derive(secret: str, purpose: str) -> str:
    return hmac.new(
        secret.encode(), f"songwish-sandbox:{purpose}".encode(), hashlib.sha256
    ).hexdigest()[:40]


@dataclass(frozen=True)
class SandboxCredentials:
    fastspring_user: str
    fastspring_password: str
    webhook_secret: str
    ls_api_key: str
    ls_license_api_key: str
    ls_shared_key: str


def sandbox_credentials(settings: Settings) -> SandboxCredentials:
    secret = settings.secret()
    return SandboxCredentials(
        fastspring_user=FASTSPRING_USER,
        fastspring_password=_derive(secret, "fastspring-password"),
        webhook_secret=_derive(secret, "fastspring-webhook"),
        ls_api_key=_derive(secret, "licensespring-management"),
        ls_license_api_key=_derive(secret, "licensespring-license-api"),
        ls_shared_key=_derive(secret, "licensespring-shared"),
    )


def local_url(settings: Settings) -> str:
    """Where a client on this machine reaches this process: HOST and PORT, not PUBLIC_URL.

    PUBLIC_URL is what people's browsers see (a proxy, another port, another
    name); server-to-server calls to ourselves must go where we listen.
    """
    host = settings.host.strip()
    if host in ("", "0.0.0.0"):  # noqa: S104 (a wildcard bind is reached on loopback)
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{settings.port}"


def sandbox_url(settings: Settings) -> str:
    """Where the app's clients call the sandbox APIs: COMMERCE_SANDBOX_URL, else this process."""
    base = settings.commerce_sandbox_url or local_url(settings)
    return base.rstrip("/") + SANDBOX_PATH


def public_sandbox_url(settings: Settings) -> str:
    """The sandbox as people's browsers reach it (the checkout page)."""
    return settings.public_url.rstrip("/") + SANDBOX_PATH
