"""Memory: threads survive restarts (SQLite and PostgreSQL checkpointers); people are
remembered per user, personalise searches, can be corrected and forgotten."""

from __future__ import annotations

import pytest
from langchain_core.messages import ToolMessage

from agents.assistant import Assistant
from agents.checkpoints import libpq_url
from songwish.services import Services
from songwish.settings import get_settings
from store.db import Database
from tests.agents.conftest import new_user
from tests.agents.sandbox import serve_sandbox
from tests.agents.scripted_model import ScriptedChatModel, calls, says


def context_of(model: ScriptedChatModel) -> dict:
    return model.received[-1][0].additional_kwargs["songwish_context"]


async def survives_a_restart(services: Services) -> None:
    serve_sandbox(services)
    ana = await new_user(services, "ana")
    first = Assistant(
        services,
        ScriptedChatModel().enqueue(says("Hi!"), calls("start_purchase", item_id="sw-piano")),
    )
    turn = await first.chat(user_id=ana.id, message="hello")
    pending = await first.chat(
        user_id=ana.id, message="buy the piano app", session_id=turn.session_id
    )
    assert pending.pending_approval
    await first.aclose()

    model = ScriptedChatModel().enqueue(says("Paid link ready."))
    second = Assistant(services, model)  # a new process, the same conversation store
    try:
        rows = await second.history(user_id=ana.id, session_id=turn.session_id)
        assert [row["content"] for row in rows][:2] == ["hello", "Hi!"]
        done = await second.approve(user_id=ana.id, session_id=turn.session_id, approve=True)
        assert done.response == "Paid link ready."
    finally:
        await second.aclose()


async def test_sqlite_checkpointer_keeps_threads_across_restarts(services, isolated_env):
    await survives_a_restart(services)
    assert (isolated_env / "checkpoints.db").exists()


async def test_postgres_checkpointer_keeps_threads_across_restarts(
    settings, postgres_url, monkeypatch
):
    monkeypatch.setenv("DATABASE_URL", postgres_url)
    get_settings.cache_clear()
    services = Services(settings=get_settings(), database=Database(postgres_url))
    assert services.settings.uses_postgres
    try:
        await survives_a_restart(services)
    finally:
        for close in reversed(services._closers):
            await close()
        await services.database.dispose()


def test_libpq_url_from_the_sqlalchemy_url():
    assert libpq_url("postgresql+asyncpg://u:p@h:5432/db?ssl=require") == (
        "postgresql://u:p@h:5432/db?sslmode=require"
    )
    with pytest.raises(ValueError):
        libpq_url("sqlite+aiosqlite:///x.db")


async def test_people_are_remembered_used_corrected_and_forgotten(assistant, model, ana, bob):
    model.enqueue(
        calls("remember_recipient", name="Léa", relationship="ma sœur", instruments=["piano"],
              skill_level="débutante", occasion="anniversaire", occasion_date="03-14", budget=80),
        says("C'est noté."),
    )  # fmt: skip
    first = await assistant.chat(user_id=ana.id, message="Ma sœur Léa débute le piano", locale="fr")
    assert first.tool_calls == ["remember_recipient"]

    # Another conversation, later: "pour ma sœur, comme l'an dernier".
    model.enqueue(calls("search_gifts", query="cadeau", recipient="ma sœur"), says("Voici."))
    turn = await assistant.chat(
        user_id=ana.id, message="Pour ma sœur, comme l'an dernier", locale="fr"
    )
    facts = context_of(model)
    assert facts["recipients"][0]["name"] == "Léa" and facts["recipients"][0]["instruments"] == [
        "piano"
    ]
    top = turn.recommendations[0]
    assert top["id"] == "sw-piano" and top["price"] <= 80
    assert top["reason"].startswith("pour Léa") and "piano" in top["reason"]
    ids = [r["id"] for r in turn.recommendations]
    assert "ins-piano" not in ids and len(ids) > 1  # her budget holds; other ideas fill in
    assert all(r["price"] <= 80 for r in turn.recommendations)

    # Correct, show, forget: all in conversation.
    model.enqueue(
        calls("remember_recipient", name="ma sœur", instruments=["violin"]),
        calls("show_recipients"),
        calls("forget_recipient", name="Léa"),
        calls("show_recipients"),
        says("Oublié."),
    )
    await assistant.chat(user_id=ana.id, message="Elle joue du violon maintenant… puis oublie-la")
    shown = [
        m for m in model.received[-1] if isinstance(m, ToolMessage) and m.name == "show_recipients"
    ]
    assert '"instruments":["violin"]' in shown[0].content and "piano" not in shown[0].content
    assert shown[1].content == '{"recipients":[]}'

    # Bob never sees Ana's people, and "my sister" means nothing for him.
    model.enqueue(calls("search_gifts", query="gift", recipient="my sister"), says("Here."))
    bob_turn = await assistant.chat(user_id=bob.id, message="gift for my sister")
    assert context_of(model)["recipients"] == []
    assert all(not r["reason"].startswith("for Léa") for r in bob_turn.recommendations)


async def test_preferences_set_in_conversation_apply_to_the_next_turn(assistant, model, ana):
    model.enqueue(
        calls("set_preferences", language="fr", currency="GBP", usual_budget=30), says("ok")
    )
    turn = await assistant.chat(user_id=ana.id, message="Parle-moi en français, en livres")
    model.enqueue(calls("search_gifts", query="jazz"), says("Voilà"))
    after = await assistant.chat(user_id=ana.id, message="du jazz", session_id=turn.session_id)
    facts = context_of(model)
    assert (facts["locale"], facts["currency"], facts["usual_budget"]) == ("fr", "GBP", 30.0)
    assert after.recommendations[0]["currency"] == "GBP"
    assert "£" in after.recommendations[0]["price_display"]  # French format: "25,99 £GB"
