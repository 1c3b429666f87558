"""/api/assistant: the same assistant as the chat UI, one JSON turn per request.

A turn that wants to buy something stops with `pending_approval`; nothing is
bought until `POST /api/assistant/approve` says yes for that session.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from web.deps import CurrentUser, MetricsDep, ServicesDep, limit_user
from web.schemas.assistant import ApproveIn, ChatIn, ChatOut, HistoryOut
from web.schemas.common import errors

router = APIRouter(prefix="/api/assistant", tags=["assistant"])
CHANNEL = "api"


@router.post("/chat", response_model=ChatOut, dependencies=[Depends(limit_user("chat"))],
             responses=errors(400, 401, 404, 422, 429, 503))
async def chat(body: ChatIn, user: CurrentUser, services: ServicesDep,
               metrics: MetricsDep) -> ChatOut:
    """Send a message; without `session_id` a new conversation starts."""
    turn = await services.assistant.chat(
        user_id=user.id, message=body.message, session_id=body.session_id, locale=user.locale
    )
    metrics.record_turn(channel=CHANNEL, pending_approval=turn.pending_approval is not None,
                        tool_calls=turn.tool_calls)
    return ChatOut.of(turn)


@router.post("/approve", response_model=ChatOut, dependencies=[Depends(limit_user("chat"))],
             responses=errors(400, 401, 404, 422, 429, 502, 503))
async def approve(body: ApproveIn, user: CurrentUser, services: ServicesDep,
                  metrics: MetricsDep) -> ChatOut:
    """Answer the pending purchase: `approve: true` places the order, false cancels it."""
    turn = await services.assistant.approve(
        user_id=user.id, session_id=body.session_id, approve=body.approve
    )
    # The purchase call was counted by the turn that proposed it; this one only resumes it.
    metrics.record_turn(channel=CHANNEL, pending_approval=turn.pending_approval is not None,
                        tool_calls=())
    return ChatOut.of(turn)


@router.get("/history/{session_id}", response_model=HistoryOut,
            responses=errors(400, 401, 404, 429))
async def history(session_id: str, user: CurrentUser, services: ServicesDep) -> HistoryOut:
    """The conversation's messages, oldest first; only its owner may read it."""
    messages = await services.assistant.history(user_id=user.id, session_id=session_id)
    return HistoryOut.model_validate({"session_id": session_id, "messages": messages})
