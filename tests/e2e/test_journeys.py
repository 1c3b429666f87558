"""The three ways people use SongWish, in a real browser against the real server.

1. ask in French, see streamed text and cards, add one to the list, see the panel;
2. share the list, a guest claims a gift, the owner's view keeps the surprise;
3. buy software: approve, pay on the sandbox checkout, get the licence key;
4. the shop widget: ask, and watch the assistant fill the page's cart;
5. reload and resume a conversation where it stopped.
"""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.chat import cards, log_in, open_widget, record_stream, say, wait_until_ready
from tests.e2e.conftest import unique_email

pytestmark = pytest.mark.browser
LICENCE_KEY = re.compile(r"^[A-Z0-9]{4}(-[A-Z0-9]{4,})+$")


def test_ask_in_french_and_add_a_card_to_the_list(server, new_context, shoot):
    page = new_context(locale="fr-FR").new_page()
    tokens = record_stream(page)
    log_in(page, unique_email("lea"))
    shoot(page, "ready")

    say(page, "Ma sœur joue du piano jazz, une idée de cadeau à moins de 60 € ?")
    first = cards(page).first
    expect(first).to_be_visible()
    expect(page.locator('[data-step-type="tool"]').first).to_contain_text(
        "Recherche dans le catalogue"
    )
    assert len(tokens) > 1, "the answer arrives token by token"
    prices = page.locator(".gift-card .gift-price").all_inner_texts()
    assert prices and all(price.endswith("€") and "," in price for price in prices)
    assert all(float(p[:-1].strip().replace(",", ".").replace("\u202f", "")) <= 60 for p in prices)
    expect(first.get_by_test_id("add-to-list")).to_have_text("Ajouter à ma liste")
    title = first.locator(".gift-title").inner_text()
    shoot(page, "cards")

    first.get_by_test_id("add-to-list").click()
    line = page.locator(".gift-list-panel .gift-line").filter(has_text=title)
    expect(line).to_be_visible()
    expect(line.locator(".gift-status")).to_have_text("disponible")
    shoot(page, "panel")


def test_share_then_a_guest_claims_and_the_owner_keeps_the_surprise(server, new_context, shoot):
    email = unique_email("owner")
    headers = server.register(email)
    for title, price in (("Capo Shubb C1", 45.0), ("Métronome Wittner", 29.9)):
        httpx.post(
            f"{server.url}/api/gifts",
            headers=headers,
            json={"title": title, "price": price},
            timeout=30,
        ).raise_for_status()
    owner = new_context(locale="fr-FR").new_page()
    log_in(owner, email)
    owner.get_by_test_id("create-share-link").click()
    share_url = owner.locator(".share-url").input_value()
    assert share_url.startswith(f"{server.url}/shared/")
    shoot(owner, "shared")

    guest = new_context(locale="fr-FR", width=390, height=844).new_page()  # a phone
    guest.goto(share_url)
    # Never a piece of the owner's e-mail; their untouched "My gift list" reads well.
    shared_by = guest.get_by_test_id("shared-by")
    expect(shared_by).to_have_text("Une liste de cadeaux partagée avec vous")
    expect(guest.locator("h1")).to_have_text("Une liste de cadeaux")
    gift = guest.locator(".gift").filter(has_text="Capo Shubb C1")
    expect(gift.get_by_test_id("status")).to_have_text("Disponible")
    gift.locator("input[name=name]").fill("Tom")
    gift.get_by_test_id("claim").click()
    gift = guest.locator(".gift").filter(has_text="Capo Shubb C1")
    expect(gift.get_by_test_id("status")).to_have_text("Réservé")
    expect(gift).to_contain_text("Vous avez réservé ce cadeau")
    expect(guest.get_by_test_id("notice")).to_be_visible()
    shoot(guest, "claimed")

    owner.reload()
    wait_until_ready(owner)
    line = owner.locator(".gift-list-panel .gift-line").filter(has_text="Capo Shubb C1")
    expect(line.locator(".gift-status")).to_have_text("disponible")
    shoot(owner, "owner-panel")
    owner.goto(share_url)
    expect(owner.get_by_test_id("owner-banner")).to_be_visible()
    mine = owner.locator(".gift").filter(has_text="Capo Shubb C1")
    expect(mine.get_by_test_id("status")).to_have_text("Disponible")
    expect(owner.locator("form")).to_have_count(0)
    assert "Tom" not in owner.content()
    shoot(owner, "owner-page")


