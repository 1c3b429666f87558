"""One gift search as the assistant asks it: explicit filters plus what a saved profile adds.

Explicit arguments are hard filters. What a recipient's saved profile adds
(their instruments, tastes, level, last budget, the catalogue's recipient tag)
is a preference: its matches come first, and plain matches fill the rest.
When even the plain search finds nothing, `alternatives` loosens the explicit
filters (`knowledge.alternatives`) and says what it loosened.
"""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass, field, replace
from typing import Any

from knowledge.alternatives import closest_alternatives
from knowledge.search import CatalogSearch, SearchHit
from knowledge.vocabulary import canonical_tag, synonyms
from store.models import RecipientProfile
from store.money import exponent, format_money, to_minor
from store.profiles import relationship_key

LIMIT = 5
TAG_FIELDS = ("instruments", "genres", "levels", "recipients")


@dataclass(frozen=True)
class Tags:
    instruments: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()

    def merged(self, other: Tags) -> Tags:
        """Explicit tags win field by field; the other fills empty fields only."""
        pairs = zip(_fields(self), _fields(other), strict=True)
        return Tags(*(mine or theirs for mine, theirs in pairs))

    def as_dict(self) -> dict[str, tuple[str, ...]]:
        return dict(zip(TAG_FIELDS, _fields(self), strict=True))


def _fields(tags: Tags) -> tuple[tuple[str, ...], ...]:
    return (tags.instruments, tags.genres, tags.levels, tags.recipients)


@dataclass(frozen=True)
class GiftSearch:
    query: str
    currency: str
    max_price: int | None = None
    min_price: int | None = None
    categories: tuple[str, ...] = ()
    fulfilment: str | None = None
    tags: Tags = field(default_factory=Tags)
    preferred: Tags = field(default_factory=Tags)
    preferred_max_price: int | None = None
    exclude_ids: tuple[str, ...] = ()
    different: bool = False

    @property
    def has_preferences(self) -> bool:
        return self.preferred != Tags() or self.preferred_max_price is not None

    def wanted(self) -> dict[str, tuple[str, ...]]:
        return self.tags.merged(self.preferred).as_dict()

    def budget_display(self, locale: str) -> str | None:
        high = self.max_price if self.max_price is not None else self.preferred_max_price
        return format_money(high, self.currency, locale) if high is not None else None

    async def run(self, catalog: CatalogSearch) -> tuple[list[SearchHit], bool]:
        """Preferred matches first, topped up with plain matches; and whether any were added."""
        hits = await catalog.asearch(self.query, **self._options(self.tags.merged(self.preferred)))
        if len(hits) >= LIMIT or not self.has_preferences:
            return hits, False
        shown = tuple(hit.item.id for hit in hits)
        # The person's tastes are relaxed, never the budget remembered for them.
        plain = replace(self, preferred=Tags(), exclude_ids=self.exclude_ids + shown)
        more = await catalog.asearch(self.query, **plain._options(self.tags))
        return hits + more[: LIMIT - len(hits)], bool(more)

    async def alternatives(self, catalog: CatalogSearch, *, of_the_kind: bool) -> Alternatives:
        """The closest items once the explicit filters are loosened, and what was loosened."""
        options = self._options(self.tags)
        hits, relaxed, wider = await asyncio.to_thread(
            functools.partial(closest_alternatives, of_the_kind=of_the_kind),
            catalog,
            self.query,
            options,
        )
        high = wider.get("max_price") if "max_price" in relaxed else None
        return Alternatives(hits, tuple(TOOL_NAMES.get(name, name) for name in relaxed), high)

    def _options(self, tags: Tags) -> dict[str, Any]:
        high = self.max_price if self.max_price is not None else self.preferred_max_price
        return {
            "currency": self.currency,
            "max_price": high,
            "min_price": self.min_price,
            "categories": list(self.categories),
            "fulfilment": self.fulfilment,
            "exclude_ids": list(self.exclude_ids),
            "limit": LIMIT,
            "diverse": self.different,
            **{name: list(values) for name, values in tags.as_dict().items()},
        }


