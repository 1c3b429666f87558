"""Ranking on hand-labelled dev cases (ranking_cases.jsonl), one figure per class of failure.

Classes: "object" (the thing asked for beats its context: a turntable for a jazz
lover, not jazz records), "typo" (a misspelt or unaccented product word),
"name" (a product asked for by name comes first) and "attribute" (nothing in
the top 5 contradicts the person's instrument, genre, age or level).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from knowledge.search import CatalogSearch, SearchHit
from tests.knowledge.test_eval import filter_violations

CASES_FILE = Path(__file__).with_name("ranking_cases.jsonl")
MIN_HIT_RATE = 0.9  # per class: an accepted item at rank 1 (name cases) or in the top 3
MIN_PRECISION_AT_3 = 0.8  # object and typo classes: accepted share of the top 3


@dataclass(frozen=True)
class RankingCase:
    kind: str
    lang: str
    query: str
    filters: dict[str, Any]
    accept_ids: frozenset[str]
    reject_ids: frozenset[str]
    top1: bool

    def hit(self, ids: list[str]) -> bool:
        return bool(set(ids[: 1 if self.top1 else 3]) & self.accept_ids)

    def precision_at_3(self, ids: list[str]) -> float:
        return len(set(ids[:3]) & self.accept_ids) / min(3, len(self.accept_ids))


def load_ranking_cases() -> list[RankingCase]:
    rows = map(json.loads, CASES_FILE.read_text(encoding="utf-8").splitlines())
    return [
        RankingCase(
            row["class"],
            row["lang"],
            row["query"],
            row["filters"],
            frozenset(row["accept_ids"]),
            frozenset(row["reject_ids"]),
            row["top1"],
        )
        for row in rows
    ]


def measure(search: CatalogSearch, cases: list[RankingCase]) -> tuple[dict[str, dict], list[str]]:
    """Per class: hit rate, precision@3 and the misses; plus every rejected or off-filter hit."""
    found: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    problems: list[str] = []
    for case in cases:
        hits: list[SearchHit] = search.search(case.query, limit=5, **case.filters)
        ids = [hit.item.id for hit in hits]
        figures = found[case.kind]
        figures["hit"].append(case.hit(ids))
        figures["precision"].append(case.precision_at_3(ids))
        if not case.hit(ids):
            figures["misses"].append(f"{case.query!r} → {ids[:3]}")
        problems += [f"{case.query!r}: rejected {i} in top 5" for i in ids if i in case.reject_ids]
        problems += [
            f"{case.query!r}: {h.item.id} {p}"
            for h in hits
            for p in filter_violations(h, case.filters)
        ]
    summary = {
        kind: {
            "cases": len(values["hit"]),
            "hit": sum(values["hit"]) / len(values["hit"]),
            "precision@3": sum(values["precision"]) / len(values["precision"]),
            "misses": values["misses"],
        }
        for kind, values in found.items()
    }
    return summary, problems


def test_cases_are_balanced_and_name_real_items(shipped_search: CatalogSearch) -> None:
    cases = load_ranking_cases()
    known = {item.id for item in shipped_search.items()}
    for kind in ("object", "typo", "name", "attribute"):
        langs = {case.lang for case in cases if case.kind == kind}
        assert langs == {"en", "fr"}, kind
    labelled = {i for case in cases for i in case.accept_ids | case.reject_ids}
    assert labelled - known == set()
    assert all(case.accept_ids for case in cases)


@pytest.mark.slow
def test_ranking_cases(shipped_search: CatalogSearch, capsys: pytest.CaptureFixture[str]) -> None:
    summary, problems = measure(shipped_search, load_ranking_cases())
    with capsys.disabled():
        for kind, figures in summary.items():
            print(
                f"\n{kind}: {figures['cases']} cases, hit {figures['hit']:.3f}, "
                f"precision@3 {figures['precision@3']:.3f}"
            )
            for miss in figures["misses"]:
                print(f"  miss {miss}")
        for problem in problems:
            print(f"  {problem}")
    assert problems == []
    assert all(figures["hit"] >= MIN_HIT_RATE for figures in summary.values())
    for kind in ("object", "typo"):
        assert summary[kind]["precision@3"] >= MIN_PRECISION_AT_3
