"""Fetching pasted URLs under strict limits, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import pytest

from products.errors import PageTooLarge, PageUnreachable, UrlNotAllowed
from products.fetch import FetchLimits, check_url, fetch_page
from songwish.settings import Settings
from tests.scale.processes import free_port

# Loopback pages are allowed here, as in development (PRODUCT_IMPORT_ALLOW_PRIVATE=true).
DEV = FetchLimits(timeout_seconds=2.0, max_bytes=50_000, max_redirects=3, allow_private=True)
PRODUCTION_LIKE = FetchLimits(2.0, 50_000, 3, allow_private=False)


async def test_a_page_is_fetched_and_decoded(shop: str) -> None:
    page = await fetch_page(f"{shop}/p/shopify_ukulele.html", DEV)
    assert page.url == f"{shop}/p/shopify_ukulele.html"
    assert "Ukulélé soprano Kala KA-15S" in page.html


async def test_redirects_are_followed_within_the_limit(shop: str) -> None:
    page = await fetch_page(f"{shop}/redirect/3/opengraph_vinyl.html", DEV)
    assert page.url == f"{shop}/p/opengraph_vinyl.html"
    with pytest.raises(PageUnreachable, match="redirects more than 3"):
        await fetch_page(f"{shop}/redirect/4/opengraph_vinyl.html", DEV)


async def test_each_redirect_hop_is_checked_again(shop: str) -> None:
    with pytest.raises(UrlNotAllowed):
        await fetch_page(f"{shop}/to?url=file:///etc/passwd", DEV)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/admin",
        "http://localhost:8000/api",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://10.0.0.7/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
    ],
)
async def test_private_loopback_and_link_local_addresses_are_refused(url: str) -> None:
    with pytest.raises(UrlNotAllowed, match="not a public web site"):
        await check_url(url, allow_private=False)


async def test_a_public_address_passes_the_check() -> None:
    await check_url("https://93.184.215.14/products/x", allow_private=False)


@pytest.mark.parametrize(
    "url", ["ftp://shop.example/p", "javascript:alert(1)", "https://user:pw@shop.example/p", "/p"]
)
async def test_other_schemes_and_credentials_are_refused(url: str) -> None:
    with pytest.raises(UrlNotAllowed):
        await check_url(url, allow_private=True)


async def test_the_local_shop_is_refused_without_the_development_setting(shop: str) -> None:
    with pytest.raises(UrlNotAllowed):
        await fetch_page(f"{shop}/p/shopify_ukulele.html", PRODUCTION_LIKE)


def test_production_ignores_the_private_address_setting() -> None:
    dev = Settings(_env_file=None, product_import_allow_private=True)  # type: ignore[call-arg]
    prod = dev.model_copy(update={"is_production": True})
    assert FetchLimits.from_settings(dev).allow_private
    assert not FetchLimits.from_settings(prod).allow_private


async def test_a_streamed_page_past_the_cap_is_dropped(shop: str) -> None:
    with pytest.raises(PageTooLarge):
        await fetch_page(f"{shop}/big", DEV)


async def test_a_declared_size_past_the_cap_is_refused_before_reading(shop: str) -> None:
    with pytest.raises(PageTooLarge):
        await fetch_page(f"{shop}/huge-declared", DEV)


@pytest.mark.parametrize(
    ("path", "message"), [("/json", "not a web page"), ("/missing", "HTTP 404")]
)
async def test_non_pages_and_http_errors_are_unreachable(shop: str, path: str, message) -> None:
    with pytest.raises(PageUnreachable, match=message):
        await fetch_page(f"{shop}{path}", DEV)


async def test_a_slow_shop_times_out(shop: str) -> None:
    quick = FetchLimits(timeout_seconds=0.5, max_bytes=50_000, max_redirects=0, allow_private=True)
    with pytest.raises(PageUnreachable, match="too long"):
        await fetch_page(f"{shop}/slow", quick)


async def test_a_closed_port_and_an_unknown_host_are_unreachable() -> None:
    with pytest.raises(PageUnreachable):
        await fetch_page(f"http://127.0.0.1:{free_port()}/p", DEV)
    with pytest.raises(PageUnreachable, match="could not be reached"):
        await fetch_page("http://no-such-shop.invalid/p", DEV)
    with pytest.raises(PageUnreachable, match="does not exist"):
        await check_url("http://no-such-shop.invalid/p", allow_private=False)
