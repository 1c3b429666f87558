"""Results unlike each other and unlike what was already shown (maximal marginal relevance).

"Something else" after five headphones should not bring five more headphones:
each pick trades relevance against its closeness to the items already picked
or shown, `RELEVANCE * score - (1 - RELEVANCE) * max cosine`.
"""

from __future__ import annotations

import numpy as np

RELEVANCE = 0.6
POOL = 6  # candidates per result considered


def diverse_order(
    scores: np.ndarray, matrix: np.ndarray, candidates: np.ndarray, shown: np.ndarray, limit: int
) -> list[int]:
    """Positions of up to `limit` candidates picked by MMR; `shown` rows count as picked."""
    pool = candidates[np.argsort(-scores[candidates], kind="stable")][: limit * POOL]
    vectors = matrix[pool]
    nearest = (vectors @ matrix[shown].T).max(axis=1) if len(shown) else np.full(len(pool), -1.0)
    picked: list[int] = []
    available = np.ones(len(pool), dtype=bool)
    while available.any() and len(picked) < limit:
        value = RELEVANCE * scores[pool] - (1 - RELEVANCE) * np.maximum(nearest, 0)
        choice = int(np.argmax(np.where(available, value, -np.inf)))
        picked.append(int(pool[choice]))
        available[choice] = False
        nearest = np.maximum(nearest, vectors @ vectors[choice])
    return picked
