"""Chat sessions: a conversation thread (the LangGraph thread id) belongs to one user.

The assistant checks ownership here before it reads or writes a thread, so a
session id typed by someone else behaves exactly like an unknown one.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from store.errors import InvalidInput, NotFound
from store.models import ChatSession, utcnow
from store.validation import clean_title

_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
TITLE_CHARS = 80
TOUCH_AFTER = timedelta(minutes=1)


def new_session_id() -> str:
    """Unguessable, URL-safe: the id alone reaches nothing without its owner's login."""
    return secrets.token_urlsafe(24)


def check_session_id(session_id: str) -> str:
    if not isinstance(session_id, str) or not _SESSION_ID.match(session_id):
        raise InvalidInput(
            "a session id is 8 to 64 letters, digits, '-' or '_'", field="session_id"
        )
    return session_id


async def get_session(session: AsyncSession, *, user_id: str, session_id: str) -> ChatSession:
    """The user's session; another user's id is indistinguishable from an unknown one."""
    chat = await session.scalar(
        select(ChatSession).where(
            ChatSession.id == check_session_id(session_id), ChatSession.owner_id == user_id
        )
    )
    if chat is None:
        raise NotFound("conversation not found", session_id=session_id)
    return chat


async def open_session(
    session: AsyncSession, *, user_id: str, session_id: str | None = None, title: str | None = None
) -> ChatSession:
    """The user's session `session_id`, created on first use (a new id when None).

    Chat UIs choose their thread ids, so an unknown id is created for this user;
    an id that already belongs to someone else is `NotFound`.
    """
    if session_id is None:
        session_id = new_session_id()
    existing = await session.get(ChatSession, check_session_id(session_id))
    if existing is not None:
        if existing.owner_id != user_id:
            raise NotFound("conversation not found", session_id=session_id)
        if utcnow() - _aware(existing.updated_at) > TOUCH_AFTER:
            existing.updated_at = utcnow()  # "last used", without a write on every message
            await session.flush()
        return existing
    chat = ChatSession(id=session_id, owner_id=user_id, title=_title(title))
    try:
        async with session.begin_nested():
            session.add(chat)
    except IntegrityError as error:  # the same id created at the same moment by someone
        raise NotFound("conversation not found", session_id=session_id) from error
    return chat


async def list_sessions(session: AsyncSession, *, user_id: str) -> list[ChatSession]:
    """The user's conversations, most recent first."""
    result = await session.scalars(
        select(ChatSession)
        .where(ChatSession.owner_id == user_id)
        .order_by(ChatSession.updated_at.desc())
    )
    return list(result)


async def delete_session(session: AsyncSession, *, user_id: str, session_id: str) -> None:
    chat = await get_session(session, user_id=user_id, session_id=session_id)
    await session.delete(chat)
    await session.flush()


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _title(text: str | None) -> str | None:
    """A session is titled by its first message, shortened."""
    if not text or not text.strip():
        return None
    words = " ".join(text.split())
    short = words if len(words) <= TITLE_CHARS else words[: TITLE_CHARS - 1].rstrip() + "…"
    return clean_title(short)
