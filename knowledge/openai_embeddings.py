"""A small client for OpenAI's `POST /embeddings` (and compatible servers).

Synchronous on purpose: index builds are batch jobs and searches already run
in a worker thread. Only failures that are safe to retry (transport errors,
429, 5xx) are retried; anything else is an `EmbeddingError` naming the cause.
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx
import numpy as np
from tenacity import (
    retry,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from knowledge.errors import EmbeddingError

RETRYABLE_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})


def _retryable(error: BaseException) -> bool:
    if isinstance(error, httpx.TransportError):
        return True
    return isinstance(error, httpx.HTTPStatusError) and (
        error.response.status_code in RETRYABLE_STATUS
    )


class OpenAIEmbeddings:
    """Embeds texts in batches; vectors come back in input order as float32 rows."""

    default_base_url = "https://api.openai.com/v1"

    def __init__(
        self,
        *,
        model: str,
        api_key: str,
        base_url: str = default_base_url,
        client: httpx.Client | None = None,
        batch_size: int = 256,
        timeout: float = 30.0,
    ) -> None:
        self.model = model
        self.base_url = base_url.rstrip("/")
        self.batch_size = batch_size
        self._api_key = api_key
        self._client = client or httpx.Client(timeout=timeout)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text; an empty input gives an empty matrix without a request."""
        batches = [
            self._embed_batch(list(texts[start : start + self.batch_size]))
            for start in range(0, len(texts), self.batch_size)
        ]
        return np.vstack(batches) if batches else np.empty((0, 0), dtype=np.float32)

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        try:
            payload = self._post(texts)
        except httpx.HTTPStatusError as error:
            raise EmbeddingError(
                f"embeddings request failed with HTTP {error.response.status_code}: "
                f"{_error_message(error.response)}"
            ) from error
        except httpx.TransportError as error:
            raise EmbeddingError(f"embeddings server unreachable: {error!r}") from error
        return _vectors(payload, expected=len(texts))

    @retry(
        retry=retry_if_exception(_retryable),
        stop=stop_after_attempt(3),
        wait=wait_exponential(multiplier=0.2, max=4),
        reraise=True,
    )
    def _post(self, texts: list[str]) -> object:
        response = self._client.post(
            f"{self.base_url}/embeddings",
            headers={"Authorization": f"Bearer {self._api_key}"},
            json={"model": self.model, "input": texts, "encoding_format": "float"},
        )
        response.raise_for_status()
        return response.json()


def _vectors(payload: object, *, expected: int) -> np.ndarray:
    """Rows ordered by each entry's `index`, as the API does not promise input order."""
    try:
        entries = sorted(payload["data"], key=lambda entry: entry["index"])  # type: ignore[index]
        matrix = np.asarray([entry["embedding"] for entry in entries], dtype=np.float32)
    except (KeyError, TypeError, ValueError) as error:
        raise EmbeddingError(f"unexpected embeddings response shape: {error!r}") from error
    if matrix.ndim != 2 or len(matrix) != expected:
        raise EmbeddingError(f"asked for {expected} embeddings, got {len(matrix)}")
    return matrix


def _error_message(response: httpx.Response) -> str:
    try:
        return str(response.json()["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return response.text[:200]
