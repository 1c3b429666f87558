"""Who is chatting: local logins (a new email registers), Auth0 by `sub`, the session secret."""

from __future__ import annotations

import os

import pytest
from chainlit import oauth_providers

from songwish.settings import get_settings
from store import users
from web.chat import identity


async def test_a_new_email_registers_and_a_known_one_needs_its_password(db):
    async with db.session() as session:
        created = await identity.local_login(
            session, email="Lea@Example.com", password="piano-jazz-60"
        )
    assert created is not None
    async with db.session() as session:
        again = await identity.local_login(
            session, email="lea@example.com", password="piano-jazz-60"
        )
        refusals = []
        for email, password in (
            ("lea@example.com", "not-it-at-all"),
            ("tom@example.com", "short"),
            ("not an email", "long enough pw"),
        ):
            with pytest.raises(identity.LoginRefused) as refused:
                await identity.local_login(session, email=email, password=password)
            refusals.append(refused.value.reason)
        stored = await users.get_user(session, user_id=created.identifier)
    assert again is not None and again.identifier == created.identifier
    # Keys of the login page's texts (.chainlit/translations: auth.login.errors.*).
    assert refusals == ["wrongpassword", "passwordrule", "invalidemail"]
    assert stored.email == "lea@example.com" and created.display_name == "lea"
    assert created.metadata == {"locale": "en", "currency": "EUR"}


async def test_auth0_people_are_found_by_sub_and_never_merged_by_email(db):
    async with db.session() as session:
        await users.register_local_user(session, email="ana@example.com", password="long enough pw")
        first = await identity.auth0_login(
            session, {"sub": "auth0|42", "email": "ana@example.com", "name": "Ana"}
        )
        second = await identity.auth0_login(session, {"sub": "auth0|42", "name": "Ana B."})
        nobody = await identity.auth0_login(session, {"email": "x@example.com"})
        auth0_user = await users.get_user(session, user_id=first.identifier)
    assert first.identifier == second.identifier
    assert nobody is None
    assert auth0_user.auth_subject == "auth0|42" and auth0_user.email is None


def test_the_chat_secret_is_derived_from_secret_key_unless_set(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    get_settings.cache_clear()
    derived = identity.chat_secret(get_settings())
    assert derived != "k" * 40 and len(derived) == 64
    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", "chainlit-secret")
    get_settings.cache_clear()
    assert identity.chat_secret(get_settings()) == "chainlit-secret"


def test_auth0_settings_become_chainlits_provider(monkeypatch):
    for name in (
        "OAUTH_AUTH0_DOMAIN",
        "OAUTH_AUTH0_CLIENT_ID",
        "OAUTH_AUTH0_CLIENT_SECRET",
        "CHAINLIT_URL",
        "CHAINLIT_AUTH_SECRET",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AUTH0_DOMAIN", "https://songwish.eu.auth0.com/")
    monkeypatch.setenv("AUTH0_CLIENT_ID", "client-id")
    monkeypatch.setenv("AUTH0_CLIENT_SECRET", "client-secret")
    monkeypatch.setenv("PUBLIC_URL", "https://songwish.example.com/")
    get_settings.cache_clear()
    saved = list(oauth_providers.providers)
    try:
        identity.configure_chainlit(get_settings())
        assert os.environ["OAUTH_AUTH0_DOMAIN"] == "songwish.eu.auth0.com"
        assert os.environ["CHAINLIT_URL"] == "https://songwish.example.com"
        assert "auth0" in oauth_providers.get_configured_oauth_providers()
        provider = oauth_providers.get_oauth_provider("auth0")
        assert provider.client_id == "client-id"
        assert provider.authorize_url == "https://songwish.eu.auth0.com/authorize"
    finally:
        oauth_providers.providers[:] = saved
        for name in (
            "OAUTH_AUTH0_DOMAIN",
            "OAUTH_AUTH0_CLIENT_ID",
            "OAUTH_AUTH0_CLIENT_SECRET",
            "CHAINLIT_URL",
            "CHAINLIT_AUTH_SECRET",
        ):
            os.environ.pop(name, None)


def test_without_auth0_only_the_session_secret_is_set(monkeypatch):
    monkeypatch.delenv("OAUTH_AUTH0_CLIENT_ID", raising=False)
    monkeypatch.delenv("CHAINLIT_AUTH_SECRET", raising=False)
    get_settings.cache_clear()
    try:
        identity.configure_chainlit(get_settings())
        assert os.environ["CHAINLIT_AUTH_SECRET"] == identity.chat_secret(get_settings())
        assert "OAUTH_AUTH0_CLIENT_ID" not in os.environ
    finally:
        os.environ.pop("CHAINLIT_AUTH_SECRET", None)
