"""The group gift and reveal date tools on the person's own lists, through the graph."""

from __future__ import annotations

from store import lists
from tests.agents.scripted_model import calls, says
from tests.agents.test_list_tools import results


async def test_make_a_group_gift_and_set_a_reveal_date(assistant, model, ana, services):
    model.enqueue(
        calls("add_to_list", item_id="acc-capo"),
        calls("add_to_list", title="Socks"),
        calls("make_group_gift", gift="capo"),
        calls("make_group_gift", gift="2"),
        calls("set_reveal_date", reveal_on="2026-12-24"),
        says("Done."),
        calls("make_group_gift", gift="1", group=False),
        calls("set_reveal_date", reveal_on=None),
        says("Undone."),
    )
    turn = await assistant.chat(user_id=ana.id, message="group gift + reveal", locale="en")
    out = results(model)
    assert out["make_group_gift"][0]["group_gift"] == {
        "title": "Guitar capo, quick release", "is_group": True
    }
    assert "price" in out["make_group_gift"][1]["error"]  # Socks has no price to share
    assert out["set_reveal_date"][0]["reveal"] == {"reveal_on": "2026-12-24"}
    await assistant.chat(user_id=ana.id, message="undo", session_id=turn.session_id)
    out = results(model)
    assert out["make_group_gift"][-1]["group_gift"]["is_group"] is False
    assert out["set_reveal_date"][-1]["reveal"] == {"reveal_on": None}
    async with services.database.session() as session:
        (gift_list,) = await lists.list_lists(session, user_id=ana.id)
        assert gift_list.reveal_on is None


async def test_another_users_gift_cannot_be_named(assistant, model, ana, bob):
    model.enqueue(calls("add_to_list", item_id="acc-capo"), says("ok"))
    await assistant.chat(user_id=bob.id, message="add")
    model.enqueue(calls("make_group_gift", gift="capo"), says("no"))
    await assistant.chat(user_id=ana.id, message="make bob's capo a group gift")
    assert "error" in results(model)["make_group_gift"][0]


async def test_archive_what_was_received_and_copy_the_list(assistant, model, ana):
    model.enqueue(
        calls("create_gift_list", title="Noël 2025"),
        calls("add_to_list", item_id="acc-capo"),
        calls("add_to_list", title="Socks"),
        calls("archive_received", gifts=["socks"]),
        calls("archive_received"),
        says("Archived."),
        calls("copy_gift_list", new_title="Noël 2026", list_name="Noël 2025"),
        calls("show_gift_list"),
        says("Done."),
    )
    turn = await assistant.chat(user_id=ana.id, message="I received the socks", locale="en")
    await assistant.chat(user_id=ana.id, message="like last year", session_id=turn.session_id)
    out = results(model)
    assert out["archive_received"][0]["archived"] == ["Socks"]
    assert out["archive_received"][1]["archived"] == []  # nothing seen as bought
    copied = out["copy_gift_list"][0]
    assert copied["created"]["title"] == "Noël 2026" and copied["gift_count"] == 1
    shown = out["show_gift_list"][0]["list"]  # the copy became the current list
    assert shown["title"] == "Noël 2026"
    assert [g["title"] for g in shown["gifts"]] == ["Guitar capo, quick release"]
