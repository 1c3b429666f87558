import pytest

from store import profiles
from store.errors import InvalidInput, NotFound
from tests.store.factories import make_user


async def test_remember_then_find_by_name_or_relationship_in_either_language(db):
    async with db.session() as session:
        ana = await make_user(session, "ana")
        await profiles.remember_recipient(
            session,
            user_id=ana.id,
            name="Léa",
            relationship="ma sœur",
            tastes=["jazz"],
            instruments=["piano"],
            skill_level="débutante",
            occasion="anniversaire",
            occasion_date="03-14",
            budget=5000,
            currency="EUR",
        )
    async with db.session() as session:
        for reference in ("Léa", "lea", "my sister", "pour ma sœur", "sister"):
            found = await profiles.find_recipient(session, user_id=ana.id, reference=reference)
            assert found is not None and found.name == "Léa", reference
        summary = profiles.profile_summary(found, "fr")
        assert summary == {
            "name": "Léa",
            "relationship": "sister",
            "tastes": ["jazz"],
            "instruments": ["piano"],
            "skill_level": "beginner",
            "occasions": [{"name": "anniversaire", "date": "03-14"}],
            "budget_display": "50,00\u00a0€",
        }
        assert await profiles.find_recipient(session, user_id=ana.id, reference="brother") is None


async def test_correcting_replaces_lists_and_keeps_other_fields(db):
    async with db.session() as session:
        ana = await make_user(session, "ana")
        await profiles.remember_recipient(
            session, user_id=ana.id, name="Dad", tastes=["blues", "rock"], skill_level="advanced"
        )
        await profiles.remember_recipient(session, user_id=ana.id, name="papa", tastes=["jazz"])
        await profiles.remember_recipient(
            session, user_id=ana.id, name="dad", occasion="birthday", occasion_date="2026-06-01"
        )
        await profiles.remember_recipient(
            session, user_id=ana.id, name="dad", occasion="Birthday", occasion_date="2026-06-02"
        )
    async with db.session() as session:
        (dad,) = await profiles.list_recipients(session, user_id=ana.id)
        assert dad.relationship == "father"
        assert dad.tastes == ["jazz"] and dad.skill_level == "advanced"
        assert dad.occasions == [{"name": "Birthday", "date": "2026-06-02"}]


async def test_profiles_never_cross_users(db):
    async with db.session() as session:
        ana = await make_user(session, "ana")
        bob = await make_user(session, "bob")
        await profiles.remember_recipient(
            session, user_id=ana.id, name="Léa", relationship="sister"
        )
        await profiles.remember_recipient(session, user_id=bob.id, name="Léa", tastes=["metal"])
    async with db.session() as session:
        assert await profiles.find_recipient(session, user_id=bob.id, reference="my sister") is None
        with pytest.raises(NotFound):
            await profiles.forget_recipient(session, user_id=bob.id, name="sister")
        assert await profiles.forget_recipient(session, user_id=bob.id, name="léa") == "Léa"
    async with db.session() as session:
        (lea,) = await profiles.list_recipients(session, user_id=ana.id)
        assert lea.relationship == "sister"
        assert await profiles.list_recipients(session, user_id=bob.id) == []


@pytest.mark.parametrize(
    "fields",
    [
        {"name": ""},
        {"name": "x" * 200},
        {"name": "Léa", "skill_level": "godlike"},
        {"name": "Léa", "occasion_date": "31/12"},
        {"name": "Léa", "occasion_date": "2026-02-30"},
        {"name": "Léa", "tastes": ["x" * 41]},
        {"name": "Léa", "tastes": "jazz"},
        {"name": "Léa", "budget": -5},
        {"name": "Léa", "budget": 5000, "currency": "XXXX"},
    ],
)
async def test_bad_profile_fields_are_rejected_and_nothing_is_saved(db, fields):
    async with db.session() as session:
        ana = await make_user(session, "ana")
    with pytest.raises(InvalidInput):
        async with db.session() as session:
            await profiles.remember_recipient(session, user_id=ana.id, **fields)
    async with db.session() as session:
        assert await profiles.list_recipients(session, user_id=ana.id) == []
