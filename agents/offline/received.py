"""Decisions and replies about received gifts: archive them, and copy a list like last year.

"I received the capo" / « j'ai reçu le capo » archives that gift; "archive
the gifts I received" archives those the person may see as bought; « comme
l'an dernier » / "same list as last year" starts a new list from the active
(or named) one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from agents.offline.decisions import Decision, Plan, Request, call
from agents.offline.lists import list_name_in
from agents.offline.references import resolve_gift
from agents.offline.text import fold

if TYPE_CHECKING:
    from agents.offline.replies import Speaker

_EVERYTHING = re.compile(
    r"\b(all|everything|the gifts|gifts i (received|got)|tout|tous|les cadeaux)\b"
)
# Words about archiving itself, removed before looking for the gift they name.
_ARCHIVE_WORDS = re.compile(
    r"\b(?:archive[rsz]?|archiver|i|have|'ve|received|j'ai|bien|recu[es]?|the|le|la|les|l'|"
    r"please|s'il te plait|stp|svp|and|et)\b"
)
_RECEIVED = re.compile(r"\b(received|recus?|deja recus)\b.{0,20}\b(gifts|cadeaux)\b|"
                       r"\b(gifts|cadeaux)\b.{0,20}\b(received|recus?)\b")
_ALL = re.compile(r"\b(all|everything|every gift|tout|tous les cadeaux|toute la liste)\b")


def archive(request: Request) -> Decision:
    """The gifts named (ranks or a name), else everything the person may see as bought."""
    list_name = list_name_in(request)
    folded = fold(request.text)
    if request.slots.ordinals:
        named = [str(rank) for rank in request.slots.ordinals if rank > 0]
        return Plan((call("archive_received", gifts=named, list_name=list_name),))
    if _EVERYTHING.search(folded):
        return Plan((call("archive_received", list_name=list_name),))
    rest = " ".join(_ARCHIVE_WORDS.sub(" ", folded).split())
    gift = resolve_gift(rest, (), request.conversation) if rest else None
    gifts = [gift] if gift else None
    return Plan((call("archive_received", gifts=gifts, list_name=list_name),))


def copy(request: Request) -> Decision:
    """A new list from the named (or active) one: the gifts still wished, or as asked."""
    source = list_name_in(request)
    titles = [name for name in request.slots.quoted if name != source]
    folded = fold(request.text)
    which = "received" if _RECEIVED.search(folded) else "all" if _ALL.search(folded) else None
    return Plan(
        (call("copy_gift_list", new_title=titles[0] if titles else None, list_name=source,
              which=which),)
    )


def archived(result: dict[str, Any], say: Speaker) -> str:
    titles = result.get("archived") or []
    if not titles:
        return say("archived_none")
    return say("archived", titles=", ".join(f"**{title}**" for title in titles))


def copied(result: dict[str, Any], say: Speaker) -> str:
    return say(
        "copied",
        title=(result.get("created") or {}).get("title", ""),
        source=(result.get("copied_from") or {}).get("title", ""),
        count=result.get("gift_count", 0),
    )
