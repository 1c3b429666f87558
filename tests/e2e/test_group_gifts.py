"""A group gift in a real browser: two guests chip in on their phones, the organiser buys it."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import unique_email

pytestmark = pytest.mark.browser


def test_two_guests_fund_a_group_gift_and_the_organiser_buys_it(server, new_context, shoot):
    headers = server.register(unique_email("group"))
    gift = httpx.post(f"{server.url}/api/gifts", headers=headers,
                      json={"title": "Guitare folk", "price": 120}, timeout=30).json()
    httpx.put(f"{server.url}/api/gifts/{gift['id']}/group", headers=headers,
              timeout=30).raise_for_status()
    shared = httpx.post(f"{server.url}/api/lists/{gift['list_id']}/share", headers=headers,
                        timeout=30).json()

    tom = new_context(locale="fr-FR", width=390, height=844).new_page()
    tom.goto(shared["share_url"])
    card = tom.locator(".gift").filter(has_text="Guitare folk")
    card.locator("input[name=amount]").fill("70")
    card.locator("input[name=name]").fill("Tom")
    card.get_by_test_id("pledge").click()
    card = tom.locator(".gift").filter(has_text="Guitare folk")
    expect(card.get_by_test_id("progress")).to_have_attribute("aria-valuenow", "58")
    expect(card.get_by_test_id("organiser")).to_contain_text("Tom")
    shoot(tom, "first-pledge")

    zoe = new_context(locale="fr-FR", width=390, height=844).new_page()
    zoe.goto(shared["share_url"])
    card = zoe.locator(".gift").filter(has_text="Guitare folk")
    card.locator("input[name=amount]").fill("60")
    card.get_by_test_id("pledge").click()
    expect(zoe.get_by_test_id("notice")).to_contain_text("plus que ce qu'il reste")
    card = zoe.locator(".gift").filter(has_text="Guitare folk")
    card.locator("input[name=amount]").fill("50")
    card.get_by_test_id("pledge").click()
    card = zoe.locator(".gift").filter(has_text="Guitare folk")
    expect(card.get_by_test_id("remaining")).to_have_text("Entièrement financé !")
    expect(card.get_by_test_id("group-bought")).to_have_count(0)

    tom.reload()
    card = tom.locator(".gift").filter(has_text="Guitare folk")
    expect(card.get_by_test_id("contributions")).to_contain_text("50,00")
    card.get_by_test_id("group-bought").click()
    card = tom.locator(".gift").filter(has_text="Guitare folk")
    expect(card.get_by_test_id("status")).to_have_text("Acheté")
    shoot(tom, "bought")
