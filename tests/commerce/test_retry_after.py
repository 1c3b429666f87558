"""Retry-After on 429/503: the client waits what the vendor asks, never more than the cap."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
import respx

from commerce.errors import VendorUnavailable
from commerce.fastspring import FastSpringClient
from commerce.transport import RetryPolicy, retry_after_seconds
from tests.commerce.conftest import fixture_json

API = "https://api.fastspring.com"
LOOKUP = f"{API}/accounts"


def _client(http: httpx.AsyncClient, *, cap: float = 5.0, attempts: int = 2) -> FastSpringClient:
    return FastSpringClient(
        http,
        user="u",
        password="p",
        api_url=API,
        accounts_url=LOOKUP,
        orders_url=f"{API}/orders",
        timeout=2,
        # The backoff alone would wait milliseconds: any longer wait is Retry-After's.
        retry=RetryPolicy(
            attempts=attempts, wait_initial=0.001, wait_max=0.002, retry_after_max=cap
        ),
    )


async def _waited(first: httpx.Response, *, cap: float = 5.0) -> float:
    """Seconds a lookup took whose first answer is `first` and second a success."""
    found = httpx.Response(200, json=fixture_json("fastspring_account_lookup.json"))
    respx.get(LOOKUP).mock(side_effect=[first, found])
    async with httpx.AsyncClient(headers={"User-Agent": "t"}) as http:
        started = time.monotonic()
        await _client(http, cap=cap).find_account_by_email("ana@example.com")
        return time.monotonic() - started


@pytest.mark.parametrize("status", [429, 503])
@respx.mock
async def test_retry_after_in_seconds_is_honoured(status):
    assert 0.9 <= await _waited(httpx.Response(status, headers={"Retry-After": "1"})) < 3


@respx.mock
async def test_retry_after_as_an_http_date_is_honoured():
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=2), usegmt=True)
    # Whole seconds in the header: between one and two seconds are left when it is read.
    assert 0.5 <= await _waited(httpx.Response(429, headers={"Retry-After": later})) < 3


@respx.mock
async def test_a_huge_retry_after_is_capped():
    huge = httpx.Response(429, headers={"Retry-After": "3600"})
    assert 0.25 <= await _waited(huge, cap=0.3) < 2


@respx.mock
async def test_the_retries_still_end_and_say_so():
    route = respx.get(LOOKUP).respond(429, headers={"Retry-After": "0"})
    async with httpx.AsyncClient(headers={"User-Agent": "t"}) as http:
        with pytest.raises(VendorUnavailable) as raised:
            await _client(http, attempts=3).find_account_by_email("ana@example.com")
    assert route.call_count == 3 and raised.value.status == 429


@pytest.mark.parametrize(
    ("header", "expected"),
    [("7", 7.0), (" 2 ", 2.0), ("-4", None), ("soon", None), (None, None), ("0", 0.0)],
)
def test_retry_after_values(header, expected):
    assert retry_after_seconds(header) == expected


def test_a_past_http_date_means_now():
    past = format_datetime(datetime.now(UTC) - timedelta(minutes=5), usegmt=True)
    assert retry_after_seconds(past) == 0.0
