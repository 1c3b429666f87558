"""The assistant's public face: chat, approve a purchase, history, and streaming for the UI.

Each call checks that the session belongs to the user (another user's session
id is `store.errors.NotFound`), builds the run's `Context` from the verified
user id, and runs the graph on the thread `session_id`. One turn at a time per
session in this process, so a double-clicked "approve" resumes the graph once.
See docs/assistant.md.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage
from langchain_core.runnables import RunnableConfig
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command, Interrupt

from agents import prompts
from agents.checkpoints import open_checkpointer
from agents.confirmations import typed_decision
from agents.context import Context
from agents.events import ChatTurn, Event, Final
from agents.graph import build_graph
from agents.history import conversation, now_iso, turn_outcome
from agents.models import make_chat_model
from agents.streaming import translate
from store import profiles, sessions, users
from store.errors import InvalidInput
from store.money import SUPPORTED_CURRENCIES, normalize_currency, to_major

if TYPE_CHECKING:
    from songwish.services import Services

# A turn's state is saved when the run stops (answer, approval question or error),
# not after every step: one write per turn instead of one per node.
DURABILITY = "exit"


class Assistant:
    def __init__(self, services: Services, model: BaseChatModel | None = None) -> None:
        self.services = services
        self.settings = services.settings
        self._model = model
        self._graph: CompiledStateGraph | None = None
        self._stack = AsyncExitStack()
        self._ready = asyncio.Lock()
        self._turn_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    # --- public API -------------------------------------------------------
    async def chat(
        self,
        *,
        user_id: str,
        message: str,
        session_id: str | None = None,
        locale: str | None = None,
        currency: str | None = None,
    ) -> ChatTurn:
        """Send one message; returns the answer, this turn's recommendations, any approval."""
        events = self._message_turn(user_id, message, session_id, locale, currency, streaming=False)
        return await _final(events)

    async def approve(
        self, *, user_id: str, session_id: str, approve: bool, locale: str | None = None
    ) -> ChatTurn:
        """Answer the pending purchase question: True buys, False cancels."""
        return await _final(
            self._approval_turn(user_id, session_id, approve, locale, streaming=False)
        )

    async def history(self, *, user_id: str, session_id: str) -> list[dict[str, Any]]:
        """The conversation as role/content/time/recommendations rows."""
        async with self.services.database.session() as session:
            await sessions.get_session(session, user_id=user_id, session_id=session_id)
        graph = await self._get_graph()
        snapshot = await graph.aget_state(_config(session_id))
        return conversation(snapshot.values.get("messages", []))

    async def pending_approval(self, *, user_id: str, session_id: str) -> dict[str, Any] | None:
        """The purchase waiting for this person's answer in this session, if any."""
        async with self.services.database.session() as session:
            await sessions.get_session(session, user_id=user_id, session_id=session_id)
        return await self._pending(session_id)

    async def stream(
        self,
        *,
        user_id: str,
        message: str,
        session_id: str | None = None,
        locale: str | None = None,
        currency: str | None = None,
    ) -> AsyncIterator[Event]:
        """`chat`, as events for a live UI (see agents/events.py)."""
        async for event in self._message_turn(
            user_id, message, session_id, locale, currency, streaming=True
        ):
            yield event

    async def resume_stream(
        self, *, user_id: str, session_id: str, approve: bool, locale: str | None = None
    ) -> AsyncIterator[Event]:
        """`approve`, as events for a live UI."""
        async for event in self._approval_turn(
            user_id, session_id, approve, locale, streaming=True
        ):
            yield event

    async def aclose(self) -> None:
        await self._stack.aclose()
        self._graph = None

    # --- internals --------------------------------------------------------
    async def _message_turn(
        self,
        user_id: str,
        message: str,
        session_id: str | None,
        locale: str | None,
        currency: str | None,
        *,
        streaming: bool,
    ) -> AsyncIterator[Event]:
        text = await self._checked_message(message, user_id, locale)
        context, session_id = await self._begin(user_id, session_id, locale, currency, text)
        graph = await self._get_graph()
        config = _config(session_id)
        async with self._turn_lock(session_id):
            decision = typed_decision(text)
            if decision is not None and await self._pending(session_id):
                # "annule", "go ahead": the answer to the purchase question, as a button would.
                answer: Command[Any] = Command(resume={"approve": decision})
                async for event in self._run(graph, answer, config, context, streaming):
                    yield event
                return
            # Any other message drops a purchase question left unanswered; its
            # proposal is marked cancelled in `prepare_turn`.
            human = HumanMessage(content=text, additional_kwargs={"songwish_time": now_iso()})
            async for event in self._run(graph, {"messages": [human]}, config, context, streaming):
                yield event

    async def _approval_turn(
        self, user_id: str, session_id: str, approve: bool, locale: str | None, *, streaming: bool
    ) -> AsyncIterator[Event]:
        if not isinstance(approve, bool):
            raise InvalidInput("approve must be true or false", field="approve")
        async with self.services.database.session() as session:
            await sessions.get_session(session, user_id=user_id, session_id=session_id)
        context, _ = await self._begin(user_id, session_id, locale, None, None)
        graph = await self._get_graph()
        config = _config(session_id)
        async with self._turn_lock(session_id):
            if not await self._pending(session_id):
                nothing = prompts.PURCHASE_OVER.get(context.locale, "")
                yield Final(ChatTurn(response=nothing, recommendations=[], session_id=session_id))
                return
            resume = Command(resume={"approve": approve})
            async for event in self._run(graph, resume, config, context, streaming):
                yield event

    async def _run(
        self,
        graph: CompiledStateGraph,
        payload: Any,
        config: RunnableConfig,
        context: Context,
        streaming: bool,
    ) -> AsyncIterator[Event]:
        """Run the graph; stream it as events, or (REST) let the model answer in one piece."""
        session_id = config["configurable"]["thread_id"]
        end: dict[str, Any] = {}  # the state and interrupts the run ended with
        if streaming:
            chunks = graph.astream(
                payload,
                config,
                context=context,
                stream_mode=["messages", "updates", "values"],
                durability=DURABILITY,
            )
            async for event in translate(_noting_end(chunks, end), session_id):
                yield event
        else:
            end["values"] = await graph.ainvoke(
                payload, config, context=context, durability=DURABILITY
            )
        values = end.get("values") or {}
        interrupts = end.get("interrupts") or values.get("__interrupt__") or ()
        pending = _purchase_question(interrupts)
        yield Final(turn_outcome(values.get("messages", []), session_id, pending, context.locale))

    async def _pending(self, session_id: str) -> dict[str, Any] | None:
        graph = await self._get_graph()
        snapshot = await graph.aget_state(_config(session_id))
        return _purchase_question(snapshot.interrupts)

    async def _checked_message(self, message: str, user_id: str, locale: str | None) -> str:
        """The message, stripped; refusals in the person's language (the chat shows them).

        Without a locale for this turn (REST), that language is the one saved for them.
        """
        if not isinstance(message, str) or not message.strip():
            raise InvalidInput("the message is empty", field="message")
        limit = self.settings.max_message_chars
        if len(message) > limit:
            if locale is None:
                async with self.services.database.session() as session:
                    locale = (await users.get_user(session, user_id=user_id)).locale
            words = prompts.MESSAGE_TOO_LONG.get(
                _language_of(locale), prompts.MESSAGE_TOO_LONG["en"]
            )
            text = words.format(limit=limit, length=len(message))
            raise InvalidInput(text, field="message", limit=limit)
        return message.strip()

    async def _begin(
        self,
        user_id: str,
        session_id: str | None,
        locale: str | None,
        currency: str | None,
        first_message: str | None,
    ) -> tuple[Context, str]:
        """Check ownership (creating the session on first use) and build the run's Context."""
        async with self.services.database.session() as session:
            user = await users.get_user(session, user_id=user_id)
            chat = await sessions.open_session(
                session, user_id=user_id, session_id=session_id, title=first_message
            )
            saved = await profiles.list_recipients(session, user_id=user_id)
        language = _locale(locale or user.locale)
        usual = (
            to_major(user.usual_budget, user.currency) if user.usual_budget is not None else None
        )
        context = Context(
            user_id=user.id,
            locale=language,
            currency=_currency(currency or user.currency),
            public_url=self.settings.public_url,
            services=self.services,
            saved_recipients=tuple(profiles.profile_summary(p, language) for p in saved),
            usual_budget=usual,
        )
        return context, chat.id

    async def _get_graph(self) -> CompiledStateGraph:
        async with self._ready:
            if self._graph is None:
                saver = await self._stack.enter_async_context(open_checkpointer(self.settings))
                model = self._model or make_chat_model(
                    self.settings, http_client=self.services.http
                )
                self._graph = build_graph(model, self.settings, checkpointer=saver)
            return self._graph

    def _turn_lock(self, session_id: str) -> asyncio.Lock:
        lock = self._turn_locks.get(session_id)
        if lock is None:
            lock = asyncio.Lock()
            self._turn_locks[session_id] = lock
        return lock


