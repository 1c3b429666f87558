"""What the query says besides its embedding, turned into score adjustments per item.

Cosine similarity alone ranks by topic: "a turntable for my dad who loves jazz
records" is mostly about jazz records. On top of it, per item:

- the object asked for (`knowledge.product_types`): + TYPE_BOOST for items of
  that type, so the object dominates and the context only orders them;
- a product named (`knowledge.names`): up to + NAME_BOOST, above any type;
- instruments and genres the query names: + TAG_BOOST for items carrying them
  (the earlier lexical signal, kept);
- contradictions: - CONTRADICTION for an item made for other instruments, for
  other genres (where genres describe the content: records, books, lessons...)
  or only for other levels; - AGE_PENALTY when the person's age is outside the
  item's stated age range. Penalties rank rather than filter, so the closest
  item still shows when nothing fits.

A misspelt product word ("headphons", "casqe", "vinil") is corrected to the
nearest product word first, unless the catalogue itself uses the word.
Items without a type, tags or ages are neither lifted nor penalised.
"""

from __future__ import annotations

import difflib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from knowledge.ages import age_range, person_age
from knowledge.catalog import CatalogItem
from knowledge.names import NameIndex
from knowledge.product_types import item_types, query_object, type_words, vocabulary
from knowledge.vocabulary import ANY_TAG, synonyms, tags_in_text
from knowledge.words import STOPWORDS, name_tokens, raw_tokens, singular, tokens, with_plurals

TYPE_BOOST = 0.12
NAME_BOOST = 0.25
TAG_BOOST = 0.05
# Per tag field the query names, for an item made only for other values.
CONTRADICTION = {"instruments": 0.1, "genres": 0.1, "levels": 0.15}
AGE_PENALTY = 0.3
# Categories whose genre tags say what the item contains, not who might like it.
GENRE_CONTENT = ("vinyl_cd", "books", "lessons", "experiences", "subscriptions", "merch")
TAG_FIELDS = ("instruments", "genres", "levels")
TYPO_CUTOFF = 0.8  # difflib ratio: one or two letters off in a 5-10 letter word
MIN_TYPO_LENGTH = 4
ANALYSIS_CACHE = 1024


@dataclass(frozen=True)
class QuerySignals:
    """What a query asks for, beyond its embedding."""

    objects: frozenset[str] = frozenset()
    tags: dict[str, frozenset[str]] = field(default_factory=dict)
    age: int | None = None
    name_strength: np.ndarray | None = None

    @property
    def empty(self) -> bool:
        return not (self.objects or self.tags or self.age is not None or self.names)

    @property
    def names(self) -> bool:
        return self.name_strength is not None


