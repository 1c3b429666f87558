"""The person of a chat session, as the handlers need them: verified id, language, currency."""

from __future__ import annotations

from dataclasses import dataclass

import chainlit as cl


@dataclass(frozen=True)
class Who:
    """From the session (login and settings), never from what the model or page says."""

    user_id: str
    locale: str
    currency: str
    in_shop: bool

    @classmethod
    def current(cls) -> Who:
        user = cl.user_session.get("user")
        return cls(
            user_id=user.identifier,
            locale=cl.user_session.get("locale") or "en",
            currency=cl.user_session.get("currency") or "EUR",
            in_shop=cl.context.session.client_type == "copilot",
        )
