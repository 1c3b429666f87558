"""Accounts and tokens."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from store.models import User
from store.money import to_major
from web.schemas.common import Currency, MajorAmount, RequestModel


class Credentials(RequestModel):
    email: str = Field(min_length=3, max_length=320, examples=["ana@example.com"])
    password: str = Field(min_length=1, max_length=1024)


class Registration(Credentials):
    display_name: str | None = Field(None, max_length=120)


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="seconds")


class AuthorizeOut(BaseModel):
    """Auth0: open `authorize_url` in the same browser; the callback answers a `TokenOut`."""

    authorize_url: str
    state: str
    expires_in: int = Field(description="seconds left to finish the login")


class Preferences(RequestModel):
    locale: Literal["en", "fr"] | None = None
    currency: Currency | None = None
    usual_budget: MajorAmount | None = Field(None, description="major units, in `currency`")


class UserOut(BaseModel):
    id: str
    email: str | None
    display_name: str | None
    locale: str
    currency: str
    usual_budget: float | None
    auth_provider: Literal["local", "auth0", "guest"] = Field(
        description="how the account logs in: local password, Auth0, or a widget guest"
    )

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            id=user.id,
            email=user.email,
            display_name=user.display_name,
            locale=user.locale,
            currency=user.currency,
            usual_budget=None if user.usual_budget is None
            else to_major(user.usual_budget, user.currency),
            auth_provider=_provider(user.auth_subject),
        )


def _provider(auth_subject: str) -> Literal["local", "auth0", "guest"]:
    """`local|…` and `guest|…` subjects are ours; any other (`auth0|…`, …) comes from Auth0."""
    prefix = auth_subject.split("|", 1)[0]
    return "local" if prefix == "local" else "guest" if prefix == "guest" else "auth0"
