"""Failures are answered kindly and the conversation goes on."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.chat import log_in, say
from tests.e2e.conftest import CHAT_TURNS_PER_MINUTE, unique_email

pytestmark = pytest.mark.browser


def test_too_many_messages_get_a_kind_answer_and_the_chat_still_works(server, new_context, shoot):
    page = new_context(locale="fr-FR").new_page()
    log_in(page, unique_email("speedy"))
    answers = page.locator('[data-step-type="assistant_message"]')
    for turn in range(1, CHAT_TURNS_PER_MINUTE + 1):
        say(page, "Bonjour !")
        expect(answers).to_have_count(turn)
        expect(page.locator("#chat-input")).to_be_editable()
    say(page, "Encore une idée ?")
    expect(answers.last).to_contain_text("Vous envoyez des messages très vite")
    expect(page.locator("#chat-input")).to_be_editable()
    assert page.locator(".step [role=alert]").count() == 0  # no error banner, no trace
    shoot(page, "rate-limited")
