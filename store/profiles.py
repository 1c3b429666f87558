"""The people a user shops for, remembered across conversations, never across users.

A profile is found by its name or by the relationship ("my sister", "ma sœur"),
so "pour ma sœur, comme l'an dernier" reaches the same record in either
language. Lists given to `remember_recipient` replace the stored ones, which is
how a person corrects them; omitted fields stay as they were.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from store.errors import InvalidInput, NotFound
from store.models import RecipientProfile
from store.money import format_money, normalize_currency, validate_amount

MAX_PROFILES = 100
MAX_TAGS = 20
MAX_TAG_CHARS = 40
LEVELS = {
    "beginner": "beginner", "debutant": "beginner", "debutante": "beginner", "novice": "beginner",
    "intermediate": "intermediate", "intermediaire": "intermediate",
    "advanced": "advanced", "avance": "advanced", "avancee": "advanced",
    "confirme": "advanced", "confirmee": "advanced", "expert": "advanced",
    "professional": "professional", "pro": "professional", "professionnel": "professional",
}  # fmt: skip
# Canonical (English) relationship → the words people use for it, folded.
RELATIONSHIPS = {
    "sister": ("soeur", "sis", "frangine"),
    "brother": ("frere", "bro", "frangin"),
    "mother": ("mom", "mum", "mere", "maman", "mommy"),
    "father": ("dad", "daddy", "pere", "papa"),
    "wife": ("femme", "epouse"),
    "husband": ("mari", "epoux"),
    "partner": ("partenaire", "conjoint", "conjointe", "compagnon", "compagne"),
    "girlfriend": ("copine", "petite amie"),
    "boyfriend": ("copain", "petit ami"),
    "son": ("fils",),
    "daughter": ("fille",),
    "grandmother": ("grand-mere", "grand mere", "mamie", "grandma", "granny"),
    "grandfather": ("grand-pere", "grand pere", "papi", "papy", "grandpa"),
    "friend": ("ami", "amie", "pote", "best friend", "meilleur ami", "meilleure amie"),
    "colleague": ("collegue", "coworker"),
    "niece": ("niece",),
    "nephew": ("neveu",),
    "aunt": ("tante", "tata"),
    "uncle": ("oncle", "tonton"),
    "cousin": ("cousine",),
    "teacher": ("prof", "professeur", "professeure", "enseignant", "enseignante"),
    "child": ("kid", "enfant", "gamin"),
}
_POSSESSIVE = re.compile(r"^(?:for|pour|my|our|ma|mon|mes|notre|nos|la|le|les|l')\s*")


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: how names and relationships are compared."""
    ligatures = text.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", ligatures)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.replace("’", "'").split())


