"""Slots of one message: what, for whom, how much, which one and which list.

Pure functions over text. Instruments and genres use the catalogue's own word
lists (`knowledge.vocabulary`), so the model and the search agree on "guitare";
categories, fulfilment, occasions, ordinals and names are conversation words
and live here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agents.offline.money import Budget, parse_budget
from agents.offline.people import age_in, level_in, relationship_in
from agents.offline.text import clean_phrase, fold
from knowledge.vocabulary import tags_in_text

CATEGORY_WORDS: dict[str, str] = {
    "vinyl_cd": r"vinyles?|vinyls?|disques?|records?|albums?|cds?|33 tours|lps?|cd audio",
    "instruments": r"(?:un |an |a )?instruments?(?: de musique)?|musical instruments?",
    "accessories": r"accessoires?|accessor(?:y|ies)|mediators?|picks?|cordes|strings|capos?|"
    r"accordeurs?|tuners?|sangles?|straps?|metronomes?|housses?|pupitres?|baguettes|drumsticks|"
    r"sticks",
    "audio_gear": r"casques?|headphones?|ecouteurs|earbuds|enceintes?|speakers?|platines?|"
    r"turntables?|amplis?|amplificateurs?|amps?|hi-?fi|materiel audio|audio gear",
    "studio_recording": r"micros?|microphones?|mics?|interfaces? audio|audio interfaces?|"
    r"home studio|enregistrement|recording|monitors?",
    "software": r"logiciels?|software|plugins?|plug-ins?|daw|applis?|apps?",
    "lessons": r"cours|lecons?|lessons?|classes|masterclass|coaching|tutoring",
    "experiences": r"concerts?|billets?|tickets?|(?:une |an )experiences?|experiences musicales|"
    r"music(?:al)? experiences?|festivals?|ateliers?|workshops?|spectacles?",
    "subscriptions": r"abonnements?|subscriptions?|streaming",
    "books": r"(?<!\d )livres?(?! sterling)|books?|partitions?|sheet music|songbooks?|"
    r"biographies?|biography|methodes?",
    "merch": r"t-?shirts?|tee-?shirts?|affiches?|posters?|mugs?|merch(?:andise)?|hoodies?|"
    r"sweats?|tote ?bags?|produits? derives?",
    "kids": r"jouets?|toys?|eveil musical|pour (?:les )?enfants|for kids",
}
_FULFILMENT_WORDS = {
    "digital": r"numeriques?|digital|dematerialisee?s?|a telecharger|downloadable|e-?gift|"
    r"last[- ]minute|derniere minute|par e-?mail|by e-?mail",
    "licence": r"licences?|licenses?|cles? de licence|licen[cs]e keys?",
    "physical": r"physiques?|physical|a emballer|to wrap|sous le sapin|under the tree",
}
OCCASION_WORDS: dict[str, str] = {
    "christmas": r"noel|christmas|xmas|fetes de fin d'annee|holidays",
    "birthday": r"anniversaire|anniv|birthday|bday",
    "wedding": r"mariage|wedding",
    "graduation": r"diplome|graduation",
    "fathers_day": r"fete des peres|father'?s day",
    "mothers_day": r"fete des meres|mother'?s day",
    "valentines": r"saint[- ]valentin|valentine'?s",
}
ORDINAL_WORDS: dict[str, int] = {
    "first": 1,
    "1st": 1,
    "premier": 1,
    "premiere": 1,
    "1er": 1,
    "1ere": 1,
    "second": 2,
    "2nd": 2,
    "deuxieme": 2,
    "seconde": 2,
    "2e": 2,
    "2eme": 2,
    "third": 3,
    "3rd": 3,
    "troisieme": 3,
    "3e": 3,
    "3eme": 3,
    "fourth": 4,
    "4th": 4,
    "quatrieme": 4,
    "4e": 4,
    "4eme": 4,
    "fifth": 5,
    "5th": 5,
    "cinquieme": 5,
    "5e": 5,
    "5eme": 5,
    "sixth": 6,
    "6th": 6,
    "sixieme": 6,
    "6e": 6,
    "6eme": 6,
    "last": -1,
    "dernier": -1,
    "derniere": -1,
    "final one": -1,
}
_NUMBERED = re.compile(
    r"(?:#|n°\s?|no\.\s?|number |numero |option |item |choix |choice |le |the |"
    r"position |place |rang |gift |cadeau |article )"
    r"(\d)(?![a-z0-9])(?!\s*(?:€|\$|£|eur|euros|ans|years|janvier|fevrier|mars|avril|"
    r"mai|juin|juillet|aout|septembre|octobre|novembre|decembre))"
)
_QUOTED = re.compile(r"\"([^\"]+)\"|«\s*([^»]+?)\s*»|“([^”]+)”|‘([^’]+)’|(?<![\w])'([^']+)'(?!\w)")
_CALLED = re.compile(
    r"(?:called|named|titled|nomm[eé]e?|appel[eé]e?|intitul[eé]e?|qui s'appelle|"
    r"sous le nom(?: de)?)\s+"
    r"(?P<name>.+)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Slots:
    """Everything one message says; empty fields were not mentioned."""

    budget: Budget | None = None
    recipient: str | None = None
    age: int | None = None
    level: str | None = None
    instruments: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    fulfilment: str | None = None
    occasion: str | None = None
    ordinals: tuple[int, ...] = field(default=())
    quoted: tuple[str, ...] = ()

    @property
    def describes_gift(self) -> bool:
        """True when the message says something a search could use."""
        return bool(
            self.budget
            or self.recipient
            or self.age
            or self.instruments
            or self.genres
            or self.categories
            or self.level
            or self.fulfilment
        )


def read_slots(text: str, currency: str, *, bare_number: bool = False) -> Slots:
    """All slots of one message; `bare_number` when a budget question was just asked."""
    unquoted = _QUOTED.sub(" ", text)
    categories = categories_in(unquoted)
    instruments = tags_in_text("instruments", unquoted)
    if "audio_gear" in categories and not re.search(r"\bdj\b", fold(unquoted)):
        instruments.discard("dj")  # "une platine vinyle" is hi-fi, not DJ gear
    return Slots(
        budget=parse_budget(unquoted, currency, bare_number=bare_number),
        recipient=relationship_in(unquoted),
        age=age_in(unquoted),
        level=level_in(unquoted),
        instruments=tuple(sorted(instruments)),
        genres=tuple(sorted(tags_in_text("genres", unquoted))),
        categories=categories,
        fulfilment=_first_match(_FULFILMENT_WORDS, fold(unquoted)),
        occasion=occasion_in(unquoted),
        ordinals=ordinals_in(unquoted),
        quoted=quoted_names(text),
    )


def categories_in(text: str) -> tuple[str, ...]:
    """Catalogue categories named in `text`, in catalogue order."""
    # A record player is hi-fi gear, not a record.
    folded = re.sub(r"platines? (?:vinyles?|disques?)|record players?", "platine", fold(text))
    return tuple(
        slug
        for slug, pattern in CATEGORY_WORDS.items()
        if re.search(rf"(?<![\w-])(?:{pattern})(?![\w-])", folded)
    )


def occasion_in(text: str) -> str | None:
    return _first_match(OCCASION_WORDS, fold(text))


def ordinals_in(text: str) -> tuple[int, ...]:
    """1-based ranks in the order written ("the second and the last" → 2, -1)."""
    folded = fold(text)
    found: list[tuple[int, int]] = []
    for word, rank in ORDINAL_WORDS.items():
        pattern = rf"(?<!\w){re.escape(word)}(?!\w)"
        found += [(match.start(), rank) for match in re.finditer(pattern, folded)]
    found += [(m.start(), int(m[1])) for m in _NUMBERED.finditer(folded)]
    if not found and re.fullmatch(r"\s*\(?(\d)\)?[.!]?\s*", folded):
        found.append((0, int(folded.strip(" ().!"))))
    return tuple(rank for _, rank in sorted(found))


def quoted_names(text: str) -> tuple[str, ...]:
    """Names written between quotes of any kind, in order."""
    return tuple(
        clean_phrase(next(group for group in match.groups() if group))
        for match in _QUOTED.finditer(text)
    )


def called_name(text: str) -> str | None:
    """A name introduced by "called"/"nommée"/… and running to the end of the sentence."""
    match = _CALLED.search(text)
    if not match:
        return None
    name = re.split(
        r"[.!?]|\s(?:please|stp|svp|s'il te pla[iî]t|s'il vous pla[iî]t)\b", match["name"]
    )[0]
    return clean_phrase(name) or None


def _first_match(patterns: dict[str, str], folded: str) -> str | None:
    for key, pattern in patterns.items():
        if re.search(rf"(?<![\w-])(?:{pattern})(?![\w-])", folded):
            return key
    return None
