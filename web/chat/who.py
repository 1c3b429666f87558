"""The person of a chat session, as the handlers need them: verified id, language, currency."""

from __future__ import annotations

from dataclasses import dataclass
from http.cookies import SimpleCookie

import chainlit as cl

SMALL_SCREEN_COOKIE = "songwish_small_screen"


@dataclass(frozen=True)
class Who:
    """From the session (login and settings), never from what the model or page says."""

    user_id: str
    locale: str
    currency: str
    in_shop: bool
    small_screen: bool = False

    @classmethod
    def current(cls) -> Who:
        user = cl.user_session.get("user")
        return cls(
            user_id=user.identifier,
            locale=cl.user_session.get("locale") or "en",
            currency=cl.user_session.get("currency") or "EUR",
            in_shop=cl.context.session.client_type == "copilot",
            small_screen=_small_screen(),
        )


def _small_screen() -> bool:
    """A phone-sized chat page, as public/screen.js says in a cookie (layout only)."""
    environ = getattr(cl.context.session, "environ", None) or {}
    cookies = SimpleCookie(environ.get("HTTP_COOKIE", ""))
    morsel = cookies.get(SMALL_SCREEN_COOKIE)
    return morsel is not None and morsel.value == "1"
