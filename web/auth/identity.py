"""What a verified access token says about its bearer, whatever issued it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from store.models import User
from web.errors import ApiError


class InvalidToken(ApiError):
    """401 with `WWW-Authenticate: Bearer`; the message says what was wrong, never more."""

    def __init__(self, message: str, code: str = "invalid_token") -> None:
        super().__init__(
            401,
            code,
            message,
            headers={"WWW-Authenticate": f'Bearer error="invalid_token", '
                                         f'error_description="{message}"'},
        )


@dataclass(frozen=True)
class Identity:
    """A verified token: whose it is, its id for the denylist, and when it expires."""

    subject: str
    token_id: str
    expires_at: datetime
    email: str | None = None
    name: str | None = None


class TokenVerifier(Protocol):
    """Local accounts or Auth0: verify a bearer token, then find (or create) its user."""

    async def verify(self, token: str) -> Identity: ...

    async def user_for(self, session: AsyncSession, identity: Identity) -> User: ...


def token_id(claims: dict[str, object], token: str) -> str:
    """The `jti`, or a digest of the token itself when the issuer sets none (Auth0)."""
    jti = claims.get("jti")
    if isinstance(jti, str) and 0 < len(jti) <= 64:
        return jti
    return hashlib.sha256(token.encode()).hexdigest()


def expiry(claims: dict[str, object]) -> datetime:
    exp = claims.get("exp")
    if not isinstance(exp, int | float):
        raise InvalidToken("the token has no expiry")
    return datetime.fromtimestamp(exp, UTC)
