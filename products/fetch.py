"""Fetch a product page a person pasted, without letting the URL reach what it should not.

A pasted URL is untrusted input that makes our server send a request, so:
- only http(s) without a user:password@, and every address the host resolves
  to must be public (no loopback, private,
  link-local, multicast or reserved range: no cloud metadata, no internal
  service); `PRODUCT_IMPORT_ALLOW_PRIVATE=true` lifts that for development and
  tests (pages served on 127.0.0.1) and is ignored when `IS_PRODUCTION=true`;
- redirects are followed by hand, at most `PRODUCT_IMPORT_MAX_REDIRECTS`,
  each hop checked again like the first URL;
- one deadline for the whole fetch, redirects and DNS included
  (`PRODUCT_IMPORT_TIMEOUT_SECONDS`), within which httpx's connect/read timeouts act;
- the body is streamed and dropped past `PRODUCT_IMPORT_MAX_BYTES`;
- only `text/html` / `application/xhtml+xml` answers are read.

The address check resolves the host just before each request; a DNS answer
that changes between the check and httpx's own resolution (rebinding) is not
covered: a deployment that needs that guarantee routes these requests through
an egress proxy.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from products.errors import PageTooLarge, PageUnreachable, UrlNotAllowed
from songwish.settings import Settings

HTML_TYPES = ("text/html", "application/xhtml+xml")
HEADERS = {
    "Accept": "text/html,application/xhtml+xml;q=0.9",
    "User-Agent": "SongWish/0.1 (gift list import; +https://github.com/songwish)",
}


@dataclass(frozen=True)
class Page:
    """The final URL after redirects and the decoded HTML."""

    url: str
    html: str


@dataclass(frozen=True)
class FetchLimits:
    """The limits of one fetch, from the settings."""

    timeout_seconds: float
    max_bytes: int
    max_redirects: int
    allow_private: bool

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchLimits:
        return cls(
            timeout_seconds=settings.product_import_timeout_seconds,
            max_bytes=settings.product_import_max_bytes,
            max_redirects=settings.product_import_max_redirects,
            allow_private=settings.product_import_allow_private and not settings.is_production,
        )


async def fetch_page(url: str, limits: FetchLimits) -> Page:
    """GET `url` within `limits`; raises a `ProductImportError` subclass on any refusal."""
    timeout = httpx.Timeout(limits.timeout_seconds, connect=min(5.0, limits.timeout_seconds))
    async with httpx.AsyncClient(
        timeout=timeout, follow_redirects=False, trust_env=False, headers=HEADERS
    ) as client:
        try:
            async with asyncio.timeout(limits.timeout_seconds):
                return await _follow(client, url, limits)
        except TimeoutError as error:
            raise PageUnreachable("the page took too long to answer", url) from error


async def _follow(client: httpx.AsyncClient, url: str, limits: FetchLimits) -> Page:
    for _ in range(limits.max_redirects + 1):
        await check_url(url, allow_private=limits.allow_private)
        try:
            async with client.stream("GET", url) as response:
                if response.is_redirect and "location" in response.headers:
                    url = urljoin(url, response.headers["location"])
                    continue
                return Page(url, await _read_html(response, url, limits.max_bytes))
        except httpx.TimeoutException as error:
            raise PageUnreachable("the page took too long to answer", url) from error
        except httpx.HTTPError as error:
            raise PageUnreachable(f"the page could not be reached ({error})", url) from error
    raise PageUnreachable(f"the page redirects more than {limits.max_redirects} times", url)


async def _read_html(response: httpx.Response, url: str, max_bytes: int) -> str:
    if response.status_code != 200:
        raise PageUnreachable(f"the shop answered HTTP {response.status_code}", url)
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in HTML_TYPES:
        raise PageUnreachable(f"this is not a web page ({media_type or 'no type'})", url)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise PageTooLarge(f"the page is larger than {max_bytes // 1000} kB", url)
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body.extend(chunk)
        if len(body) > max_bytes:
            raise PageTooLarge(f"the page is larger than {max_bytes // 1000} kB", url)
    return bytes(body).decode(response.charset_encoding or "utf-8", errors="replace")


async def check_url(url: str, *, allow_private: bool) -> None:
    """Refuse what no shop page is: other schemes, credentials, non-public addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UrlNotAllowed("paste a web address starting with http:// or https://", url)
    if parts.username or parts.password:
        raise UrlNotAllowed("web addresses with a user name or password are not accepted", url)
    if allow_private:
        return
    for address in await _addresses(parts.hostname, parts.port, url):
        if not address.is_global or address.is_multicast:
            raise UrlNotAllowed("this address is not a public web site", url)


async def _addresses(
    host: str, port: int | None, url: str
) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        found = await asyncio.get_running_loop().getaddrinfo(
            host, port or 443, type=socket.SOCK_STREAM
        )
    except (socket.gaierror, UnicodeError) as error:
        raise PageUnreachable(f"the shop's address {host!r} does not exist", url) from error
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    # ::ffff:127.0.0.1 is loopback too, whatever Python 3.11's IPv6 flags say.
    return [
        a.ipv4_mapped if isinstance(a, ipaddress.IPv6Address) and a.ipv4_mapped else a
        for a in addresses
    ]
