"""Start-up feedback: a log line as each phase starts and ends, a progress bar for long ones.

A first start used to sit silent while the catalogue was embedded. Each phase
(migrate, load catalogue, embed, index, serve) now logs `start-up: <phase>`
and `start-up: <phase> done in N s (cpu M s)` (the CPU time tells a slow
machine from a loaded one); a phase with items to count (embed,
index) also draws a tqdm bar on stderr when stderr is a terminal, and stays
quiet in logs, containers and tests, where the log lines say enough.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from tqdm import tqdm

from knowledge.progress import Advance

logger = logging.getLogger("songwish.startup")


class StartupProgress:
    """The `knowledge.progress.Progress` of `songwish serve` and `songwish catalog ...`."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr

    @property
    def interactive(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    @contextmanager
    def phase(self, name: str, total: int = 0) -> Iterator[Advance]:
        """Log the phase around its work; yield a counter that drives the bar."""
        counted = f" ({total} items)" if total else ""
        logger.info("start-up: %s%s", name, counted)
        started, cpu = time.perf_counter(), time.process_time()
        bar = tqdm(
            total=total,
            desc=name,
            unit="item",
            file=self.stream,
            disable=not (total and self.interactive),
            leave=False,
        )
        try:
            yield bar.update
        finally:
            bar.close()
        logger.info(
            "start-up: %s done in %.1f s (cpu %.1f s)",
            name,
            time.perf_counter() - started,
            time.process_time() - cpu,
        )
