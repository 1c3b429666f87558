"""The held-out retrieval set: queries as people type them, judged by predicates on the catalogue.

Relevance is a predicate over an item's own fields (category, tags, title
words, the age range its title states), written from reading the catalogue,
never from what the search returned. A query goes through the product's own
path: the budget is read from the typed text by the offline model's budget
reader and travels as a filter, the rest of the text is the search query.
In-budget is then judged against the budget the person meant (the label),
so a misread "60 balles" or "£30ish" counts against it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agents.offline.money import parse_budget, without_amounts
from knowledge.catalog import CatalogItem, slugify
from knowledge.search import CatalogSearch, SearchHit

HERE = Path(__file__).parent
FILES = {"en": HERE / "retrieval_en.jsonl", "fr": HERE / "retrieval_fr.jsonl"}
TOP = 3
# "~80 bucks", "£30ish", "une cinquantaine": a gift this much over still fits.
ABOUT_SLACK = 1.15
_AGES = re.compile(r"ages? (\d+)\s*(?:[–-]|to)\s*(\d+)|ages? (\d+)\+")


def fold(text: str) -> str:
    """Lower case without accents: "Bohème" and "boheme" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def age_range(item: CatalogItem) -> tuple[int, int] | None:
    """The ages an item's title states ("(ages 6–9)", "ages 1+", "ages 4 to 7"), if any."""
    found = _AGES.search(fold(item.title))
    if not found:
        return None
    if found[3]:
        return int(found[3]), 99
    return int(found[1]), int(found[2])


def _any_tag(field_name: str) -> Callable[[CatalogItem, list[str]], bool]:
    """Tags are compared as the catalogue stores them ("hip-hop" is `hip_hop`)."""
    return lambda item, wanted: bool({slugify(w) for w in wanted} & set(getattr(item, field_name)))


def _titled(item: CatalogItem, words: list[str]) -> bool:
    titles = fold(f"{item.title} | {item.title_fr}")
    return any(fold(word) in titles for word in words)


def _fits_age(item: CatalogItem, age: int) -> bool:
    ages = age_range(item)
    return ages is None or ages[0] <= age <= ages[1]


# Every key of a predicate must hold; the values within one key are alternatives.
_TESTS: dict[str, Callable[[CatalogItem, Any], bool]] = {
    "category": lambda item, wanted: item.category in wanted,
    "not_category": lambda item, unwanted: item.category not in unwanted,
    "instrument": _any_tag("instruments"),
    "genre": _any_tag("genres"),
    "not_genre": lambda item, unwanted: not _any_tag("genres")(item, unwanted),
    "recipient": _any_tag("recipients"),
    "level": lambda item, wanted: bool({*wanted, "any"} & set(item.levels)),
    "title": _titled,
    "not_title": lambda item, words: not _titled(item, words),
    "age": _fits_age,
    "any_of": lambda item, options: any(matches(item, option) for option in options),
}


def matches(item: CatalogItem, predicate: dict[str, Any]) -> bool:
    return all(_TESTS[key](item, value) for key, value in predicate.items())


@dataclass(frozen=True)
class Budget:
    """The budget the person meant, in major units of `currency`."""

    currency: str
    max: float | None = None
    min: float | None = None
    about: bool = False

    def holds(self, hit: SearchHit) -> bool:
        if hit.currency != self.currency:
            return False
        price = hit.price / 100
        ceiling = None if self.max is None else self.max * (ABOUT_SLACK if self.about else 1)
        return (ceiling is None or price <= ceiling) and (self.min is None or price >= self.min)

    def holds_for(self, item: CatalogItem) -> bool:
        price = item.price_in(self.currency)
        return price is not None and self.holds(SearchHit(item, 0.0, price, self.currency))


@dataclass(frozen=True)
class Case:
    id: str
    lang: str
    kind: str
    query: str
    relevant: dict[str, Any]
    budget: Budget | None = None
    currency: str = "EUR"  # the person's setting, used when the text names no currency

    def is_relevant(self, item: CatalogItem) -> bool:
        return matches(item, self.relevant)

    def fitting(self, catalogue: list[CatalogItem]) -> list[CatalogItem]:
        """Items that answer the query within the budget: the best possible top 3."""
        return [
            item
            for item in catalogue
            if self.is_relevant(item) and (self.budget is None or self.budget.holds_for(item))
        ]


def load_cases() -> list[Case]:
    cases = []
    for lang, path in FILES.items():
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            budget = Budget(**row["budget"]) if row["budget"] else None
            cases.append(
                Case(row["id"], lang, row["class"], row["query"], row["relevant"], budget,
                     row.get("currency", "EUR"))
            )  # fmt: skip
    return cases


@dataclass
class Outcome:
    case: Case
    hits: list[SearchHit]
    possible: int  # relevant items within budget in the catalogue, at most TOP

    @property
    def relevant(self) -> int:
        return sum(self.case.is_relevant(hit.item) for hit in self.hits)

    @property
    def precision(self) -> float:
        return min(self.relevant / self.possible, 1.0) if self.possible else 0.0

    @property
    def found(self) -> bool:
        return self.relevant > 0

    @property
    def over_budget(self) -> list[SearchHit]:
        budget = self.case.budget
        return [hit for hit in self.hits if budget and not budget.holds(hit)]


@dataclass
class RetrievalFigures:
    outcomes: list[Outcome] = field(default_factory=list)

    def subset(self, *, lang: str | None = None, kind: str | None = None) -> RetrievalFigures:
        return RetrievalFigures(
            [
                o
                for o in self.outcomes
                if (lang is None or o.case.lang == lang) and (kind is None or o.case.kind == kind)
            ]
        )

    @property
    def precision(self) -> float:
        """Share of the top 3 that is relevant (out of what the catalogue can offer)."""
        return _mean([o.precision for o in self.outcomes])

    @property
    def found(self) -> float:
        """Share of queries with at least one relevant item in the top 3."""
        return _mean([float(o.found) for o in self.outcomes])

    @property
    def in_budget(self) -> float:
        """Share of top-3 results within the budget meant, over queries that state one."""
        budgeted = [o for o in self.outcomes if o.case.budget]
        shown = sum(len(o.hits) for o in budgeted)
        over = sum(len(o.over_budget) for o in budgeted)
        return 1 - over / shown if shown else 1.0

    def failures(self) -> list[str]:
        lines = []
        for o in self.outcomes:
            if o.precision < 1 or o.over_budget:
                got = ", ".join(
                    f"{h.item.id}{'' if o.case.is_relevant(h.item) else '✗'} {h.price / 100:g}"
                    f"{h.currency}"
                    for h in o.hits
                )
                lines.append(f"{o.case.id} {o.case.query!r}: {o.relevant}/{o.possible} [{got}]")
        return lines


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def search_as_typed(search: CatalogSearch, case: Case) -> list[SearchHit]:
    """The top 3 for the text as typed, with the budget the product reads from it."""
    read = parse_budget(case.query, case.currency)
    currency = (read.currency if read else None) or case.currency
    query = without_amounts(case.query) or case.query
    return search.search(
        query,
        currency=currency,
        max_price=_minor(read.max if read else None),
        min_price=_minor(read.min if read else None),
        limit=TOP,
    )


def _minor(amount: float | None) -> int | None:
    return None if amount is None else round(amount * 100)


def run_retrieval(search: CatalogSearch, cases: list[Case]) -> RetrievalFigures:
    catalogue = search.items()
    return RetrievalFigures(
        [
            Outcome(case, search_as_typed(search, case), min(len(case.fitting(catalogue)), TOP))
            for case in cases
        ]
    )