class RankingIndex:
    """Per-item types, tags, ages and title tokens of one snapshot, as arrays."""

    def __init__(self, items: Sequence[CatalogItem]) -> None:
        self.items = items
        self.types = [item_types(item) for item in items]
        self.type_masks = _masks(self.types, len(items))
        vocabulary_words = type_words() | tag_words()
        self.names = NameIndex(items, ignored=vocabulary_words)
        self.tags = {name: [frozenset(getattr(i, name)) for i in items] for name in TAG_FIELDS}
        self.tag_masks = {name: _masks(self.tags[name], len(items)) for name in TAG_FIELDS}
        # Items with tags in a field, none of them "any" (those suit everyone).
        self.tagged = {
            name: np.array([bool(tags) and ANY_TAG not in tags for tags in self.tags[name]])
            for name in TAG_FIELDS
        }
        self.genre_content = np.array([item.category in GENRE_CONTENT for item in items])
        ranges = [age_range(item) or (np.nan, np.nan) for item in items]
        self.ages = np.array(ranges, dtype=float).reshape(len(items), 2)
        self._known = _dictionary(items) | {singular(w) for w in vocabulary_words} | STOPWORDS
        self._product_words = sorted(vocabulary().single_words())
        self._analyses: OrderedDict[str, QuerySignals] = OrderedDict()
        self._lock = threading.Lock()

    def analyse(self, text: str) -> QuerySignals:
        """The query's object, tags, age and name matches (cached per text)."""
        with self._lock:
            if (known := self._analyses.get(text)) is not None:
                self._analyses.move_to_end(text)
                return known
        signals = self._analyse(text)
        with self._lock:
            self._analyses[text] = signals
            if len(self._analyses) > ANALYSIS_CACHE:
                self._analyses.popitem(last=False)
        return signals

    def adjustments(self, signals: QuerySignals) -> np.ndarray:
        """Score change per item (added to cosine similarity)."""
        change = np.zeros(len(self.items), dtype=np.float32)
        if signals.objects:
            change += TYPE_BOOST * self._of_types(signals.objects)
        if signals.name_strength is not None:
            change += NAME_BOOST * signals.name_strength
        for name, slugs in signals.tags.items():
            carries = np.logical_or.reduce([self.tag_masks[name].get(s, self._none) for s in slugs])
            if name != "levels":
                change += TAG_BOOST * carries
            against = self.tagged[name] & ~carries
            if name == "genres":
                against &= self.genre_content
            change -= CONTRADICTION[name] * against
        if signals.age is not None:
            low, high = self.ages[:, 0], self.ages[:, 1]
            with np.errstate(invalid="ignore"):
                outside = (signals.age < low) | (signals.age > high)
            change -= AGE_PENALTY * outside
        return change

    def matched(self, position: int, signals: QuerySignals) -> tuple[str, ...]:
        """The signals that lifted this item: "name", "product_type:turntable", "genre:jazz"..."""
        found = []
        if signals.name_strength is not None and signals.name_strength[position] > 0:
            found.append("name")
        found += [f"product_type:{slug}" for slug in sorted(self.types[position] & signals.objects)]
        for name, slugs in signals.tags.items():
            carried = slugs & self.tags[name][position]
            found += [f"{name.removesuffix('s')}:{slug}" for slug in sorted(carried)]
        return tuple(found)

    @property
    def _none(self) -> np.ndarray:
        return np.zeros(len(self.items), dtype=bool)

    def _of_types(self, types: frozenset[str]) -> np.ndarray:
        return np.logical_or.reduce([self.type_masks.get(t, self._none) for t in types])

    def _analyse(self, text: str) -> QuerySignals:
        words = [self._spelled(word) for word in tokens(text)]
        tags = {name: frozenset(tags_in_text(name, text)) for name in TAG_FIELDS}
        scores = self.names.scores(text)
        return QuerySignals(
            objects=query_object(words),
            tags={name: slugs for name, slugs in tags.items() if slugs},
            age=person_age(text),
            name_strength=_name_strength(scores, self.names.name_min),
        )

    def _spelled(self, word: str) -> str:
        """A word the catalogue does not know, corrected to the closest product word."""
        if word in self._known or len(word) < MIN_TYPO_LENGTH or word.isdigit():
            return word
        close = difflib.get_close_matches(word, self._product_words, n=1, cutoff=TYPO_CUTOFF)
        return close[0] if close else word


def _name_strength(scores: np.ndarray, minimum: float) -> np.ndarray | None:
    """0..1 per item: its name match relative to the best one; None when nothing is named."""
    if not scores.size or scores.max() < minimum:
        return None
    return np.where(scores >= minimum, scores / scores.max(), 0.0)


def _masks(values: Sequence[frozenset[str]], size: int) -> dict[str, np.ndarray]:
    masks: dict[str, np.ndarray] = {}
    for position, found in enumerate(values):
        for value in found:
            masks.setdefault(value, np.zeros(size, dtype=bool))[position] = True
    return masks


@cache
def tag_words() -> frozenset[str]:
    """Every word naming a tag ("jazz", "guitare", "débutant"), plurals too: tastes, not names."""
    phrases = [
        " ".join([slug.replace("_", " "), *words])
        for field in synonyms().values()
        for slug, words in field.items()
    ]
    return frozenset(with_plurals(word for phrase in phrases for word in raw_tokens(phrase)))


def _dictionary(items: Sequence[CatalogItem]) -> set[str]:
    """Every word the catalogue writes: such a word is never "corrected"."""
    known: set[str] = set()
    for item in items:
        for text in (item.title, item.title_fr, item.description, item.description_fr):
            known.update(tokens(text))
        known.update(name_tokens(item.title))
    return known
