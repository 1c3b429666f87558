"""build_commerce: the sandbox without credentials, the real vendors with them, never both wrong."""

from __future__ import annotations

import httpx
import pytest

from commerce.licences import LicenceChecksUnavailable, check_key
from commerce.sandbox import create_sandbox_app
from commerce.sandbox.credentials import SandboxInProduction, sandbox_credentials, sandbox_url
from commerce.service import build_commerce
from songwish.settings import MissingSettingsError, get_settings

REAL = {
    "FASTSPRING_API_USER": "api-user",
    "FASTSPRING_API_PASSWORD": "api-pass",
    "FASTSPRING_WEBHOOK_SECRET": "whsec",
    "LS_API_KEY": "mgmt-key",
}


def _settings(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    return get_settings()


async def test_without_credentials_everything_targets_the_sandbox(monkeypatch):
    settings = _settings(monkeypatch, PUBLIC_URL="https://shop.example/", PORT="9123")
    async with httpx.AsyncClient() as http:
        commerce = build_commerce(settings, http)
    credentials = sandbox_credentials(settings)
    assert commerce.sandbox
    # The app calls itself where it listens; people get links under PUBLIC_URL.
    assert commerce.fastspring.api_url == "http://127.0.0.1:9123/sandbox/fastspring"
    assert commerce.fastspring.accounts_url == "http://127.0.0.1:9123/sandbox/fastspring/accounts"
    assert commerce.licensing.base_url == "http://127.0.0.1:9123/sandbox/licensespring"
    assert commerce.licence_api is not None
    assert commerce.webhook_secret == credentials.webhook_secret != ""
    assert commerce.checkout_url("abc") == "https://shop.example/sandbox/checkout/abc"
    # Derived from this install's secret: another secret, other credentials.
    other = _settings(monkeypatch, SECRET_KEY="another-secret")
    assert sandbox_credentials(other).webhook_secret != credentials.webhook_secret


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("0.0.0.0", "http://127.0.0.1:9000/sandbox"),
        ("::", "http://[::1]:9000/sandbox"),
        ("localhost", "http://localhost:9000/sandbox"),
        ("fe80::1", "http://[fe80::1]:9000/sandbox"),
    ],
)
def test_the_sandbox_is_reached_on_the_listening_address(monkeypatch, host, expected):
    assert sandbox_url(_settings(monkeypatch, HOST=host, PORT="9000")) == expected


def test_replicas_can_share_one_sandbox(monkeypatch):
    settings = _settings(monkeypatch, COMMERCE_SANDBOX_URL="http://10.0.0.5:8000/", PORT="9000")
    assert sandbox_url(settings) == "http://10.0.0.5:8000/sandbox"


async def test_with_credentials_the_real_vendors_are_used(monkeypatch):
    settings = _settings(monkeypatch, **REAL, FS_ACCOUNT_ENDPOINT_URL="https://fs.test/accounts")
    async with httpx.AsyncClient() as http:
        commerce = build_commerce(settings, http)
    assert not commerce.sandbox
    assert commerce.fastspring.accounts_url == "https://fs.test/accounts"
    assert commerce.fastspring.orders_url == "https://api.fastspring.com/orders"
    assert commerce.licensing.base_url == "https://saas.licensespring.com"
    assert commerce.webhook_secret == "whsec"
    assert commerce.checkout_url("s1") == "https://songwish.onfastspring.com/session/s1"
    # Key checks need the License API keys, which are optional.
    assert commerce.licence_api is None
    with pytest.raises(LicenceChecksUnavailable):
        await check_key(commerce.licence_api, product_code="P", key="K", hardware_id="h")
    with_keys = _settings(monkeypatch, LS_LICENSE_API_KEY="lic", LS_SHARED_KEY="shared")
    async with httpx.AsyncClient() as http:
        assert (
            build_commerce(with_keys, http).licence_api.base_url == "https://api.licensespring.com"
        )


async def test_commerce_sandbox_forces_the_sandbox_in_development(monkeypatch):
    settings = _settings(monkeypatch, **REAL, COMMERCE_SANDBOX="true")
    async with httpx.AsyncClient() as http:
        assert build_commerce(settings, http).sandbox


async def test_real_fastspring_without_a_webhook_secret_is_refused(monkeypatch):
    env = {k: v for k, v in REAL.items() if k != "FASTSPRING_WEBHOOK_SECRET"}
    settings = _settings(monkeypatch, **env)
    async with httpx.AsyncClient() as http:
        with pytest.raises(MissingSettingsError, match="FASTSPRING_WEBHOOK_SECRET"):
            build_commerce(settings, http)


async def test_production_without_credentials_fails_at_start_up_naming_them(monkeypatch):
    settings = _settings(monkeypatch, IS_PRODUCTION="true", SECRET_KEY="s", LS_API_KEY="k")
    async with httpx.AsyncClient() as http:
        with pytest.raises(MissingSettingsError) as raised:
            build_commerce(settings, http)
    assert raised.value.missing == [
        "FASTSPRING_API_USER",
        "FASTSPRING_API_PASSWORD",
        "FASTSPRING_WEBHOOK_SECRET",
    ]
    assert "IS_PRODUCTION=true" in str(raised.value)
    with pytest.raises(MissingSettingsError) as at_start_up:
        settings.check_production()  # what `songwish serve` runs first
    assert {"FASTSPRING_API_USER", "FASTSPRING_WEBHOOK_SECRET"} <= set(at_start_up.value.missing)
    with pytest.raises(SandboxInProduction):
        create_sandbox_app(settings)


async def test_production_refuses_the_sandbox_even_when_asked(monkeypatch):
    settings = _settings(monkeypatch, **REAL, IS_PRODUCTION="true", COMMERCE_SANDBOX="true")
    async with httpx.AsyncClient() as http:
        with pytest.raises(SandboxInProduction):
            build_commerce(settings, http)
    production = _settings(monkeypatch, COMMERCE_SANDBOX="false")
    async with httpx.AsyncClient() as http:
        assert not build_commerce(production, http).sandbox
