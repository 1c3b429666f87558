import pytest

from store import sessions
from store.errors import InvalidInput, NotFound
from tests.store.factories import make_user


async def test_open_creates_then_reopens_for_the_owner(db):
    async with db.session() as session:
        ana = await make_user(session, "ana")
        created = await sessions.open_session(
            session, user_id=ana.id, title="Un cadeau pour ma sœur"
        )
    async with db.session() as session:
        again = await sessions.open_session(session, user_id=ana.id, session_id=created.id)
        assert again.id == created.id
        assert again.title == "Un cadeau pour ma sœur"
        assert [s.id for s in await sessions.list_sessions(session, user_id=ana.id)] == [created.id]


async def test_another_users_session_is_not_found(db):
    async with db.session() as session:
        ana = await make_user(session, "ana")
        bob = await make_user(session, "bob")
        chat = await sessions.open_session(session, user_id=ana.id, session_id="thread-ana-0001")
    async with db.session() as session:
        with pytest.raises(NotFound):
            await sessions.open_session(session, user_id=bob.id, session_id=chat.id)
        with pytest.raises(NotFound):
            await sessions.get_session(session, user_id=bob.id, session_id=chat.id)
        with pytest.raises(NotFound):
            await sessions.delete_session(session, user_id=bob.id, session_id=chat.id)
        assert await sessions.list_sessions(session, user_id=bob.id) == []
    async with db.session() as session:
        assert (
            await sessions.get_session(session, user_id=ana.id, session_id=chat.id)
        ).id == chat.id


@pytest.mark.parametrize(
    "bad", ["", "short", "has space inside!", "x" * 65, 42, "../../etc/passwd"]
)
async def test_malformed_session_ids_are_rejected(db, bad):
    async with db.session() as session:
        ana = await make_user(session, "ana")
        with pytest.raises(InvalidInput):
            await sessions.open_session(session, user_id=ana.id, session_id=bad)


async def test_long_first_message_gives_a_short_title(db):
    async with db.session() as session:
        ana = await make_user(session, "ana")
        chat = await sessions.open_session(session, user_id=ana.id, title="word " * 100)
        assert len(chat.title) <= sessions.TITLE_CHARS and chat.title.endswith("…")
