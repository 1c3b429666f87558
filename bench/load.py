"""Load benchmark: `python bench/load.py [--url URL[,URL]] [--users 10,50,100] [--markdown FILE]`.

N simulated people at once, each a closed loop over the REST API: a chat turn
(offline model, so the figures are SongWish's own cost, not a vendor's), then
a list edit (add a gift, change its priority, read the lists), with a think
time between requests; half the people begin with the edit, and starts are
spread over two think times, so nobody moves in lockstep. Loops are bounded
(`--steps` per person) and everything stays on loopback. A person always
talks to the same replica (sticky).

Without `--url` it starts what it measures: one instance on a temporary data
dir (SQLite unless `--database-url`), or with `--replicas K` K replicas over a
temporary PostgreSQL database and Redis; the shipped catalogue is indexed once
into `var/bench/chroma` and each replica reads its own copy (as an image
carries its index). IP and login limits are raised: every simulated person
shares 127.0.0.1.

Measured in the same run: `GET /healthz` under the same concurrency (the HTTP
floor), the servers' CPU time per request (less sensitive than latency to
other processes sharing the cores), and with `--compare-cache` the middle
level again on a deployment with the query cache off (`CACHE_MAX_ENTRIES=0`).
Each deployment gets the same unmeasured warm-up run first.

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
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.index import build_index  # noqa: E402
from songwish.settings import Settings  # noqa: E402
from tests.scale.cluster import Cluster, release_phase  # noqa: E402
from tests.services import temporary_postgres_database  # noqa: E402

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
BENCH_REDIS_URL = "redis://127.0.0.1:6379/13"
INSTANCE_ENV = {
    "RATE_LIMIT_IP": "1000000/minute",
    "RATE_LIMIT_LOGIN": "1000000/minute",
    "LOG_LEVEL": "WARNING",
    "SECRET_KEY": "bench-secret-" + "b" * 40,
}
GOAL_P95_MS = 1000.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Sample:
    kind: str
    seconds: float
    status: int  # 0: no answer (see `failure`)
    failure: str = ""


@dataclass
class Level:
    users: int
    samples: list[Sample] = field(default_factory=list)
    throughputs: list[float] = field(default_factory=list)
    cpu_seconds: float = 0.0

    def latencies(self, kind: str | None = None) -> list[float]:
        ok = (s for s in self.samples if 200 <= s.status < 300)
        return sorted(s.seconds * 1000 for s in ok if kind in (None, s.kind))

    def errors(self) -> Counter[str]:
        failed = (s for s in self.samples if not (200 <= s.status < 300 or s.status == 429))
        return Counter(s.failure or str(s.status) for s in failed)

    @property
    def limited(self) -> int:
        return sum(1 for s in self.samples if s.status == 429)


@dataclass
class Target:
    """What is measured: the replicas' URLs and, when started here, their process ids."""

    urls: list[str]
    pids: list[int] = field(default_factory=list)

    def cpu_seconds(self) -> float:
        total = 0
        for pid in self.pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime
        return total / CLOCK_TICKS


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

    def kind(self, n: int) -> str:
        """Half the people start with a chat turn, half with an edit: nobody is in lockstep."""
        return "chat" if (n + self.number) % 2 == 0 else "edit"

    async def step(self, n: int) -> httpx.Response:
        """Even steps chat, odd steps edit the list (add, re-prioritise, read in turn)."""
        if self.kind(n) == "chat":
            message = {"message": self.random.choice(MESSAGES), "session_id": self.session_id}
            answer = await self.client.post(
                "/api/assistant/chat", json=message, headers=self.headers
            )
            if answer.status_code == 200:
                self.session_id = answer.json()["session_id"]
            return answer
        edit = (n // 2 + self.number) % 3
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
        status, failure = (await call()).status_code, ""
    except httpx.HTTPError as error:
        status, failure = 0, type(error).__name__
    return Sample(kind, time.perf_counter() - started, status, failure)


async def paced(
    rng: random.Random, steps: int, think: float, kind: Callable[[int], str],
    call: Callable[[int], Awaitable[httpx.Response]],
) -> list[Sample]:  # fmt: skip
    """One person's bounded loop; starts are spread over two think times (a chat and an edit)."""
    await asyncio.sleep(rng.uniform(0, 2 * think))
    samples = []
    for n in range(steps):
        samples.append(await timed(kind(n), partial(call, n)))
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))
    return samples


async def run_people(people: list[Person], steps: int, think: float) -> tuple[list[Sample], float]:
    started = time.perf_counter()
    lives = [paced(p.random, steps, think, p.kind, p.step) for p in people]
    results = await asyncio.gather(*lives)
    return [sample for result in results for sample in result], time.perf_counter() - started


async def measure(target: Target, levels: list[int], steps: int, think: float, repeat: int) -> dict:
    limits = httpx.Limits(max_connections=max(levels) + 20, keepalive_expiry=4)  # < uvicorn's 5 s
    clients = [httpx.AsyncClient(base_url=url, timeout=60, limits=limits) for url in target.urls]
    try:
        people = [Person(clients[n % len(clients)], n) for n in range(max(levels))]
        for person in people:  # sequential: sign-up is setup, not load
            await person.sign_up()
        await run_people(people[: min(levels)], steps, think)  # the same warm-up everywhere
        measured = {}
        for users in levels:
            level = Level(users)
            cpu_before = target.cpu_seconds()
            for _ in range(repeat):
                for person in people[:users]:
                    person.session_id = None
                samples, wall = await run_people(people[:users], steps, think)
                level.samples += samples
                level.throughputs.append(len(samples) / wall)
            level.cpu_seconds = target.cpu_seconds() - cpu_before
            measured[users] = level
        health = partial(clients[0].get, "/healthz")
        lives = [paced(random.Random(n), steps, think, lambda _: "healthz", lambda _: health())
                 for n in range(max(levels))]  # fmt: skip
        floor = Level(max(levels), [s for life in await asyncio.gather(*lives) for s in life])
        metrics = (await clients[0].get("/metrics")).text
    finally:
        for client in clients:
            await client.aclose()
    ratios = dict(re.findall(r'^songwish_cache_hit_ratio\{cache="(\w+)"\} (\S+)$', metrics, re.M))
    return {"levels": measured, "floor": floor, "hit_ratios": ratios}


