"""The errors of the catalogue package, so callers can map them without string matching.

ValueError
├── CatalogError          bad catalogue records; `.problems` names file:line: field
│   └── ImportRejected    a user's import file had bad lines; nothing was imported
└── InvalidSearch         a search request that cannot be answered as asked
RuntimeError
├── EmbeddingError        the embedding backend failed (HTTP error, bad response)
└── IndexNotReady         the index is missing or was built with another embedding
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RecordProblem:
    """One thing wrong with one record, located well enough to fix it in an editor."""

    source: str
    line: int  # 0 when the problem is the whole file
    field: str
    problem: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.field}: {self.problem}"

    def in_file(self) -> str:
        """The problem as seen from inside its file (`line N: field: problem`)."""
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.field}: {self.problem}"


class CatalogError(ValueError):
    """Catalogue records failed validation; every problem is listed, not only the first."""

    max_listed = 50

    def __init__(self, problems: list[RecordProblem]) -> None:
        self.problems = problems
        super().__init__(self._describe())

    def _describe(self) -> str:
        listed = self._listed(str)
        return f"{len(self.problems)} invalid catalogue record field(s):\n{listed}"

    def _listed(self, render: Callable[[RecordProblem], str]) -> str:
        """The first `max_listed` problems, one a line: a 10,000-line file stays readable."""
        lines = [render(problem) for problem in self.problems[: self.max_listed]]
        if len(self.problems) > self.max_listed:
            lines.append(f"... and {len(self.problems) - self.max_listed} more")
        return "\n".join(lines)


class ImportRejected(CatalogError):
    """A user's import file had invalid lines; the catalogue and the index are unchanged."""

    def report(self) -> str:
        """Per-line errors as `line N: field: problem`, for the command line."""
        source = self.problems[0].source if self.problems else "the file"
        listed = self._listed(RecordProblem.in_file)
        return (
            f"import rejected, nothing was imported: "
            f"{len(self.problems)} problem(s) in {source}\n{listed}"
        )


class InvalidSearch(ValueError):
    """A search request with an impossible or malformed parameter; the message says which."""


class EmbeddingError(RuntimeError):
    """The embedding backend could not embed the texts."""


class IndexNotReady(RuntimeError):
    """The catalogue index is missing or built with another embedding: run `catalog build`."""
