"""What a person does in the chat UI, as Playwright steps shared by the journeys."""

from __future__ import annotations

import time

from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import PASSWORD, WAIT_MS


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
    """Open the shop's chat bubble and wait until its socket is connected.

    Frames are collected by a listener set before the click: waiting for the frame
    on the socket afterwards misses it when the widget connects quickly.
    """
    sent: list[str] = []
    page.on("websocket",
            lambda socket: socket.on("framesent", lambda frame: sent.append(str(frame))))
    page.locator("#chainlit-copilot-button").click()
    deadline = time.monotonic() + WAIT_MS / 1000
    while not any("connection_successful" in frame for frame in sent):
        assert time.monotonic() < deadline, "the widget's socket never connected"
        page.wait_for_timeout(100)
    expect(page.locator("#chat-input")).to_be_visible()


def record_stream(page: Page) -> list[str]:
    """The socket frames carrying answer tokens, collected as they arrive."""
    frames: list[str] = []

    def keep(frame: object) -> None:
        if "stream_token" in str(frame):
            frames.append(str(frame))

    page.on("websocket", lambda socket: socket.on("framereceived", keep))
    return frames
