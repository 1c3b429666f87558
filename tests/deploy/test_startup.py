"""A first start says what it is doing: a log line per phase, a progress bar on a terminal.

Run as a person runs it (`songwish serve --check`, a fresh data dir, the shipped
catalogue and its precomputed vectors), once with stderr on a pseudo-terminal
and once on a pipe, as in a container or CI log.
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.scale.processes import base_env

ROOT = Path(__file__).resolve().parents[2]
SONGWISH = str(Path(sys.executable).parent / "songwish")
PHASES = ("migrate", "load catalogue", "embed", "index")


def _env(tmp_path: Path) -> dict[str, str]:
    return {**base_env(), "SONGWISH_DATA_DIR": str(tmp_path / "data"), "LOG_FORMAT": "text"}


def _read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode(errors="replace")


@pytest.mark.slow
def test_each_phase_is_logged_and_a_terminal_gets_a_progress_bar(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    # A real terminal has a size; tqdm draws nothing on a 0-column one.
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(
        [SONGWISH, "serve", "--check"],
        env=_env(tmp_path),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=terminal,
        text=True,
    )
    os.close(terminal)
    bar = _read_all(controller)
    os.close(controller)
    stdout, _ = process.communicate(timeout=180)
    assert process.returncode == 0, stdout + bar
    for phase in PHASES:
        assert f"start-up: {phase}" in stdout and f"start-up: {phase} done in" in stdout
    assert "561 items; 561 new" in stdout and "0 embedded, 561 precomputed" in stdout
    assert "embed:" in bar and "index:" in bar and "/561 [" in bar


@pytest.mark.slow
def test_a_log_without_a_terminal_gets_the_lines_and_no_bar(tmp_path: Path) -> None:
    done = subprocess.run(
        [SONGWISH, "serve", "--check"],
        env=_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert "start-up: index done in" in done.stdout
    assert "%|" not in done.stderr and "%|" not in done.stdout
