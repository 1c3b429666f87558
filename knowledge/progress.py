"""How long catalogue work reports its phases, without knowing who is watching.

`songwish.startup.StartupProgress` turns them into log lines and a terminal
progress bar; commands and tests that only want the result use `QuietProgress`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

# Called with the number of items just done.
Advance = Callable[[int], None]


class Progress(Protocol):
    """Feedback on a job's phases; `phase` yields a callable counting items done."""

    def phase(self, name: str, total: int = 0) -> AbstractContextManager[Advance]: ...


class QuietProgress:
    """No feedback."""

    @contextmanager
    def phase(self, name: str, total: int = 0) -> Iterator[Advance]:
        yield lambda done: None