def test_buy_software_approve_pay_and_get_the_licence_key(server, new_context, shoot):
    context = new_context(locale="fr-FR")
    page = context.new_page()
    log_in(page, unique_email("max"))
    say(page, "Un logiciel de musique pour mon frère, moins de 150 €")
    first = cards(page).first
    title = first.locator(".gift-title").inner_text()
    first.get_by_test_id("buy").click()
    expect(page.get_by_test_id("approve-purchase")).to_be_visible()
    expect(page.locator(".purchase-card")).to_contain_text(title)
    shoot(page, "approval")

    page.get_by_test_id("approve-purchase").click()
    checkout_link = page.get_by_test_id("checkout-link")
    expect(checkout_link).to_be_visible()
    with context.expect_page() as opened:
        checkout_link.click()
    checkout = opened.value
    checkout.wait_for_load_state()
    shoot(checkout, "checkout")
    checkout.locator("form button[type=submit]").first.click()
    checkout.wait_for_load_state()
    shoot(checkout, "paid")

    page.bring_to_front()
    expect(page.get_by_text("Commande réglée")).to_be_visible()
    # The key comes from the licence job, with the payment message or just after it.
    expect(page.locator(".step code").last).to_have_text(LICENCE_KEY)
    expect(page.locator('.purchase-card[data-state="completed"]')).to_be_visible()
    shoot(page, "licence")


def test_the_shop_widget_fills_the_page_cart(server, new_context, shoot):
    page = new_context(locale="fr-FR").new_page()
    page.goto("/store")
    expect(page.locator(".product").first).to_be_visible()
    expect(page.locator("#cart-count")).to_have_text("0")
    open_widget(page)
    shoot(page, "widget")

    say(page, "Un ukulélé pour mon neveu qui débute, moins de 80 €")
    buttons = page.locator("button").filter(has_text=" · ")  # "<title> · <price>", one per idea
    expect(buttons.nth(1)).to_be_visible()
    first, second = (label.split(" · ")[0] for label in buttons.all_inner_texts()[:2])
    say(page, "Ajoute le premier à mon panier")  # the assistant does it
    expect(page.locator("#cart-lines li")).to_have_count(1)
    expect(page.locator("#cart-lines li").first).to_contain_text(first)
    shoot(page, "cart")

    buttons.nth(1).click()  # the shopper does it
    expect(page.locator("#cart-lines li")).to_have_count(2)
    expect(page.locator("#cart-lines li").nth(1)).to_contain_text(second)
    expect(page.locator("#cart-count")).to_have_text("2")


def test_reload_and_resume_the_earlier_conversation(server, new_context, shoot):
    page = new_context(locale="fr-FR").new_page()
    log_in(page, unique_email("zoe"))
    question = "Un vinyle de jazz pour mon père, moins de 40 €"
    say(page, question)
    expect(cards(page).nth(1)).to_be_visible()
    second = cards(page).nth(1).locator(".gift-title").inner_text()

    page.reload()
    wait_until_ready(page)
    expect(cards(page)).to_have_count(0)  # a new conversation
    page.get_by_text(question[:20]).first.click()  # the thread in the history sidebar
    expect(page.locator('[data-step-type="user_message"]').first).to_contain_text(question)
    expect(cards(page).nth(1)).to_contain_text(second)
    page.wait_for_timeout(2000)  # the page settles after drawing the thread
    expect(page.locator(".gift-list-panel")).to_be_visible()  # at once, not after an action
    shoot(page, "resumed")

    say(page, "Ajoute le deuxième à ma liste")  # "the second" of the recommendations before
    line = page.locator(".gift-list-panel .gift-line").filter(has_text=second)
    expect(line).to_be_visible()
    shoot(page, "continued")
