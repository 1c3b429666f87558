"""What a chat UI shows of a conversation: its messages and tool steps, elements, feedback.

A conversation is a `ChatSession` (its id is also the LangGraph thread id); the
UI's record of it hangs off that row and goes when it is deleted. Steps and
elements are kept as the UI sent them (`data`), with the few fields we query
on (`type`, `output`, `created_at`) in their own columns, so nothing the UI
sends is dropped by a schema that lags behind it. Nothing here swallows an
error: a failed write raises.

The UI's own user id is our `User.id`, so a thread's author is its session's owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, and_, exists, func, or_
from sqlalchemy import select as sa_select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from store.errors import InvalidInput, NotFound
from store.models import Base, ChatSession, TimestampMixin, utcnow
from store.sessions import _title as session_title
from store.sessions import check_session_id, open_session

MAX_PAGE = 100


class ChatThread(Base):
    """Marks a session as a chat-UI thread and keeps the UI's metadata and tags for it."""

    __tablename__ = "chat_threads"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("chat_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)


class ChatStep(Base):
    """A message or a tool step, as the UI described it."""

    __tablename__ = "chat_steps"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("chat_sessions.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[str | None] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(32))
    output: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ChatElement(Base):
    """An element shown with a step (a card, the gift-list panel), as the UI described it."""

    __tablename__ = "chat_elements"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("chat_sessions.id", ondelete="CASCADE"), index=True
    )
    for_id: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ChatFeedback(TimestampMixin, Base):
    """A thumbs up (1) or down (0) on one step, with an optional comment."""

    __tablename__ = "chat_feedback"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    step_id: Mapped[str] = mapped_column(
        ForeignKey("chat_steps.id", ondelete="CASCADE"), unique=True
    )
    value: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)


@dataclass(frozen=True)
class ThreadRecord:
    chat: ChatSession
    thread: ChatThread
    steps: list[tuple[ChatStep, ChatFeedback | None]]
    elements: list[ChatElement]


async def save_thread(
    session: AsyncSession,
    *,
    thread_id: str,
    owner_id: str | None = None,
    name: str | None = None,
    metadata: dict[str, Any] | None = None,
    tags: list[str] | None = None,
) -> ChatThread | None:
    """Create or update a thread; metadata keys set to None are removed.

    A new thread needs its owner; without one (the UI has not identified the
    person yet) nothing is created and None is returned. Another owner's
    thread is `NotFound`, like an unknown one.
    """
    chat = await session.get(ChatSession, check_session_id(thread_id))
    if owner_id is not None:
        try:
            chat = await open_session(session, user_id=owner_id, session_id=thread_id, title=name)
        except NotFound:
            # Lost a race to create the same row (the assistant opens it too): read it back,
            # which still refuses someone else's thread.
            chat = await open_session(session, user_id=owner_id, session_id=thread_id)
    if chat is None:
        return None
    thread = await session.get(ChatThread, thread_id)
    if thread is None:
        thread = ChatThread(session_id=thread_id, meta={}, tags=[])
        session.add(thread)
    if name is not None and name.strip():
        chat.title = session_title(name)
    if metadata:
        merged = {**(thread.meta or {}), **metadata}
        thread.meta = {key: value for key, value in merged.items() if value is not None}
    if tags is not None:
        thread.tags = [str(tag) for tag in tags]
    await session.flush()
    return thread


async def thread_owner(session: AsyncSession, *, thread_id: str) -> str | None:
    """The owner's user id, or None for an unknown thread."""
    return await session.scalar(
        sa_select(ChatSession.owner_id)
        .join(ChatThread, ChatThread.session_id == ChatSession.id)
        .where(ChatSession.id == thread_id)
    )


async def get_thread(session: AsyncSession, *, thread_id: str) -> ThreadRecord | None:
    """A thread with its steps (oldest first, each with its feedback) and elements."""
    row = (
        await session.execute(
            sa_select(ChatSession, ChatThread)
            .join(ChatThread, ChatThread.session_id == ChatSession.id)
            .where(ChatSession.id == thread_id)
        )
    ).first()
    if row is None:
        return None
    steps = (
        await session.execute(
            sa_select(ChatStep, ChatFeedback)
            .outerjoin(ChatFeedback, ChatFeedback.step_id == ChatStep.id)
            .where(ChatStep.session_id == thread_id)
            .order_by(ChatStep.created_at, ChatStep.id)
        )
    ).all()
    elements = await session.scalars(
        sa_select(ChatElement).where(ChatElement.session_id == thread_id)
    )
    return ThreadRecord(
        chat=row[0],
        thread=row[1],
        steps=[(step, feedback) for step, feedback in steps],
        elements=list(elements),
    )


