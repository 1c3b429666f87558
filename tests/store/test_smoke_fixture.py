from store import gifts, lists
from tests.store.factories import make_gift, make_list, make_user


async def test_add_and_list_gift(db):
    async with db.session() as session:
        user = await make_user(session)
        gift_list = await make_list(session, user)
        await make_gift(session, user, gift_list)
    async with db.session() as session:
        found = await gifts.list_gifts(session, user_id=user.id, list_id=gift_list.id)
        assert [g.title for g in found] == ["Capo"]
        assert [lst.title for lst in await lists.list_lists(session, user_id=user.id)] == ["Birthday"]
