"""Words as the ranking signals compare them: folded, split, singular.

Product types, names and typos are matched on tokens rather than raw text, so
"Casques", "casque" and "CASQUE" meet, "tourne-disque" equals "tourne disque"
and a phrase lookup costs a few dictionary probes per word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.vocabulary import fold

_TOKEN = re.compile(r"[a-z0-9]+")
# A model code written with separators: "P-145", "WH-1000XM5", "SL-1200MK7".
_CODE = re.compile(r"[a-z0-9]+(?:[-/.][a-z0-9]+)+")
_LETTER_DIGIT = re.compile(r"[a-z]+|[0-9]+")

# Function words of both languages; they carry no product or name.
_STOPWORDS = """a an the of for to and or with in on at by from my your his her our their me i
    you we is are be do does have has had this that these those it its who which what some any
    le la les un une des de du d l au aux et ou pour par sur avec dans en mon ma mes ton ta
    tes son sa ses notre nos votre vos leur leurs je tu il elle on nous vous ils elles qui que
    quoi est sont ce cet cette ces y a ne pas plus tres"""
STOPWORDS = frozenset(_STOPWORDS.split())
# Words that mark a French sentence; its head noun comes first ("cours de violon").
_FRENCH_MARKERS = """un une des le la les pour du de mon ma mes ton ta son sa ses qui avec et en
    je veux cherche cadeau pas cher moins sans quelque chose au aux lui elle ils"""
FRENCH_MARKERS = frozenset(_FRENCH_MARKERS.split())


def singular(token: str) -> str:
    """Drop a plural "s" ("enceintes", "speakers"), keeping "bass", "pass" and short words."""
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    """Folded, singular word tokens in order: "Platines vinyles" → ["platine", "vinyle"]."""
    return [singular(token) for token in raw_tokens(text)]


def raw_tokens(text: str) -> list[str]:
    """Folded word tokens as written: names keep "Blue" apart from "blues"."""
    return _TOKEN.findall(fold(text))


def with_plurals(words: Iterable[str]) -> set[str]:
    """Each word and its "s" plural: what a list of word forms should also ignore."""
    return {form for word in words for form in (word, word + "s")}


def name_tokens(text: str) -> set[str]:
    """Tokens a product name is recognised by, model codes included in every spelling.

    "Yamaha P-145" gives yamaha, 145 and p145; "SL-1200MK7" also gives 1200 and mk7,
    so "Technics 1200" meets it.
    """
    folded = fold(text)
    found = set(raw_tokens(folded))
    found.update(re.sub(r"[-/.]", "", code) for code in _CODE.findall(folded))
    for token in list(found):
        found.update(_LETTER_DIGIT.findall(token))
    return {token for token in found if len(token) > 1 or token.isdigit()}


def looks_french(words: list[str]) -> bool:
    """At least one French function word: enough to read the head noun first."""
    return any(word in FRENCH_MARKERS for word in words)
