"""/store: a small demo music shop that embeds the SongWish chat widget (Chainlit copilot).

The page lists catalogue items with their prices and keeps a cart in the
browser. `POST /store/chat-token` gives the widget its identity: the shopper
signed in to the shop (the REST API's bearer token), else the person already
signed in to the chat in this browser, else a guest account remembered by a
signed cookie, which signing in replaces. See docs/widget.md.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from knowledge.catalog import CatalogItem
from knowledge.vocabulary import category_label
from songwish.settings import Settings
from store.models import User
from store.money import money_fields
from web.auth import InvalidToken
from web.chat.identity import (
    GUEST_DAYS,
    chat_access_token,
    guest_cookie,
    guest_from_cookie,
    new_guest,
    user_from_chat_cookie,
)
from web.deps import AuthDep, ServicesDep, SessionDep, SettingsDep, guest_locale, limit_ip
from web.middleware import CHAT_PATH
from web.pages.templates import STATIC, page

router = APIRouter(include_in_schema=False)
GUEST_COOKIE = "songwish_shop_guest"
ITEMS_PER_CATEGORY = 2
SHOP_CURRENCY = "EUR"

WORDS = {
    "en": {
        "shop": "Harmony Music Shop", "hero": "Instruments, vinyl and music gifts",
        "hero_text": "Not sure what to pick? Ask SongWish, our gift assistant, in the corner.",
        "add": "Add to cart", "ask": "Ask SongWish", "cart": "Cart", "empty": "Your cart is empty.",
        "total": "Total", "checkout": "Checkout (demo)", "sign_in": "Sign in",
        "sign_out": "Sign out",
        "email": "Email", "password": "Password", "guest": "Browsing as a guest",
        "signed_in": "Signed in", "bad_login": "Wrong email or password.", "demo": "Demo shop",
        "remove": "Remove", "ask_about": "Tell me about “{title}”",
    },
    "fr": {
        "shop": "Harmony, magasin de musique", "hero": "Instruments, vinyles et cadeaux musicaux",
        "hero_text": "Vous hésitez ? Demandez à SongWish, notre assistant cadeaux, dans le coin.",
        "add": "Ajouter au panier", "ask": "Demander à SongWish", "cart": "Panier",
        "empty": "Votre panier est vide.", "total": "Total", "checkout": "Commander (démo)",
        "sign_in": "Se connecter", "sign_out": "Se déconnecter", "email": "E-mail",
        "password": "Mot de passe", "guest": "Vous naviguez en invité", "signed_in": "Connecté",
        "bad_login": "E-mail ou mot de passe incorrect.", "demo": "Boutique de démonstration",
        "remove": "Retirer", "ask_about": "Parle-moi de « {title} »",
    },
}  # fmt: skip


@router.get("/store", response_class=HTMLResponse)
async def shop(request: Request, services: ServicesDep) -> Response:
    locale = guest_locale(request)
    items = await asyncio.to_thread(services.catalog.items)
    return page(
        "store.html",
        locale=locale,
        w=WORDS[locale],
        chat_path=CHAT_PATH,
        products=[_product(item, locale) for item in _showcase(items)],
    )


def _showcase(items: list[CatalogItem]) -> list[CatalogItem]:
    """A few items of each category, sold in the shop's currency."""
    shown: dict[str, list[CatalogItem]] = {}
    for item in items:
        picked = shown.setdefault(item.category, [])
        if len(picked) < ITEMS_PER_CATEGORY and item.price_in(SHOP_CURRENCY) is not None:
            picked.append(item)
    return [item for picked in shown.values() for item in picked]


def _product(item: CatalogItem, locale: str) -> dict[str, object]:
    return {
        "id": item.id,
        "title": item.localized_title(locale),
        "category": category_label(item.category, locale),
        "description": item.localized_description(locale),
        **money_fields(item.price_in(SHOP_CURRENCY) or 0, SHOP_CURRENCY, locale),
    }


@router.get("/store/assets/store.js")
async def script() -> FileResponse:
    return FileResponse(STATIC / "store.js", media_type="text/javascript")


@router.post("/store/chat-token", dependencies=[Depends(limit_ip)])
async def chat_token(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    auth: AuthDep,
    authorization: Annotated[str | None, Header()] = None,
) -> Response:
    """A short-lived token for the widget's `accessToken`, for whoever this shopper is."""
    if authorization:  # the shop's own login: a bearer token of our API, verified
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise InvalidToken("send the shopper's token as 'Authorization: Bearer <token>'")
        shopper = (await auth.authenticate(session, token)).user
        return _token_answer(shopper, settings, guest=False)
    chatting = await user_from_chat_cookie(session, request.cookies, settings)
    if chatting is not None:
        return _token_answer(chatting, settings, guest=False)
    guest = await _guest(session, request, settings)
    response = _token_answer(guest, settings, guest=True)
    response.set_cookie(
        GUEST_COOKIE,
        guest_cookie(guest, settings),
        max_age=GUEST_DAYS * 86400,
        path="/store",
        httponly=True,
        samesite="lax",
        secure=settings.public_url.startswith("https://"),
    )
    return response


def _token_answer(user: User, settings: Settings, *, guest: bool) -> JSONResponse:
    return JSONResponse(
        {
            "access_token": chat_access_token(user, settings),
            "guest": guest,
            "name": user.display_name,
        },
        headers={"Cache-Control": "no-store"},
    )


async def _guest(session: SessionDep, request: Request, settings: Settings) -> User:
    """The guest this browser already is (signed cookie), or a new one."""
    known = await guest_from_cookie(session, request.cookies.get(GUEST_COOKIE), settings)
    return known or await new_guest(session, guest_locale(request))