def build_assistant(services: Services, model: BaseChatModel | None = None) -> Assistant:
    """The process's assistant; `services.aclose()` closes its conversation store."""
    assistant = Assistant(services, model)
    services._closers.append(assistant.aclose)  # noqa: SLF001 - the container's close hook
    return assistant


async def _noting_end(chunks: AsyncIterator[Any], end: dict[str, Any]) -> AsyncIterator[Any]:
    """Pass stream chunks on, keeping the last state and any interrupt for the outcome."""
    async for mode, data in chunks:
        if mode == "values":
            end["values"] = data
        elif mode == "updates" and "__interrupt__" in data:
            end["interrupts"] = data["__interrupt__"]
        yield mode, data


def _purchase_question(interrupts: Sequence[Interrupt]) -> dict[str, Any] | None:
    for interrupt in interrupts:
        if isinstance(interrupt.value, dict) and interrupt.value.get("kind") == "purchase":
            return dict(interrupt.value)
    return None


async def _final(events: AsyncIterator[Event]) -> ChatTurn:
    async for event in events:
        if isinstance(event, Final):
            return event.turn
    raise AssertionError("a turn always ends with Final")


def _config(session_id: str) -> RunnableConfig:
    return {"configurable": {"thread_id": session_id}}


def _language_of(locale: str | None) -> str:
    """French or English, from a locale tag that may be missing (errors still need words)."""
    return "fr" if isinstance(locale, str) and locale.lower().startswith("fr") else "en"


def _locale(value: str) -> str:
    locale = value.strip().lower()[:2] if isinstance(value, str) else ""
    if locale not in users.LOCALES:
        raise InvalidInput(f"language must be one of {', '.join(users.LOCALES)}", field="locale")
    return locale


def _currency(value: str) -> str:
    code = normalize_currency(value)
    if code not in SUPPORTED_CURRENCIES:
        raise InvalidInput(
            f"currency must be one of {', '.join(SUPPORTED_CURRENCIES)}", field="currency"
        )
    return code