@contextmanager
def deployment(root: Path, replicas: int, database_url: str | None, **env: str) -> Iterator[Target]:
    """One instance, or `replicas` sharing PostgreSQL and Redis; stopped on exit."""
    with ExitStack() as stack:
        if replicas > 1 and not database_url:
            database_url = stack.enter_context(temporary_postgres_database())
        shared = {**INSTANCE_ENV, **env}
        if database_url:
            release_phase(database_url)
            shared |= {"DATABASE_URL": database_url}
        if replicas > 1:
            shared |= {"RATE_LIMIT_STORAGE_URI": BENCH_REDIS_URL}
        cluster = Cluster(root, shared)
        for n in range(replicas):
            index = root / f"index-{n}"
            shutil.copytree(INDEX_DIR, index)
            cluster.add(f"replica-{n}", CHROMA_PATH=str(index))
        stack.callback(cluster.stop_all)
        cluster.start_all()
        yield Target([i.url for i in cluster.instances], [i.process.pid for i in cluster.instances])  # type: ignore[union-attr]


def build_index_once(root: Path) -> None:
    """The first run embeds the whole catalogue into `var/bench/chroma`; later runs reuse it."""
    settings = Settings(_env_file=None, SONGWISH_DATA_DIR=str(root), chroma_path=INDEX_DIR)  # type: ignore[call-arg]
    print(build_index(settings).summary(), flush=True)


def report(results: dict, baseline: Level | None, args: argparse.Namespace) -> str:
    where = "`--url`" if args.url else f"{args.replicas} replica(s) started here"
    lines = [
        "## Load benchmark (REST: chat turn, then a list edit, per simulated person)",
        "",
        f"- {where}; {args.steps} requests per person per run, {args.repeat} runs per level, "
        f"think time {args.think:.1f} s ±50 %, offline model; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores after the run; req/s follows "
        "the pacing (think time), it is not a capacity",
        "",
        "| people | requests | errors | 429 | req/s min | req/s median | p50 ms | p95 ms "
        "| p99 ms | chat p95 ms | edit p95 ms | server CPU ms/req | goal |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for users, level in results["levels"].items():
        all_ms, errors = level.latencies(), level.errors()
        p95 = percentile(all_ms, 0.95)
        goal = "met" if p95 <= GOAL_P95_MS and not errors else "missed"
        cpu = f"{level.cpu_seconds * 1000 / len(level.samples):.0f}" if level.cpu_seconds else "–"
        failed = ", ".join(f"{n}× {what}" for what, n in errors.most_common()) or "0"
        lines.append(
            f"| {users} | {len(level.samples)} | {failed} | {level.limited} | "
            f"{min(level.throughputs):.1f} | {statistics.median(level.throughputs):.1f} | "
            f"{percentile(all_ms, 0.5):.0f} | {p95:.0f} | {percentile(all_ms, 0.99):.0f} | "
            f"{percentile(level.latencies('chat'), 0.95):.0f} | "
            f"{percentile(level.latencies('edit'), 0.95):.0f} | {cpu} | {goal} |"
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
    if ratios := results["hit_ratios"]:
        shown = ", ".join(f"{cache} {float(value):.2f}" for cache, value in sorted(ratios.items()))
        lines.append(f"Query-cache hit ratios of the first replica at the end: {shown}.")
    else:
        lines.append("The instance reports no query-cache metrics: the query cache is not active.")
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
    parser.add_argument("--url", help="running replica(s), comma-separated (default: start here)")
    parser.add_argument("--users", default="10,50,100", help="comma-separated levels")
    parser.add_argument("--steps", type=int, default=6, help="requests per person per run")
    parser.add_argument("--think", type=float, default=2.0, help="seconds between requests")
    parser.add_argument("--repeat", type=int, default=3, help="runs per level")
    parser.add_argument("--replicas", type=int, default=1, help="replicas started here")
    parser.add_argument("--database-url", help="for the replicas started here")
    parser.add_argument("--compare-cache", action="store_true",
                        help="also run the middle level with the query cache off")  # fmt: skip
    parser.add_argument("--markdown", type=Path, help="also write the figures as Markdown")
    args = parser.parse_args(argv)
    levels = [int(value) for value in args.users.split(",")]
    run = partial(measure, levels=levels, steps=args.steps, think=args.think, repeat=args.repeat)
    baseline = None
    if args.url:
        results = asyncio.run(run(Target(args.url.split(","))))
    else:
        with tempfile.TemporaryDirectory(prefix="songwish-load-") as directory:
            root = Path(directory)
            build_index_once(root / "index-build")
            with deployment(root / "on", args.replicas, args.database_url) as target:
                results = asyncio.run(run(target))
            if args.compare_cache:
                middle = levels[len(levels) // 2]
                off = deployment(root / "off", args.replicas, args.database_url,
                                 CACHE_MAX_ENTRIES="0")  # fmt: skip
                with off as target:
                    baseline = asyncio.run(run(target, levels=[middle]))["levels"][middle]
    output = report(results, baseline, args)
    print(output)
    if args.markdown:
        args.markdown.write_text(output + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
