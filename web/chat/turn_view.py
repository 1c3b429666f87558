"""Drawing one assistant turn in Chainlit, event by event (see agents/events.py).

Tokens stream into one message; each tool call is a `cl.Step` with readable
input and output; recommendations become cards and a purchase question an
approval card under the answer; list changes refresh the side panel. In the
shop widget, recommended and added items also reach the page (copilot functions).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import chainlit as cl
from chainlit.utils import utc_now

from agents.events import (
    ApprovalRequest,
    ChatTurn,
    Event,
    Final,
    Recommendations,
    Token,
    ToolEnd,
    ToolStart,
)
from web.chat import render
from web.chat.gift_panel import list_id_of

AUTHOR = "SongWish"


@dataclass
class TurnOutcome:
    """What the session must follow up on once the turn is drawn."""

    answer: cl.Message
    turn: ChatTurn | None = None
    list_id: str | None = None
    list_changed: bool = False
    approval: dict[str, Any] | None = None
    approval_card: cl.CustomElement | None = None
    order: dict[str, Any] | None = None
    recommended: list[dict[str, Any]] = field(default_factory=list)
    added_item_ids: list[str] = field(default_factory=list)


class TurnView:
    def __init__(self, locale: str, *, in_shop: bool, small_screen: bool = False) -> None:
        self.locale = locale
        self.in_shop = in_shop
        self.small_screen = small_screen
        self.outcome = TurnOutcome(answer=cl.Message(content="", author=AUTHOR))
        self._streamed = False
        self._steps: dict[str, cl.Step] = {}
        self._inputs: dict[str, dict[str, Any]] = {}

    async def draw(self, events: AsyncIterator[Event]) -> TurnOutcome:
        async for event in events:
            await self._show(event)
        await self._finish()
        return self.outcome

    async def _show(self, event: Event) -> None:
        if isinstance(event, Token):
            self._streamed = True
            await self.outcome.answer.stream_token(event.text)
        elif isinstance(event, ToolStart):
            await self._tool_started(event)
        elif isinstance(event, ToolEnd):
            await self._tool_ended(event)
        elif isinstance(event, Recommendations):
            self.outcome.recommended = event.items
        elif isinstance(event, ApprovalRequest):
            self.outcome.approval = event.payload
        elif isinstance(event, Final):
            self.outcome.turn = event.turn

    async def _tool_started(self, event: ToolStart) -> None:
        step = self._step(event.name)
        step.language = "json"
        step.input = render.step_input(event.input)
        await step.send()
        self._steps[event.call_id] = step
        self._inputs[event.call_id] = event.input

    async def _tool_ended(self, event: ToolEnd) -> None:
        step = self._steps.pop(event.call_id, None)
        if step is None:  # a result without its start, e.g. the order after an approval
            step = self._step(event.name)
            await step.send()
        step.output = render.step_output(event.output, event.error)
        step.is_error = event.error is not None
        if step.is_error:
            step.name = render.tool_label(event.name, self.locale, failed=True)
        step.end = utc_now()
        await step.update()
        if event.error:
            return
        if (list_id := list_id_of(event.output)) is not None:
            self.outcome.list_id, self.outcome.list_changed = list_id, True
        if event.name == "add_to_list" and (
            item_id := self._inputs.get(event.call_id, {}).get("item_id")
        ):
            self.outcome.added_item_ids.append(item_id)
        if isinstance(event.output.get("order"), dict):
            self.outcome.order = event.output["order"]

    def _step(self, tool: str) -> cl.Step:
        """A tool step under the current run, so the UI shows it with this turn."""
        run = cl.context.current_step
        step = cl.Step(
            name=render.tool_label(tool, self.locale),
            type="tool",
            parent_id=run.id if run else None,
            icon=render.tool_icon(tool),
        )
        step.start = utc_now()
        return step

    async def _finish(self) -> None:
        if self.in_shop:
            self._attach_buttons()
        else:
            self._attach_cards()
        if self.small_screen and self.outcome.list_changed:  # the panel opens on demand
            self.outcome.answer.actions.append(render.show_list_action(self.locale))
        answer = self.outcome.answer
        if not self._streamed and self.outcome.turn is not None:
            answer.content = self.outcome.turn.response
        if self._streamed:
            await answer.update()
        elif answer.content or answer.elements or answer.actions:
            await answer.send()

    def _attach_cards(self) -> None:
        """The full chat: recommendation cards and the approval card (custom elements)."""
        outcome = self.outcome
        if outcome.recommended:
            props = render.recommendation_cards(outcome.recommended, self.locale)
            cards = cl.CustomElement(name="GiftCards", props=props)
            outcome.answer.elements.append(cards)  # type: ignore[arg-type]  # Chainlit's TypeVar
        if outcome.approval is not None:
            props = render.approval_card(outcome.approval, self.locale)
            outcome.approval_card = cl.CustomElement(name="Purchase", props=props)
            outcome.answer.elements.append(outcome.approval_card)  # type: ignore[arg-type]

    def _attach_buttons(self) -> None:
        """The shop widget: the same choices as plain action buttons."""
        outcome = self.outcome
        if outcome.recommended:
            outcome.answer.actions.extend(render.cart_actions(outcome.recommended, self.locale))
        if outcome.approval is not None:
            outcome.answer.actions.extend(render.decision_actions(self.locale))
