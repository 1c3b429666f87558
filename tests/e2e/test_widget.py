"""The shop widget (Chainlit's copilot on /store), as a shopper uses it.

A crash of the widget shows only in the browser console ("Minified React
error #310"), so every test here watches the console and fails on any React
error.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, Response, expect

from tests.e2e.chat import open_widget, say

pytestmark = pytest.mark.browser

QUESTIONS = {
    "fr-FR": [
        "Une idée de cadeau pour ma sœur qui joue du ukulélé, moins de 50 euros ?",
        "Un vinyle de jazz pour mon père",
    ],
    "en-US": [
        "A gift for my brother who is learning the guitar, under $100",
        "Something for a jazz piano fan around 60 euros?",
    ],
}


class Console:
    """The page's console errors and uncaught exceptions, kept for the test's end."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("console", lambda message: self._keep(message.type, message.text))
        page.on("pageerror", lambda error: self._keep("error", str(error)))

    def _keep(self, kind: str, text: str) -> None:
        if kind == "error":
            self.errors.append(text)

    def react_errors(self) -> list[str]:
        return [error for error in self.errors if "React error" in error or "react.dev" in error]


@pytest.fixture
def shop(new_context) -> Iterator:
    """`shop(locale)`: a fresh shopper (a guest) on /store, with their console watched."""

    def open_shop(locale: str = "fr-FR", width: int = 1360, height: int = 900):
        page = new_context(locale=locale, width=width, height=height).new_page()
        console = Console(page)
        user_checks: list[int] = []  # the statuses of the widget's GET /chat/user

        def keep(response: Response) -> None:
            if response.url.endswith("/chat/user"):
                user_checks.append(response.status)

        page.on("response", keep)
        page.goto("/store")
        expect(page.locator(".product").first).to_be_visible()
        return page, console, user_checks

    yield open_shop


def answers(page: Page):
    return page.locator('[data-step-type="assistant_message"]')


@pytest.mark.parametrize("locale", ["fr-FR", "en-US"])
def test_varied_questions_never_crash_the_widget(shop, locale, shoot):
    page, console, user_checks = shop(locale)
    open_widget(page)
    # The widget is signed in before it first asks who the shopper is (GET /user): with a
    # 401 there, it renders without its settings and React crashes once they arrive.
    assert user_checks and user_checks[0] == 200, user_checks
    for turn, question in enumerate(QUESTIONS[locale], start=1):
        say(page, question)
        expect(answers(page)).to_have_count(turn)
        expect(page.locator("#stop-button")).to_have_count(0)
    page.wait_for_timeout(1500)  # late settings and re-renders
    expect(page.locator("#chat-input")).to_be_visible()
    shoot(page, f"widget-{locale}")
    assert console.react_errors() == []


@pytest.mark.parametrize("opened", [False, True])
def test_ask_songwish_on_a_product_asks_about_it_by_name(shop, opened, shoot):
    page, console, _ = shop("fr-FR")
    card = page.locator(".product").nth(2)
    title, item_id = card.get_attribute("data-title"), card.get_attribute("data-item-id")
    if opened:
        open_widget(page)
        say(page, "Bonjour")
        expect(answers(page)).to_have_count(1)
    card.locator("[data-ask]").click()
    question = page.locator('[data-step-type="user_message"]').last
    expect(question).to_contain_text(f"Parle-moi de « {title} »")
    expect(answers(page)).to_have_count(2 if opened else 1)
    assert page.locator('[data-step-type="user_message"]').filter(has_text=item_id).count() == 0
    shoot(page, "asked")
    assert console.react_errors() == []


CLAMPED_LINES = 3


@pytest.mark.parametrize(("width", "height"), [(1360, 900), (390, 844)], ids=["desktop", "phone"])
def test_widget_and_shop_layout(shop, width, height, shoot):
    page, console, _ = shop("fr-FR", width=width, height=height)
    # Descriptions stop at three lines under their ellipsis: no fourth line peeking out.
    for description in page.locator(".product .description").all()[:6]:
        box = description.evaluate(
            "e => [e.clientHeight, parseFloat(getComputedStyle(e).lineHeight)]"
        )
        assert box[0] <= CLAMPED_LINES * box[1] + 1, box
    open_widget(page)
    say(page, "Un ukulélé pour ma sœur, moins de 50 euros")
    buttons = page.locator("button").filter(has_text=" · ")  # "<title> · <price>" → cart
    expect(buttons.first).to_be_visible()
    for button in buttons.all():  # whole labels, never cut
        assert button.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), button.inner_text()
    # The widget follows the conversation: the newest answer's buttons are in view.
    expect(buttons.last).to_be_in_viewport()
    shoot(page, "widget-layout")
    assert console.react_errors() == []
