"""Decisions and replies about group gifts and reveal dates.

"Make the guitar a group gift" / « fais de la guitare un cadeau commun »
marks a gift so guests chip in together; "reveal claims on December 24" /
« dévoile les réservations le 24 décembre » keeps the surprise until then.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from babel.dates import format_date

from agents.offline.dates import date_in
from agents.offline.decisions import Decision, Plan, Request, Say, call
from agents.offline.lists import list_name_in
from agents.offline.references import resolve_gift
from agents.offline.text import fold

if TYPE_CHECKING:
    from agents.offline.replies import Speaker

# Words about the grouping itself, removed before looking for the gift they name.
_GROUP_WORDS = re.compile(
    r"\b(?:make|turn|set|mark|transform|change|fais|faire|transforme|mets|passe|marque|"
    r"a|an|the|into|as|en|un|une|de|la|le|du|l'|group|groupe|gift|cadeau|commun|collectif|"
    r"collective|shared|joint|a plusieurs|cagnotte|pot commun|no longer|not|plus|ne|pas|"
    r"soit|single|individuel|normal|again|de nouveau|please|s'il te plait|stp|svp)\b"
)
_UNDO = re.compile(
    r"\b(no longer|not a group|isn't a group|single gift|cadeau (individuel|normal)|"
    r"plus (un|en) cadeau|ne (soit|sera) plus|plus commun|undo)\b"
)
_CLEAR = re.compile(
    r"\b(remove|delete|clear|cancel|drop|no more|annule|supprime|enleve|retire|plus de|sans)\b"
    r".{0,25}\b(reveal|revelation|devoilement)"
)


def make_group(request: Request) -> Decision:
    """Mark the named gift as a group gift, or back to a single one ("no longer ...")."""
    list_name = list_name_in(request)
    folded = fold(request.text)
    if list_name:
        folded = folded.replace(fold(list_name), " ")
    named = " ".join(_GROUP_WORDS.sub(" ", folded).split())
    gift = resolve_gift(named or folded, request.slots.ordinals, request.conversation)
    if gift is None:
        return Say("ask_which_gift", asked="which_gift", action="group_gift")
    undo = _UNDO.search(folded) is not None
    call_args: dict[str, Any] = {"gift": gift, "list_name": list_name}
    if undo:
        call_args["group"] = False
    return Plan((call("make_group_gift", **call_args),))


def set_reveal(request: Request, today: date | None = None) -> Decision:
    """Set (or remove) the date from which the owner sees reserved gifts."""
    list_name = list_name_in(request)
    if _CLEAR.search(fold(request.text)):
        return Plan((call("set_reveal_date", list_name=list_name),))
    day = date_in(request.text, today=today or datetime.now(UTC).date(), locale=request.locale)
    if day is None:
        return Say("ask_reveal_date", asked="reveal_date")
    return Plan((call("set_reveal_date", reveal_on=day.isoformat(), list_name=list_name),))


def grouped(result: dict[str, Any], say: Speaker) -> str:
    shown = result.get("group_gift") or {}
    key = "group_gift_on" if shown.get("is_group") else "group_gift_off"
    return say(key, title=shown.get("title", ""))


def revealed(result: dict[str, Any], say: Speaker) -> str:
    day = (result.get("reveal") or {}).get("reveal_on")
    title = (result.get("list") or {}).get("title", "")
    if not day:
        return say("reveal_cleared", list=title)
    shown = format_date(date.fromisoformat(day), format="long", locale=say.locale)
    return say("reveal_set", list=title, date=shown)
