import pytest

from store import gifts, lists
from store.errors import InvalidInput, NotFound
from store.models import Order
from tests.store.factories import make_gift, make_list, make_user


async def test_create_rename_and_find_list(db):
    async with db.session() as session:
        ana = await make_user(session)
        created = await lists.create_list(
            session, user_id=ana.id, title="  Noël   2026 ", occasion="christmas"
        )
        assert created.title == "Noël 2026"
        renamed = await lists.update_list(session, user_id=ana.id, list_id=created.id, title="Xmas")
        assert renamed.title == "Xmas"
        assert (
            await lists.find_list_by_title(session, user_id=ana.id, title="xmas")
        ).id == created.id


@pytest.mark.parametrize("title", ["", "   ", "x" * 201, "x" * 10_000, None, 42])
async def test_bad_titles_are_rejected(db, title):
    async with db.session() as session:
        ana = await make_user(session)
        with pytest.raises(InvalidInput) as error:
            await lists.create_list(session, user_id=ana.id, title=title)
        assert error.value.details["field"] == "title"


async def test_default_list_is_created_once(db):
    async with db.session() as session:
        ana = await make_user(session)
        first = await lists.get_default_list(session, user_id=ana.id, locale="fr")
        second = await lists.get_default_list(session, user_id=ana.id)
        assert first.id == second.id
        assert first.title == "Ma liste de cadeaux"


async def test_other_users_list_is_not_found(db):
    async with db.session() as session:
        ana = await make_user(session, "ana")
        bob = await make_user(session, "bob")
        anas = await make_list(session, ana)
        for call in (
            lists.get_list(session, user_id=bob.id, list_id=anas.id),
            lists.update_list(session, user_id=bob.id, list_id=anas.id, title="mine"),
            lists.delete_list(session, user_id=bob.id, list_id=anas.id),
            lists.share_list(session, user_id=bob.id, list_id=anas.id),
            lists.revoke_share(session, user_id=bob.id, list_id=anas.id),
            lists.find_list_by_title(session, user_id=bob.id, title=anas.title),
        ):
            with pytest.raises(NotFound):
                await call
        assert await lists.list_lists(session, user_id=bob.id) == []


async def test_share_revoke_and_reshare_gives_a_new_token(db):
    async with db.session() as session:
        ana = await make_user(session)
        gift_list = await make_list(session, ana)
        token = (await lists.share_list(session, user_id=ana.id, list_id=gift_list.id)).share_token
        assert token and len(token) >= 40
        again = (await lists.share_list(session, user_id=ana.id, list_id=gift_list.id)).share_token
        assert again == token  # sharing twice keeps the link people already have
        await lists.revoke_share(session, user_id=ana.id, list_id=gift_list.id)
        fresh = (await lists.share_list(session, user_id=ana.id, list_id=gift_list.id)).share_token
        assert fresh != token


async def test_deleting_a_list_removes_gifts_and_keeps_orders(db):
    async with db.session() as session:
        ana = await make_user(session)
        gift_list = await make_list(session, ana)
        gift = await make_gift(session, ana, gift_list)
        order = Order(
            user_id=ana.id,
            gift_id=gift.id,
            item_id="acc-001",
            title="Capo",
            currency="EUR",
            unit_price=1299,
            total=1299,
            idempotency_key="k1",
            request_hash="h",
        )
        session.add(order)
        await session.flush()
        await lists.delete_list(session, user_id=ana.id, list_id=gift_list.id)
    async with db.session() as session:
        kept = await session.get(Order, order.id)
        assert kept is not None and kept.gift_id is None
        with pytest.raises(NotFound):
            await gifts.get_gift(session, user_id=ana.id, gift_id=gift.id)
