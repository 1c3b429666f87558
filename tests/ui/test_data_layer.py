"""The chat UI's threads really persist, on SQLite and PostgreSQL, through our data layer."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from chainlit.element import CustomElement
from chainlit.types import Feedback, Pagination, ThreadFilter
from sqlalchemy import func, select

from store import sessions
from store.chat_history import ChatElement, ChatFeedback, ChatStep
from store.db import Database
from store.errors import InvalidInput, NotFound
from tests.store.factories import make_user
from web.chat.data_layer import StoreDataLayer


def make_step(thread_id: str, *, kind: str, output: str, at: str, **extra) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "threadId": thread_id,
        "type": kind,
        "name": "SongWish",
        "parentId": None,
        "streaming": False,
        "metadata": {"locale": "fr"},
        "tags": ["gift", "fr"],
        "input": "",
        "isError": False,
        "output": output,
        "createdAt": at,
        "start": at,
        "end": at,
        "language": None,
        "showInput": "json",
        "defaultOpen": False,
        "autoCollapse": None,
        "generation": None,
        **extra,
    }


async def new_user(db: Database, name: str) -> str:
    async with db.session() as session:
        return (await make_user(session, name)).id


async def test_a_conversation_survives_a_restart_with_every_field(db, chainlit_context):
    ana = await new_user(db, "ana")
    thread_id = str(uuid.uuid4())
    before = StoreDataLayer(Database(db.url))
    await before.update_thread(thread_id, name="Un cadeau pour ma sœur", user_id=ana, tags=["fr"])
    await before.update_thread(
        thread_id, metadata={"chat_settings": {"language": "fr", "currency": "EUR"}, "env": "x"}
    )
    await before.update_thread(thread_id, metadata={"env": None})
    question = make_step(
        thread_id,
        kind="user_message",
        output="Une idée sous 50 € ?",
        at="2026-03-01T10:00:00.000001Z",
    )
    answer = make_step(
        thread_id, kind="assistant_message", output="", at="2026-03-01T10:00:01.000001Z"
    )
    search = make_step(
        thread_id,
        kind="tool",
        output='[{"id": "ukulele-01"}]',
        at="2026-03-01T10:00:00.500000Z",
        name="search_catalog",
        parentId=answer["id"],
        input='{"query": "ukulélé", "max_price": 5000}',
    )
    await before.create_step(question)
    await before.create_step(answer)
    await before.create_step(search)
    await before.update_step({**answer, "output": "Voici trois idées pour elle."})
    card = CustomElement(
        name="GiftCards",
        props={"items": [{"id": "ukulele-01", "price": "49,00 €"}]},
        for_id=answer["id"],
        thread_id=thread_id,
        display="inline",
    )
    await before.create_element(card)
    feedback_id = await before.upsert_feedback(
        Feedback(forId=answer["id"], value=1, threadId=thread_id, comment=" parfait ")
    )
    await before.database.dispose()

    after = StoreDataLayer(Database(db.url))  # a new process would build exactly this
    try:
        thread = await after.get_thread(thread_id)
        assert thread is not None
        assert thread["userIdentifier"] == ana and thread["userId"] == ana
        assert thread["name"] == "Un cadeau pour ma sœur"
        assert thread["tags"] == ["fr"]
        assert thread["metadata"] == {"chat_settings": {"language": "fr", "currency": "EUR"}}
        assert [s["id"] for s in thread["steps"]] == [question["id"], search["id"], answer["id"]]
        assert thread["steps"][0] == question
        assert thread["steps"][1] == search  # input, parent, tags, metadata: nothing dropped
        final = thread["steps"][2]
        assert final["output"] == "Voici trois idées pour elle."
        assert final["feedback"] == {
            "id": feedback_id,
            "forId": answer["id"],
            "value": 1,
            "comment": "parfait",
        }
        [element] = thread["elements"]
        assert element["id"] == card.id and element["forId"] == answer["id"]
        assert element["props"] == {"items": [{"id": "ukulele-01", "price": "49,00 €"}]}
        assert await after.get_element(thread_id, card.id) == element
        assert await after.get_thread_author(thread_id) == ana
    finally:
        await after.database.dispose()


async def test_threads_are_listed_per_owner_filtered_and_paged(db, layer):
    ana, bob = await new_user(db, "ana"), await new_user(db, "bob")
    ids = [str(uuid.uuid4()) for _ in range(3)]
    for number, thread_id in enumerate(ids):
        await layer.update_thread(thread_id, name=f"Idée {number}", user_id=ana)
        await layer.create_step(
            make_step(
                thread_id,
                kind="assistant_message",
                output=f"réponse {number} piano",
                at=f"2026-03-0{number + 1}T10:00:00Z",
            )
        )
    async with db.session() as session:  # a REST-only conversation is not a chat-UI thread
        await sessions.open_session(session, user_id=ana, title="from the API")

    first = await layer.list_threads(Pagination(first=2), ThreadFilter(userId=ana))
    assert [t["id"] for t in first.data] == [ids[2], ids[1]]
    assert first.pageInfo.hasNextPage and first.pageInfo.endCursor == ids[1]
    rest = await layer.list_threads(Pagination(first=2, cursor=ids[1]), ThreadFilter(userId=ana))
    assert [t["id"] for t in rest.data] == [ids[0]] and not rest.pageInfo.hasNextPage

    found = await layer.list_threads(
        Pagination(first=10), ThreadFilter(userId=ana, search="Réponse 1")
    )
    assert [t["id"] for t in found.data] == [ids[1]]
    by_title = await layer.list_threads(
        Pagination(first=10), ThreadFilter(userId=ana, search="idée 2")
    )
    assert [t["id"] for t in by_title.data] == [ids[2]]

    step_id = (await layer.get_thread(ids[0]))["steps"][0]["id"]
    await layer.upsert_feedback(Feedback(forId=step_id, value=0, threadId=ids[0]))
    liked = await layer.list_threads(Pagination(first=10), ThreadFilter(userId=ana, feedback=0))
    assert [t["id"] for t in liked.data] == [ids[0]]
    assert (
        await layer.list_threads(Pagination(first=10), ThreadFilter(userId=ana, feedback=1))
    ).data == []

    assert (await layer.list_threads(Pagination(first=10), ThreadFilter(userId=bob))).data == []
    with pytest.raises(InvalidInput):  # a cursor from someone else's list
        await layer.list_threads(Pagination(first=2, cursor=ids[0]), ThreadFilter(userId=bob))


async def test_another_user_cannot_take_a_thread_over(db, layer):
    ana, bob = await new_user(db, "ana"), await new_user(db, "bob")
    thread_id = str(uuid.uuid4())
    await layer.update_thread(thread_id, name="Pour papa", user_id=ana)
    with pytest.raises(NotFound):
        await layer.update_thread(thread_id, name="mine now", user_id=bob)
    thread = await layer.get_thread(thread_id)
    assert thread["userIdentifier"] == ana and thread["name"] == "Pour papa"


async def test_a_thread_needs_an_owner_and_writes_fail_loudly(db, layer):
    unknown = str(uuid.uuid4())
    await layer.update_thread(unknown, name="nobody")  # Chainlit before login: nothing stored
    assert await layer.get_thread(unknown) is None
    with pytest.raises(ValueError):
        await layer.get_thread_author(unknown)
    with pytest.raises(NotFound):
        await layer.create_step(
            make_step(unknown, kind="user_message", output="hi", at="2026-03-01T10:00:00Z")
        )
    with pytest.raises(NotFound):
        await layer.upsert_feedback(Feedback(forId=str(uuid.uuid4()), value=1))

    ana = await new_user(db, "ana")
    thread_id = str(uuid.uuid4())
    await layer.update_thread(thread_id, user_id=ana)
    with pytest.raises(InvalidInput):
        await layer.update_thread("not a valid id!", user_id=ana)


async def test_feedback_is_one_per_message_and_can_be_removed(db, layer):
    ana = await new_user(db, "ana")
    thread_id = str(uuid.uuid4())
    await layer.update_thread(thread_id, user_id=ana)
    step = make_step(thread_id, kind="assistant_message", output="ok", at="2026-03-01T10:00:00Z")
    await layer.create_step(step)
    first = await layer.upsert_feedback(Feedback(forId=step["id"], value=1))
    second = await layer.upsert_feedback(Feedback(forId=step["id"], value=0, comment="bof"))
    assert first == second
    assert (await layer.get_thread(thread_id))["steps"][0]["feedback"]["value"] == 0
    assert await layer.delete_feedback(first) is True
    assert await layer.delete_feedback(first) is False
    assert "feedback" not in (await layer.get_thread(thread_id))["steps"][0]


async def test_a_streamed_message_keeps_its_final_text_under_concurrent_writes(db, layer):
    ana = await new_user(db, "ana")
    thread_id = str(uuid.uuid4())
    await layer.update_thread(thread_id, user_id=ana)
    message = make_step(thread_id, kind="assistant_message", output="", at="2026-03-01T10:00:00Z")
    # Chainlit fires these as independent tasks: create, then updates as tokens arrive.
    tasks = [asyncio.create_task(layer.create_step(message))]
    text = ""
    for word in ["Voici", "trois", "idées", "de", "cadeaux", "pour", "ta", "sœur", "pianiste"]:
        text = f"{text} {word}".strip()
        tasks.append(asyncio.create_task(layer.update_step({**message, "output": text})))
    await asyncio.gather(*tasks)
    assert (await layer.get_thread(thread_id))["steps"][0]["output"] == text


async def test_deleting_a_step_or_a_thread_leaves_nothing_behind(db, layer):
    ana = await new_user(db, "ana")
    thread_id = str(uuid.uuid4())
    await layer.update_thread(thread_id, user_id=ana)
    keep = make_step(thread_id, kind="user_message", output="a", at="2026-03-01T10:00:00Z")
    drop = make_step(thread_id, kind="assistant_message", output="b", at="2026-03-01T10:00:01Z")
    for step in (keep, drop):
        await layer.create_step(step)
        await layer.create_element(
            CustomElement(name="GiftCards", props={"n": 1}, for_id=step["id"], thread_id=thread_id)
        )
        await layer.upsert_feedback(Feedback(forId=step["id"], value=1))
    await layer.delete_step(drop["id"])
    thread = await layer.get_thread(thread_id)
    assert [s["id"] for s in thread["steps"]] == [keep["id"]]
    assert [e["forId"] for e in thread["elements"]] == [keep["id"]]

    await layer.delete_thread(thread_id)
    assert await layer.get_thread(thread_id) is None
    async with db.session() as session:
        for table in (ChatStep, ChatElement, ChatFeedback):
            assert await session.scalar(select(func.count()).select_from(table)) == 0


async def test_users_are_ours_and_never_created_by_the_ui(db, layer):
    ana = await new_user(db, "ana")
    user = await layer.get_user(ana)
    assert user is not None and user.id == ana and user.identifier == ana
    assert user.display_name == "ana" and user.metadata == {"locale": "en", "currency": "EUR"}
    assert await layer.get_user("someone-else") is None
    from chainlit.user import User

    assert await layer.create_user(User(identifier="forged")) is None
    assert (await layer.create_user(User(identifier=ana))).id == ana
