"""The JWKS cache: keys by kid, refreshed on age or rotation, never in a storm."""

from __future__ import annotations

import httpx
import pytest
import respx

from tests.web.auth0_fakes import JWKS_URL, SigningKey, jwks
from web.auth.jwks import JwksCache, JwksUnavailable


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def old() -> SigningKey:
    return SigningKey.generate("old")


@pytest.fixture(scope="module")
def new() -> SigningKey:
    return SigningKey.generate("new")


async def test_rotation_is_picked_up_after_the_refresh_interval(old, new) -> None:
    clock = Clock()
    with respx.mock() as router:
        route = router.get(JWKS_URL)
        route.side_effect = [httpx.Response(200, json=jwks(old)),
                             httpx.Response(200, json=jwks(old, new))]
        async with httpx.AsyncClient() as http:
            cache = JwksCache(http, JWKS_URL, min_refresh=5, clock=clock)
            assert await cache.key("old") is not None
            assert await cache.key("new") is None  # too soon to ask Auth0 again
            clock.now += 5
            assert await cache.key("new") is not None
        assert route.call_count == 2


async def test_keys_expire_after_max_age_and_survive_an_outage(old) -> None:
    clock = Clock()
    with respx.mock() as router:
        route = router.get(JWKS_URL)
        route.side_effect = [httpx.Response(200, json=jwks(old)), httpx.ConnectError("down"),
                             httpx.Response(500), httpx.Response(200, json=jwks(old))]
        async with httpx.AsyncClient() as http:
            cache = JwksCache(http, JWKS_URL, max_age=600, min_refresh=5, clock=clock)
            assert await cache.key("old") is not None
            clock.now += 601
            assert await cache.key("old") is not None  # fetch failed: keep what we had
            assert await cache.key("old") is not None  # and do not retry at once
            assert route.call_count == 2
            clock.now += 5
            assert await cache.key("old") is not None
            clock.now += 5
            assert await cache.key("old") is not None
        assert route.call_count == 4


async def test_no_keys_at_all_is_unavailable() -> None:
    with respx.mock() as router:
        router.get(JWKS_URL).respond(200, text="not json")
        async with httpx.AsyncClient() as http:
            cache = JwksCache(http, JWKS_URL)
            for _ in range(2):
                with pytest.raises(JwksUnavailable):
                    await cache.key("any")


async def test_only_rsa_signing_keys_are_kept(old) -> None:
    document = {"keys": [
        {**old.jwk(), "kid": "encryption", "use": "enc"},
        {**old.jwk(), "kid": "hmac", "alg": "HS256"},
        {"kty": "oct", "kid": "symmetric", "k": "c2VjcmV0"},
        {"kty": "RSA", "kid": "broken", "n": "!!", "e": "AQAB"},
        "not a key",
        old.jwk(),
    ]}
    with respx.mock() as router:
        router.get(JWKS_URL).respond(json=document)
        async with httpx.AsyncClient() as http:
            cache = JwksCache(http, JWKS_URL)
            assert await cache.key("old") is not None
            for kid in ("encryption", "hmac", "symmetric", "broken"):
                assert await cache.key(kid) is None
