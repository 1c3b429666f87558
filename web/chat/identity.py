"""Who is chatting: local accounts, Auth0 (through Chainlit's OAuth) and widget tokens.

A Chainlit user's identifier is our `User.id`, so the chat, the REST API and
the shop widget see one person. Chainlit reads its settings from the
environment: `configure_chainlit` writes ours there (the session secret
derived from `SECRET_KEY` unless `CHAINLIT_AUTH_SECRET` is set; the seed's
`AUTH0_*` variables under the names Chainlit's Auth0 provider expects).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from typing import Any

import chainlit as cl
import jwt
from sqlalchemy.ext.asyncio import AsyncSession

from songwish.settings import Settings
from store import users
from store.errors import Conflict, DomainError, NotFound
from store.models import User

# Chainlit's session cookie, and how long a token handed to the shop widget may wait unused.
CHAT_COOKIE = "access_token"
WIDGET_TOKEN_SECONDS = 300
GUEST_PREFIX = "guest|"
GUEST_DAYS = 30
GUEST_AUDIENCE = "songwish-shop-guest"


def chat_secret(settings: Settings) -> str:
    """`CHAINLIT_AUTH_SECRET`, else a key derived from `SECRET_KEY` (never the key itself)."""
    if settings.chainlit_auth_secret is not None:
        return settings.chainlit_auth_secret.get_secret_value()
    return hmac.new(
        settings.secret().encode(), b"songwish chat sessions", hashlib.sha256
    ).hexdigest()


def configure_chainlit(settings: Settings) -> None:
    """Put our settings where Chainlit reads them, before it checks them."""
    os.environ["CHAINLIT_AUTH_SECRET"] = chat_secret(settings)
    if not settings.uses_auth0:
        return
    assert settings.auth0_domain and settings.auth0_client_id and settings.auth0_client_secret
    host = settings.auth0_domain.strip().removeprefix("https://").removeprefix("http://")
    os.environ["OAUTH_AUTH0_DOMAIN"] = host.rstrip("/")
    os.environ["OAUTH_AUTH0_CLIENT_ID"] = settings.auth0_client_id
    os.environ["OAUTH_AUTH0_CLIENT_SECRET"] = settings.auth0_client_secret.get_secret_value()
    # The callback is {CHAINLIT_URL}/chat/auth/oauth/auth0/callback.
    os.environ.setdefault("CHAINLIT_URL", settings.public_url.rstrip("/"))
    _refresh_auth0_provider()


def _refresh_auth0_provider() -> None:
    """Chainlit built its providers at import, before our variables existed."""
    from chainlit import oauth_providers

    oauth_providers.providers[:] = [
        oauth_providers.Auth0OAuthProvider() if provider.id == "auth0" else provider
        for provider in oauth_providers.providers
    ]


def chat_user(user: User) -> cl.User:
    return cl.User(
        identifier=user.id,
        display_name=user.display_name or user.email or "SongWish",
        metadata={"locale": user.locale, "currency": user.currency},
    )


async def local_login(session: AsyncSession, *, email: str, password: str) -> cl.User:
    """The chat login form: the local accounts of `POST /api/auth/login`.

    Local accounts are the development login (production requires Auth0), so a
    new email with a valid password creates its account on the spot; a known
    email with the wrong password is refused, saying why (`LoginRefused`).
    """
    try:
        user = await users.authenticate_local_user(session, email=email, password=password)
    except users.InvalidCredentials:
        try:
            user = await users.register_local_user(session, email=email, password=password)
        except DomainError as error:  # taken (so the password was wrong), or not valid
            raise LoginRefused(_refusal(error)) from error
    return chat_user(user)


class LoginRefused(Exception):
    """Why the login form failed, as a key of the login page's texts (`auth.login.errors.*`)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _refusal(error: DomainError) -> str:
    """A known email means a wrong password; otherwise the field that broke the rule."""
    if isinstance(error, Conflict):
        return "wrongpassword"
    return "invalidemail" if error.details.get("field") == "email" else "passwordrule"


async def auth0_login(session: AsyncSession, raw_user_data: dict[str, Any]) -> cl.User | None:
    """Auth0 via Chainlit: the person is their `sub`, found or created here."""
    subject = raw_user_data.get("sub")
    if not isinstance(subject, str) or not subject:
        return None
    email, name = raw_user_data.get("email"), raw_user_data.get("name")
    user = await users.get_or_create_user(
        session,
        auth_subject=subject,
        email=email if isinstance(email, str) else None,
        display_name=name if isinstance(name, str) else None,
    )
    return chat_user(user)


def chat_access_token(user: User, settings: Settings) -> str:
    """A short-lived token the shop widget trades for a chat session (Chainlit's `/auth/jwt`)."""
    now = int(time.time())
    claims = {**chat_user(user).to_dict(), "iat": now, "exp": now + WIDGET_TOKEN_SECONDS}
    return jwt.encode(claims, chat_secret(settings), algorithm="HS256")


async def user_from_chat_cookie(
    session: AsyncSession, cookies: dict[str, str], settings: Settings
) -> User | None:
    """The person logged in to the chat in this browser, if any (verified, not trusted)."""
    token = cookies.get(CHAT_COOKIE)
    if not token:
        return None
    try:
        claims = jwt.decode(token, chat_secret(settings), algorithms=["HS256"])
        return await users.get_user(session, user_id=str(claims.get("identifier")))
    except (jwt.PyJWTError, NotFound):
        return None


async def new_guest(session: AsyncSession, locale: str) -> User:
    """An anonymous shopper: a real account without credentials, until they log in."""
    guest = await users.get_or_create_user(
        session,
        auth_subject=GUEST_PREFIX + secrets.token_urlsafe(18),
        display_name="Invité" if locale == "fr" else "Guest",
    )
    return await users.update_preferences(session, user_id=guest.id, locale=locale)


def guest_cookie(guest: User, settings: Settings) -> str:
    """A signed reminder of which guest this browser is, so a reload keeps the conversation."""
    now = int(time.time())
    claims = {"sub": guest.id, "aud": GUEST_AUDIENCE, "iat": now, "exp": now + GUEST_DAYS * 86400}
    return jwt.encode(claims, chat_secret(settings), algorithm="HS256")


async def guest_from_cookie(
    session: AsyncSession, cookie: str | None, settings: Settings
) -> User | None:
    """The guest a valid cookie names; never a real account, whatever the cookie says."""
    if not cookie:
        return None
    try:
        claims = jwt.decode(
            cookie, chat_secret(settings), algorithms=["HS256"], audience=GUEST_AUDIENCE
        )
        user = await users.get_user(session, user_id=str(claims["sub"]))
    except (jwt.PyJWTError, KeyError, NotFound):
        return None
    return user if user.auth_subject.startswith(GUEST_PREFIX) else None
