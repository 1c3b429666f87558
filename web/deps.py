"""The dependencies routes declare, as `Annotated` aliases.

`SessionDep` is one unit of work per request, committed when the route
function returns (before the answer is sent, so a failed commit is an error
answer, not a lost write). `CurrentUser` authenticates the bearer token (in a
unit of work of its own) and spends one request of that user's budget;
`limit_*` add stricter budgets.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from songwish.logging import bind_user
from songwish.services import Services
from songwish.settings import Settings
from store.models import User
from store.users import LOCALES
from web.auth import Auth, InvalidToken, Principal
from web.metrics import Metrics
from web.ratelimit import RateLimits, Rule


def _services(request: Request) -> Services:
    return request.app.state.services


def _settings(request: Request) -> Settings:
    return request.app.state.services.settings


def _auth(request: Request) -> Auth:
    return request.app.state.auth


def _limits(request: Request) -> RateLimits:
    return request.app.state.rate_limits


def _metrics(request: Request) -> Metrics:
    return request.app.state.metrics


ServicesDep = Annotated[Services, Depends(_services)]
SettingsDep = Annotated[Settings, Depends(_settings)]
AuthDep = Annotated[Auth, Depends(_auth)]
LimitsDep = Annotated[RateLimits, Depends(_limits)]
MetricsDep = Annotated[Metrics, Depends(_metrics)]


async def _session(services: ServicesDep) -> AsyncIterator[AsyncSession]:
    async with services.database.session() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(_session, scope="function")]

_bearer = HTTPBearer(auto_error=False, description="An access token from /api/auth/login.")


async def _principal(
    services: ServicesDep,
    auth: AuthDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """Authentication is its own short unit of work, committed before the route runs.

    So no transaction stays open while a route waits on something slow (an
    assistant turn, a vendor call): on PostgreSQL an idle open transaction
    would hold a pooled connection and block schema setup (`CREATE INDEX
    CONCURRENTLY` of the checkpointer waits for every open transaction).
    """
    if credentials is None:
        raise InvalidToken("send an access token as 'Authorization: Bearer <token>'",
                           "missing_token")
    async with services.database.session() as session:
        principal = await auth.authenticate(session, credentials.credentials)
    bind_user(principal.user.id)
    return principal


PrincipalDep = Annotated[Principal, Depends(_principal)]


async def _current_user(principal: PrincipalDep, limits: LimitsDep) -> User:
    await limits.hit("default", f"user:{principal.user.id}")
    return principal.user


CurrentUser = Annotated[User, Depends(_current_user)]


def client_ip(request: Request) -> str:
    """The caller's address (uvicorn resolves X-Forwarded-For from trusted proxies)."""
    return request.client.host if request.client else "unknown"


async def limit_ip(request: Request, limits: LimitsDep) -> None:
    """Every API request: the per-address budget."""
    await limits.hit("ip", client_ip(request))


async def limit_login(request: Request, limits: LimitsDep) -> None:
    await limits.hit("login", client_ip(request))


def limit_user(rule: Rule) -> Callable[..., Awaitable[None]]:
    """A stricter per-user budget for one route (chat turns)."""

    async def spend(user: CurrentUser, limits: LimitsDep) -> None:
        await limits.hit(rule, f"user:{user.id}")

    return spend


def guest_locale(request: Request) -> str:
    """The language of someone without an account (share links), from Accept-Language."""
    for part in request.headers.get("accept-language", "").split(","):
        language = part.split(";")[0].strip().lower()[:2]
        if language in LOCALES:
            return language
    return "en"
