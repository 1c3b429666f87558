import pytest

from store import chat_history
from store.errors import InvalidInput, NotFound
from tests.store.factories import make_user


async def _thread(session, name="ana", thread_id="thread-0001"):
    user = await make_user(session, name)
    await chat_history.save_thread(session, thread_id=thread_id, owner_id=user.id, name="Hi")
    return user


async def test_feedback_values_are_zero_or_one(db):
    async with db.session() as session:
        await _thread(session)
        await chat_history.save_step(
            session,
            step={
                "id": "s1",
                "threadId": "thread-0001",
                "type": "assistant_message",
                "output": "x",
            },
        )
        for bad in (2, -1, True, "1", None):
            with pytest.raises(InvalidInput):
                await chat_history.save_feedback(session, feedback_id="f1", step_id="s1", value=bad)
        saved = await chat_history.save_feedback(
            session, feedback_id="f1", step_id="s1", value=1, comment="x" * 5000
        )
        assert len(saved.comment) == 4000


async def test_steps_and_elements_stay_in_their_thread(db):
    async with db.session() as session:
        await _thread(session, "ana", "thread-ana-1")
        await _thread(session, "bob", "thread-bob-1")
        await chat_history.save_step(
            session,
            step={"id": "s1", "threadId": "thread-ana-1", "type": "user_message", "output": "a"},
        )
        with pytest.raises(NotFound):  # the same step id cannot be moved into another thread
            await chat_history.save_step(
                session,
                step={
                    "id": "s1",
                    "threadId": "thread-bob-1",
                    "type": "user_message",
                    "output": "b",
                },
            )
        await chat_history.save_element(
            session, element={"id": "e1", "threadId": "thread-ana-1", "forId": "s1", "props": {}}
        )
        with pytest.raises(NotFound):
            await chat_history.save_element(
                session, element={"id": "e1", "threadId": "thread-bob-1"}
            )
        assert (
            await chat_history.get_element(session, thread_id="thread-bob-1", element_id="e1")
            is None
        )
        await chat_history.delete_element(session, element_id="e1", thread_id="thread-bob-1")
        assert await chat_history.get_element(session, thread_id="thread-ana-1", element_id="e1")
        for incomplete in ({"id": "s2"}, {"threadId": "thread-ana-1"}):
            with pytest.raises(InvalidInput):
                await chat_history.save_step(session, step=incomplete)


async def test_a_bad_timestamp_falls_back_to_now_and_keeps_the_step(db):
    async with db.session() as session:
        await _thread(session)
        row = await chat_history.save_step(
            session,
            step={
                "id": "s1",
                "threadId": "thread-0001",
                "type": "run",
                "createdAt": "yesterday-ish",
            },
        )
        assert row.created_at is not None and row.data["createdAt"] == "yesterday-ish"
