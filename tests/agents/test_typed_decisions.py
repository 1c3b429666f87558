"""A typed yes/no while a purchase waits decides that purchase, through the real graph."""

from __future__ import annotations

import pytest

from agents import prompts
from agents.confirmations import typed_decision
from tests.agents.conftest import new_user, orders_of
from tests.agents.scripted_model import calls, says

NO = ["no, don't buy it", "No", "cancel", "Cancel it", "annule", "laisse tomber", "non merci",
      "finalement non", "nope", "don't", "N'achète pas ça", "stop", "je ne veux plus"]  # fmt: skip
YES = ["yes", "Yes please", "vas-y", "go ahead", "oui", "OK", "confirm", "je confirme",
       "allez-y !", "buy it", "d'accord", "sure, do it"]  # fmt: skip
NEITHER = ["no, show me something cheaper", "yes but in red", "what about drums?",
           "plutôt un vinyle", "tell me about the second one", ""]  # fmt: skip


@pytest.mark.parametrize("text", NO)
def test_typed_no(text: str) -> None:
    assert typed_decision(text) is False


@pytest.mark.parametrize("text", YES)
def test_typed_yes(text: str) -> None:
    assert typed_decision(text) is True


@pytest.mark.parametrize("text", NEITHER)
def test_not_a_decision(text: str) -> None:
    assert typed_decision(text) is None


async def _propose(assistant, model, user):
    model.enqueue(calls("start_purchase", item_id="sw-piano"))
    turn = await assistant.chat(user_id=user.id, message="buy the piano course")
    assert turn.pending_approval is not None
    return turn


DECLINES = [("no, don't buy it", "en"), ("annule", "fr"), ("laisse tomber", "fr"), ("cancel", "en")]


@pytest.mark.parametrize(("text", "locale"), DECLINES)
async def test_a_typed_no_cancels_that_purchase_without_a_new_question(shop, text, locale):
    services, assistant, model = shop
    ana = await new_user(services, "ana", locale=locale)
    turn = await _propose(assistant, model, ana)
    asked = len(model.received)
    answer = await assistant.chat(user_id=ana.id, message=text, session_id=turn.session_id)
    assert answer.response == prompts.PURCHASE_DECLINED[locale]
    assert answer.pending_approval is None
    assert len(model.received) == asked  # the model never read "don't buy it" as a new purchase
    assert await orders_of(services, ana) == 0
    stale = await assistant.approve(user_id=ana.id, session_id=turn.session_id, approve=True)
    assert stale.response == prompts.PURCHASE_OVER[locale]
    assert await orders_of(services, ana) == 0


@pytest.mark.parametrize("text", ["vas-y", "go ahead", "oui"])
async def test_a_typed_yes_places_that_order_once(shop, text):
    services, assistant, model = shop
    ana = await new_user(services, "ana")
    turn = await _propose(assistant, model, ana)
    model.enqueue(says("Your checkout is ready."))
    done = await assistant.chat(user_id=ana.id, message=text, session_id=turn.session_id)
    assert done.response == "Your checkout is ready."
    assert await orders_of(services, ana) == 1
    again = await assistant.approve(user_id=ana.id, session_id=turn.session_id, approve=False)
    assert again.response == prompts.PURCHASE_OVER["en"]
    assert await orders_of(services, ana) == 1


async def test_a_yes_without_a_pending_purchase_is_an_ordinary_message(shop):
    services, assistant, model = shop
    ana = await new_user(services, "ana")
    model.enqueue(says("Hello!"))
    turn = await assistant.chat(user_id=ana.id, message="yes")
    assert turn.response == "Hello!"
    assert await orders_of(services, ana) == 0
