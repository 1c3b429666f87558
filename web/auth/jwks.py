"""Auth0's signing keys, fetched over our own httpx client and cached by `kid`.

Keys are refreshed after `max_age`, and at once when a token names a `kid` we
do not know (Auth0 rotated its keys), but at most every `min_refresh` seconds,
failed attempts included, so that neither tokens with made-up `kid`s nor an
Auth0 outage can make us hammer Auth0. During an outage the last keys serve.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import httpx
import jwt

from web.errors import ApiError

logger = logging.getLogger("songwish.auth")


class JwksUnavailable(ApiError):
    def __init__(self) -> None:
        super().__init__(503, "auth_unavailable", "the identity provider cannot be reached")


class JwksCache:
    """RS256 public keys by `kid`, from `https://{domain}/.well-known/jwks.json`."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        url: str,
        *,
        max_age: float = 600.0,
        min_refresh: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self.url = url
        self.max_age = max_age
        self.min_refresh = min_refresh
        self._clock = clock
        self._keys: dict[str, Any] = {}
        self._fetched_at: float | None = None
        self._tried_at: float | None = None
        self._lock = asyncio.Lock()

    async def key(self, kid: str) -> Any | None:
        """The key for `kid`, or None when even fresh keys do not have it."""
        if self._due(kid):
            async with self._lock:
                if self._due(kid):
                    await self._refresh()
        if not self._keys:
            raise JwksUnavailable()
        return self._keys.get(kid)

    def _due(self, kid: str) -> bool:
        """Time to fetch: never tried, or `min_refresh` passed and the keys are old or lack kid."""
        now = self._clock()
        if self._tried_at is None:
            return True
        if now - self._tried_at < self.min_refresh:
            return False
        stale = self._fetched_at is None or now - self._fetched_at > self.max_age
        return stale or kid not in self._keys

    async def _refresh(self) -> None:
        self._tried_at = self._clock()
        try:
            response = await self._http.get(self.url)
            response.raise_for_status()
            document = response.json()
        except (httpx.HTTPError, ValueError) as error:
            logger.warning("JWKS fetch from %s failed: %s", self.url, error)
            return  # keep serving the keys we have, if any
        self._keys = _rsa_signing_keys(document)
        self._fetched_at = self._tried_at


def _rsa_signing_keys(document: object) -> dict[str, Any]:
    keys: dict[str, Any] = {}
    entries = document.get("keys", []) if isinstance(document, dict) else []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or entry.get("kty") != "RSA" or not entry.get("kid"):
            continue
        if entry.get("use", "sig") != "sig" or entry.get("alg", "RS256") != "RS256":
            continue
        try:
            keys[str(entry["kid"])] = jwt.PyJWK(entry, algorithm="RS256").key
        except jwt.PyJWTError:
            logger.warning("skipping an unreadable JWKS key %s", entry.get("kid"))
    return keys
