"""The assistant over REST: one turn per request, purchases wait for an explicit approval."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from agents.events import ChatTurn
from web.schemas.common import RequestModel

SessionId = Field(description="8 to 64 letters, digits, '-' or '_'; yours only", max_length=64)


class ChatIn(RequestModel):
    message: str = Field(min_length=1, description="at most MAX_MESSAGE_CHARS (2000) characters",
                         examples=["A gift for my sister who plays jazz piano, about 60 €?"])
    session_id: str | None = Field(None, max_length=64,
                                   description="continue this conversation; none starts one")


class ApproveIn(RequestModel):
    session_id: str = SessionId
    approve: bool = Field(description="true buys, false cancels the proposed purchase")


class Recommendation(BaseModel):
    """A catalogue item proposed this turn; `id` is the catalogue item id."""

    model_config = ConfigDict(extra="allow")

    id: str
    title: str
    category: str
    price: float
    currency: str
    price_display: str
    reason: str
    fulfilment: str
    description: str = Field("", description="the item in one short sentence")
    tags: list[str] = Field(default_factory=list, examples=[["guitar", "jazz", "beginner"]])


class PendingApproval(BaseModel):
    """The purchase waiting for `POST /api/assistant/approve`."""

    model_config = ConfigDict(extra="allow")

    kind: str = Field(examples=["purchase"])
    item_id: str
    title: str
    price_display: str
    quantity: int


class ChatOut(BaseModel):
    response: str
    recommendations: list[Recommendation]
    session_id: str
    pending_approval: PendingApproval | None = None

    @classmethod
    def of(cls, turn: ChatTurn) -> ChatOut:
        return cls(
            response=turn.response,
            recommendations=[Recommendation(**item) for item in turn.recommendations],
            session_id=turn.session_id,
            pending_approval=(PendingApproval(**turn.pending_approval)
                              if turn.pending_approval else None),
        )


class HistoryMessage(BaseModel):
    role: str = Field(examples=["user", "assistant"])
    content: str
    time: str | None = Field(description="ISO 8601, UTC")
    recommendations: list[Recommendation]


class HistoryOut(BaseModel):
    session_id: str
    messages: list[HistoryMessage]
