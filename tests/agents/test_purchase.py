"""Money needs a human: no order before the person says yes, exactly one after."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from agents.prompts import PURCHASE_OVER
from store.errors import NotFound
from store.models import Order
from tests.agents.conftest import new_user, orders_of
from tests.agents.scripted_model import calls, says


async def propose(assistant, model, user, item_id="sw-piano"):
    model.enqueue(calls("start_purchase", item_id=item_id))
    return await assistant.chat(user_id=user.id, message="buy it")


async def test_no_order_before_approval_and_exactly_one_after_two_approvals(shop):
    services, assistant, model = shop
    ana = await new_user(services, "ana")
    turn = await propose(assistant, model, ana)
    assert turn.pending_approval == {
        "kind": "purchase", "item_id": "sw-piano", "title": "Piano Tutor Pro licence",
        "price_display": "€79.00", "quantity": 1,
    }  # fmt: skip
    assert "Piano Tutor Pro licence" in turn.response and "€79.00" in turn.response
    assert await orders_of(services, ana) == 0

    model.enqueue(lambda messages: says(f"Done: {messages[-1].content}"))
    done = await assistant.approve(user_id=ana.id, session_id=turn.session_id, approve=True)
    assert await orders_of(services, ana) == 1
    assert '"order"' in done.response and "checkout_url" in done.response
    assert done.pending_approval is None

    again = await assistant.approve(user_id=ana.id, session_id=turn.session_id, approve=True)
    assert again.response == PURCHASE_OVER["en"]
    assert await orders_of(services, ana) == 1


async def test_concurrent_approvals_create_one_order(shop):
    services, assistant, model = shop
    ana = await new_user(services, "ana")
    turn = await propose(assistant, model, ana)
    model.enqueue(says("Your checkout is ready."))
    both = await asyncio.gather(
        assistant.approve(user_id=ana.id, session_id=turn.session_id, approve=True),
        assistant.approve(user_id=ana.id, session_id=turn.session_id, approve=True),
    )
    assert sorted(t.response for t in both) == [
        PURCHASE_OVER["en"],
        "Your checkout is ready.",
    ]
    assert await orders_of(services, ana) == 1


async def test_a_no_leaves_nothing_behind_and_the_conversation_goes_on(shop):
    services, assistant, model = shop
    ana = await new_user(services, "ana", locale="fr")
    turn = await propose(assistant, model, ana)
    assert turn.response.startswith("Je commande Licence Piano Tutor Pro")
    declined = await assistant.approve(user_id=ana.id, session_id=turn.session_id, approve=False)
    assert declined.response == "D'accord, je n'ai rien acheté."
    assert await orders_of(services, ana) == 0
    model.enqueue(says("Autre chose ?"))
    after = await assistant.chat(user_id=ana.id, message="merci", session_id=turn.session_id)
    assert after.response == "Autre chose ?"
    cancelled = [m for m in model.received[-1] if getattr(m, "name", "") == "start_purchase"]
    assert cancelled[0].content == '{"cancelled":true}'


async def test_a_new_message_instead_of_an_answer_cancels_the_proposal(shop):
    services, assistant, model = shop
    ana = await new_user(services, "ana")
    turn = await propose(assistant, model, ana)
    model.enqueue(says("Sure, let's look at something else."))
    after = await assistant.chat(
        user_id=ana.id, message="what about drums?", session_id=turn.session_id
    )
    assert after.pending_approval is None
    assert await assistant.pending_approval(user_id=ana.id, session_id=turn.session_id) is None
    assert await orders_of(services, ana) == 0
    seen = [m for m in model.received[-1] if getattr(m, "name", "") == "start_purchase"]
    assert [m.content for m in seen] == ['{"cancelled":true}']
    assert (await assistant.approve(user_id=ana.id, session_id=turn.session_id, approve=True)
            ).response == PURCHASE_OVER["en"]  # fmt: skip
    assert await orders_of(services, ana) == 0


async def test_another_user_cannot_approve_or_read_the_session(shop):
    services, assistant, model = shop
    ana = await new_user(services, "ana")
    bob = await new_user(services, "bob")
    turn = await propose(assistant, model, ana)
    with pytest.raises(NotFound):
        await assistant.approve(user_id=bob.id, session_id=turn.session_id, approve=True)
    with pytest.raises(NotFound):
        await assistant.history(user_id=bob.id, session_id=turn.session_id)
    with pytest.raises(NotFound):
        await assistant.chat(user_id=bob.id, message="hi", session_id=turn.session_id)
    assert await orders_of(services, ana) == 0 and await orders_of(services, bob) == 0
    assert await assistant.pending_approval(user_id=ana.id, session_id=turn.session_id)


async def test_buying_a_gift_from_the_list_by_its_position(shop):
    services, assistant, model = shop
    ana = await new_user(services, "ana")
    model.enqueue(
        calls("add_to_list", title="Socks"),
        calls("add_to_list", item_id="les-jazz"),
        says("Added both."),
        calls("start_purchase", gift="2"),
    )
    first = await assistant.chat(user_id=ana.id, message="add socks and the jazz course")
    turn = await assistant.chat(user_id=ana.id, message="buy the 2nd", session_id=first.session_id)
    assert turn.pending_approval["item_id"] == "les-jazz"
    model.enqueue(says("Ready."))
    await assistant.approve(user_id=ana.id, session_id=turn.session_id, approve=True)
    async with services.database.session() as session:
        (order,) = (await session.scalars(select(Order).where(Order.user_id == ana.id))).all()
    assert order.item_id == "les-jazz" and order.gift_id is not None
