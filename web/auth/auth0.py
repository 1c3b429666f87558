"""Auth0 access tokens: RS256 only, our audience, Auth0's issuer, keys from its JWKS.

The algorithm is pinned before any key is looked up, so `alg: none` and an
HS256 token "signed" with the public key are refused; `kid` picks the key. A
person is created on first sight from the token's `sub` (and email when the
token carries one), the same `sub` Chainlit's Auth0 login identifies them by,
so the chat and the API see one user.

Auth0 access tokens carry no `email` claim: a post-login Action adds it as a
namespaced custom claim (AUTH0_EMAIL_CLAIM, docs/deploy.md). Paying needs an
e-mail, so a person whose tokens lack it is told exactly what to configure.
"""

from __future__ import annotations

from typing import Any

import jwt
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import User
from store.users import adopt_email, get_or_create_user
from web.auth.identity import Identity, InvalidToken, expiry, token_id
from web.auth.jwks import JwksCache

ALGORITHM = "RS256"
LEEWAY_SECONDS = 30
REQUIRED_CLAIMS = ["exp", "iss", "aud", "sub"]


def auth0_base_url(domain: str) -> str:
    """`tenant.eu.auth0.com` or `https://tenant.eu.auth0.com/` → `https://tenant.eu.auth0.com`."""
    host = domain.strip().removeprefix("https://").removeprefix("http://").rstrip("/")
    return f"https://{host}"


def email_needed_message(claim: str) -> str:
    """What an API user whose Auth0 token has no e-mail must ask their admin to set up."""
    return (
        "an e-mail address is needed to pay, and your Auth0 access token carries none: "
        f"add a post-login Action that calls api.accessToken.setCustomClaim('{claim}', "
        "event.user.email) (see docs/deploy.md, section Auth0), then sign in again"
    )


class Auth0Verifier:
    def __init__(
        self,
        *,
        domain: str,
        audience: str,
        client_id: str,
        jwks: JwksCache,
        email_claim: str = "https://songwish.app/email",
    ) -> None:
        self.base_url = auth0_base_url(domain)
        self.issuer = self.base_url + "/"  # Auth0's `iss` ends with a slash
        self.audience = audience
        self.client_id = client_id
        self.jwks = jwks
        self.email_claim = email_claim

    async def verify(self, token: str) -> Identity:
        claims = await self.decode(token, audience=self.audience)
        return Identity(
            subject=str(claims["sub"]),
            token_id=token_id(claims, token),
            expires_at=expiry(claims),
            email=_text(claims, "email") or _text(claims, self.email_claim),
            name=_claim(claims, "name"),
        )

    async def decode(self, token: str, *, audience: str) -> dict[str, Any]:
        """Verified claims of an Auth0 RS256 token for `audience` (our API, or our client)."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise InvalidToken("the token is not a JWT") from error
        if header.get("alg") != ALGORITHM:
            raise InvalidToken("the token must be signed with RS256")
        kid = header.get("kid")
        key = await self.jwks.key(kid) if isinstance(kid, str) and kid else None
        if key is None:
            raise InvalidToken("the token was signed with an unknown key")
        try:
            return jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=audience,
                issuer=self.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.ExpiredSignatureError as error:
            raise InvalidToken("the token has expired", "token_expired") from error
        except jwt.PyJWTError as error:
            raise InvalidToken("the token is not valid") from error

    async def user_for(self, session: AsyncSession, identity: Identity) -> User:
        """The person; one first seen without an e-mail gets it once a token carries it."""
        user = await get_or_create_user(
            session, auth_subject=identity.subject, email=identity.email,
            display_name=identity.name,
        )
        if user.email is None and identity.email:
            await adopt_email(session, user=user, email=identity.email)
        return user


def _text(claims: dict[str, Any], name: str) -> str | None:
    value = claims.get(name)
    return value if isinstance(value, str) and value else None


def _claim(claims: dict[str, Any], name: str) -> str | None:
    """`email`, or a namespaced custom claim such as `https://songwish.app/email`."""
    value = claims.get(name)
    if value is None:
        value = next((v for k, v in claims.items() if k.endswith("/" + name)), None)
    return value if isinstance(value, str) and value else None
