"""Asking for a product by its name: "Do you have the Yamaha P-145?", « le coffret Kind of Blue ».

Each title (English and French) is a bag of name tokens, model codes in every
spelling (`knowledge.words.name_tokens`). A query's words that are neither
function words, product-type words nor tag words ("jazz", "piano") are looked
up there and weighted by rarity (IDF over the catalogue), so "P-145" or
"Kind of Blue" single out one item while "Yamaha" alone only hints. A match
counts as a name when its weight reaches `name_min` (about two rare words, or a
rare model code with its brand) and one of its words is in at most RARE_COUNT
titles: "sans fil" is in many titles, a description rather than a name. A
query holding every word of a title ("Guitar Pro 8") names that item whatever
its words are.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

from knowledge.catalog import CatalogItem
from knowledge.words import STOPWORDS, name_tokens

# Thresholds scale with ln(catalogue size), the IDF of a word found in one title:
# a name match weighs at least 1.25 unique words (8 with the 561 shipped items),
# and titles quoted whole are shortlisted by words in at most ~2 % of the items.
NAME_MIN_WORDS = 1.25
RARE_SHORTLIST_WORDS = 0.63
RARE_COUNT = 3


class NameIndex:
    """Title tokens → items, with each token's IDF."""

    def __init__(self, items: Sequence[CatalogItem], ignored: Iterable[str]) -> None:
        postings: dict[str, list[int]] = defaultdict(list)
        self._titles: list[tuple[frozenset[str], ...]] = []
        for position, item in enumerate(items):
            english, french = name_tokens(item.title), name_tokens(item.title_fr)
            self._titles.append((frozenset(english - STOPWORDS), frozenset(french - STOPWORDS)))
            for token in english | french:
                postings[token].append(position)
        self._size = len(items)
        self._ignored = frozenset(ignored) | STOPWORDS
        self._postings = {token: np.asarray(found) for token, found in postings.items()}
        self._idf = {token: math.log(self._size / len(found)) for token, found in postings.items()}
        self.name_min = NAME_MIN_WORDS * math.log(max(self._size, 2))
        self._rare_idf = RARE_SHORTLIST_WORDS * math.log(max(self._size, 2))

    def scores(self, query: str) -> np.ndarray:
        """Per item, the summed IDF of the query's name words found in its titles (0: no name)."""
        scores = np.zeros(self._size, dtype=np.float32)
        distinctive = np.zeros(self._size, dtype=bool)
        words = name_tokens(query)
        for token in words - self._ignored:
            if (found := self._postings.get(token)) is not None:
                scores[found] += self._idf[token]
                distinctive[found] |= len(found) <= RARE_COUNT
        scores[~distinctive] = 0
        for position in self._whole_titles(words):
            scores[position] = max(scores[position], self._weight(position))
        return scores

    def _whole_titles(self, words: set[str]) -> set[int]:
        """Items one of whose titles has all its words in the query (rare words first)."""
        rare = [t for t in words if t in self._idf and self._idf[t] >= self._rare_idf]
        candidates = {int(p) for token in rare for p in self._postings[token]}
        return {p for p in candidates if any(t and t <= words for t in self._titles[p])}

    def _weight(self, position: int) -> float:
        return max(sum(self._idf[token] for token in title) for title in self._titles[position])

    def known(self, token: str) -> bool:
        return token in self._postings
