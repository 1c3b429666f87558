"""Load benchmark: `python bench/load.py [--url URL] [--users 10,50,100] [--markdown FILE]`.

N simulated people at once, each a closed loop over the REST API: a chat turn
(offline model, so the figures are SongWish's own cost, not a vendor's), then
a list edit (add a gift, change its priority, read the lists), with a think
time between requests. Loops are bounded (`--steps` per person) and everything
stays on loopback.

Without `--url` it starts its own instance: a temporary data dir (SQLite
unless `--database-url`), the shipped catalogue indexed once into
`var/bench/chroma` and reused, IP and login limits raised (every simulated
person shares 127.0.0.1; per-person limits stay as configured). The
baselines are measured in the same run: `GET /healthz` under the same
concurrency (the HTTP floor), and with `--compare-cache` the same load on a
second instance with the query cache off (`CACHE_MAX_ENTRIES=0`). Each
instance gets the same unmeasured warm-up run first.

Per level: requests, errors (anything but 2xx, 429 counted apart), throughput
(min/median over `--repeat` runs), latency p50/p95/p99 over all runs.
Goal: 100 people, p95 <= 1 s, 0 errors.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.scale.processes import SongWishInstance  # noqa: E402

MESSAGES = (
    "A jazz record for my dad, about 40 euros",
    "Something for my sister who plays the piano",
    "Un cadeau pour mon frère qui joue de la guitare, 50 € maximum",
    "A gift for a beginner drummer under 100 dollars",
    "Des idées pour une amie qui adore le vinyle",
    "Headphones for a music producer",
    "Show my lists",
)
INDEX_DIR = ROOT / "var" / "bench" / "chroma"
INSTANCE_ENV = {
    "RATE_LIMIT_IP": "1000000/minute",
    "RATE_LIMIT_LOGIN": "1000000/minute",
    "LOG_LEVEL": "WARNING",
}
GOAL_P95_MS = 1000.0


@dataclass
class Sample:
    kind: str
    seconds: float
    status: int  # 0: the request failed before any answer


@dataclass
class Level:
    users: int
    samples: list[Sample] = field(default_factory=list)
    throughputs: list[float] = field(default_factory=list)

    def latencies(self, kind: str | None = None) -> list[float]:
        return sorted(
            s.seconds * 1000 for s in self.samples if (kind is None or s.kind == kind)
            and 200 <= s.status < 300
        )  # fmt: skip

    @property
    def errors(self) -> int:
        return sum(1 for s in self.samples if not (200 <= s.status < 300 or s.status == 429))

    @property
    def limited(self) -> int:
        return sum(1 for s in self.samples if s.status == 429)


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Person:
    """One simulated account: its token, list, session and a seeded random stream."""

    def __init__(self, client: httpx.AsyncClient, number: int) -> None:
        self.client = client
        self.number = number
        self.random = random.Random(number)
        self.headers: dict[str, str] = {}
        self.list_id = ""
        self.session_id: str | None = None
        self.gift_ids: list[str] = []

    async def sign_up(self) -> None:
        body = {"email": f"load-{self.number}-{os.getpid()}@example.com", "password": "p" * 16}
        answer = await retry_limited(lambda: self.client.post("/api/auth/register", json=body))
        answer.raise_for_status()
        self.headers = {"Authorization": f"Bearer {answer.json()['access_token']}"}
        made = await self.client.post("/api/lists", json={"title": "Load"}, headers=self.headers)
        made.raise_for_status()
        self.list_id = made.json()["id"]

    @staticmethod
    def kind(n: int) -> str:
        return "chat" if n % 2 == 0 else "edit"

    async def step(self, n: int) -> httpx.Response:
        """Even steps chat, odd steps edit the list (add, re-prioritise, read in turn)."""
        if self.kind(n) == "chat":
            body: dict[str, object] = {
                "message": self.random.choice(MESSAGES),
                "session_id": self.session_id,
            }
            answer = await self.client.post("/api/assistant/chat", json=body, headers=self.headers)
            if answer.status_code == 200:
                self.session_id = answer.json()["session_id"]
            return answer
        edit = (n // 2) % 3
        if edit == 0 or not self.gift_ids:
            idea = {"title": f"Idea {n}", "price": 25, "currency": "EUR"}
            answer = await self.client.post(
                "/api/gifts", json=idea, params={"list_id": self.list_id}, headers=self.headers
            )
            if answer.status_code == 201:
                self.gift_ids.append(answer.json()["id"])
            return answer
        if edit == 1:
            gift = self.random.choice(self.gift_ids)
            change = {"priority": self.random.randint(1, 3)}
            return await self.client.put(f"/api/gifts/{gift}", json=change, headers=self.headers)
        return await self.client.get("/api/lists", headers=self.headers)


async def retry_limited(call: Callable[[], Awaitable[httpx.Response]]) -> httpx.Response:
    """Setup only (not measured): wait out a 429 as a polite client does."""
    for _ in range(20):
        answer = await call()
        if answer.status_code != 429:
            return answer
        await asyncio.sleep(float(answer.headers.get("Retry-After", "1")))
    return answer


async def timed(kind: str, call: Callable[[], Awaitable[httpx.Response]]) -> Sample:
    started = time.perf_counter()
    try:
        status = (await call()).status_code
    except httpx.HTTPError:
        status = 0
    return Sample(kind, time.perf_counter() - started, status)


async def run_people(people: list[Person], steps: int, think: float) -> tuple[list[Sample], float]:
    """Every person's bounded loop at once; starts are spread over one think time."""

    async def life(person: Person) -> list[Sample]:
        await asyncio.sleep(person.random.uniform(0, think))
        samples = []
        for n in range(steps):
            samples.append(await timed(person.kind(n), partial(person.step, n)))
            await asyncio.sleep(think * person.random.uniform(0.5, 1.5))
        return samples

    started = time.perf_counter()
    results = await asyncio.gather(*(life(person) for person in people))
    return [sample for result in results for sample in result], time.perf_counter() - started


