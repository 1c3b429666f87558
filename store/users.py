"""People: local development accounts and identities from Auth0."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from songwish.settings import Settings
from store.errors import Conflict, InvalidInput, NotFound
from store.models import User
from store.money import SUPPORTED_CURRENCIES, normalize_currency, validate_amount

LOCALES = ("en", "fr")
MIN_PASSWORD = 8
# scrypt parameters: ~50 ms and 16 MiB per hash, a real cost for guessing.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024}


class InvalidCredentials(InvalidInput):
    code = "invalid_credentials"


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt_hex), dklen=32, **_SCRYPT)
    return hmac.compare_digest(digest.hex(), digest_hex)


def local_subject(email: str) -> str:
    return f"local|{email}"


def _clean_email(email: str) -> str:
    value = email.strip().lower() if isinstance(email, str) else ""
    local, _, domain = value.partition("@")
    if not local or "." not in domain or len(value) > 320 or " " in value:
        raise InvalidInput("that is not a valid email address", field="email")
    return value


async def get_user(session: AsyncSession, *, user_id: str) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound("user not found")
    return user


async def get_or_create_user(
    session: AsyncSession,
    *,
    auth_subject: str,
    email: str | None = None,
    display_name: str | None = None,
) -> User:
    """The user behind a verified identity, created on first sight."""
    user = await session.scalar(select(User).where(User.auth_subject == auth_subject))
    if user is not None:
        return user
    if email is not None and await session.scalar(select(User).where(User.email == email)):
        email = None  # the address belongs to another identity; do not merge silently
    user = User(auth_subject=auth_subject, email=email, display_name=display_name)
    session.add(user)
    await session.flush()
    return user


async def adopt_email(session: AsyncSession, *, user: User, email: str) -> None:
    """Give `user` (who has none) this verified address, unless another user holds it."""
    if await session.scalar(select(User.id).where(User.email == email, User.id != user.id)):
        return  # the address belongs to another identity; do not merge silently
    user.email = email
    await session.flush()


async def register_local_user(
    session: AsyncSession, *, email: str, password: str, display_name: str | None = None
) -> User:
    address = _clean_email(email)
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise InvalidInput(
            f"the password needs at least {MIN_PASSWORD} characters", field="password"
        )
    if await session.scalar(select(User).where(User.email == address)):
        raise Conflict("an account with that email already exists", field="email")
    password_hash = await asyncio.to_thread(hash_password, password)
    user = User(
        auth_subject=local_subject(address),
        email=address,
        display_name=display_name or address.split("@")[0],
        password_hash=password_hash,
    )
    session.add(user)
    await session.flush()
    return user


async def authenticate_local_user(session: AsyncSession, *, email: str, password: str) -> User:
    """The local account for these credentials, or `InvalidCredentials` (never which part)."""
    address = email.strip().lower() if isinstance(email, str) else ""
    user = await session.scalar(select(User).where(User.auth_subject == local_subject(address)))
    stored = user.password_hash if user is not None else None
    if user is None or stored is None or not await asyncio.to_thread(
        verify_password, password, stored
    ):
        raise InvalidCredentials("wrong email or password")
    return user


async def update_preferences(
    session: AsyncSession,
    *,
    user_id: str,
    locale: str | None = None,
    currency: str | None = None,
    usual_budget: int | None = None,
) -> User:
    user = await get_user(session, user_id=user_id)
    if locale is not None:
        if locale not in LOCALES:
            raise InvalidInput(f"language must be one of {', '.join(LOCALES)}", field="locale")
        user.locale = locale
    if currency is not None:
        code = normalize_currency(currency)
        if code not in SUPPORTED_CURRENCIES:
            raise InvalidInput(
                f"currency must be one of {', '.join(SUPPORTED_CURRENCIES)}", field="currency"
            )
        user.currency = code
    if usual_budget is not None:
        user.usual_budget = validate_amount(usual_budget, user.currency)
    await session.flush()
    return user


def create_local_user_sync(
    settings: Settings, *, email: str, password: str, display_name: str | None = None
) -> User:
    """`songwish user create`: one local account, outside any running loop."""
    from store.db import Database

    async def create() -> User:
        database = Database.from_settings(settings)
        try:
            async with database.session() as session:
                return await register_local_user(
                    session, email=email, password=password, display_name=display_name
                )
        finally:
            await database.dispose()

    return asyncio.run(create())


def public_name(user: User) -> str | None:
    """The name guests may see: one the person chose, never a piece of their email address.

    Accounts made without a name got their address's local part as display name
    ("emma.smith"); that is withheld too.
    """
    name = (user.display_name or "").strip()
    local_part = (user.email or "").partition("@")[0]
    if not name or "@" in name or name.lower() == local_part.lower():
        return None
    return name
