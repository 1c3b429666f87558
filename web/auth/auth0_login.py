"""Auth0 login for API clients: authorization code + PKCE (S256).

`start()` makes the authorize URL and a short-lived login cookie holding the
state and the PKCE verifier, signed with our secret and HttpOnly, so the
verifier never appears in a URL and only the browser that started the login
can finish it. `finish()` checks the state, exchanges the code at Auth0's
token endpoint and verifies what comes back before anyone is logged in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt

from web.auth.auth0 import Auth0Verifier
from web.auth.identity import Identity, InvalidToken
from web.errors import ApiError

COOKIE_NAME = "songwish_login"
COOKIE_AUDIENCE = "songwish-login"
LOGIN_TTL_SECONDS = 600
SCOPES = "openid profile email"


@dataclass(frozen=True)
class LoginStart:
    authorize_url: str
    state: str
    cookie: str
    expires_in: int = LOGIN_TTL_SECONDS


@dataclass(frozen=True)
class LoginResult:
    access_token: str
    expires_in: int
    identity: Identity


class Auth0Login:
    def __init__(
        self,
        *,
        verifier: Auth0Verifier,
        http: httpx.AsyncClient,
        client_secret: str,
        redirect_uri: str,
        signing_secret: str,
    ) -> None:
        self.verifier = verifier
        self._http = http
        self._client_secret = client_secret
        self.redirect_uri = redirect_uri
        self._signing_secret = signing_secret

    def start(self) -> LoginStart:
        state = secrets.token_urlsafe(24)
        code_verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(code_verifier.encode()).digest())
        query = urlencode({
            "response_type": "code",
            "client_id": self.verifier.client_id,
            "redirect_uri": self.redirect_uri,
            "audience": self.verifier.audience,
            "scope": SCOPES,
            "state": state,
            "code_challenge": challenge.rstrip(b"=").decode(),
            "code_challenge_method": "S256",
        })
        cookie = jwt.encode(
            {"aud": COOKIE_AUDIENCE, "exp": int(time.time()) + LOGIN_TTL_SECONDS,
             "state": state, "verifier": code_verifier},
            self._signing_secret,
            algorithm="HS256",
        )
        return LoginStart(f"{self.verifier.base_url}/authorize?{query}", state, cookie)

    async def finish(self, *, code: str, state: str, cookie: str | None) -> LoginResult:
        pending = self._pending_login(cookie)
        if not hmac.compare_digest(str(pending.get("state", "")), state):
            raise InvalidToken("the login state does not match; start the login again",
                               "login_failed")
        tokens = await self._exchange(code, str(pending.get("verifier", "")))
        identity = await self.verifier.verify(str(tokens.get("access_token", "")))
        profile = await self._profile(tokens.get("id_token"), identity.subject)
        identity = Identity(
            subject=identity.subject,
            token_id=identity.token_id,
            expires_at=identity.expires_at,
            email=identity.email or profile.get("email"),
            name=identity.name or profile.get("name"),
        )
        expires_in = tokens.get("expires_in")
        return LoginResult(
            access_token=str(tokens["access_token"]),
            expires_in=expires_in if isinstance(expires_in, int) else 0,
            identity=identity,
        )

    def _pending_login(self, cookie: str | None) -> dict[str, Any]:
        if not cookie:
            raise InvalidToken("no login in progress in this browser", "login_failed")
        try:
            return jwt.decode(cookie, self._signing_secret, algorithms=["HS256"],
                              audience=COOKIE_AUDIENCE)
        except jwt.PyJWTError as error:
            raise InvalidToken("the login expired; start it again", "login_failed") from error

    async def _exchange(self, code: str, code_verifier: str) -> dict[str, Any]:
        try:
            response = await self._http.post(
                f"{self.verifier.base_url}/oauth/token",
                data={
                    "grant_type": "authorization_code",
                    "client_id": self.verifier.client_id,
                    "client_secret": self._client_secret,
                    "code": code,
                    "code_verifier": code_verifier,
                    "redirect_uri": self.redirect_uri,
                },
            )
        except httpx.HTTPError as error:
            raise ApiError(503, "auth_unavailable",
                           "the identity provider cannot be reached") from error
        if response.status_code != 200:
            raise InvalidToken("the identity provider refused the login code", "login_failed")
        try:
            tokens = response.json()
        except ValueError:
            tokens = None
        if not isinstance(tokens, dict) or not tokens.get("access_token"):
            raise InvalidToken("the identity provider sent no access token", "login_failed")
        return tokens

    async def _profile(self, id_token: object, subject: str) -> dict[str, str]:
        """Email and name from the ID token, verified for our client and the same person."""
        if not isinstance(id_token, str):
            return {}
        claims = await self.verifier.decode(id_token, audience=self.verifier.client_id)
        if claims.get("sub") != subject:
            raise InvalidToken("the ID token is for another person", "login_failed")
        return {key: claims[key] for key in ("email", "name") if isinstance(claims.get(key), str)}