async def list_threads(
    session: AsyncSession,
    *,
    user_id: str,
    first: int,
    cursor: str | None = None,
    search: str | None = None,
    feedback: int | None = None,
) -> tuple[list[tuple[ChatSession, ChatThread]], bool]:
    """One page of the user's threads, most recently active first, and whether more follow."""
    query = (
        sa_select(ChatSession, ChatThread)
        .join(ChatThread, ChatThread.session_id == ChatSession.id)
        .where(ChatSession.owner_id == user_id)
    )
    if cursor:
        after = await session.get(ChatSession, cursor)
        if after is None or after.owner_id != user_id:
            raise InvalidInput("unknown page cursor", field="cursor")
        query = query.where(
            or_(
                ChatSession.updated_at < after.updated_at,
                and_(ChatSession.updated_at == after.updated_at, ChatSession.id < after.id),
            )
        )
    if search and search.strip():
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(ChatSession.title).like(pattern),
                exists().where(
                    ChatStep.session_id == ChatSession.id, func.lower(ChatStep.output).like(pattern)
                ),
            )
        )
    if feedback is not None:
        query = query.where(
            exists().where(
                ChatStep.session_id == ChatSession.id,
                ChatFeedback.step_id == ChatStep.id,
                ChatFeedback.value == feedback,
            )
        )
    size = max(1, min(first, MAX_PAGE))
    rows = (
        await session.execute(
            query.order_by(ChatSession.updated_at.desc(), ChatSession.id.desc()).limit(size + 1)
        )
    ).all()
    return [(chat, thread) for chat, thread in rows[:size]], len(rows) > size


async def delete_thread(session: AsyncSession, *, thread_id: str) -> None:
    """Delete the conversation with everything shown of it."""
    chat = await session.get(ChatSession, thread_id)
    if chat is None:
        raise NotFound("conversation not found", session_id=thread_id)
    await session.delete(chat)
    await session.flush()


async def _ids_in_thread(
    session: AsyncSession, record: dict[str, Any], what: str
) -> tuple[str, str]:
    """A step's or element's id and thread id; the thread must already exist."""
    record_id, thread_id = record.get("id"), record.get("threadId")
    if not record_id or not thread_id:
        raise InvalidInput(f"{what} needs an id and a thread id")
    if await session.get(ChatThread, thread_id) is None:
        raise NotFound("conversation not found", session_id=thread_id)
    return record_id, thread_id


async def save_step(session: AsyncSession, *, step: dict[str, Any]) -> ChatStep:
    """Create or replace a step of an existing thread."""
    step_id, thread_id = await _ids_in_thread(session, step, "a step")
    data = {key: value for key, value in step.items() if key != "feedback"}
    row = await session.get(ChatStep, step_id)
    if row is None:
        row = ChatStep(id=step_id, session_id=thread_id, created_at=_timestamp(step))
        session.add(row)
    elif row.session_id != thread_id:
        raise NotFound("step not found", step_id=step_id)
    row.parent_id = step.get("parentId")
    row.type = str(step.get("type") or "undefined")
    row.output = step.get("output")
    row.data = data
    chat = await session.get(ChatSession, thread_id)
    if chat is not None:
        chat.updated_at = utcnow()
    await session.flush()
    return row


def _timestamp(step: dict[str, Any]) -> datetime:
    value = step.get("createdAt") or step.get("start")
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else utcnow()
    except ValueError:
        return utcnow()


async def delete_step(session: AsyncSession, *, step_id: str) -> None:
    """Delete a step, its feedback and the elements shown with it."""
    row = await session.get(ChatStep, step_id)
    if row is None:
        return
    for element in await session.scalars(
        sa_select(ChatElement).where(ChatElement.for_id == step_id)
    ):
        await session.delete(element)
    await session.delete(row)
    await session.flush()


async def save_element(session: AsyncSession, *, element: dict[str, Any]) -> ChatElement:
    """Create or replace an element of an existing thread."""
    element_id, thread_id = await _ids_in_thread(session, element, "an element")
    row = await session.get(ChatElement, element_id)
    if row is None:
        row = ChatElement(id=element_id, session_id=thread_id)
        session.add(row)
    elif row.session_id != thread_id:
        raise NotFound("element not found", element_id=element_id)
    row.for_id = element.get("forId") or None
    row.data = dict(element)
    await session.flush()
    return row


async def get_element(
    session: AsyncSession, *, thread_id: str, element_id: str
) -> ChatElement | None:
    return await session.scalar(
        sa_select(ChatElement).where(
            ChatElement.id == element_id, ChatElement.session_id == thread_id
        )
    )


async def delete_element(
    session: AsyncSession, *, element_id: str, thread_id: str | None = None
) -> None:
    row = await session.get(ChatElement, element_id)
    if row is not None and (thread_id is None or row.session_id == thread_id):
        await session.delete(row)
        await session.flush()


async def save_feedback(
    session: AsyncSession,
    *,
    feedback_id: str,
    step_id: str,
    value: int,
    comment: str | None = None,
) -> ChatFeedback:
    """One feedback per step: a second one replaces the first."""
    if isinstance(value, bool) or value not in (0, 1):
        raise InvalidInput("feedback is 0 or 1", field="value")
    if await session.get(ChatStep, step_id) is None:
        raise NotFound("message not found", step_id=step_id)
    row = await session.scalar(sa_select(ChatFeedback).where(ChatFeedback.step_id == step_id))
    if row is None:
        row = ChatFeedback(id=feedback_id, step_id=step_id)
        session.add(row)
    row.value = value
    row.comment = comment.strip()[:4000] if isinstance(comment, str) and comment.strip() else None
    await session.flush()
    return row


async def delete_feedback(session: AsyncSession, *, feedback_id: str) -> bool:
    row = await session.get(ChatFeedback, feedback_id)
    if row is None:
        return False
    await session.delete(row)
    await session.flush()
    return True