async def run_healthz(client: httpx.AsyncClient, users: int, steps: int, think: float) -> Level:
    """The floor: the same concurrency and pacing against `/healthz`."""
    level = Level(users)
    rng = random.Random(0)

    async def life() -> list[Sample]:
        await asyncio.sleep(rng.uniform(0, think))
        samples = []
        for _ in range(steps):
            samples.append(await timed("healthz", lambda: client.get("/healthz")))
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))
        return samples

    results = await asyncio.gather(*(life() for _ in range(users)))
    level.samples = [sample for result in results for sample in result]
    return level


async def measure(url: str, levels: list[int], steps: int, think: float, repeat: int) -> dict:
    limits = httpx.Limits(max_connections=max(levels) + 20, max_keepalive_connections=max(levels))
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        people = [Person(client, n) for n in range(max(levels))]
        for person in people:  # sequential: sign-up is setup, not load
            await person.sign_up()
        # Unmeasured warm-up: every instance compared starts from the same caches.
        await run_people(people[: min(levels)], steps, think)
        measured = {}
        for users in levels:
            level = Level(users)
            for _ in range(repeat):
                for person in people[:users]:
                    person.session_id = None
                samples, wall = await run_people(people[:users], steps, think)
                level.samples += samples
                level.throughputs.append(len(samples) / wall)
            measured[users] = level
        floor = await run_healthz(client, max(levels), steps, think)
        hit_ratio = await cache_hit_ratio(client)
    return {"levels": measured, "floor": floor, "hit_ratio": hit_ratio}


async def cache_hit_ratio(client: httpx.AsyncClient) -> float | None:
    text = (await client.get("/metrics")).text
    match = re.search(r'^songwish_cache_hit_ratio\{cache="search"\} (\S+)$', text, re.M)
    return float(match.group(1)) if match else None


def start_instance(root: Path, database_url: str | None, **env: str) -> SongWishInstance:
    """An offline instance on a fresh data dir; the first run builds the reused index."""
    INDEX_DIR.parent.mkdir(parents=True, exist_ok=True)
    settings = {**INSTANCE_ENV, "CHROMA_PATH": str(INDEX_DIR), **env}
    if database_url:
        settings["DATABASE_URL"] = database_url
    instance = SongWishInstance(root, settings)
    instance.start(timeout=1800)  # a first build embeds the whole catalogue
    return instance