def _strip_possessives(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, _POSSESSIVE.sub("", text).strip()
    return text


_RELATIONSHIP_WORDS = {
    word: canonical
    for canonical, words in RELATIONSHIPS.items()
    for word in (canonical, *words)
}


def relationship_key(text: str | None) -> str | None:
    """The canonical English relationship named by `text` ("ma sœur" → "sister"), if any."""
    if not text:
        return None
    return _RELATIONSHIP_WORDS.get(_strip_possessives(fold(text)))


def name_key(name: str) -> str:
    key = _strip_possessives(fold(name)) if isinstance(name, str) else ""
    if not key or len(key) > 120:
        raise InvalidInput("a recipient needs a name of 1 to 120 characters", field="name")
    return key


async def list_recipients(session: AsyncSession, *, user_id: str) -> list[RecipientProfile]:
    result = await session.scalars(
        select(RecipientProfile)
        .where(RecipientProfile.owner_id == user_id)
        .order_by(RecipientProfile.created_at)
    )
    return list(result)


async def find_recipient(
    session: AsyncSession, *, user_id: str, reference: str
) -> RecipientProfile | None:
    """The user's profile named `reference`, or whose relationship it names; None if none."""
    if not isinstance(reference, str) or not reference.strip():
        return None
    key = _strip_possessives(fold(reference))
    relation = relationship_key(reference)
    for profile in await list_recipients(session, user_id=user_id):
        if profile.name_key == key or (relation and profile.relationship == relation):
            return profile
    return None


async def get_recipient(session: AsyncSession, *, user_id: str, reference: str) -> RecipientProfile:
    profile = await find_recipient(session, user_id=user_id, reference=reference)
    if profile is None:
        raise NotFound(f"I have no saved profile for '{reference}'", name=reference)
    return profile


async def remember_recipient(
    session: AsyncSession,
    *,
    user_id: str,
    name: str,
    relationship: str | None = None,
    tastes: list[str] | None = None,
    instruments: list[str] | None = None,
    skill_level: str | None = None,
    occasion: str | None = None,
    occasion_date: str | None = None,
    budget: int | None = None,
    currency: str | None = None,
    notes: str | None = None,
) -> RecipientProfile:
    """Create or correct the profile of `name`; given lists replace the stored ones."""
    profile = await find_recipient(session, user_id=user_id, reference=name)
    if profile is None:
        profile = await _new_profile(session, user_id=user_id, name=name)
    if relationship is not None:
        profile.relationship = relationship_key(relationship) or _tag(relationship)
    if tastes is not None:
        profile.tastes = _tags(tastes, field="tastes")
    if instruments is not None:
        profile.instruments = _tags(instruments, field="instruments")
    if skill_level is not None:
        profile.skill_level = _level(skill_level)
    if occasion is not None or occasion_date is not None:
        profile.occasions = _with_occasion(profile.occasions or [], occasion, occasion_date)
    if budget is not None:
        code = normalize_currency(currency or profile.currency or "EUR")
        profile.budget, profile.currency = validate_amount(budget, code), code
    if notes is not None:
        profile.notes = notes.strip()[:1000] or None
    await session.flush()
    return profile


async def forget_recipient(session: AsyncSession, *, user_id: str, name: str) -> str:
    """Delete the profile; returns the name it had."""
    profile = await get_recipient(session, user_id=user_id, reference=name)
    forgotten = profile.name
    await session.delete(profile)
    await session.flush()
    return forgotten


def profile_summary(profile: RecipientProfile, locale: str = "en") -> dict[str, Any]:
    """What the assistant and the person see of a profile."""
    budget = (
        format_money(profile.budget, profile.currency, locale)
        if profile.budget is not None and profile.currency
        else None
    )
    return {
        "name": profile.name,
        "relationship": profile.relationship,
        "tastes": list(profile.tastes or []),
        "instruments": list(profile.instruments or []),
        "skill_level": profile.skill_level,
        "occasions": list(profile.occasions or []),
        "budget_display": budget,
    }


async def _new_profile(session: AsyncSession, *, user_id: str, name: str) -> RecipientProfile:
    key = name_key(name)
    count = await session.scalar(
        select(func.count())
        .select_from(RecipientProfile)
        .where(RecipientProfile.owner_id == user_id)
    )
    if (count or 0) >= MAX_PROFILES:
        raise InvalidInput(f"you can save at most {MAX_PROFILES} people")
    display = " ".join(name.split())[:120]
    relation = relationship_key(name)
    profile = RecipientProfile(
        owner_id=user_id,
        name=display,
        name_key=key,
        relationship=relation,
        tastes=[],
        instruments=[],
        occasions=[],
    )
    session.add(profile)
    return profile


def _tag(value: str) -> str:
    text = fold(value) if isinstance(value, str) else ""
    if not text or len(text) > MAX_TAG_CHARS:
        raise InvalidInput(f"'{value}' should be 1 to {MAX_TAG_CHARS} characters")
    return text


def _tags(values: list[str], *, field: str) -> list[str]:
    if not isinstance(values, list) or len(values) > MAX_TAGS:
        raise InvalidInput(f"{field} is a list of at most {MAX_TAGS} words", field=field)
    return list(dict.fromkeys(_tag(value) for value in values))


def _level(value: str) -> str:
    level = LEVELS.get(fold(value)) if isinstance(value, str) else None
    if level is None:
        raise InvalidInput(
            "the level is beginner, intermediate, advanced or professional", field="skill_level"
        )
    return level


def _with_occasion(
    occasions: list[dict[str, Any]], name: str | None, when: str | None
) -> list[dict[str, Any]]:
    """Add or update one occasion, matched by name; dates are YYYY-MM-DD or MM-DD."""
    label = (" ".join(name.split())[:60] if name else None) or "occasion"
    entry = {"name": label, "date": _occasion_date(when) if when else None}
    kept = [item for item in occasions if fold(str(item.get("name", ""))) != fold(label)]
    return [*kept, entry][-10:]


def _occasion_date(value: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text).isoformat()
        if re.fullmatch(r"\d{2}-\d{2}", text):
            date.fromisoformat(f"2000-{text}")  # a leap year, so 02-29 is valid
            return text
    except ValueError:
        pass
    raise InvalidInput("a date is YYYY-MM-DD, or MM-DD for every year", field="occasion_date")
