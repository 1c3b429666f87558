"""Local development accounts: HS256 access tokens signed with `SECRET_KEY`.

Only HS256 is accepted, with our issuer and audience, so a token from any
other issuer (or `alg: none`) is refused. Each token has a random `jti`, the
handle logout puts on the denylist.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

import jwt
from sqlalchemy.ext.asyncio import AsyncSession

from store.errors import NotFound
from store.models import User
from store.users import get_user
from web.auth.identity import Identity, InvalidToken, expiry, token_id

ALGORITHM = "HS256"
AUDIENCE = "songwish-api"
LEEWAY_SECONDS = 30


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int


class LocalTokens:
    """Issues and verifies the tokens of local accounts; `sub` is our user id."""

    def __init__(self, *, secret: str, issuer: str, ttl_seconds: int) -> None:
        self._secret = secret
        self.issuer = issuer
        self.ttl_seconds = ttl_seconds

    def issue(self, user: User) -> IssuedToken:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": AUDIENCE,
            "sub": user.id,
            "iat": now,
            "nbf": now,
            "exp": now + self.ttl_seconds,
            "jti": secrets.token_hex(16),
        }
        token = jwt.encode(claims, self._secret, algorithm=ALGORITHM)
        return IssuedToken(token, self.ttl_seconds)

    async def verify(self, token: str) -> Identity:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                issuer=self.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "sub", "jti", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise InvalidToken("the token has expired", "token_expired") from error
        except jwt.PyJWTError as error:
            raise InvalidToken("the token is not valid") from error
        return Identity(subject=str(claims["sub"]), token_id=token_id(claims, token),
                        expires_at=expiry(claims))

    async def user_for(self, session: AsyncSession, identity: Identity) -> User:
        try:
            return await get_user(session, user_id=identity.subject)
        except NotFound as error:
            raise InvalidToken("the account of this token no longer exists") from error