# The search tool's names for the options `knowledge.alternatives` relaxes.
TOOL_NAMES = {
    "max_price": "max_budget",
    "min_price": "min_budget",
    "levels": "level",
    "instruments": "instrument",
    "genres": "genre",
    "recipients": "recipient",
}


@dataclass(frozen=True)
class Alternatives:
    """Closest items outside the filters: what was relaxed, and the wider budget if any."""

    hits: list[SearchHit]
    relaxed: tuple[str, ...]
    max_price: int | None


RELAXED_WORDS = {
    "en": {"max_budget": "a budget up to {budget}", "min_budget": "no minimum price",
           "level": "any level", "instrument": "any instrument", "genre": "any genre",
           "recipient": "anyone", "occasions": "any occasion", "categories": "other categories",
           "fulfilment": "any kind of delivery",
           "sentence": "Nothing matched all your criteria; here are the closest with {parts}.",
           "and": " and "},
    "fr": {"max_budget": "un budget jusqu'à {budget}", "min_budget": "sans prix minimum",
           "level": "tout niveau", "instrument": "tout instrument", "genre": "tout genre",
           "recipient": "tout destinataire", "occasions": "toute occasion",
           "categories": "d'autres catégories", "fulfilment": "tout mode de livraison",
           "sentence": "Rien ne correspond à tous vos critères ; "
                       "voici les plus proches avec {parts}.",
           "and": " et "},
}  # fmt: skip


def relaxed_reason(found: Alternatives, currency: str, locale: str) -> str:
    """One sentence saying what the alternatives relax, in the person's language."""
    words = RELAXED_WORDS["fr" if locale.lower().startswith("fr") else "en"]
    budget = format_money(found.max_price, currency, locale) if found.max_price else ""
    parts = [words[name].format(budget=budget) for name in found.relaxed if name in words]
    return words["sentence"].format(parts=words["and"].join(parts))


def minor(amount: float | None, currency: str) -> int | None:
    """Major units from the model to minor units, rounded to what the currency allows."""
    return None if amount is None else to_minor(round(amount, exponent(currency)), currency)


def converted(amount: float | None, source: str, target: str, rate: float) -> int | None:
    """A budget in major units of `source` as minor units of `target` (`rate`: minor per minor)."""
    low = minor(amount, source)
    return None if low is None else round(low * rate)


def explicit_tags(*, instrument: str | None, genre: str | None, level: str | None) -> Tags:
    return Tags(
        instruments=(canonical_tag("instruments", instrument),) if instrument else (),
        genres=(canonical_tag("genres", genre),) if genre else (),
        levels=(canonical_tag("levels", level),) if level else (),
    )


def recipient_tag(recipient: str | None) -> tuple[str, ...]:
    """The catalogue's recipient tag for "my sister" (sibling), "kid", "ado"..."""
    if not recipient:
        return ()
    # "ma sœur" → "sister" → the catalogue's "sibling"; "kid" or "ado" map directly.
    words = relationship_key(recipient) or recipient
    tag = canonical_tag("recipients", words)
    return (tag,) if tag in synonyms().get("recipients", {}) else ()


def profile_preferences(profile: RecipientProfile | None, currency: str) -> tuple[Tags, int | None]:
    """What a saved person's profile suggests: known instruments and genres, level, budget."""
    if profile is None:
        return Tags(), None
    known_instruments = synonyms().get("instruments", {})
    known_genres = synonyms().get("genres", {})
    instruments = [canonical_tag("instruments", word) for word in profile.instruments or []]
    genres = [canonical_tag("genres", word) for word in profile.tastes or []]
    tags = Tags(
        instruments=tuple(tag for tag in instruments if tag in known_instruments),
        genres=tuple(tag for tag in genres if tag in known_genres),
        levels=(profile.skill_level,) if profile.skill_level else (),
        recipients=recipient_tag(profile.relationship),
    )
    same_currency = profile.budget is not None and profile.currency == currency
    return tags, profile.budget if same_currency else None
