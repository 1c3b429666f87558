"""The real graph, tools, store and catalogue, driven by a scripted model."""

from __future__ import annotations

import json

from langchain_core.messages import SystemMessage, ToolMessage

from agents.events import ApprovalRequest, Final, Recommendations, Token, ToolEnd, ToolStart
from store import lists
from tests.agents.scripted_model import calls, says


def tool_result(messages, name):
    found = [m for m in messages if isinstance(m, ToolMessage) and m.name == name]
    return json.loads(found[-1].content)


def second_result_id(messages):
    return tool_result(messages, "search_gifts")["results"][1]["id"]


async def test_search_then_add_the_second_one_then_show_the_list(assistant, model, ana, services):
    model.enqueue(
        calls("search_gifts", query="jazz gift", max_budget=100),
        says("Here are some ideas."),
    )
    turn = await assistant.chat(user_id=ana.id, message="A jazz gift under 100 euros?")
    assert turn.response == "Here are some ideas."
    assert turn.tool_calls == ["search_gifts"]
    assert turn.recommendations and all(r["price"] <= 100 for r in turn.recommendations)
    assert {"id", "title", "category", "price", "currency", "price_display", "reason"} <= set(
        turn.recommendations[0]
    )
    shown = [item["id"] for item in turn.recommendations]

    # The next model call sees the recommendations, in order, in its system message.
    model.enqueue(
        lambda messages: calls(
            "add_to_list",
            item_id=messages[0].additional_kwargs["songwish_context"]["last_recommendations"][1][
                "id"
            ],
        ),
        calls("show_gift_list"),
        says("Added."),
    )
    turn = await assistant.chat(
        user_id=ana.id, message="Add the second one", session_id=turn.session_id
    )
    system = model.received[-1][0]
    assert isinstance(system, SystemMessage)
    facts = system.additional_kwargs["songwish_context"]
    assert [item["id"] for item in facts["last_recommendations"]] == shown
    assert facts["budget"] == {"max": 100, "min": None, "currency": "EUR"}
    shown_list = tool_result(model.received[-1], "show_gift_list")["list"]
    assert [gift["position"] for gift in shown_list["gifts"]] == [1]
    assert facts["active_list"] == {"id": shown_list["id"], "title": shown_list["title"]}
    async with services.database.session() as session:
        (default_list,) = await lists.list_lists(session, user_id=ana.id)
    assert default_list.id == shown_list["id"]


async def test_streaming_yields_tokens_tool_steps_recommendations_and_final(assistant, model, ana):
    model.enqueue(calls("search_gifts", query="piano"), says("Two piano ideas for you."))
    events = [
        event async for event in assistant.stream(user_id=ana.id, message="something for a pianist")
    ]
    kinds = [event.kind for event in events]
    assert kinds[0] == "tool_start" and isinstance(events[0], ToolStart)
    assert events[0].name == "search_gifts" and events[0].input == {"query": "piano"}
    assert isinstance(events[1], ToolEnd) and events[1].error is None
    assert isinstance(events[2], Recommendations) and events[2].items
    text = "".join(event.text for event in events if isinstance(event, Token))
    assert text == "Two piano ideas for you."
    assert kinds.count("token") > 1  # word by word, not one block
    assert isinstance(events[-1], Final) and events[-1].turn.response == text
    assert not any(isinstance(event, ApprovalRequest) for event in events)


async def test_tool_errors_come_back_as_data_and_the_turn_goes_on(assistant, model, ana):
    model.enqueue(
        calls("remove_from_list", gift="nothing like this"),
        calls("get_item_details", item_id="no-such-item"),
        calls("add_to_list", user_id="someone-else", title="x"),
        says("Sorry, I could not find it."),
    )
    turn = await assistant.chat(user_id=ana.id, message="remove the unicorn")
    results = [m for m in model.received[-1] if isinstance(m, ToolMessage)]
    errors = [json.loads(m.content)["error"] for m in results]
    assert "no gift on" in errors[0] and "matches 'nothing like this'" in errors[0]
    assert "no-such-item" in errors[1]
    assert "user_id" in errors[2] and "Extra inputs are not permitted" in errors[2]
    assert turn.response == "Sorry, I could not find it."


async def test_history_shows_user_and_assistant_messages_with_recommendations(
    assistant, model, ana
):
    model.enqueue(calls("search_gifts", query="vinyl"), says("A record?"), says("You're welcome"))
    first = await assistant.chat(user_id=ana.id, message="a vinyl")
    await assistant.chat(user_id=ana.id, message="thanks", session_id=first.session_id)
    rows = await assistant.history(user_id=ana.id, session_id=first.session_id)
    assert [(row["role"], row["content"]) for row in rows] == [
        ("user", "a vinyl"), ("assistant", "A record?"),
        ("user", "thanks"), ("assistant", "You're welcome"),
    ]  # fmt: skip
    assert rows[1]["recommendations"] == first.recommendations
    assert rows[3]["recommendations"] == []
    assert all(row["time"] for row in rows)
