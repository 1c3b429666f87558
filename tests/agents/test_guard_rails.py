"""Guard rails: provider failures, per-turn limits, message cap, bad run settings."""

from __future__ import annotations

import httpx
import openai
import pytest
from sqlalchemy import func, select

from store import gifts
from store.errors import InvalidInput
from store.models import ChatSession
from tests.agents.conftest import new_user
from tests.agents.scripted_model import calls, says

URL = "https://api.openai.com/v1/chat/completions"


def connection_error() -> openai.APIConnectionError:
    return openai.APIConnectionError(request=httpx.Request("POST", URL))


def auth_error() -> openai.AuthenticationError:
    response = httpx.Response(401, request=httpx.Request("POST", URL))
    return openai.AuthenticationError("bad key", response=response, body=None)


async def test_provider_down_gives_an_apology_and_the_conversation_stays_usable(
    assistant, model, ana, settings
):
    model.enqueue(*[connection_error() for _ in range(settings.model_retry_attempts)])
    down = await assistant.chat(user_id=ana.id, message="hello")
    assert down.response.startswith("Sorry, I can't reach my language service")
    assert len(model.received) == settings.model_retry_attempts  # retried, then gave up

    model.enqueue(connection_error(), says("Hello again!"))  # one blip, then it recovers
    back = await assistant.chat(user_id=ana.id, message="hello?", session_id=down.session_id)
    assert back.response == "Hello again!"
    rows = await assistant.history(user_id=ana.id, session_id=down.session_id)
    assert [row["role"] for row in rows] == ["user", "assistant", "user", "assistant"]


async def test_errors_that_retrying_cannot_fix_are_not_retried(assistant, model, ana):
    model.enqueue(auth_error())
    turn = await assistant.chat(user_id=ana.id, message="bonjour", locale="fr")
    assert turn.response.startswith("Désolé, je n'arrive pas à joindre")
    assert len(model.received) == 1


async def test_provider_down_after_a_tool_call_keeps_the_tool_result(assistant, model, ana):
    model.enqueue(calls("create_gift_list", title="Noël"), auth_error())
    turn = await assistant.chat(user_id=ana.id, message="create a list Noël")
    assert turn.tool_calls == ["create_gift_list"]
    assert turn.response.startswith("Sorry")


async def test_model_call_limit_per_turn(assistant, model, ana, settings):
    model.enqueue(*[calls("list_gift_lists") for _ in range(20)])
    turn = await assistant.chat(user_id=ana.id, message="loop forever")
    assert len(model.received) == settings.max_model_calls_per_turn
    assert turn.response.startswith("I've stopped here")
    # The next turn starts with a fresh budget.
    model.replies.clear()
    model.enqueue(says("ok"))
    again = await assistant.chat(user_id=ana.id, message="hi", session_id=turn.session_id)
    assert again.response == "ok"


async def test_tool_call_limit_per_turn_refuses_the_whole_batch(assistant, model, ana, services):
    batch = [calls("add_to_list", title=f"gift {n}").tool_calls[0] for n in range(13)]
    model.enqueue(says("").model_copy(update={"tool_calls": batch}))
    turn = await assistant.chat(user_id=ana.id, message="add 13 things")
    assert turn.response.startswith("I've stopped here")
    async with services.database.session() as session:
        assert await gifts.list_gifts(session, user_id=ana.id) == []
    assert len(model.received) == 1


@pytest.mark.parametrize("message", ["", "   ", "x" * 2001, None, 42])
async def test_messages_over_the_cap_or_empty_are_refused_before_anything_runs(
    assistant, model, ana, services, message
):
    with pytest.raises(InvalidInput):
        await assistant.chat(user_id=ana.id, message=message)
    assert model.received == []
    async with services.database.session() as session:
        assert await session.scalar(select(func.count()).select_from(ChatSession)) == 0


async def test_a_message_at_the_cap_is_accepted(assistant, model, ana):
    model.enqueue(says("long read"))
    assert (await assistant.chat(user_id=ana.id, message="y" * 2000)).response == "long read"


@pytest.mark.parametrize("options", [{"locale": "de"}, {"currency": "XYZ"}, {"currency": "CHF"}])
async def test_unsupported_locale_or_currency_is_refused(assistant, ana, options):
    with pytest.raises(InvalidInput):
        await assistant.chat(user_id=ana.id, message="hi", **options)


async def test_approve_must_be_a_boolean(assistant, ana, model):
    model.enqueue(says("hi"))
    turn = await assistant.chat(user_id=ana.id, message="hi")
    with pytest.raises(InvalidInput):
        await assistant.approve(user_id=ana.id, session_id=turn.session_id, approve="yes")


@pytest.mark.parametrize(
    ("locale", "wording"), [("fr", "votre message dépasse"), ("en", "your message is longer")]
)
async def test_an_over_long_message_is_refused_in_one_language_with_the_limit(
    assistant, ana, locale, wording
) -> None:
    limit = assistant.settings.max_message_chars
    with pytest.raises(InvalidInput) as refused:
        await assistant.chat(user_id=ana.id, message="x" * (limit + 1), locale=locale)
    message = refused.value.message
    assert wording in message and str(limit) in message
    assert ("characters" in message) == (locale == "en")


async def test_without_a_turn_locale_the_refusal_speaks_the_saved_language(assistant, services):
    """REST clients often send no locale: a French account still gets French only."""
    lea = await new_user(services, "lea", locale="fr")
    with pytest.raises(InvalidInput) as refused:
        limit = assistant.settings.max_message_chars
        await assistant.chat(user_id=lea.id, message="x" * (limit + 1))
    assert "votre message dépasse" in refused.value.message
