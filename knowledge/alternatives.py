"""Never an empty answer when the catalogue has something close.

When a search finds nothing, the same query runs again with its constraints
loosened one way at a time, closest first: the budget ×1.5, ×2, ×3, then no
minimum price, then without the tag filters (level, instrument, genre...), then
in any category or fulfilment, then all of these with three times the budget.
The first loosening that finds something is returned with what it relaxed, so
the reply can say it ("nothing within €20; the closest up to €30"). When the
query asks for a kind of product ("a turntable under €50") and the filtered
results hold none, the loosening must find that kind: headphones within budget
are no answer to a turntable request.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from knowledge.search import CatalogSearch, SearchHit

BUDGET_STEPS = (1.5, 2.0, 3.0)
TAG_OPTIONS = ("levels", "instruments", "genres", "recipients", "occasions")
PLACE_OPTIONS = ("categories", "fulfilment")
SINGLE_OPTIONS = ("fulfilment", "min_price")  # cleared with None, the list options with []

Options = dict[str, Any]


def relaxations(options: Options) -> Iterator[tuple[tuple[str, ...], Options]]:
    """Ever looser copies of search `options` with the names of what each loosens."""
    high = options.get("max_price")
    tags = tuple(name for name in TAG_OPTIONS if options.get(name))
    places = tuple(name for name in PLACE_OPTIONS if options.get(name))
    if high is not None:
        for factor in BUDGET_STEPS:
            yield ("max_price",), {**options, "max_price": round(high * factor)}
    if options.get("min_price") is not None:
        yield ("min_price",), {**options, "min_price": None}
    if tags:
        yield tags, _without(options, tags)
    if places:
        yield places, _without(options, places)
    everything = tags + places + (("min_price",) if options.get("min_price") is not None else ())
    if high is not None and everything:
        wider = {**_without(options, everything), "max_price": round(high * BUDGET_STEPS[-1])}
        yield ("max_price", *everything), wider


def closest_alternatives(
    search: CatalogSearch, query: str, options: Options, *, of_the_kind: bool = False
) -> tuple[list[SearchHit], tuple[str, ...], Options]:
    """The first loosening of `options` that finds items: hits, what was relaxed, the options.

    With `of_the_kind`, a loosening counts only if it finds the product type asked for.
    """
    for relaxed, wider in relaxations(options):
        hits = search.search(query, **wider)
        if hits and (not of_the_kind or any(map(is_of_the_kind, hits))):
            return hits, relaxed, wider
    return [], (), options


def is_of_the_kind(hit: SearchHit) -> bool:
    """Whether the hit is of the product type the query asked for."""
    return any(signal.startswith("product_type:") for signal in hit.matched)


def _without(options: Options, names: tuple[str, ...]) -> Options:
    cleared: Options = {name: None if name in SINGLE_OPTIONS else [] for name in names}
    return {**options, **cleared}
