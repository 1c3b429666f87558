"""Who is calling: bearer tokens from local accounts (development) or Auth0.

`build_auth(settings, http)` picks the mode once: Auth0 when `AUTH0_DOMAIN` is
set (then its client id, secret and audience are required, and local accounts
are off), local accounts otherwise. `Auth.authenticate` is the one check every
protected route (and any other entry point holding a bearer token) goes
through: signature and claims, then the logout denylist, then the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from songwish.settings import MissingSettingsError, Settings
from store.models import User
from web.auth.auth0 import Auth0Verifier, auth0_base_url
from web.auth.auth0_login import Auth0Login
from web.auth.denylist import is_revoked, revoke
from web.auth.identity import Identity, InvalidToken, TokenVerifier
from web.auth.jwks import JwksCache
from web.auth.tokens import LocalTokens

__all__ = ["Auth", "Identity", "InvalidToken", "Principal", "build_auth", "revoke"]

CALLBACK_PATH = "/api/auth/callback"
AUTH0_REQUIRED = ("AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET", "AUTH0_AUDIENCE")


class IncompleteAuth0Settings(MissingSettingsError):
    """AUTH0_DOMAIN without the rest: refuse to start rather than fall back to local accounts."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        RuntimeError.__init__(self, "AUTH0_DOMAIN is set but these settings are missing: "
                              + ", ".join(missing))


@dataclass(frozen=True)
class Principal:
    """The authenticated caller and the token they used (logout revokes it)."""

    user: User
    identity: Identity


@dataclass(frozen=True)
class Auth:
    mode: Literal["local", "auth0"]
    verifier: TokenVerifier
    local: LocalTokens | None = None
    auth0_login: Auth0Login | None = None

    async def authenticate(self, session: AsyncSession, token: str) -> Principal:
        identity = await self.verifier.verify(token)
        if await is_revoked(session, token_id=identity.token_id):
            raise InvalidToken("the token was revoked by a logout", "token_revoked")
        return Principal(await self.verifier.user_for(session, identity), identity)


def build_auth(settings: Settings, http: httpx.AsyncClient) -> Auth:
    """The process's authentication; refuses a half-configured Auth0 rather than fall back."""
    if not settings.auth0_domain:
        tokens = LocalTokens(secret=settings.secret(), issuer=settings.public_url,
                             ttl_seconds=settings.access_token_ttl_seconds)
        return Auth(mode="local", verifier=tokens, local=tokens)
    missing = [name for name in AUTH0_REQUIRED if not getattr(settings, name.lower())]
    if missing:
        raise IncompleteAuth0Settings(missing)
    assert settings.auth0_audience and settings.auth0_client_id and settings.auth0_client_secret
    jwks = JwksCache(http, auth0_base_url(settings.auth0_domain) + "/.well-known/jwks.json")
    verifier = Auth0Verifier(domain=settings.auth0_domain, audience=settings.auth0_audience,
                             client_id=settings.auth0_client_id, jwks=jwks,
                             email_claim=settings.auth0_email_claim)
    login = Auth0Login(
        verifier=verifier,
        http=http,
        client_secret=settings.auth0_client_secret.get_secret_value(),
        redirect_uri=settings.public_url.rstrip("/") + CALLBACK_PATH,
        signing_secret=settings.secret(),
    )
    return Auth(mode="auth0", verifier=verifier, auth0_login=login)
