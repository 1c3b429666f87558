"""The held-out report: figures per class and per language, then every failure."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tests.evals.holdout.conversations import Outcome
from tests.evals.holdout.retrieval import RetrievalFigures

TARGET = 0.95


@dataclass
class Results:
    retrieval: RetrievalFigures
    conversations: list[Outcome]

    @property
    def completion(self) -> float:
        return _share(o.record.completed for o in self.conversations)

    @property
    def violations(self) -> list[str]:
        return [f"{o.record.script.name}: {v}" for o in self.conversations
                for v in o.record.violations]  # fmt: skip


def _share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return sum(values) / len(values) if values else 0.0


def _split(labels: Iterable[str], line: Callable[[str | None], str]) -> list[str]:
    return [line(None), *(line(label) for label in labels)]


def retrieval_lines(figures: RetrievalFigures) -> list[str]:
    kinds = sorted({o.case.kind for o in figures.outcomes})

    def row(kind: str | None) -> str:
        cells = []
        for lang in (None, "en", "fr"):
            part = figures.subset(lang=lang, kind=kind)
            cells.append(f"{part.precision:6.1%} {part.found:6.1%} {part.in_budget:6.1%}"
                         f" ({len(part.outcomes):3})")  # fmt: skip
        return f"  {kind or 'ALL':<12}" + " | ".join(cells)

    return [
        f"retrieval@3 on {len(figures.outcomes)} held-out queries "
        f"(relevance: share of top 3 relevant; found: ≥1 relevant; in-budget: share of top 3)",
        "  class        all: rel   found  budget  (n) | en: ...                     | fr: ...",
        *_split(kinds, row),
    ]


def conversation_lines(outcomes: list[Outcome]) -> list[str]:
    kinds = list(dict.fromkeys(o.kind for o in outcomes))

    def row(kind: str | None) -> str:
        cells = []
        for lang in (None, "en", "fr"):
            part = [o for o in outcomes if kind in (None, o.kind) and lang in (None, o.locale)]
            done = sum(o.record.completed for o in part)
            cells.append(f"{done:2}/{len(part):2} {_share(o.record.completed for o in part):6.1%}")
        return f"  {kind or 'ALL':<20}" + " | ".join(cells)

    return [
        f"conversations: {len(outcomes)} held-out scripts, completion (every turn's checks pass)",
        "  class               all            | en             | fr",
        *_split(kinds, row),
    ]


def render(results: Results) -> str:
    retrieval = results.retrieval
    lines = [
        "",
        "=== held-out evals (tests/evals/holdout) ===",
        *retrieval_lines(retrieval),
        *conversation_lines(results.conversations),
        f"groundedness violations: {len(results.violations)}",
        f"targets: relevance@3 ≥ {TARGET:.0%} (now {retrieval.precision:.1%}), in-budget ≥ "
        f"{TARGET:.0%} (now {retrieval.in_budget:.1%}), completion ≥ {TARGET:.0%} "
        f"(now {results.completion:.1%}), 0 groundedness violations",
        "--- retrieval misses (✗ = not relevant; relevant found/possible) ---",
        *retrieval.failures(),
        "--- conversation failures ---",
        *[
            f"  {o.record.script.name}: {problem}"
            for o in results.conversations
            for problem in o.record.problems
        ],
        "--- groundedness violations ---",
        *results.violations,
    ]
    return "\n".join(lines)
