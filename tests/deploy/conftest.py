"""Fixtures of the deploy suite: the root logger is restored after each test."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from tests.scale.processes import sample  # noqa: F401  (the shared session fixture)


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """`configure_logging` changes process-wide loggers; undo it so other suites are unaffected."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    access = logging.getLogger("uvicorn.access")
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    access.disabled = False
