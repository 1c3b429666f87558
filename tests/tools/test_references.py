import pytest

from store.errors import InvalidInput, NotFound
from tests.store.factories import make_gift, make_list, make_user
from tools.references import resolve_gift, resolve_list


async def test_lists_and_gifts_are_found_the_way_people_name_them(sqlite_db):
    async with sqlite_db.session() as session:
        ana = await make_user(session, "ana")
        bob = await make_user(session, "bob")
        birthday = await make_list(session, ana, "Anniversaire de Léa")
        await make_list(session, ana, "Noël 2026")
        bobs = await make_list(session, bob, "Bob's wedding")
        for title in ("Capo", "Guitar strings", "Guitar strap"):
            await make_gift(session, ana, birthday, title)

        found = await resolve_list(session, user_id=ana.id, list_name="anniversaire de lea",
                                   active_list=None, locale="fr")  # fmt: skip
        assert found.id == birthday.id
        assert (await resolve_list(session, user_id=ana.id, list_name="noel", active_list=None,
                                   locale="fr")).title == "Noël 2026"  # fmt: skip
        current = await resolve_list(session, user_id=ana.id, list_name=None,
                                     active_list={"id": birthday.id}, locale="fr")  # fmt: skip
        assert current.id == birthday.id
        with pytest.raises(NotFound):  # another user's list, by title or by id
            await resolve_list(session, user_id=ana.id, list_name="Bob's wedding",
                               active_list=None, locale="en")  # fmt: skip
        fallback = await resolve_list(session, user_id=ana.id, list_name=None,
                                      active_list={"id": bobs.id}, locale="en")  # fmt: skip
        assert fallback.owner_id == ana.id

        second, on_list = await resolve_gift(session, user_id=ana.id, gift_list=birthday,
                                             reference="2")  # fmt: skip
        assert second.title == "Guitar strings" and len(on_list) == 3
        capo, _ = await resolve_gift(session, user_id=ana.id, gift_list=birthday, reference="capo")
        assert capo.title == "Capo"
        with pytest.raises(InvalidInput, match="several match"):
            await resolve_gift(session, user_id=ana.id, gift_list=birthday, reference="guitar")
        with pytest.raises(NotFound):
            await resolve_gift(session, user_id=ana.id, gift_list=birthday, reference="9")
