"""Who a gift is for: relationships, ages, saved names, skill levels and years of practice.

"pour mon père qui joue de la guitare depuis 30 ans" → father, advanced;
"for my 8-year-old nephew" → nephew, age 8. Relationships are returned as
English words ("sister"), the language of the catalogue's tags and the tools.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from agents.offline.text import COMMON_WORDS, fold, word_set

# Folded phrase → canonical relationship. Phrases need a possessive or "pour/for"
# in front where the bare word is ambiguous ("une femme", "a son of a gun").
_WORDS_FOR: dict[str, tuple[str, ...]] = {
    "sister": ("sister", "sis", "soeur", "frangine"),
    "brother": ("brother", "bro", "frere", "frangin"),
    "mother": ("mother", "mum", "mom", "mommy", "mere", "maman"),
    "father": ("father", "dad", "daddy", "pere", "papa"),
    "wife": ("wife", "epouse"),
    "husband": ("husband", "mari", "epoux"),
    "partner": ("partner", "boyfriend", "girlfriend", "cheri", "cherie", "compagnon", "compagne",
                "conjoint", "conjointe", "amoureux", "amoureuse"),
    "son": ("son", "fils"),
    "daughter": ("daughter",),
    "nephew": ("nephew", "neveu"),
    "niece": ("niece",),
    "cousin": ("cousin", "cousine"),
    "grandmother": ("grandmother", "grandma", "granny", "grand-mere", "grand mere", "mamie"),
    "grandfather": ("grandfather", "grandpa", "grand-pere", "grand pere", "papi", "papy"),
    "uncle": ("uncle", "oncle", "tonton"),
    "aunt": ("aunt", "auntie", "tante", "tata"),
    "friend": ("friend", "best friend", "ami", "amie", "meilleur ami", "meilleure amie", "pote",
               "copain", "copine"),
    "colleague": ("colleague", "coworker", "collegue"),
    "boss": ("boss", "patron", "patronne", "cheffe"),
    "teacher": ("teacher", "prof", "professeur"),
    "godson": ("godson", "filleul"),
    "godfather": ("godfather", "parrain"),
    "godmother": ("godmother", "marraine"),
    "goddaughter": ("goddaughter", "filleule"),
    "neighbour": ("neighbour", "neighbor", "voisin", "voisine"),
    "child": ("kid", "child", "enfant", "gamin", "gamine"),
    "teenager": ("teenager", "teen", "ado", "adolescent", "adolescente"),
    "baby": ("baby", "bebe"),
    "myself": ("myself", "moi-meme", "moi meme"),
}  # fmt: skip
RELATIONSHIPS: dict[str, str] = {
    word: relationship for relationship, words in _WORDS_FOR.items() for word in words
}
# Words that name a relationship only after a possessive or "pour"/"for".
_NEEDS_OWNER = {"fille": "daughter", "femme": "wife", "copain": "partner", "copine": "partner"}
_OWNER = r"(?:my|our|mon|ma|mes|notre|nos|a|ma petite|mon petit|ma grande|mon grand)\s+"

# Nouns for relationships (French with their gender), to name someone we only know by role.
_ENGLISH_NOUNS = {"child": "child", "teenager": "teenager", "kid": "child", "teen": "teenager"}
_FRENCH_NOUNS: dict[str, tuple[str, str]] = {
    "sister": ("sœur", "f"), "brother": ("frère", "m"), "mother": ("mère", "f"),
    "father": ("père", "m"), "wife": ("femme", "f"), "husband": ("mari", "m"),
    "partner": ("conjoint", "m"), "son": ("fils", "m"), "daughter": ("fille", "f"),
    "nephew": ("neveu", "m"), "niece": ("nièce", "f"), "cousin": ("cousin", "m"),
    "grandmother": ("grand-mère", "f"), "grandfather": ("grand-père", "m"),
    "uncle": ("oncle", "m"), "aunt": ("tante", "f"), "friend": ("ami", "m"),
    "colleague": ("collègue", "m"), "boss": ("patron", "m"), "teacher": ("professeur", "m"),
    "godson": ("filleul", "m"), "goddaughter": ("filleule", "f"), "neighbour": ("voisin", "m"),
    "godfather": ("parrain", "m"), "godmother": ("marraine", "f"),
    "child": ("enfant", "m"), "teenager": ("ado", "m"), "baby": ("bébé", "m"),
    "kid": ("enfant", "m"), "teen": ("ado", "m"),
}  # fmt: skip
LEVELS = ("beginner", "intermediate", "advanced")
_LEVEL_WORDS: dict[str, str] = {
    r"beginners?|debutante?s?|debute|commence|just started|starting out|learning|apprend|"
    r"novice|first (?:guitar|instrument|piano)|premier instrument|premiere guitare": "beginner",
    r"intermediate|intermediaire|some experience|quelques annees|a few years|"
    r"progresse|improving|amateur eclaire": "intermediate",
    r"advanced|avancee?|confirmee?|experimentee?|expert|seasoned|pro|professionnel(?:le)?|"
    r"professional|virtuose|for years|depuis des annees|since forever|depuis toujours": "advanced",
}
_YEARS_OF_PRACTICE = re.compile(
    r"(?:depuis|for|since|pendant)\s+(\d+)\s*(?:ans?|years?|yrs?)"
    r"|(\d+)\s*(?:ans?|years?) (?:de|of) (?:pratique|practice|experience|guitare|piano|musique)"
)
_AGE = re.compile(
    r"(\d{1,2})[\s-]*(?:year|yr)s?[\s-]*old|(?:aged?|agee? de)\s+(\d{1,2})"
    r"|(?<!depuis )(?<!since )(?<!for )(?<!pendant )(?:de|qui a|who is|of)?\s*(\d{1,2})\s*ans\b"
)


def relationship_in(text: str) -> str | None:
    """The first relationship named in `text` ("ma sœur" → sister), or None."""
    folded = fold(text)
    best: tuple[int, str] | None = None
    for phrase, canonical in RELATIONSHIPS.items():
        for match in re.finditer(rf"(?<![\w-]){re.escape(phrase)}s?(?![\w-])", folded):
            if best is None or match.start() < best[0]:
                best = (match.start(), canonical)
    for word, canonical in _NEEDS_OWNER.items():
        owned = re.search(rf"(?:{_OWNER}|(?:pour|for|a) (?:ma|mon) ){word}s?(?![\w-])", folded)
        if owned and (best is None or owned.start() < best[0]):
            best = (owned.start(), canonical)
    return best[1] if best else None


def localized_relationship(relationship: str, locale: str, owner: str = "my") -> str:
    """A relationship as people say it: "my sister"/"ma sœur", owner="your": "votre sœur"."""
    if locale == "fr" and relationship in _FRENCH_NOUNS:
        noun, gender = _FRENCH_NOUNS[relationship]
        if owner == "your":
            return f"votre {noun}"
        elided = gender == "f" and fold(noun)[0] in "aeiouh"
        return f"{'ma' if gender == 'f' and not elided else 'mon'} {noun}"
    return f"{owner} {_ENGLISH_NOUNS.get(relationship, relationship)}"


def is_relationship(word: str) -> bool:
    return word in _FRENCH_NOUNS


def age_in(text: str) -> int | None:
    """An age in years ("8-year-old", "de 12 ans"), never a duration ("depuis 30 ans")."""
    folded = fold(text)
    for match in _AGE.finditer(folded):
        start = match.start()
        if re.search(r"(?:depuis|since|for|pendant)\s*$", folded[:start]):
            continue
        value = next(group for group in match.groups() if group)
        return int(value)
    return None


def level_in(text: str) -> str | None:
    """A skill level said outright or implied by years of practice."""
    folded = fold(text)
    practice = _YEARS_OF_PRACTICE.search(folded)
    if practice:
        years = int(practice[1] or practice[2])
        return "beginner" if years < 2 else "intermediate" if years < 5 else "advanced"
    for pattern, level in _LEVEL_WORDS.items():
        if re.search(rf"(?<!\w)(?:{pattern})(?!\w)", folded):
            return level
    return None


def saved_name_in(text: str, names: Iterable[str]) -> str | None:
    """A saved recipient's name mentioned in `text` (accent- and case-insensitive)."""
    folded = fold(text)
    for name in sorted(names, key=len, reverse=True):
        if name and re.search(rf"(?<!\w){re.escape(fold(name))}(?!\w)", folded):
            return name
    return None


def proper_name_in(text: str) -> str | None:
    """A capitalised first name next to a relationship: "my sister Léa", "Tom, mon frère"."""
    pattern = r"(?<![\w'])([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?)(?![\w'])"
    for match in re.finditer(pattern, text):
        word = fold(match[1])
        if word not in COMMON_WORDS and word not in RELATIONSHIPS and word not in _NOT_NAMES:
            return match[1]
    return None


_NOT_NAMES = word_set(
    """remember retiens souviens rappelle note save enregistre oublie forget merci thanks noel
    christmas she he elle il they ils find trouve cherche please she's he's her his loves adore
    aime plays joue birthday anniversaire"""
)
