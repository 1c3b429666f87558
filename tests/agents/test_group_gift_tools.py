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
