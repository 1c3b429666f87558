"""Rate limits: per IP, per user, stricter on login; in memory or shared through Redis."""

from __future__ import annotations

import httpx
import pytest
import redis

from tests.services import REDIS_URL, require_redis
from tests.web.conftest import PASSWORD, assert_error, client_for, register, running_app


def assert_limited(response: httpx.Response) -> None:
    error = assert_error(response, 429, "rate_limited")
    retry_after = int(response.headers["Retry-After"])
    assert 1 <= retry_after <= 60
    assert error["details"]["retry_after"] == retry_after


async def test_login_attempts_are_limited_per_address(web_env, api_factory) -> None:
    web_env.setenv("RATE_LIMIT_LOGIN", "3/minute")
    async with api_factory() as client:
        await register(client, "ana@example.com")
        for _ in range(2):
            response = await client.post("/api/auth/login",
                                         json={"email": "ana@example.com", "password": "wrong"})
            assert response.status_code == 401
        assert_limited(await client.post("/api/auth/login",
                                         json={"email": "ana@example.com", "password": PASSWORD}))
        # Other routes keep working for this address.
        assert (await client.get("/healthz")).status_code == 200


async def test_each_user_has_a_request_budget(web_env, api_factory) -> None:
    web_env.setenv("RATE_LIMIT_DEFAULT", "3/minute")
    async with api_factory() as client:
        ana = await register(client, "ana@example.com")
        bob = await register(client, "bob@example.com")
        for _ in range(3):
            assert (await client.get("/api/gifts", headers=ana)).status_code == 200
        assert_limited(await client.get("/api/gifts", headers=ana))
        assert (await client.get("/api/gifts", headers=bob)).status_code == 200


async def test_each_address_has_a_request_budget(web_env, api_factory) -> None:
    web_env.setenv("RATE_LIMIT_IP", "4/minute")
    async with api_factory() as client:
        for _ in range(4):
            assert (await client.get("/api/shared/unknown")).status_code == 404
        assert_limited(await client.get("/api/shared/unknown"))
        assert (await client.get("/healthz")).status_code == 200  # probes are not limited


@pytest.mark.redis
async def test_redis_shares_the_budget_between_replicas(web_env, database_url) -> None:
    require_redis()
    redis.Redis.from_url(REDIS_URL).flushdb()
    web_env.setenv("RATE_LIMIT_STORAGE_URI", REDIS_URL)
    web_env.setenv("RATE_LIMIT_IP", "5/minute")
    async with running_app() as first, running_app() as second, client_for(
        first
    ) as one, client_for(second) as two:
        for client in (one, two, one, two, one):
            assert (await client.get("/api/shared/unknown")).status_code == 404
        assert_limited(await two.get("/api/shared/unknown"))
        assert_limited(await one.get("/api/shared/unknown"))
    redis.Redis.from_url(REDIS_URL).flushdb()


async def test_an_unreachable_limit_store_lets_requests_through(web_env, api_factory) -> None:
    web_env.setenv("RATE_LIMIT_STORAGE_URI", "redis://127.0.0.1:1/0")
    async with api_factory() as client:
        assert (await client.get("/api/shared/unknown")).status_code == 404
