"""Request budgets with the `limits` library (moving window), per user and per IP.

Rules, from the settings: `ip` for every API request from one address,
`default` per logged-in user, `login` per address on register/login, `chat`
per user on assistant turns. Counters live in memory (one process) or in
Redis when `RATE_LIMIT_STORAGE_URI=redis://...`, shared by every replica.
If the shared store is down, requests pass and a warning is logged: an outage
of the limiter must not become an outage of the API.
"""

from __future__ import annotations

import logging
import math
import time
from typing import Literal

from limits import RateLimitItem, parse
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from limits.storage import storage_from_string

from songwish.settings import Settings
from web.errors import ApiError

logger = logging.getLogger("songwish.ratelimit")

Rule = Literal["ip", "default", "login", "chat"]
NAMESPACE = "songwish"


class RateLimited(ApiError):
    def __init__(self, rule: str, retry_after: int) -> None:
        super().__init__(
            429,
            "rate_limited",
            f"too many requests; try again in {retry_after} s",
            details={"limit": rule, "retry_after": retry_after},
            headers={"Retry-After": str(retry_after)},
        )


def async_storage_uri(uri: str) -> str:
    """`memory://` / `redis://...` as the settings say them → the async storage's scheme."""
    return uri if uri.startswith("async+") else "async+" + uri


class RateLimits:
    def __init__(self, settings: Settings) -> None:
        uri = async_storage_uri(settings.rate_limit_storage_uri)
        options: dict[str, str | bool] = {"wrap_exceptions": True}
        if "redis" in uri.split("://", 1)[0]:
            options["implementation"] = "redispy"  # redis-py is installed, coredis is not
        self.storage = storage_from_string(uri, **options)
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.rules: dict[str, RateLimitItem] = {
            "ip": parse(settings.rate_limit_ip),
            "default": parse(settings.rate_limit_default),
            "login": parse(settings.rate_limit_login),
            "chat": parse(settings.rate_limit_chat),
        }

    async def hit(self, rule: Rule, key: str) -> None:
        """Count one request for `key` under `rule`; `RateLimited` once the budget is spent."""
        item = self.rules[rule]
        try:
            if await self.limiter.hit(item, NAMESPACE, rule, key):
                return
            stats = await self.limiter.get_window_stats(item, NAMESPACE, rule, key)
        except StorageError as error:
            logger.warning("rate limit storage unavailable, request allowed: %s", error)
            return
        raise RateLimited(rule, max(1, math.ceil(stats.reset_time - time.time())))
