"""/api/auth: log in (local accounts or Auth0), log out, who am I."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Depends, Query, Response, status

from store import users
from store.money import normalize_currency, to_minor
from web.auth import Auth, revoke
from web.auth.auth0_login import COOKIE_NAME, Auth0Login
from web.auth.tokens import LocalTokens
from web.deps import AuthDep, CurrentUser, PrincipalDep, SessionDep, SettingsDep, limit_login
from web.errors import ApiError
from web.schemas.auth import (
    AuthorizeOut,
    Credentials,
    Preferences,
    Registration,
    TokenOut,
    UserOut,
)
from web.schemas.common import errors

router = APIRouter(prefix="/api/auth", tags=["auth"])
CALLBACK_PATH = "/api/auth/callback"


def _local(auth: Auth) -> LocalTokens:
    if auth.local is None:
        raise ApiError(403, "local_accounts_disabled",
                       "this server logs people in through Auth0: POST /api/auth/login "
                       "without a body returns the authorize URL")
    return auth.local


def _auth0(auth: Auth) -> Auth0Login:
    assert auth.auth0_login is not None
    return auth.auth0_login


@router.post("/register", status_code=status.HTTP_201_CREATED, response_model=TokenOut,
             dependencies=[Depends(limit_login)], responses=errors(400, 403, 409, 422, 429))
async def register(body: Registration, session: SessionDep, auth: AuthDep) -> TokenOut:
    """Create a local account (development mode) and log it in."""
    tokens = _local(auth)
    user = await users.register_local_user(
        session, email=body.email, password=body.password, display_name=body.display_name
    )
    issued = tokens.issue(user)
    return TokenOut(access_token=issued.access_token, expires_in=issued.expires_in)


@router.post("/login", response_model=TokenOut | AuthorizeOut,
             dependencies=[Depends(limit_login)], responses=errors(400, 401, 403, 422, 429))
async def login(
    session: SessionDep, auth: AuthDep, settings: SettingsDep, response: Response,
    body: Credentials | None = None,
) -> TokenOut | AuthorizeOut:
    """Local accounts: email + password → a token. Auth0: no body → the authorize URL (PKCE)."""
    if auth.mode == "auth0":
        if body is not None:
            raise ApiError(400, "use_auth0", "send no credentials: log in through Auth0")
        start = _auth0(auth).start()
        response.set_cookie(COOKIE_NAME, start.cookie, max_age=start.expires_in,
                            path=CALLBACK_PATH, httponly=True, samesite="lax",
                            secure=settings.public_url.startswith("https://"))
        return AuthorizeOut(authorize_url=start.authorize_url, state=start.state,
                            expires_in=start.expires_in)
    tokens = _local(auth)
    if body is None:
        raise ApiError(422, "validation_error", "send your email and password")
    user = await users.authenticate_local_user(session, email=body.email, password=body.password)
    issued = tokens.issue(user)
    return TokenOut(access_token=issued.access_token, expires_in=issued.expires_in)


@router.get("/callback", response_model=TokenOut, dependencies=[Depends(limit_login)],
            responses=errors(401, 403, 429, 503))
async def callback(
    session: SessionDep, auth: AuthDep, response: Response,
    code: Annotated[str, Query(min_length=1, max_length=2048)],
    state: Annotated[str, Query(min_length=1, max_length=256)],
    login_cookie: Annotated[str | None, Cookie(alias=COOKIE_NAME)] = None,
) -> TokenOut:
    """Auth0 redirects here: the code is exchanged, the person created on first login."""
    if auth.mode != "auth0":
        raise ApiError(403, "auth0_disabled", "this server uses local accounts")
    result = await _auth0(auth).finish(code=code, state=state, cookie=login_cookie)
    await auth.verifier.user_for(session, result.identity)
    response.delete_cookie(COOKIE_NAME, path=CALLBACK_PATH)
    return TokenOut(access_token=result.access_token, expires_in=result.expires_in)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=errors(401))
async def logout(principal: PrincipalDep, session: SessionDep) -> None:
    """Revoke this token on every replica until it would have expired."""
    await revoke(session, principal.identity)


@router.get("/me", response_model=UserOut, responses=errors(401, 429))
async def me(user: CurrentUser) -> UserOut:
    return UserOut.of(user)


@router.patch("/me", response_model=UserOut, responses=errors(400, 401, 422, 429))
async def update_me(body: Preferences, user: CurrentUser, session: SessionDep) -> UserOut:
    """Language, currency (prices and checkout) and usual budget."""
    currency = normalize_currency(body.currency or user.currency)
    budget = None if body.usual_budget is None else to_minor(body.usual_budget, currency)
    updated = await users.update_preferences(
        session, user_id=user.id, locale=body.locale, currency=body.currency, usual_budget=budget
    )
    return UserOut.of(updated)
