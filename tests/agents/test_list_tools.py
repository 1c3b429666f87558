"""Every list and catalogue tool on the person's own data, through the graph."""

from __future__ import annotations

import json

from langchain_core.messages import ToolMessage

from agents.assistant import build_assistant
from tests.agents.scripted_model import ScriptedChatModel, calls, says


def results(model) -> dict[str, list[dict]]:
    """Every tool result the model has seen so far, by tool name, in order."""
    found: dict[str, list[dict]] = {}
    for message in model.received[-1]:
        if isinstance(message, ToolMessage):
            found.setdefault(message.name, []).append(json.loads(message.content))
    return found


async def test_list_tools_on_own_lists(assistant, model, ana, settings):
    model.enqueue(
        calls("create_gift_list", title="Anniversaire Léa", occasion="birthday"),
        calls("add_to_list", title="Socks"),
        calls("add_to_list", item_id="acc-capo"),
        calls("add_to_list", item_id="vin-blue"),
        says("Added."),
        calls("move_gift", gift="kind of blue", position=1),
        calls("rename_gift_list", new_title="Léa 30 ans"),
        calls("share_list"),
        calls("mark_purchased", gift="3"),
        says("Done."),
        calls("show_gift_list", list_name="léa 30"),
        calls("list_gift_lists"),
        calls("show_orders"),
        says("All done."),
    )
    turn = await assistant.chat(user_id=ana.id, message="set up Léa's list", locale="fr")
    for message in ("reorder, rename, share, mark bought", "show me everything"):
        turn = await assistant.chat(
            user_id=ana.id, message=message, session_id=turn.session_id, locale="fr"
        )
    assert turn.response == "All done." and len(turn.tool_calls) == 3
    out = results(model)
    created = out["create_gift_list"][0]["created"]
    assert all(added["added"]["list"]["id"] == created["id"] for added in out["add_to_list"])
    assert out["add_to_list"][1]["added"]["title"] == "Capodastre pour guitare, pose rapide"
    assert out["move_gift"][0]["moved"] == {"title": "Kind of Blue (vinyle 180 g)", "position": 1}
    assert out["rename_gift_list"][0]["renamed"]["old_title"] == "Anniversaire Léa"
    url = out["share_list"][0]["shared"]["url"]
    assert url.startswith(f"{settings.public_url}/shared/") and len(url) > 60
    assert out["mark_purchased"][0]["purchased"] == {
        "title": "Capodastre pour guitare, pose rapide"
    }
    shown = out["show_gift_list"][0]["list"]
    assert shown["title"] == "Léa 30 ans" and shown["share_url"] == url
    assert [(g["position"], g["title"], g["price_display"]) for g in shown["gifts"]] == [
        (1, "Kind of Blue (vinyle 180 g)", "29,99\u00a0€"),
        (2, "Socks", None),
        (3, "Capodastre pour guitare, pose rapide", "14,99\u00a0€"),
    ]
    # Surprise protection: the owner does not see the purchase.
    assert {g["status"] for g in shown["gifts"]} == {"available"}
    assert out["list_gift_lists"][0]["lists"] == [
        {"id": created["id"], "title": "Léa 30 ans", "gift_count": 3, "shared": True}
    ]
    assert out["show_orders"][0] == {"orders": []}


async def test_more_like_this_and_excluding_what_was_shown(assistant, model, ana):
    model.enqueue(calls("search_gifts", query="jazz"), says("a"))
    first = await assistant.chat(user_id=ana.id, message="jazz")
    shown = {item["id"] for item in first.recommendations}
    model.enqueue(calls("search_gifts", query="jazz", exclude_shown=True), says("b"))
    second = await assistant.chat(user_id=ana.id, message="others", session_id=first.session_id)
    assert shown.isdisjoint(item["id"] for item in second.recommendations)
    model.enqueue(calls("more_like_this", item_id="sw-piano", max_budget=60), says("c"))
    like = await assistant.chat(user_id=ana.id, message="like that", session_id=first.session_id)
    assert like.recommendations and "sw-piano" not in [r["id"] for r in like.recommendations]
    assert all(item["price"] <= 60 for item in like.recommendations)
    model.enqueue(calls("get_item_details", item_id="sw-piano"), says("d"))
    await assistant.chat(user_id=ana.id, message="details", session_id=first.session_id)
    item = results(model)["get_item_details"][0]["item"]
    assert item["fulfilment"] == "licence" and item["description"].startswith("An app")


async def test_services_build_and_close_the_assistant(services, ana):
    assistant = build_assistant(services, ScriptedChatModel().enqueue(says("hi")))
    assert (await assistant.chat(user_id=ana.id, message="hello")).response == "hi"
    await services.aclose()  # closes the checkpointer through the services' close hooks
    assert assistant._graph is None
