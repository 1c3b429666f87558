"""Chainlit's data layer over our own database (`store.chat_history`).

Why not Chainlit's `SQLAlchemyDataLayer`: its `users` table clashes with ours,
it logs SQL errors instead of raising them (a missing column silently loses
data) and cannot bind list values on SQLite. Here a Chainlit user *is* our
`User` (identifier = our user id), a thread *is* a `ChatSession` (so its id is
also the LangGraph thread id), and every failed write raises.

Chainlit writes from fire-and-forget tasks (a message is created, streamed,
then updated), so writes to one thread are serialised in arrival order by a
per-thread lock; otherwise a late "create" could overwrite the final text.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any
from weakref import WeakValueDictionary

from chainlit.data.base import BaseDataLayer
from chainlit.data.utils import queue_until_user_message
from chainlit.types import Feedback, PageInfo, PaginatedResponse, Pagination, ThreadFilter
from chainlit.user import PersistedUser, User

from store import chat_history
from store.db import Database
from store.models import ChatSession
from store.models import User as StoreUser

if TYPE_CHECKING:
    from chainlit.element import Element, ElementDict
    from chainlit.step import StepDict
    from chainlit.types import ThreadDict


def persisted_user(user: StoreUser) -> PersistedUser:
    """How Chainlit sees one of our users: its identifier is our user id."""
    return PersistedUser(
        id=user.id,
        identifier=user.id,
        createdAt=_iso(user.created_at),
        display_name=user.display_name or user.email or "SongWish",
        metadata={"locale": user.locale, "currency": user.currency},
    )


def _iso(moment: datetime) -> str:
    return moment.replace(tzinfo=None).isoformat() + "Z"


class StoreDataLayer(BaseDataLayer):
    """Threads, steps, elements and feedback of the chat UI, in our database."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._locks: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()

    def _thread_lock(self, thread_id: str) -> asyncio.Lock:
        lock = self._locks.get(thread_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[thread_id] = lock
        return lock

    # --- users: created by our login callbacks, never here -----------------
    async def get_user(self, identifier: str) -> PersistedUser | None:
        async with self.database.session() as session:
            user = await session.get(StoreUser, identifier)
            return persisted_user(user) if user is not None else None

    async def create_user(self, user: User) -> PersistedUser | None:
        return await self.get_user(user.identifier)

    # --- threads ------------------------------------------------------------
    async def get_thread_author(self, thread_id: str) -> str:
        async with self.database.session() as session:
            owner = await chat_history.thread_owner(session, thread_id=thread_id)
        if owner is None:
            raise ValueError(f"no thread {thread_id}")
        return owner

    async def get_thread(self, thread_id: str) -> ThreadDict | None:
        async with self.database.session() as session:
            record = await chat_history.get_thread(session, thread_id=thread_id)
        return _thread_dict(record) if record is not None else None

    async def update_thread(
        self,
        thread_id: str,
        name: str | None = None,
        user_id: str | None = None,
        metadata: dict | None = None,
        tags: list[str] | None = None,
    ) -> None:
        async with self._thread_lock(thread_id), self.database.session() as session:
            await chat_history.save_thread(
                session,
                thread_id=thread_id,
                owner_id=user_id,
                name=name,
                metadata=metadata,
                tags=tags,
            )

    async def delete_thread(self, thread_id: str) -> None:
        async with self._thread_lock(thread_id), self.database.session() as session:
            await chat_history.delete_thread(session, thread_id=thread_id)

    async def list_threads(
        self, pagination: Pagination, filters: ThreadFilter
    ) -> PaginatedResponse[ThreadDict]:
        if not filters.userId:
            raise ValueError("threads are listed per user")
        async with self.database.session() as session:
            rows, has_more = await chat_history.list_threads(
                session,
                user_id=filters.userId,
                first=pagination.first,
                cursor=pagination.cursor,
                search=filters.search,
                feedback=filters.feedback,
            )
        threads = [_thread_summary(chat, thread) for chat, thread in rows]
        return PaginatedResponse(
            pageInfo=PageInfo(
                hasNextPage=has_more,
                startCursor=threads[0]["id"] if threads else None,
                endCursor=threads[-1]["id"] if threads else None,
            ),
            data=threads,
        )

    # --- steps --------------------------------------------------------------
    @queue_until_user_message()
    async def create_step(self, step_dict: StepDict) -> None:
        await self._save_step(step_dict)

    @queue_until_user_message()
    async def update_step(self, step_dict: StepDict) -> None:
        await self._save_step(step_dict)

    async def _save_step(self, step_dict: StepDict) -> None:
        async with self._thread_lock(step_dict["threadId"]), self.database.session() as session:
            await chat_history.save_step(session, step=dict(step_dict))

    @queue_until_user_message()
    async def delete_step(self, step_id: str) -> None:
        async with self.database.session() as session:
            await chat_history.delete_step(session, step_id=step_id)

    async def get_favorite_steps(self, user_id: str) -> list[StepDict]:
        return []  # favourites are switched off in .chainlit/config.toml

    # --- elements -----------------------------------------------------------
    @queue_until_user_message()
    async def create_element(self, element: Element) -> None:
        data = element.to_dict()
        # Content uploaded to the session (files, text) does not outlive it; only
        # elements that carry their own data (cards, panels) or a URL are kept.
        if not element.for_id or not (data.get("props") or data.get("url")):
            return
        async with self._thread_lock(element.thread_id), self.database.session() as session:
            await chat_history.save_element(
                session, element={k: v for k, v in data.items() if v is not None}
            )

    async def get_element(self, thread_id: str, element_id: str) -> ElementDict | None:
        async with self.database.session() as session:
            row = await chat_history.get_element(
                session, thread_id=thread_id, element_id=element_id
            )
            return row.data if row is not None else None  # type: ignore[return-value]

    @queue_until_user_message()
    async def delete_element(self, element_id: str, thread_id: str | None = None) -> None:
        async with self.database.session() as session:
            await chat_history.delete_element(session, element_id=element_id, thread_id=thread_id)

    # --- feedback -----------------------------------------------------------
    async def upsert_feedback(self, feedback: Feedback) -> str:
        async with self.database.session() as session:
            row = await chat_history.save_feedback(
                session,
                feedback_id=feedback.id or str(uuid.uuid4()),
                step_id=feedback.forId,
                value=feedback.value,
                comment=feedback.comment,
            )
            return row.id

    async def delete_feedback(self, feedback_id: str) -> bool:
        async with self.database.session() as session:
            return await chat_history.delete_feedback(session, feedback_id=feedback_id)

    async def build_debug_url(self) -> str:
        return ""

    async def close(self) -> None:
        """The database belongs to the process's services, which close it."""


def _thread_summary(chat: ChatSession, thread: chat_history.ChatThread) -> ThreadDict:
    return {
        "id": chat.id,
        "createdAt": _iso(chat.created_at),
        "name": chat.title,
        "userId": chat.owner_id,
        "userIdentifier": chat.owner_id,
        "tags": list(thread.tags or []),
        "metadata": dict(thread.meta or {}),
        "steps": [],
        "elements": [],
    }


def _thread_dict(record: chat_history.ThreadRecord) -> ThreadDict:
    thread = _thread_summary(record.chat, record.thread)
    thread["steps"] = [_step_dict(step, feedback) for step, feedback in record.steps]
    thread["elements"] = [element.data for element in record.elements]  # type: ignore[misc]
    return thread


def _step_dict(step: chat_history.ChatStep, feedback: chat_history.ChatFeedback | None) -> StepDict:
    data: dict[str, Any] = dict(step.data)
    if feedback is not None:
        data["feedback"] = {
            "id": feedback.id,
            "forId": step.id,
            "value": feedback.value,
            "comment": feedback.comment,
        }
    return data  # type: ignore[return-value]
