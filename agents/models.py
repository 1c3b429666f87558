"""The chat model factory and what counts as the model provider failing.

`OPENAI_API_KEY` set: `ChatOpenAI` (any OpenAI-compatible server through
`OPENAI_BASE_URL`). Otherwise the deterministic offline model. Retries are done
by the graph (`agents.nodes.call_model`) with settings-driven backoff, so the
OpenAI client's own retries are turned off.
"""

from __future__ import annotations

import httpx
import openai
from langchain_core.language_models import BaseChatModel

from songwish.settings import Settings

# Worth another try after a pause: the provider may recover.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (
    openai.APIConnectionError,  # includes APITimeoutError
    openai.RateLimitError,
    openai.InternalServerError,
    httpx.TransportError,
)
# The provider cannot answer this turn: apologise instead of failing the conversation.
PROVIDER_ERRORS: tuple[type[Exception], ...] = (openai.APIError, httpx.HTTPError)


def make_chat_model(
    settings: Settings, *, http_client: httpx.AsyncClient | None = None
) -> BaseChatModel:
    """ChatOpenAI when `settings.uses_openai`, else the offline model."""
    if settings.uses_openai:
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=settings.openai_model,
            api_key=settings.openai_api_key,
            base_url=settings.openai_base_url,
            timeout=settings.openai_timeout_seconds,
            max_retries=0,
            http_async_client=http_client,
            stream_usage=True,
        )
    from agents.offline import OfflineChatModel

    return OfflineChatModel()


def is_transient(error: BaseException) -> bool:
    return isinstance(error, TRANSIENT_ERRORS)
