import pytest

from store import users
from store.errors import Conflict, InvalidInput
from store.users import InvalidCredentials


async def test_register_and_authenticate(db):
    async with db.session() as session:
        user = await users.register_local_user(
            session, email=" Ana@Example.com ", password="correct horse"
        )
        assert user.email == "ana@example.com" and user.password_hash.startswith("scrypt$")
        assert "correct horse" not in user.password_hash
        found = await users.authenticate_local_user(
            session, email="ANA@example.com", password="correct horse"
        )
        assert found.id == user.id
        with pytest.raises(InvalidCredentials):
            await users.authenticate_local_user(
                session, email="ana@example.com", password="wrong pass"
            )
        with pytest.raises(InvalidCredentials):
            await users.authenticate_local_user(
                session, email="nobody@example.com", password="whatever1"
            )


@pytest.mark.parametrize(
    ("email", "password"),
    [("not-an-email", "long enough"), ("a@b.c", "short"), ("", "long enough")],
)
async def test_register_rejects_bad_input(db, email, password):
    async with db.session() as session:
        with pytest.raises(InvalidInput):
            await users.register_local_user(session, email=email, password=password)


async def test_duplicate_email_conflicts(db):
    async with db.session() as session:
        await users.register_local_user(session, email="a@example.com", password="password1")
        with pytest.raises(Conflict):
            await users.register_local_user(session, email="A@example.com", password="password2")


async def test_external_identity_is_created_once(db):
    async with db.session() as session:
        first = await users.get_or_create_user(
            session, auth_subject="auth0|123", email="x@example.com"
        )
        again = await users.get_or_create_user(
            session, auth_subject="auth0|123", email="x@example.com"
        )
        assert first.id == again.id


async def test_preferences_are_validated(db):
    async with db.session() as session:
        user = await users.get_or_create_user(session, auth_subject="auth0|p")
        await users.update_preferences(
            session, user_id=user.id, locale="fr", currency="gbp", usual_budget=5000
        )
        assert (user.locale, user.currency, user.usual_budget) == ("fr", "GBP", 5000)
        with pytest.raises(InvalidInput):
            await users.update_preferences(session, user_id=user.id, locale="de")
        with pytest.raises(InvalidInput):
            await users.update_preferences(session, user_id=user.id, currency="CHF")
        with pytest.raises(InvalidInput):
            await users.update_preferences(session, user_id=user.id, usual_budget=-5)
