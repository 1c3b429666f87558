"""A pasted product page URL: import it as a gift, then say what was found or why not.

The URL is taken from the message as typed (intent rules read folded, lower-case
text, and a URL's path is case-sensitive). The reply copies the tool's result:
the page's title and price, or one polite sentence per failure code.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from agents.offline.decisions import Decision, Plan, Request, Say, call
from agents.offline.lists import list_name_in

if TYPE_CHECKING:
    from agents.offline.replies import Speaker

URL = re.compile(r"https?://[^\s<>\"'«»]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"


def import_url(request: Request) -> Decision:
    """`import_gift_from_url` with the first URL of the message (and a list it names)."""
    found = URL.search(request.text)
    if found is None:
        return Say("ask_which_item", asked="which_item", action="add")
    url = found.group(0).rstrip(_TRAILING)
    return Plan((call("import_gift_from_url", url=url, list_name=list_name_in(request)),))


def imported(result: dict[str, Any], say: Speaker) -> str:
    """The gift as the page gave it, or why nothing could be imported."""
    failed = result.get("import_failed")
    if isinstance(failed, dict):
        return say(f"import_{failed.get('code', 'failed')}")
    added = result.get("added") or {}
    price = added.get("price_display")
    return say(
        "imported" if price else "imported_no_price",
        title=added.get("title", ""),
        price=price or "",
        list=(added.get("list") or {}).get("title", ""),
    )
