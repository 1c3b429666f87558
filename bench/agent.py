"""Assistant turn benchmark: `python bench/agent.py [--turns 500]`.

Runs real conversations through the whole assistant (session check,
checkpointer on SQLite, graph, tools, store, catalogue) with the offline model,
and splits each turn's wall time into:
- model: time inside the offline model (timed by a wrapper around it);
- catalogue: time inside catalogue search calls (query embedding + Chroma);
- overhead: everything else, i.e. the graph and its persistence, excluding the
  model. Target: p50 <= 15 ms.
- overhead cpu: the process CPU time of that overhead (all threads), which
  other processes competing for the cores inflate far less than wall time.
The catalogue is the first 40 shipped items, embedded once. The machine's load
average is printed too: other processes on the same cores inflate every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from langchain_core.language_models import BaseChatModel  # noqa: E402
from langchain_core.messages import AIMessage  # noqa: E402
from langchain_core.outputs import ChatGeneration, ChatResult  # noqa: E402

from agents.assistant import Assistant  # noqa: E402
from agents.offline import OfflineChatModel  # noqa: E402
from knowledge.catalog import load_catalog  # noqa: E402
from knowledge.index import build_index  # noqa: E402
from knowledge.search import CatalogSearch  # noqa: E402
from songwish.services import Services  # noqa: E402
from songwish.settings import Settings  # noqa: E402
from store import users  # noqa: E402
from store.db import Database  # noqa: E402
from store.migrate import upgrade_url  # noqa: E402

INDEXED_ITEMS = 40
FIGURES = ("total", "model", "catalogue", "overhead", "overhead cpu")
CONVERSATION = [
    ("en", "I'm looking for a jazz gift for my sister under 50 euros"),
    ("en", "add the second one to my list"),
    ("en", "show my list"),
    ("en", "something cheaper"),
    ("en", "thanks!"),
    ("fr", "Un cadeau pour mon père qui joue de la guitare, 100 euros max"),
    ("fr", "ajoute le premier"),
    ("fr", "montre ma liste"),
    ("fr", "partage ma liste"),
    ("fr", "merci"),
]


class TimedModel(BaseChatModel):
    """Delegates to the real model and records the time spent inside it."""

    inner: Any
    spent: Any  # the caller's list (Any, so pydantic does not copy it)

    @property
    def _llm_type(self) -> str:
        return "timed"

    def bind_tools(self, tools: Any, **options: Any) -> TimedModel:  # type: ignore[override]
        return TimedModel(inner=self.inner.bind_tools(tools, **options), spent=self.spent)

    def _generate(self, *args: Any, **kwargs: Any) -> ChatResult:
        raise NotImplementedError("the assistant calls models asynchronously")

    async def _agenerate(self, messages: list, stop: Any = None, run_manager: Any = None,
                         **kwargs: Any) -> ChatResult:  # fmt: skip
        started, cpu = time.perf_counter(), time.process_time()
        message: AIMessage = await self.inner.ainvoke(messages)
        self.spent.append((time.perf_counter() - started, time.process_time() - cpu))
        return ChatResult(generations=[ChatGeneration(message=message)])


class TimedCatalog:
    """The real catalogue search, timing its calls (the tools call `asearch`, `get_item`)."""

    def __init__(self, inner: CatalogSearch) -> None:
        self.inner = inner
        self.spent: list[tuple[float, float]] = []

    async def asearch(self, query: str, **options: Any) -> Any:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return await self.inner.asearch(query, **options)
        finally:
            self.spent.append((time.perf_counter() - started, time.process_time() - cpu))

    def __getattr__(self, name: str) -> Any:
        timed = self.spent

        def call(*args: Any, **kwargs: Any) -> Any:
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return getattr(self.inner, name)(*args, **kwargs)
            finally:
                timed.append((time.perf_counter() - started, time.process_time() - cpu))

        return call


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def run(turns: int, root: Path) -> dict[str, list[float]]:
    settings = Settings(
        _env_file=None,
        SONGWISH_DATA_DIR=str(root),
        chroma_path=root / "chroma",
        openai_api_key=None,
    )
    build_index(settings, items=load_catalog()[:INDEXED_ITEMS])
    url = settings.resolved_database_url
    upgrade_url(url)
    services = Services(settings=settings, database=Database(url))
    catalog = TimedCatalog(CatalogSearch(settings))
    services.__dict__["catalog"] = catalog
    spent_in_model: list[tuple[float, float]] = []
    assistant = Assistant(services, TimedModel(inner=OfflineChatModel(), spent=spent_in_model))
    async with services.database.session() as session:
        user = await users.register_local_user(
            session, email="bench@example.com", password="bench-password"
        )
    figures: dict[str, list[float]] = {key: [] for key in FIGURES}
    session_id = None
    try:
        for index in range(turns):
            locale, message = CONVERSATION[index % len(CONVERSATION)]
            if index % len(CONVERSATION) == 0:
                session_id = None  # a new conversation every ten turns
            model_before, catalog_before = len(spent_in_model), len(catalog.spent)
            started, cpu = time.perf_counter(), time.process_time()
            turn = await assistant.chat(
                user_id=user.id, message=message, session_id=session_id, locale=locale
            )
            total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
            session_id = turn.session_id
            model = [sum(pair) for pair in zip(*spent_in_model[model_before:], strict=True)]
            search = [sum(pair) for pair in zip(*catalog.spent[catalog_before:], strict=True)]
            model_wall, model_cpu = model or (0.0, 0.0)
            search_wall, search_cpu = search or (0.0, 0.0)
            measured = {
                "total": total, "model": model_wall, "catalogue": search_wall,
                "overhead": total - model_wall - search_wall,
                "overhead cpu": total_cpu - model_cpu - search_cpu,
            }  # fmt: skip
            for key, value in measured.items():
                figures[key].append(value * 1000)
    finally:
        await assistant.aclose()
        await services.aclose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=500)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        figures = asyncio.run(run(arguments.turns, Path(directory)))
    print(
        f"assistant turns: {arguments.turns} (offline model, SQLite, {INDEXED_ITEMS}-item "
        f"catalogue; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    for key in FIGURES:
        values = figures[key]
        p50, p95, mean = percentile(values, 0.5), percentile(values, 0.95), statistics.fmean(values)
        print(f"  {key:<12} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   mean {mean:7.2f} ms")
    p50 = percentile(figures["overhead"], 0.5)
    verdict = "meets" if p50 <= 15 else "MISSES"
    cpu = percentile(figures["overhead cpu"], 0.5)
    print(f"graph overhead p50 {p50:.2f} ms ({cpu:.2f} ms CPU) {verdict} the 15 ms target")


if __name__ == "__main__":
    main()
