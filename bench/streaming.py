"""Streaming benchmark: `python bench/streaming.py [--sessions 100,500,1000] [--rest 100,500]
[--replicas 1|2] [--first-token-ms 800] [--tokens-per-second 40] [--markdown FILE]`.

Production chats wait seconds on a model while they stream. This benchmark
starts an OpenAI-compatible stand-in (`bench/openai_standin.py`: a tool call,
then a streamed answer, each after a first-token delay, at a fixed token rate)
and points `OPENAI_BASE_URL` at it, so SongWish runs its real OpenAI path
(ChatOpenAI, tool calls, search, streaming) against a model whose own time is
known exactly. What is reported is the latency SongWish ADDS beyond that time:

- over the Chainlit websocket, as the browser talks (socket.io, logged in with
  the chat's login form): N sessions connected at once, each sending `--turns`
  gift questions, starts spread over `--ramp` seconds; per turn the time to the
  first streamed token and to the end of the turn (`task_end`), minus the
  stand-in's own time for them; the most turns in flight at once;
- over REST (`POST /api/assistant/chat`, not streamed): N conversations at
  once, full-turn latency minus the model's time;
- memory: the server's RSS before and after N idle sessions connect, per session;
- errors: turns that did not end, error messages, refused connections.

`--capacity` measures one replica with the offline model instead: the highest
chat turns/s over REST at p95 <= 1 s as concurrency doubles, with `GET
/healthz` at the same concurrency in the same run as the floor.

Everything is on loopback and bounded (turn timeout, fixed counts). The driver
shares the machine's cores with the server and the stand-in: on a 2-core
machine its own work (a socket.io client per session) is part of the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import socketio

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from load import (  # noqa: E402
    INSTANCE_ENV,
    Target,
    build_index_once,
    deployment,
    percentile,
    retry_limited,
)
from openai_standin import Pace, add_pace_options, pace_from  # noqa: E402

from tests.scale.processes import free_port  # noqa: E402

QUESTIONS = (
    "A jazz record for my dad, about 40 euros",
    "Something for my sister who plays the piano, around 60 euros",
    "Un cadeau pour mon frère qui joue de la guitare, 50 € maximum",
    "A gift for a beginner drummer under 100 dollars",
    "Des idées pour une amie qui adore le vinyle",
    "Headphones for a music producer",
    "Une platine vinyle pour mes parents",
    "A ukulele for my niece, under 50 euros",
)
PASSWORD = "bench-password-" + "p" * 8
ACCOUNTS = 40  # sessions share accounts, as people keep several tabs open
TURN_TIMEOUT_S = 120.0
ADDED_P95_GOAL_MS = 100.0
IDLE_KB_GOAL = 200.0
UNLIMITED = "1000000/minute"
BENCH_ENV = {**INSTANCE_ENV, "RATE_LIMIT_CHAT": UNLIMITED, "RATE_LIMIT_DEFAULT": UNLIMITED}


@dataclass
class Turn:
    first_s: float | None = None  # to the first streamed token
    full_s: float | None = None  # to task_end
    failure: str = ""


@dataclass
class Level:
    sessions: int
    channel: str
    turns: list[Turn] = field(default_factory=list)
    peak_in_flight: int = 0
    idle_kb_per_session: float | None = None
    connect_failures: Counter[str] = field(default_factory=Counter)

    def added_ms(self, kind: str, model_s: float) -> list[float]:
        values = (getattr(t, f"{kind}_s") for t in self.turns if not t.failure)
        return sorted((v - model_s) * 1000 for v in values if v is not None)

    def errors(self) -> Counter[str]:
        return Counter(t.failure for t in self.turns if t.failure) + self.connect_failures


class InFlight:
    def __init__(self) -> None:
        self.now = 0
        self.peak = 0

    def __enter__(self) -> None:
        self.now += 1
        self.peak = max(self.peak, self.now)

    def __exit__(self, *_: object) -> None:
        self.now -= 1


def rss_kb(pids: Sequence[int]) -> int:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


class ChatSocket:
    """One browser tab: a Chainlit session over socket.io, as the chat UI opens it."""

    def __init__(self, url: str, cookie: str) -> None:
        self.url = url
        self.cookie = cookie
        self.session_id = str(uuid.uuid4())
        self.socket = socketio.AsyncClient(reconnection=False)
        self.first_token = asyncio.Event()
        self.ended = asyncio.Event()
        self.failure = ""
        self.socket.on("stream_token", self._token)
        self.socket.on("task_end", self._end)
        self.socket.on("new_message", self._message)

    async def _token(self, _data: object) -> None:
        self.first_token.set()

    async def _end(self, _data: object = None) -> None:
        self.ended.set()

    async def _message(self, step: dict) -> None:
        if step.get("isError") or step.get("type") == "error":
            self.failure = "error message"

    async def connect(self) -> None:
        await self.socket.connect(
            self.url, socketio_path="/chat/ws/socket.io", transports=["websocket"],
            headers={"Cookie": f"access_token={self.cookie}"},
            auth={"sessionId": self.session_id, "clientType": "webapp", "userEnv": "{}"},
            wait_timeout=TURN_TIMEOUT_S,  # the default 1 s fails connections on a busy server
        )
        await self.socket.emit("connection_successful")

    async def turn(self, text: str) -> Turn:
        self.first_token.clear()
        self.ended.clear()
        self.failure = ""
        message = {
            "id": str(uuid.uuid4()), "threadId": "", "type": "user_message", "output": text,
            "name": "User", "createdAt": datetime.datetime.now(datetime.UTC).isoformat(),
        }
        started = time.perf_counter()
        await self.socket.emit("client_message", {"message": message, "fileReferences": []})
        turn = Turn()
        try:
            await asyncio.wait_for(self.first_token.wait(), TURN_TIMEOUT_S)
            turn.first_s = time.perf_counter() - started
            await asyncio.wait_for(self.ended.wait(), TURN_TIMEOUT_S)
            turn.full_s = time.perf_counter() - started
        except TimeoutError:
            turn.failure = "no end" if turn.first_s else "no token"
        turn.failure = turn.failure or self.failure
        return turn

    async def close(self) -> None:
        await self.socket.disconnect()


async def accounts(client: httpx.AsyncClient, count: int) -> list[tuple[str, str]]:
    """(REST bearer token, chat cookie) per account; setup, not measured."""
    made = []
    for number in range(count):
        email = f"stream-{number}-{os.getpid()}@example.com"
        body = {"email": email, "password": PASSWORD}
        answer = await retry_limited(lambda b=body: client.post("/api/auth/register", json=b))
        answer.raise_for_status()
        login = await client.post("/chat/login", data={"username": email, "password": PASSWORD})
        login.raise_for_status()
        made.append((answer.json()["access_token"], login.cookies["access_token"]))
    return made


async def gather_bounded(calls: list[Callable[[], Awaitable[object]]], width: int) -> list:
    gate = asyncio.Semaphore(width)

    async def one(call: Callable[[], Awaitable[object]]) -> object:
        async with gate:
            return await call()

    return await asyncio.gather(*(one(call) for call in calls), return_exceptions=True)


async def socket_level(target: Target, cookies: list[str], sessions: int, turns: int,
                       ramp: float) -> Level:
    level = Level(sessions, "websocket")
    before = rss_kb(target.pids)
    tabs = [ChatSocket(target.urls[n % len(target.urls)], cookies[n % len(cookies)])
            for n in range(sessions)]
    outcomes = await gather_bounded([tab.connect for tab in tabs], width=50)
    connected = [tab for tab, outcome in zip(tabs, outcomes, strict=True)
                 if not isinstance(outcome, BaseException)]
    level.connect_failures = Counter(
        f"connect: {type(outcome).__name__}" for outcome in outcomes
        if isinstance(outcome, BaseException))
    await asyncio.sleep(2)  # let the chat-start work settle before reading memory
    if connected:
        level.idle_kb_per_session = (rss_kb(target.pids) - before) / len(connected)
    flight = InFlight()

    async def life(number: int, tab: ChatSocket) -> list[Turn]:
        rng = random.Random(number)
        await asyncio.sleep(rng.uniform(0, ramp))
        done = []
        for _ in range(turns):
            with flight:
                done.append(await tab.turn(rng.choice(QUESTIONS)))
            await asyncio.sleep(rng.uniform(0.5, 1.5))
        return done

    lives = await asyncio.gather(*(life(n, tab) for n, tab in enumerate(connected)))
    level.turns = [turn for life_turns in lives for turn in life_turns]
    level.peak_in_flight = flight.peak
    await gather_bounded([tab.close for tab in connected], width=100)
    return level


async def rest_level(target: Target, tokens: list[str], sessions: int, ramp: float) -> Level:
    level = Level(sessions, "REST")
    flight = InFlight()
    limits = httpx.Limits(max_connections=sessions + 10, keepalive_expiry=4)
    clients = [httpx.AsyncClient(base_url=url, timeout=TURN_TIMEOUT_S, limits=limits)
               for url in target.urls]

    async def one(number: int) -> Turn:
        rng = random.Random(number)
        await asyncio.sleep(rng.uniform(0, ramp))
        client = clients[number % len(clients)]
        headers = {"Authorization": f"Bearer {tokens[number % len(tokens)]}"}
        started = time.perf_counter()
        with flight:
            try:
                answer = await client.post("/api/assistant/chat", headers=headers,
                                           json={"message": rng.choice(QUESTIONS)})
            except httpx.HTTPError as error:
                return Turn(failure=type(error).__name__)
        elapsed = time.perf_counter() - started
        return Turn(elapsed, elapsed, "" if answer.status_code == 200 else str(answer.status_code))

    try:
        level.turns = list(await asyncio.gather(*(one(n) for n in range(sessions))))
    finally:
        for client in clients:
            await client.aclose()
    level.peak_in_flight = flight.peak
    return level


@dataclass
class CapacityStep:
    concurrency: int
    turns_per_s: float
    p95_ms: float
    healthz_p95_ms: float
    errors: int


async def closed_loop(call: Callable[[], Awaitable[httpx.Response]], concurrency: int,
                      seconds: float) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                ok = (await call()).status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append((time.perf_counter() - started) * 1000)
            errors += 0 if ok else 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - started


async def capacity(target: Target, tokens: list[str], seconds: float) -> list[CapacityStep]:
    """Double the concurrency until p95 passes 1 s (or 64 clients)."""
    steps = []
    async with httpx.AsyncClient(base_url=target.urls[0], timeout=TURN_TIMEOUT_S) as client:
        rng = random.Random(7)

        def chat() -> Awaitable[httpx.Response]:
            headers = {"Authorization": f"Bearer {rng.choice(tokens)}"}
            return client.post("/api/assistant/chat", headers=headers,
                               json={"message": rng.choice(QUESTIONS)})

        concurrency = 1
        while concurrency <= 64:
            chats, errors, wall = await closed_loop(chat, concurrency, seconds)
            health, _, _ = await closed_loop(lambda: client.get("/healthz"), concurrency, 2.0)
            step = CapacityStep(concurrency, len(chats) / wall, percentile(chats, 0.95),
                                percentile(health, 0.95), errors)
            steps.append(step)
            print(f"capacity: {step}", flush=True)
            if step.p95_ms > 1000:
                break
            concurrency *= 2
    return steps


def report_levels(levels: list[Level], pace: Pace, replicas: int, args: argparse.Namespace) -> str:
    first_s, full_s = pace.model_seconds()
    lines = [
        f"## Streaming benchmark ({replicas} replica(s), OpenAI path against the stand-in)",
        "",
        f"- stand-in model: first token after {pace.first_token_s * 1000:.0f} ms per call, "
        f"{1 / pace.token_interval_s:.0f} tokens/s, {pace.answer_tokens}-token answers; a gift "
        f"turn is a tool call then an answer, so the model's own time is {first_s * 1000:.0f} ms "
        f"to the first token and {full_s * 1000:.0f} ms to the last",
        f"- each websocket session sends {args.turns} turns, starts spread over {args.ramp:.0f} s"
        f"; REST conversations send one turn each, spread over {args.ramp:.0f} s; "
        f"{ACCOUNTS} accounts; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
        "after the run; the driver runs on the same cores",
        "",
        "| channel | sessions | turns | peak in flight | errors | added first token p50 / p95 ms "
        "| added full turn p50 / p95 ms | idle kB/session | goal |",
        "|---|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    for level in levels:
        first = level.added_ms("first", first_s) if level.channel == "websocket" else []
        full = level.added_ms("full", full_s)
        errors = level.errors()
        failed = ", ".join(f"{n}× {what}" for what, n in errors.most_common()) or "0"
        p95 = percentile(first or full, 0.95)
        memory_ok = level.idle_kb_per_session is None or level.idle_kb_per_session <= IDLE_KB_GOAL
        goal = "met" if p95 <= ADDED_P95_GOAL_MS and not errors and memory_ok else "missed"
        shown_first = f"{percentile(first, 0.5):.0f} / {percentile(first, 0.95):.0f}" \
            if first else "–"
        idle = f"{level.idle_kb_per_session:.0f}" if level.idle_kb_per_session is not None \
            else "–"
        lines.append(
            f"| {level.channel} | {level.sessions} | {len(level.turns)} | {level.peak_in_flight} "
            f"| {failed} | {shown_first} | {percentile(full, 0.5):.0f} / "
            f"{percentile(full, 0.95):.0f} | {idle} | {goal} |"
        )
    lines += ["", f"Goals: added p95 <= {ADDED_P95_GOAL_MS:.0f} ms (first token on the "
              f"websocket, full turn on REST), 0 errors, idle memory <= {IDLE_KB_GOAL:.0f} kB "
              "per session."]
    return "\n".join(lines)


def report_capacity(steps: list[CapacityStep]) -> str:
    within = [step for step in steps if step.p95_ms <= 1000 and not step.errors]
    best = max(within, key=lambda step: step.turns_per_s) if within else None
    lines = [
        "## Capacity (one replica, offline model, REST chat turns, closed loop)",
        "",
        "| concurrent clients | turns/s | chat p95 ms | healthz p95 ms (same concurrency) "
        "| errors |",
        "|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {s.concurrency} | {s.turns_per_s:.1f} | {s.p95_ms:.0f} | "
              f"{s.healthz_p95_ms:.1f} | {s.errors} |" for s in steps]
    lines.append("")
    lines.append(f"Highest sustained: {best.turns_per_s:.1f} turns/s at {best.concurrency} "
                 f"concurrent clients (p95 {best.p95_ms:.0f} ms)." if best
                 else "No level kept p95 <= 1 s.")
    return "\n".join(lines)


def start_standin(pace_args: argparse.Namespace, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    argv = [sys.executable, str(BENCH / "openai_standin.py"), "--port", str(port),
            "--first-token-ms", str(pace_args.first_token_ms),
            "--tokens-per-second", str(pace_args.tokens_per_second),
            "--answer-tokens", str(pace_args.answer_tokens)]
    process = subprocess.Popen(argv, stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/stats", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"the stand-in did not start: {log.read_text()[-2000:]}")


async def streaming_run(target: Target, args: argparse.Namespace, pace: Pace) -> list[Level]:
    async with httpx.AsyncClient(base_url=target.urls[0], timeout=60) as client:
        made = await accounts(client, ACCOUNTS)
    tokens, cookies = [t for t, _ in made], [c for _, c in made]
    await socket_level(target, cookies, 10, 1, 1.0)  # the same warm-up everywhere
    levels = []
    for sessions in [int(v) for v in args.sessions.split(",") if v]:
        levels.append(await socket_level(target, cookies, sessions, args.turns, args.ramp))
        print(report_levels(levels[-1:], pace, len(target.urls), args), flush=True)
    for sessions in [int(v) for v in args.rest.split(",") if v]:
        levels.append(await rest_level(target, tokens, sessions, args.ramp))
        print(report_levels(levels[-1:], pace, len(target.urls), args), flush=True)
    return levels


async def capacity_run(target: Target, seconds: float) -> list[CapacityStep]:
    async with httpx.AsyncClient(base_url=target.urls[0], timeout=60) as client:
        tokens = [token for token, _ in await accounts(client, 8)]
    return await capacity(target, tokens, seconds)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="100,500,1000", help="websocket levels")
    parser.add_argument("--rest", default="100,500", help="REST levels")
    parser.add_argument("--turns", type=int, default=2, help="turns per websocket session")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which starts "
                        "are spread")
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--capacity", action="store_true",
                        help="also measure one replica's capacity with the offline model")
    parser.add_argument("--capacity-seconds", type=float, default=8.0)
    parser.add_argument("--markdown", type=Path)
    add_pace_options(parser)
    args = parser.parse_args(argv)
    pace = pace_from(args)
    sections = []
    with tempfile.TemporaryDirectory(prefix="songwish-streaming-") as directory:
        root = Path(directory)
        build_index_once(root / "index-build")
        standin, standin_url = start_standin(args, root / "standin.log")
        try:
            env = {**BENCH_ENV, "OPENAI_API_KEY": "sk-bench-standin",
                   "OPENAI_BASE_URL": f"{standin_url}/v1"}
            with deployment(root / "openai", args.replicas, None, **env) as target:
                levels = asyncio.run(streaming_run(target, args, pace))
            sections.append(report_levels(levels, pace, args.replicas, args))
        finally:
            standin.kill()
        if args.capacity:
            with deployment(root / "offline", 1, None, **BENCH_ENV) as target:
                sections.append(report_capacity(asyncio.run(
                    capacity_run(target, args.capacity_seconds))))
    output = "\n\n".join(sections)
    print(output)
    if args.markdown:
        args.markdown.write_text(output + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

