"""What a person does in the chat UI, as Playwright steps shared by the journeys."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import PASSWORD


def log_in(page: Page, email: str) -> None:
    """The login form (a new email creates the account); waits until the chat is ready."""
    page.goto("/")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    wait_until_ready(page)


def wait_until_ready(page: Page) -> None:
    """Connected: the input is there and the gift-list panel was sent by the server."""
    expect(page.locator("#chat-input")).to_be_visible()
    expect(page.locator(".gift-list-panel")).to_be_visible()


def say(page: Page, text: str) -> None:
    """Type and send, once the previous turn is over (Chainlit ignores Enter during a turn)."""
    expect(page.locator("#stop-button")).to_have_count(0)
    page.fill("#chat-input", text)
    expect(page.locator("#chat-submit")).to_be_enabled()
    page.keyboard.press("Enter")


def last_answer(page: Page) -> Locator:
    return page.locator(".step").last


def cards(page: Page) -> Locator:
    return page.locator(".gift-card")


def open_widget(page: Page) -> None:
    """Open the shop's chat bubble and wait until its socket is connected."""
    with page.expect_websocket() as opened:
        page.locator("#chainlit-copilot-button").click()
    opened.value.wait_for_event(
        "framesent", predicate=lambda frame: "connection_successful" in str(frame)
    )
    expect(page.locator("#chat-input")).to_be_visible()


def record_stream(page: Page) -> list[str]:
    """The socket frames carrying answer tokens, collected as they arrive."""
    frames: list[str] = []

    def keep(frame: object) -> None:
        if "stream_token" in str(frame):
            frames.append(str(frame))

    page.on("websocket", lambda socket: socket.on("framereceived", keep))
    return frames
