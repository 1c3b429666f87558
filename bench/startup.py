"""First-start benchmark: `python bench/startup.py [--runs 1] [--markdown FILE]`.

What a fresh clone's `make run` does after `make install`: `songwish serve` on
an empty data dir (migrations, the catalogue index built from nothing, the
app), timed from launch to the first `200` of `/healthz`. Two variants, in
the same run, alternating:
- shipped vectors: the precomputed vectors in knowledge/data/vectors are used;
- no vectors: `CATALOG_VECTORS_DIR` points at an empty directory, so every
  item is embedded with e5, as before the vectors were shipped.
Each run also reports the CPU time of each phase the server logs (`start-up: X
done in N s (cpu M s)`) and of the whole process, which other processes competing for the
cores inflate far less than wall time. The load average is printed: on a
shared 2-core machine it inflates every wall figure.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SONGWISH = str(Path(sys.executable).parent / "songwish")
TIMEOUT_SECONDS = 900.0
PHASES = ("migrate", "load catalogue", "embed", "index")
_PHASE_DONE = re.compile(
    r"start-up: (?P<phase>[a-z ]+) done in [0-9.]+ s \(cpu (?P<seconds>[0-9.]+) s\)"
)


@dataclass(frozen=True)
class Start:
    variant: str
    seconds: float
    cpu_seconds: float
    phases: dict[str, float]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _env(data_dir: Path, vectors_dir: Path | None) -> dict[str, str]:
    """This environment without SongWish settings, plus a fresh data dir."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SONGWISH_", "CATALOG_", "CHROMA_", "DATABASE_", "OPENAI_"))
    }
    env.update(SONGWISH_DATA_DIR=str(data_dir), LOG_FORMAT="text")
    if vectors_dir is not None:
        env["CATALOG_VECTORS_DIR"] = str(vectors_dir)
    return env


def _ready(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def first_start(variant: str, root: Path) -> Start:
    """Launch on an empty data dir, wait for /healthz, stop; wall and CPU seconds."""
    data_dir = Path(tempfile.mkdtemp(dir=root))
    vectors_dir = data_dir / "no-vectors" if variant == "no vectors" else None
    port = _free_port()
    log = (data_dir / "server.log").open("w")
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        [SONGWISH, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=_env(data_dir, vectors_dir),
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        while not _ready(f"http://127.0.0.1:{port}/healthz"):
            if process.poll() is not None or time.perf_counter() - started > TIMEOUT_SECONDS:
                log.flush()
                tail = Path(log.name).read_text()[-3000:]
                raise SystemExit(f"{variant}: server did not get ready:\n{tail}")
            time.sleep(0.1)
        seconds = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    text = Path(log.name).read_text()
    phases = {m["phase"]: float(m["seconds"]) for m in _PHASE_DONE.finditer(text)}
    return Start(variant, seconds, cpu, phases)


def report(starts: list[Start]) -> str:
    lines = [
        f"First start, empty data dir to /healthz ready (load average {os.getloadavg()[0]:.1f}):",
        "",
        "| variant | ready (s) | process CPU (s) | "
        + " | ".join(f"{p} CPU (s)" for p in PHASES)
        + " |",
        "|---|---:|---:|" + "---:|" * len(PHASES),
    ]
    for start in starts:
        phases = " | ".join(f"{start.phases.get(p, float('nan')):.1f}" for p in PHASES)
        lines.append(
            f"| {start.variant} | {start.seconds:.1f} | {start.cpu_seconds:.1f} | {phases} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="starts per variant")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    starts = []
    with tempfile.TemporaryDirectory() as root:
        for _ in range(args.runs):
            for variant in ("shipped vectors", "no vectors"):
                starts.append(first_start(variant, Path(root)))
                print(f"{variant}: ready in {starts[-1].seconds:.1f} s", flush=True)
    table = report(starts)
    print(table)
    if args.markdown:
        args.markdown.write_text("## First-start benchmark\n\n" + table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
