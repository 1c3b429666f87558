"""What a message asks for: decisive rules first, then nearest labelled examples.

The examples and rules are data (`data/intents.yaml`). Rules catch explicit
verbs ("ajoute", "rename") that embeddings blur; the k nearest examples,
embedded with the catalogue's multilingual e5 model, handle everything said
in other words. Below the similarity threshold the answer is "unknown", and
the dialogue policy asks the person to rephrase instead of guessing.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np
import yaml

from agents.offline.text import fold

Embed = Callable[[str], np.ndarray]
DATA_DIR = Path(__file__).parent / "data"
INTENTS_FILE = DATA_DIR / "intents.yaml"
# Example vectors shipped beside the examples, so a fresh process classifies at once.
VECTORS_FILE = DATA_DIR / "intents.e5.npz"
UNKNOWN = "unknown"
# Similarity after centring (see `_centred`) below which no example is close enough.
DEFAULT_THRESHOLD = 0.40
# A strict intent (an action on a precise target) needs a rule or a near-copy example.
STRICT_SIMILARITY = 0.75
NEIGHBOURS = 3


@dataclass(frozen=True)
class IntentGuess:
    intent: str
    confidence: float
    source: str  # "rule", "neighbours" or "threshold"


@dataclass(frozen=True)
class Example:
    intent: str
    text: str
    locale: str


class IntentClassifier:
    """Rules in file order, then a similarity-weighted vote of the nearest examples."""

    def __init__(
        self,
        examples: list[Example],
        rules: list[tuple[str, re.Pattern[str]]],
        embed: Embed,
        *,
        strict: frozenset[str] = frozenset(),
        model_id: str = "",
        vectors_file: Path | None = None,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> None:
        self.examples = examples
        self.rules = rules
        self.strict = strict
        self.embed = embed
        self.model_id = model_id
        self.vectors_file = vectors_file
        self.threshold = threshold
        self._lock = threading.Lock()

    @classmethod
    def from_file(
        cls, embed: Embed, path: Path = INTENTS_FILE, **options: object
    ) -> IntentClassifier:
        examples, rules, strict = load_intents(path)
        return cls(examples, rules, embed, strict=strict, **options)  # type: ignore[arg-type]

    @property
    def digest(self) -> str:
        """Identifies the example vectors: the model and every example text."""
        texts = "\n".join(example.text for example in self.examples)
        return hashlib.sha256(f"{self.model_id}\n{texts}".encode()).hexdigest()

    @cached_property
    def vectors(self) -> np.ndarray:
        """Raw example vectors: the shipped file when it matches, else embedded now."""
        with self._lock:
            shipped = self._shipped_vectors()
            if shipped is not None:
                return shipped
            return np.vstack([self.embed(example.text) for example in self.examples])

    @cached_property
    def _centre(self) -> np.ndarray:
        return self.vectors.mean(axis=0)

    @cached_property
    def matrix(self) -> np.ndarray:
        """Centred example vectors, one row each."""
        return _centred(self.vectors, self._centre)

    def save_vectors(self) -> Path:
        """Write the example vectors for the next process (`python -m agents.offline`)."""
        assert self.vectors_file is not None, "no vectors file configured"
        np.savez_compressed(
            self.vectors_file, vectors=self.vectors.astype(np.float16), digest=self.digest
        )
        return self.vectors_file

    def _shipped_vectors(self) -> np.ndarray | None:
        if self.vectors_file is None or not self.vectors_file.exists():
            return None
        with np.load(self.vectors_file) as data:
            if str(data["digest"]) != self.digest:
                return None
            return data["vectors"].astype(np.float32)

    def rule_intent(self, text: str) -> str | None:
        folded = fold(text)
        return next((intent for intent, rule in self.rules if rule.search(folded)), None)

    def classify(self, text: str) -> IntentGuess:
        intent = self.rule_intent(text)
        if intent is not None:
            return IntentGuess(intent, 1.0, "rule")
        return self.nearest(text)

    def nearest(self, text: str) -> IntentGuess:
        """The similarity-weighted vote of the nearest examples, or unknown below threshold."""
        scores = self.matrix @ _centred(self.embed(text)[None, :], self._centre)[0]
        ranked = [i for i in np.argsort(-scores) if self._may_vote(i, scores[i])]
        top = ranked[:NEIGHBOURS]
        if not top or scores[top[0]] < self.threshold:
            best = float(scores[top[0]]) if top else 0.0
            return IntentGuess(UNKNOWN, best, "threshold")
        votes: dict[str, float] = defaultdict(float)
        for index in top:
            # Weight by the margin above the floor so near-ties do not outvote the best match.
            votes[self.examples[index].intent] += float(scores[index]) - self.threshold + 0.01
        intent = max(votes, key=votes.__getitem__)
        return IntentGuess(intent, float(scores[top[0]]), "neighbours")

    def _may_vote(self, index: int, score: float) -> bool:
        return self.examples[index].intent not in self.strict or score >= STRICT_SIMILARITY


def load_intents(
    path: Path = INTENTS_FILE,
) -> tuple[list[Example], list[tuple[str, re.Pattern]], frozenset[str]]:
    """Examples, compiled rules (in file order) and the strict intents from the YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    examples = [
        Example(spec.get("intent", name), text, locale)
        for name, spec in data.items()
        for locale, texts in spec.get("examples", {}).items()
        for text in texts
    ]
    rules = [
        (spec.get("intent", name), re.compile(rule))
        for name, spec in data.items()
        for rule in spec.get("rules", [])
    ]
    strict = frozenset(
        spec.get("intent", name) for name, spec in data.items() if spec.get("strict")
    )
    return examples, rules, strict


def _centred(vectors: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """Remove the direction every e5 vector shares, so similarities spread out again."""
    shifted = vectors - centre
    return shifted / np.linalg.norm(shifted, axis=1, keepdims=True)


@cache
def default_classifier() -> IntentClassifier:
    """One per process, on the catalogue's e5 query encoder (thread-safe, LRU-cached)."""
    from knowledge.embeddings import E5EmbeddingFunction, cached_query_embedder

    function = E5EmbeddingFunction()
    return IntentClassifier.from_file(
        cached_query_embedder(function), model_id=function.model_id, vectors_file=VECTORS_FILE
    )
