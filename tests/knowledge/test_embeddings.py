from __future__ import annotations

import json

import httpx
import numpy as np
import pytest
import respx
from chromadb.utils.embedding_functions import known_embedding_functions

from knowledge.embeddings import (
    E5EmbeddingFunction,
    OpenAIEmbeddingFunction,
    cached_query_embedder,
    embedding_function_for,
)
from knowledge.errors import EmbeddingError
from knowledge.openai_embeddings import OpenAIEmbeddings
from songwish.settings import get_settings

URL = "https://api.openai.com/v1/embeddings"


def openai_response(vectors: list[list[float]], order: list[int] | None = None) -> dict:
    """The documented response shape of POST /v1/embeddings."""
    order = order or list(range(len(vectors)))
    return {
        "object": "list",
        "data": [{"object": "embedding", "index": n, "embedding": vectors[n]} for n in order],
        "model": "text-embedding-3-small",
        "usage": {"prompt_tokens": 8, "total_tokens": 8},
    }


def test_e5_documents_and_queries_are_normalised_384d() -> None:
    function = E5EmbeddingFunction()
    passages = np.asarray(function(["A jazz vinyl record.", "A violin for a child."]))
    query = np.asarray(function.embed_query(["un disque de jazz"]))
    assert passages.shape == (2, 384) and query.shape == (1, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1, atol=1e-3)
    assert float(passages[0] @ query[0]) > float(passages[1] @ query[0])


def test_e5_is_registered_for_chroma_without_paths_in_its_config() -> None:
    function = E5EmbeddingFunction()
    assert known_embedding_functions["songwish-e5"] is E5EmbeddingFunction
    assert function.get_config() == {"variant": "original"}
    rebuilt = E5EmbeddingFunction.build_from_config(function.get_config())
    assert rebuilt.model_id == function.model_id == "e5:multilingual-e5-small-q4"
    assert function.default_space() == "cosine"


def test_query_cache_embeds_each_text_once() -> None:
    calls: list[str] = []

    class Counting(E5EmbeddingFunction):
        def embed_query(self, input):  # type: ignore[no-untyped-def]
            calls.extend(input)
            return super().embed_query(input)

    embed = cached_query_embedder(Counting())
    first = embed("guitare pour débutant")
    assert embed("guitare pour débutant") is first
    embed("violin")
    assert calls == ["guitare pour débutant", "violin"]
    with pytest.raises(ValueError):
        first[0] = 1.0  # shared between callers, so read-only


@respx.mock
def test_openai_request_shape_and_order() -> None:
    route = respx.post(URL).mock(
        return_value=httpx.Response(200, json=openai_response([[1.0, 0.0], [0.0, 1.0]], [1, 0]))
    )
    client = OpenAIEmbeddings(model="text-embedding-3-small", api_key="sk-test")
    matrix = client.embed(["first", "second"])
    assert matrix.tolist() == [[1.0, 0.0], [0.0, 1.0]]
    sent = route.calls.last.request
    assert sent.headers["Authorization"] == "Bearer sk-test"
    assert json.loads(sent.content) == {
        "model": "text-embedding-3-small",
        "input": ["first", "second"],
        "encoding_format": "float",
    }


@respx.mock
def test_openai_batches_long_inputs() -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        count = len(json.loads(request.content)["input"])
        return httpx.Response(200, json=openai_response([[float(count), 1.0]] * count))

    route = respx.post("http://localhost:9999/v1/embeddings").mock(side_effect=reply)
    client = OpenAIEmbeddings(
        model="m", api_key="k", base_url="http://localhost:9999/v1/", batch_size=2
    )
    assert client.embed(["a", "b", "c"]).shape == (3, 2)
    assert route.call_count == 2


@respx.mock
def test_openai_retries_server_errors_then_succeeds() -> None:
    route = respx.post(URL).mock(
        side_effect=[
            httpx.Response(503, json={"error": {"message": "overloaded"}}),
            httpx.Response(200, json=openai_response([[0.6, 0.8]])),
        ]
    )
    client = OpenAIEmbeddings(model="text-embedding-3-small", api_key="k")
    assert client.embed(["x"]).shape == (1, 2)
    assert route.call_count == 2


@respx.mock
def test_openai_errors_are_named() -> None:
    respx.post(URL).mock(
        return_value=httpx.Response(401, json={"error": {"message": "Incorrect API key provided"}})
    )
    client = OpenAIEmbeddings(model="text-embedding-3-small", api_key="bad")
    with pytest.raises(EmbeddingError, match="HTTP 401: Incorrect API key provided"):
        client.embed(["x"])


@respx.mock
def test_openai_short_answer_is_an_error() -> None:
    respx.post(URL).mock(return_value=httpx.Response(200, json=openai_response([[1.0, 0.0]])))
    client = OpenAIEmbeddings(model="text-embedding-3-small", api_key="k")
    with pytest.raises(EmbeddingError, match="asked for 2 embeddings, got 1"):
        client.embed(["a", "b"])


def test_backend_follows_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(embedding_function_for(get_settings()), E5EmbeddingFunction)
    monkeypatch.setenv("EMBEDDING_BACKEND", "openai")
    get_settings.cache_clear()
    with pytest.raises(EmbeddingError, match="needs OPENAI_API_KEY"):
        embedding_function_for(get_settings())
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://llm.internal/v1")
    get_settings.cache_clear()
    function = embedding_function_for(get_settings())
    assert isinstance(function, OpenAIEmbeddingFunction)
    assert function.get_config() == {
        "model": "text-embedding-3-small",
        "base_url": "http://llm.internal/v1",
    }
