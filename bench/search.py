"""Catalogue index and search benchmark: `python bench/search.py [--markdown FILE]`.

Measures, in one run on this machine:
- building the shipped catalogue's index with real e5 embeddings, and a
  rebuild where nothing changed;
- building a synthetic index (10,000 items by default). Its items are shipped
  items with new ids, title suffixes and prices scaled by 0.6-1.6; its vectors
  are the real e5 vectors of their source items plus Gaussian noise,
  re-normalised, so they cluster like real data. Embedding 10,000 real texts
  would take long here, so that part is extrapolated from the measured rate;
- query latency (min, p50, p95), with and without filters, with the query embedding
  excluded and included (a fresh e5 call per query, the LRU cache bypassed):
  `CatalogSearch` (exact scan of an in-memory snapshot, lexical re-rank),
  Chroma's own filtered query (HNSW + `where` in SQLite) on the same
  collection, and the brute-force NumPy floor (cosine + mask + top-k over the
  same vectors), with each one's ratio to that floor.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from knowledge import records  # noqa: E402
from knowledge.catalog import CatalogItem, load_catalog  # noqa: E402
from knowledge.chroma import open_for_search  # noqa: E402
from knowledge.embeddings import E5EmbeddingFunction  # noqa: E402
from knowledge.filters import SearchRequest, build_request  # noqa: E402
from knowledge.index import build_index  # noqa: E402
from knowledge.search import CatalogSearch  # noqa: E402
from songwish.settings import Settings  # noqa: E402

SYNTHETIC_SIZE = 10_000
NOISE = 0.02  # per-dimension σ: each copy stays near its source (cosine ≈ 0.93)
RUNS = 5
QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("a first guitar for my 8 year old son", {"recipients": ["kid"], "max_price": 20000}),
    ("vinyle de jazz pour mon père", {"categories": ["vinyl_cd"], "max_price": 4000}),
    ("noise cancelling headphones", {"max_price": 40000, "currency": "GBP"}),
    ("cours de guitare en ligne pour débutant", {"fulfilment": "digital", "levels": ["beginner"]}),
    ("music production software", {"categories": ["software"], "max_price": 30000}),
    ("cadeau pour un saxophoniste", {"instruments": ["saxophone"], "max_price": 10000}),
    ("a concert voucher for my sister", {"categories": ["experiences"], "currency": "USD"}),
    ("jouet musical pour un bébé", {"categories": ["kids"], "max_price": 3000}),
    ("studio monitors for a home producer", {"min_price": 10000, "max_price": 50000}),
    ("chanson française pour ma grand-mère", {"genres": ["french_chanson"]}),
    ("K-pop fan gift", {"max_price": 3000, "currency": "JPY"}),
    ("drum machine for making beats", {"instruments": ["drum_machine", "production"]}),
]

Runner = Callable[[SearchRequest, np.ndarray], object]


class PrecomputedE5(E5EmbeddingFunction):
    """e5's identity with vectors looked up by document text: the synthetic index is built
    like a real one (same collection signature) without embedding every text."""

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        super().__init__()
        self.vectors = vectors

    def __call__(self, input: Sequence[str]) -> list[np.ndarray]:
        return [self.vectors[text] for text in input]


def settings_in(directory: Path) -> Settings:
    """An index under `directory` whose build embeds for real (no precomputed vectors)."""
    # pydantic-settings takes the env file and fields by alias, which mypy cannot see.
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        SONGWISH_DATA_DIR=str(directory),
        chroma_path=directory / "chroma",
        catalog_vectors_dir=directory / "no-precomputed-vectors",
    )


def synthetic_catalogue(
    items: list[CatalogItem], vectors: np.ndarray, size: int
) -> tuple[list[CatalogItem], dict[str, np.ndarray]]:
    """`size` variations of the shipped items, with their vectors by embedding text."""
    rng, chooser = np.random.default_rng(7), random.Random(7)
    made, lookup = [], {}
    for number in range(size):
        source = chooser.randrange(len(items))
        item, scale = items[source], chooser.uniform(0.6, 1.6)
        copy = item.model_copy(
            update={
                "id": f"syn-{number:05d}",
                "title": f"{item.title} · edition {number}",
                "prices": {code: max(1, round(p * scale)) for code, p in item.prices.items()},
            }
        )
        noisy = vectors[source] + rng.normal(0, NOISE, vectors.shape[1])
        lookup[records.embedding_text(copy)] = (noisy / np.linalg.norm(noisy)).astype(np.float32)
        made.append(copy)
    return made, lookup


def latencies(
    requests: list[SearchRequest], e5: E5EmbeddingFunction, embed: bool, ways: dict[str, Runner]
) -> dict[str, tuple[float, float, float]]:
    """Minimum, p50 and p95 in ms per way; with `embed`, a fresh e5 call is timed too.

    The ways take turns on each request, so a burst of load from elsewhere on
    the machine falls on all of them alike.
    """
    vectors = [np.asarray(e5.embed_query([r.text])[0]) for r in requests]
    samples: dict[str, list[float]] = {way: [] for way in ways}
    for _ in range(RUNS):
        for request, vector in zip(requests, vectors, strict=True):
            for way, run in ways.items():
                started = time.perf_counter()
                run(request, np.asarray(e5.embed_query([request.text])[0]) if embed else vector)
                samples[way].append(time.perf_counter() - started)
    return {way: _percentiles(times) for way, times in samples.items()}


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = [sample * 1000 for sample in sorted(samples)]
    return ordered[0], statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def runners(settings: Settings, e5: E5EmbeddingFunction) -> dict[str, Runner]:
    """The three ways to answer one request over the same collection and vectors."""
    search = CatalogSearch(settings)
    snapshot = search.snapshot()
    collection = open_for_search(settings, e5)

    def chroma(request: SearchRequest, vector: np.ndarray) -> object:
        return collection.query(
            query_embeddings=[vector],
            n_results=request.limit,
            where=request.where,
            include=["documents", "distances"],
        )

    return {
        "CatalogSearch": search.search_request,
        "Chroma query": chroma,
        "NumPy floor": lambda request, vector: snapshot.nearest(
            vector, request.where, request.limit
        ),
    }


def query_table(name: str, settings: Settings, e5: E5EmbeddingFunction) -> list[str]:
    ways = runners(settings, e5)
    rows = []
    for label, filtered in (("no filter", False), ("filtered", True)):
        requests = [
            build_request(text, **(filters if filtered else {})) for text, filters in QUERIES
        ]
        for embed in (False, True):
            figures = latencies(requests, e5, embed, ways)
            floor = figures["NumPy floor"][1]
            cells = [
                f"{low:.1f} / {p50:.1f} / {p95:.1f} ({p50 / floor:.1f}×)"
                for low, p50, p95 in figures.values()
            ]
            scenario = f"{label}, embedding {'included' if embed else 'excluded'}"
            rows.append(f"| {name} | {scenario} | " + " | ".join(cells) + " |")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", type=Path, help="also write the figures as Markdown")
    parser.add_argument("--size", type=int, default=SYNTHETIC_SIZE, help="synthetic items")
    args = parser.parse_args(argv)
    e5 = E5EmbeddingFunction()
    items = load_catalog()
    notes: list[str] = [
        f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    ]
    with tempfile.TemporaryDirectory(prefix="songwish-bench-") as root:
        shipped = settings_in(Path(root) / "shipped")
        report = build_index(shipped)
        per_item = report.seconds / len(items)
        notes.append(f"build, shipped ({len(items)} items, real e5): {report.seconds:.1f} s")
        again = build_index(shipped)
        notes.append(f"rebuild, nothing changed: {again.seconds:.2f} s")

        snapshot = CatalogSearch(shipped).snapshot()
        vectors = np.asarray([snapshot.vector(item.id) for item in items])
        synthetic, lookup = synthetic_catalogue(items, vectors, args.size)
        large = settings_in(Path(root) / "synthetic")
        big = build_index(large, items=synthetic, function=PrecomputedE5(lookup))
        notes.append(
            f"build, synthetic ({args.size} items, vectors precomputed): {big.seconds:.1f} s;"
            f" real e5 would add ≈ {per_item * args.size / 60:.0f} min"
            f" at the measured {per_item * 1000:.0f} ms per item"
        )
        started = time.perf_counter()
        CatalogSearch(large).snapshot()
        notes.append(
            f"snapshot load, synthetic: {time.perf_counter() - started:.1f} s (once per process"
            " and after each change)"
        )
        table = [
            "| index | scenario | CatalogSearch min / p50 / p95 ms (p50 × floor) "
            "| Chroma query min / p50 / p95 ms (p50 × floor) | NumPy floor min / p50 / p95 ms |",
            "|---|---|---:|---:|---:|",
            *query_table(f"shipped ({len(items)})", shipped, e5),
            *query_table(f"synthetic ({args.size})", large, e5),
        ]
    notes.append(f"load average at end: {os.getloadavg()[0]:.1f}")
    output = "\n".join(
        ["## Catalogue search benchmark", "", *[f"- {note}" for note in notes], "", *table]
    )
    print(output)
    if args.markdown:
        args.markdown.write_text(output + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
