"""Decisions about gift lists as wholes: create, name, rename, show, list and share.

Also how a message names a list: in quotes after "list"/"liste"/"to"/"dans",
or by a title the person has already seen in this conversation.
"""

from __future__ import annotations

import re

from agents.offline.decisions import Decision, Plan, Request, Say, call
from agents.offline.slots import called_name, occasion_in
from agents.offline.text import clean_phrase, fold

_LIST_WORD = r"(?:liste|list|to|a|dans|in|on|sur)"
_RENAME_TO = re.compile(
    r"\b(?:en|to|as|into|par|call it|appelle-la|nomme-la)\s+(?P<name>[^,.!?]+)$", re.IGNORECASE
)
_LIST_FOR = re.compile(
    r"\b(?:liste|list|wishlist)\s+(?:pour|for)\s+(?P<name>[^,.!?]+)$", re.IGNORECASE
)
# A list created for an occasion and nothing else is named after it.
_OCCASION_TITLES = {
    "christmas": ("Christmas", "Noël"), "birthday": ("Birthday", "Anniversaire"),
    "wedding": ("Wedding", "Mariage"), "graduation": ("Graduation", "Diplôme"),
    "fathers_day": ("Father's Day", "Fête des pères"),
    "mothers_day": ("Mother's Day", "Fête des mères"),
    "valentines": ("Valentine's Day", "Saint-Valentin"),
}  # fmt: skip


def create_list(request: Request) -> Decision:
    title = _new_list_title(request)
    if not title:
        return Say("ask_list_name", asked="list_name")
    occasion = request.slots.occasion or occasion_in(title)
    return Plan((call("create_gift_list", title=title, occasion=occasion),))


def name_new_list(request: Request) -> Decision:
    """The answer to "what should I call it?"."""
    title = _given_name(request)
    return Plan((call("create_gift_list", title=title, occasion=request.slots.occasion),))


def rename_list(request: Request) -> Decision:
    quoted = request.slots.quoted
    if len(quoted) >= 2:
        return Plan((call("rename_gift_list", new_title=quoted[1], list_name=quoted[0]),))
    new_title = quoted[0] if quoted else rename_target(request.text)
    if not new_title:
        return Say("ask_new_title", asked="new_title")
    old = known_list_in(request, exclude=new_title)
    return Plan((call("rename_gift_list", new_title=new_title, list_name=old),))


def give_new_title(request: Request) -> Decision:
    """The answer to "what should the new name be?"."""
    return Plan((call("rename_gift_list", new_title=_given_name(request)),))


def show_list(request: Request) -> Decision:
    return Plan((call("show_gift_list", list_name=list_name_in(request)),))


def list_lists(request: Request) -> Decision:
    return Plan((call("list_gift_lists"),))


def share(request: Request) -> Decision:
    return Plan((call("share_list", list_name=list_name_in(request)),))


def list_name_in(request: Request) -> str | None:
    """A quoted name that follows "list"/"liste"/"to"/"dans", else a known title named."""
    folded = fold(request.text)
    for name in request.slots.quoted:
        if re.search(rf"\b{_LIST_WORD}\s*[\"'«“‘]\s*{re.escape(fold(name))}", folded):
            return name
    return known_list_in(request)


def known_list_in(request: Request, exclude: str | None = None) -> str | None:
    folded = fold(request.text)
    for title in sorted(request.conversation.list_titles(), key=len, reverse=True):
        if title != exclude and re.search(rf"(?<!\w){re.escape(fold(title))}(?!\w)", folded):
            return title
    return None


def rename_target(text: str) -> str | None:
    match = _RENAME_TO.search(text)
    return clean_phrase(match["name"]) if match else called_name(text)


def _new_list_title(request: Request) -> str | None:
    if request.slots.quoted:
        return request.slots.quoted[0]
    named = called_name(request.text)
    if named:
        return named[:200]
    match = _LIST_FOR.search(request.text)
    if match and not request.slots.occasion:
        return clean_phrase(match["name"])[:200]
    titles = _OCCASION_TITLES.get(request.slots.occasion or "")
    return (titles[1] if request.locale == "fr" else titles[0]) if titles else None


def _given_name(request: Request) -> str:
    """A name given as an answer: quoted, after "call it", or the whole message."""
    if request.slots.quoted:
        return request.slots.quoted[0][:200]
    return (rename_target(request.text) or clean_phrase(request.text))[:200]
