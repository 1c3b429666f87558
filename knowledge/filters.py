"""Turn search arguments into a validated request with a Chroma `where` filter.

Arguments come from a language model's tool call or a REST form, so every bad
value becomes an `InvalidSearch` whose message says what to send instead.
Budgets and categories are hard filters applied before ranking (the clause has
Chroma's `where` syntax and meaning): a result can never exceed the budget,
however similar it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from knowledge.catalog import CATEGORIES, CURRENCIES, FULFILMENTS, REQUIRED_CURRENCIES
from knowledge.errors import InvalidSearch
from knowledge.records import flag_key, price_key
from knowledge.vocabulary import ANY_TAG, WILDCARD_FIELDS, canonical_tag, category_label

MAX_QUERY_CHARS = 500
MAX_LIMIT = 50

Where = dict[str, Any]


@dataclass(frozen=True)
class Filters:
    """Checked filters: the currency prices are read in and the Chroma `where` clause."""

    currency: str
    where: Where | None
    # The filter values in words, to rank by when the query itself is empty.
    described: str
    narrowing: bool


@dataclass(frozen=True)
class SearchRequest:
    """A checked search: what to embed, how to filter, how many results."""

    text: str
    currency: str
    where: Where | None
    limit: int
    exclude_ids: frozenset[str]
    # Unlike each other and unlike the excluded (shown) items: "something else".
    diverse: bool = False


def build_filters(
    *,
    currency: str = "EUR",
    max_price: int | None = None,
    min_price: int | None = None,
    categories: Sequence[str] = (),
    fulfilment: str | None = None,
    recipients: Sequence[str] = (),
    levels: Sequence[str] = (),
    instruments: Sequence[str] = (),
    genres: Sequence[str] = (),
    occasions: Sequence[str] = (),
) -> Filters:
    """Validate filter values and combine them: all fields must match, any value within one."""
    code = _currency(currency)
    low, high = _budget("min_price", min_price), _budget("max_price", max_price)
    kinds = _choices("categories", categories, CATEGORIES)
    modes = _choices("fulfilment", [] if fulfilment is None else [fulfilment], FULFILMENTS)
    tags = {
        "recipients": _tags("recipients", recipients),
        "levels": _tags("levels", levels),
        "instruments": _tags("instruments", instruments),
        "genres": _tags("genres", genres),
        "occasions": _tags("occasions", occasions),
    }
    clauses = _price_clauses(code, low, high) + _any_of("category", kinds)
    clauses += _any_of("fulfilment", modes)
    for field, slugs in tags.items():
        clauses += _any_flag(field, slugs)
    tag_words = [slug.replace("_", " ") for slugs in tags.values() for slug in slugs]
    described = " ".join([category_label(kind, "en") for kind in kinds] + tag_words)
    narrowing = bool(kinds or modes or tag_words) or low is not None or high is not None
    return Filters(code, _all_of(clauses), described, narrowing)


def build_request(
    query: str | None,
    *,
    exclude_ids: Iterable[str] = (),
    limit: int = 5,
    diverse: bool = False,
    **filters: Any,
) -> SearchRequest:
    """A search needs words or at least one filter; see `CatalogSearch.search` for the rest."""
    text = clean_query(query)
    checked = build_filters(**filters)
    if not text and not checked.narrowing:
        raise InvalidSearch("empty query: describe the gift in a few words or give a filter")
    return SearchRequest(
        # Without words, rank the filtered items by closeness to what the filters say.
        text=text or f"music gift {checked.described}".strip(),
        currency=checked.currency,
        where=checked.where,
        limit=check_limit(limit),
        exclude_ids=frozenset(_strings("exclude_ids", exclude_ids)),
        diverse=bool(diverse),
    )


def clean_query(query: str | None) -> str:
    """Whitespace collapsed, at most MAX_QUERY_CHARS: long pastes cost time, not meaning."""
    if query is None:
        return ""
    if not isinstance(query, str):
        raise InvalidSearch(f"query must be text, not {type(query).__name__}")
    text = " ".join(query.split())
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0]
    return text


def _currency(currency: str) -> str:
    code = currency.strip().upper() if isinstance(currency, str) else ""
    if code not in CURRENCIES:
        raise InvalidSearch(f"unknown currency {currency!r}; use one of {', '.join(CURRENCIES)}")
    return code


def _budget(name: str, amount: int | None) -> int | None:
    if amount is None:
        return None
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise InvalidSearch(f"{name} must be a whole number of minor units (cents), not {amount!r}")
    if amount < 0:
        raise InvalidSearch(f"{name} cannot be negative ({amount})")
    return amount


def _price_clauses(currency: str, low: int | None, high: int | None) -> list[Where]:
    key = price_key(currency)
    if low is not None and high is not None and low > high:
        raise InvalidSearch(f"min_price ({low}) is above max_price ({high})")
    clauses: list[Where] = []
    if low is not None:
        clauses.append({key: {"$gte": low}})
    if high is not None:
        clauses.append({key: {"$lte": high}})
    if not clauses and currency not in REQUIRED_CURRENCIES:
        # AUD and JPY prices are optional: only items sold in the currency can be shown.
        clauses.append({key: {"$gt": 0}})
    return clauses


def _choices(name: str, values: Sequence[str], valid: Sequence[str]) -> list[str]:
    chosen = [value.strip().lower() for value in _strings(name, values)]
    unknown = [value for value in chosen if value not in valid]
    if unknown:
        raise InvalidSearch(f"unknown {name} {', '.join(unknown)}; valid: {', '.join(valid)}")
    return list(dict.fromkeys(chosen))


def _any_of(key: str, values: list[str]) -> list[Where]:
    if len(values) > 1:
        return [{key: {"$in": values}}]
    return [{key: value} for value in values]


def _tags(field: str, values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(canonical_tag(field, value) for value in _strings(field, values)))


def _any_flag(field: str, slugs: list[str]) -> list[Where]:
    """Several values of one field mean any of them: `levels=["beginner", "intermediate"]`.

    An item tagged "any" level or occasion suits every level or occasion asked for.
    """
    if slugs and field in WILDCARD_FIELDS and ANY_TAG not in slugs:
        slugs = [*slugs, ANY_TAG]
    flags: list[Where] = [{flag_key(field, slug): True} for slug in slugs]
    if len(flags) > 1:
        return [{"$or": flags}]
    return flags


def _strings(name: str, values: Iterable[str]) -> list[str]:
    """A bare string counts as one value, not as its characters."""
    listed = [values] if isinstance(values, str) else list(values or ())
    if not all(isinstance(value, str) and value.strip() for value in listed):
        raise InvalidSearch(f"{name} must be a list of non-empty strings, not {listed!r}")
    return listed


def _all_of(clauses: list[Where]) -> Where | None:
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def check_limit(limit: int) -> int:
    """Between 1 and MAX_LIMIT: a tool result has to stay short."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidSearch(f"limit must be a whole number from 1 to {MAX_LIMIT}, not {limit!r}")
    return limit
