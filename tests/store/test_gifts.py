import pytest

from store import gifts
from store.errors import IllegalTransition, InvalidInput, NotFound
from store.models import GiftStatus
from tests.store.factories import make_gift, make_list, make_user


async def test_add_gift_validates_and_appends(db):
    async with db.session() as session:
        ana = await make_user(session)
        gift_list = await make_list(session, ana)
        first = await make_gift(session, ana, gift_list, "Capo")
        second = await gifts.add_gift(
            session,
            user_id=ana.id,
            list_id=gift_list.id,
            title="Kind of Blue",
            item_id="vin-001",
            price=2999,
            currency="eur",
            url="https://example.com/kob",
        )
        assert (first.position, second.position) == (0, 1)
        assert second.currency == "EUR" and second.status == GiftStatus.AVAILABLE


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"price": -1, "currency": "EUR"}, "price"),
        ({"price": 10**12, "currency": "EUR"}, "price"),
        ({"price": 12.5, "currency": "EUR"}, "price"),
        ({"price": 100, "currency": "EURO"}, "currency"),
        ({"price": 100, "currency": "ZZZ"}, "currency"),
        ({"price": 100}, "currency"),
        ({"quantity": 0}, "quantity"),
        ({"quantity": 1000}, "quantity"),
        ({"priority": 9}, "priority"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"description": "x" * 5000}, "description"),
        ({"title": "t" * 10_240}, "title"),
    ],
)
async def test_bad_gift_input_raises_typed_errors(db, changes, field):
    async with db.session() as session:
        ana = await make_user(session)
        gift_list = await make_list(session, ana)
        arguments = {"title": "Gift"} | changes
        with pytest.raises(InvalidInput) as error:
            await gifts.add_gift(session, user_id=ana.id, list_id=gift_list.id, **arguments)
        assert error.value.details["field"] == field


async def test_gifts_go_to_the_default_list_when_none_is_named(db):
    async with db.session() as session:
        ana = await make_user(session)
        gift = await gifts.add_gift(session, user_id=ana.id, title="Metronome")
        assert [g.id for g in await gifts.list_gifts(session, user_id=ana.id)] == [gift.id]


async def test_update_move_and_remove(db):
    async with db.session() as session:
        ana = await make_user(session)
        gift_list = await make_list(session, ana)
        a, b, c = [await make_gift(session, ana, gift_list, t) for t in ("A", "B", "C")]
        await gifts.update_gift(
            session, user_id=ana.id, gift_id=a.id, title="A2", price=500, description=None
        )
        assert (a.title, a.price, a.currency) == ("A2", 500, "EUR")
        await gifts.move_gift(session, user_id=ana.id, gift_id=c.id, position=0)
        order = [
            g.title for g in await gifts.list_gifts(session, user_id=ana.id, list_id=gift_list.id)
        ]
        assert order == ["C", "A2", "B"]
        await gifts.remove_gift(session, user_id=ana.id, gift_id=b.id)
        order = [
            g.title for g in await gifts.list_gifts(session, user_id=ana.id, list_id=gift_list.id)
        ]
        assert order == ["C", "A2"]


async def test_other_users_gifts_are_not_found(db):
    async with db.session() as session:
        ana = await make_user(session, "ana")
        bob = await make_user(session, "bob")
        gift = await make_gift(session, ana, await make_list(session, ana))
        for call in (
            gifts.get_gift(session, user_id=bob.id, gift_id=gift.id),
            gifts.update_gift(session, user_id=bob.id, gift_id=gift.id, title="mine"),
            gifts.move_gift(session, user_id=bob.id, gift_id=gift.id, position=0),
            gifts.remove_gift(session, user_id=bob.id, gift_id=gift.id),
            gifts.mark_purchased_by_owner(session, user_id=bob.id, gift_id=gift.id),
            gifts.add_gift(session, user_id=bob.id, list_id=gift.list_id, title="sneaky"),
        ):
            with pytest.raises(NotFound):
                await call
        assert gift.title == "Capo"


async def test_purchase_is_final_except_refund(db):
    async with db.session() as session:
        ana = await make_user(session)
        gift = await make_gift(session, ana, await make_list(session, ana))
        with pytest.raises(IllegalTransition):
            await gifts.refund_purchase(session, gift_id=gift.id)
        await gifts.mark_purchased_by_owner(session, user_id=ana.id, gift_id=gift.id)
        await gifts.record_purchase(session, gift_id=gift.id)  # a replay changes nothing
        assert gift.status == GiftStatus.PURCHASED
        await gifts.refund_purchase(session, gift_id=gift.id)
        assert gift.status == GiftStatus.AVAILABLE


async def test_unknown_ids_are_not_found(db):
    async with db.session() as session:
        ana = await make_user(session)
        with pytest.raises(NotFound):
            await gifts.get_gift(session, user_id=ana.id, gift_id="nope")
        with pytest.raises(NotFound):
            await gifts.record_purchase(session, gift_id="nope")