def report(results: dict, baseline: Level | None, think: float, steps: int) -> str:
    lines = [
        "## Load benchmark (REST: chat turn, then a list edit, per simulated person)",
        "",
        f"- {steps} requests per person, think time {think:.1f} s ±50 %, offline model; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores after the run",
        "",
        "| people | requests | errors | 429 | req/s min | req/s median | p50 ms | p95 ms "
        "| p99 ms | chat p95 ms | edit p95 ms | goal |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for users, level in results["levels"].items():
        all_ms = level.latencies()
        p95 = percentile(all_ms, 0.95)
        goal = "met" if p95 <= GOAL_P95_MS and level.errors == 0 else "missed"
        lines.append(
            f"| {users} | {len(level.samples)} | {level.errors} | {level.limited} | "
            f"{min(level.throughputs):.1f} | {statistics.median(level.throughputs):.1f} | "
            f"{percentile(all_ms, 0.5):.0f} | {p95:.0f} | {percentile(all_ms, 0.99):.0f} | "
            f"{percentile(level.latencies('chat'), 0.95):.0f} | "
            f"{percentile(level.latencies('edit'), 0.95):.0f} | {goal} |"
        )
    floor = results["floor"].latencies()
    top = results["levels"][max(results["levels"])]
    lines += [
        "",
        f"Baseline, same run: `GET /healthz` at {results['floor'].users} people: "
        f"p50 {percentile(floor, 0.5):.1f} ms, p95 {percentile(floor, 0.95):.1f} ms; "
        f"chat p50 / healthz p50 = "
        f"{percentile(top.latencies('chat'), 0.5) / percentile(floor, 0.5):.0f}×.",
    ]
    if results["hit_ratio"] is None:
        lines.append("The instance reports no query-cache metrics: the cache is not active.")
    else:
        lines.append(f"Search cache hit ratio at the end (/metrics): {results['hit_ratio']:.2f}.")
    if baseline is not None and baseline.users in results["levels"]:
        on = percentile(results["levels"][baseline.users].latencies("chat"), 0.95)
        off = percentile(baseline.latencies("chat"), 0.95)
        lines.append(
            f"Query cache off (`CACHE_MAX_ENTRIES=0`), {baseline.users} people: chat p50 "
            f"{percentile(baseline.latencies('chat'), 0.5):.0f} ms, p95 {off:.0f} ms; "
            f"chat p95 cache on / off = {on / off:.2f}."
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running instance (default: start one here)")
    parser.add_argument("--users", default="10,50,100", help="comma-separated levels")
    parser.add_argument("--steps", type=int, default=6, help="requests per person per run")
    parser.add_argument("--think", type=float, default=2.0, help="seconds between requests")
    parser.add_argument("--repeat", type=int, default=3, help="runs per level")
    parser.add_argument("--database-url", help="for the instance started here (default SQLite)")
    parser.add_argument("--compare-cache", action="store_true",
                        help="also run the middle level with the query cache off")  # fmt: skip
    parser.add_argument("--markdown", type=Path, help="also write the figures as Markdown")
    args = parser.parse_args(argv)
    levels = [int(value) for value in args.users.split(",")]
    baseline = None
    with tempfile.TemporaryDirectory(prefix="songwish-load-") as directory:
        root = Path(directory)
        instance = None if args.url else start_instance(root / "on", args.database_url)
        try:
            url = args.url or instance.url  # type: ignore[union-attr]
            results = asyncio.run(measure(url, levels, args.steps, args.think, args.repeat))
        finally:
            if instance is not None:
                instance.stop()
        if args.compare_cache and not args.url:
            middle = levels[len(levels) // 2]
            off = start_instance(root / "off", args.database_url, CACHE_MAX_ENTRIES="0")
            try:
                baseline = asyncio.run(
                    measure(off.url, [middle], args.steps, args.think, args.repeat)
                )["levels"][middle]
            finally:
                off.stop()
    output = report(results, baseline, args.think, args.steps)
    print(output)
    if args.markdown:
        args.markdown.write_text(output + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
