"""Button payloads come from the browser: forged ones get a kind answer, never an effect.

No browser here: a socket.io client opens a chat session as the web UI does,
then posts actions with payloads nobody's UI would send. (Synchronous, like the
Playwright tests sharing this session.)
"""

from __future__ import annotations

import queue
import uuid

import httpx
import pytest
import socketio

from agents.prompts import PURCHASE_OVER
from tests.e2e.conftest import PASSWORD, WAIT_MS, Server, unique_email

pytestmark = pytest.mark.browser  # needs the running server of the browser journeys


class ChatSession:
    """One Chainlit session over socket.io, logged in with the chat's login form."""

    def __init__(self, server: Server, email: str) -> None:
        self.server = server
        self.email = email
        self.session_id = str(uuid.uuid4())
        self.messages: queue.Queue[str] = queue.Queue()
        self.socket = socketio.Client()
        self.http = httpx.Client(base_url=server.url, timeout=30)

    def __enter__(self) -> ChatSession:
        login = self.http.post("/chat/login", data={"username": self.email, "password": PASSWORD})
        login.raise_for_status()

        def collect(step: dict) -> None:
            if step.get("type") == "assistant_message" and step.get("output"):
                self.messages.put(step["output"])

        self.socket.on("new_message", collect)
        self.socket.connect(
            self.server.url,
            socketio_path="/chat/ws/socket.io",
            headers={"Cookie": f"access_token={self.http.cookies['access_token']}"},
            auth={"sessionId": self.session_id, "clientType": "webapp", "userEnv": "{}"},
            transports=["websocket"],
        )
        self.socket.emit("connection_successful")
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.socket.disconnect()
        self.http.close()

    def press(self, name: str, payload: dict) -> str:
        """Post a button's action; the next message the session shows."""
        action = {"name": name, "payload": payload, "id": str(uuid.uuid4()), "label": name}
        answer = self.http.post(
            "/chat/project/action", json={"sessionId": self.session_id, "action": action}
        )
        assert answer.status_code == 200, answer.text
        return self.messages.get(timeout=WAIT_MS / 1000)


def test_forged_button_payloads_change_nothing(server):
    owner_headers = server.register(unique_email("victim"))
    httpx.post(
        f"{server.url}/api/gifts", headers=owner_headers, json={"title": "Capo"}
    ).raise_for_status()  # creates their default list
    their_list = httpx.get(f"{server.url}/api/lists", headers=owner_headers).json()
    email = unique_email("mallory")
    server.register(email)

    with ChatSession(server, email) as chat:
        gone = chat.press("add_to_list", {"item_id": "not-in-the-catalogue"})
        assert "no longer in the catalogue" in gone
        theirs = chat.press("share_list", {"list_id": their_list[0]["id"]})
        assert "gift list not found" in theirs
        nothing = chat.press("purchase_decision", {"approve": "yes please"})
        assert nothing == PURCHASE_OVER["en"]  # a non-boolean never approves anything

    after = httpx.get(f"{server.url}/api/lists", headers=owner_headers).json()
    assert after[0]["share_token"] is None
