"""The full chat's details a person notices: sign-in errors, tool steps, the list panel."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Response, expect

from tests.e2e.chat import cards, log_in, say
from tests.e2e.conftest import PASSWORD, unique_email

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("email", "password", "reason"),
    [
        ("new-{}@example.com", "court", "au moins 8 caractères"),
        ("pas-une-adresse", PASSWORD, "adresse e-mail ne semble pas valide"),
        ("known", "not the right one", "Mot de passe incorrect"),
    ],
)
def test_a_failed_sign_in_says_why(server, new_context, shoot, email, password, reason):
    if email == "known":
        email = unique_email("known")
        server.register(email)
    page = new_context(locale="fr-FR").new_page()
    page.goto("/")
    expect(page.get_by_text("Mot de passe (8 caractères minimum)")).to_be_visible()  # the rule
    page.fill("#email", email.format("x"))
    page.fill("#password", password)
    page.click("button[type=submit]")
    expect(page.get_by_text(reason).first).to_be_visible()
    expect(page.get_by_text("Impossible de se connecter")).to_have_count(0)
    expect(page.get_by_text("credentialssignin")).to_have_count(0)
    shoot(page, "refused")


def test_tool_steps_read_well_and_have_their_icon(server, new_context, shoot):
    page = new_context(locale="fr-FR").new_page()
    refused: list[str] = []

    def keep(response: Response) -> None:
        if "/avatars/" in response.url and response.status >= 400:
            refused.append(response.url)

    page.on("response", keep)
    log_in(page, unique_email("steps"))
    say(page, "Un vinyle de jazz pour mon père, moins de 40 €")
    expect(cards(page).first).to_be_visible()
    say(page, "Ajoute le premier à ma liste")
    steps = page.locator('[data-step-type="tool"]')
    expect(steps.last).to_contain_text(re.compile(r"✓\s*Ajout à la liste"))  # done
    expect(steps.first).to_contain_text(re.compile(r"✓\s*Recherche dans le catalogue"))
    expect(page.locator(".gift-list-panel .gift-line")).to_have_count(1)
    texts = " ".join(steps.all_inner_texts())
    assert "Utilisé" not in texts and "Utilise" not in texts
    shoot(page, "steps")
    assert refused == []  # no broken avatar


def test_on_a_phone_the_list_panel_opens_on_demand(server, new_context, shoot):
    page = new_context(locale="fr-FR", width=390, height=844).new_page()
    page.goto("/")
    page.fill("#email", unique_email("phone"))
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("#chat-input")).to_be_visible()
    page.wait_for_timeout(2000)  # the start of the conversation is over
    panel = page.locator(".gift-list-panel")
    expect(panel).to_have_count(0)  # the chat is not covered on arrival
    page.fill("#chat-input", "Un vinyle de jazz pour mon père, moins de 40 €")
    page.click("#chat-submit")  # on a phone, Enter is a new line
    card = cards(page).first
    card.get_by_test_id("add-to-list").click()
    show = page.get_by_role("button", name="Voir ma liste")
    expect(show).to_be_visible()
    page.wait_for_timeout(1000)
    expect(panel).to_have_count(0)  # not reopened by the add
    shoot(page, "added")
    show.click()
    expect(panel).to_be_visible()
    title = panel.locator(".gift-title").first
    expect(title).to_be_visible()
    assert title.evaluate("e => e.scrollWidth <= e.clientWidth + 1")  # not truncated
    shoot(page, "list")
