"""Opening the catalogue collection: embedded Chroma by default, a Chroma server with CHROMA_URL.

The collection's metadata records which embedding model and record layout
built it (`embedding`, `record_format`) and which catalogue content it holds
(`version`). Readers refuse a collection built otherwise instead of comparing
vectors from two different spaces, and reload when the version moves.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

from knowledge.embeddings import CatalogEmbeddingFunction
from knowledge.errors import IndexNotReady
from knowledge.records import RECORD_FORMAT
from songwish.settings import Settings


def _client_settings() -> ChromaSettings:
    """Fresh each time: chromadb's client constructors write into the object they get.

    Telemetry is off because it would be the only network call of an offline deployment.
    """
    return ChromaSettings(anonymized_telemetry=False)


def open_client(settings: Settings) -> ClientAPI:
    """`HttpClient` when `CHROMA_URL` is set (shared by replicas), else a local persistent one."""
    if settings.chroma_url:
        url = urlsplit(settings.chroma_url)
        https = url.scheme == "https"
        return chromadb.HttpClient(
            host=url.hostname or "localhost",
            port=url.port or (443 if https else 8000),
            ssl=https,
            settings=_client_settings(),
        )
    path = settings.resolved_chroma_path
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=_client_settings())


def index_signature(function: CatalogEmbeddingFunction) -> dict[str, str | int]:
    """What a collection's vectors and records were made with."""
    return {"embedding": function.model_id, "record_format": RECORD_FORMAT}


def find_collection(client: ClientAPI, name: str) -> Collection | None:
    """The collection, or None; opened without an embedding function: we pass vectors."""
    try:
        return client.get_collection(name)
    except NotFoundError:
        return None


def signature_mismatch(collection: Collection, function: CatalogEmbeddingFunction) -> str | None:
    """Why this collection cannot serve `function`'s vectors, or None when it can."""
    stored = collection.metadata or {}
    for key, expected in index_signature(function).items():
        if stored.get(key) != expected:
            return f"{key} is {stored.get(key)!r}, expected {expected!r}"
    return None


def create_collection(
    client: ClientAPI, name: str, function: CatalogEmbeddingFunction
) -> Collection:
    """A new empty collection, replacing any existing one of that name."""
    if find_collection(client, name) is not None:
        client.delete_collection(name)
    return client.create_collection(
        name,
        # Chroma types the parameter for documents and images; ours embeds documents only.
        embedding_function=function,  # type: ignore[arg-type]
        metadata=index_signature(function),
    )


def stamp_version(collection: Collection, function: CatalogEmbeddingFunction, version: str) -> None:
    """Record which catalogue content the collection holds (searchers poll this)."""
    if (collection.metadata or {}).get("version") != version:
        collection.modify(metadata={**index_signature(function), "version": version})


def open_for_search(settings: Settings, function: CatalogEmbeddingFunction) -> Collection:
    """The built collection; `IndexNotReady` when it is missing or from another model."""
    collection = find_collection(open_client(settings), settings.catalog_collection)
    if collection is None:
        raise IndexNotReady(
            f"no catalogue index {settings.catalog_collection!r}: run `songwish catalog build`"
        )
    if reason := signature_mismatch(collection, function):
        raise IndexNotReady(f"catalogue index built differently ({reason}): rebuild it")
    return collection
