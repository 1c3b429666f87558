"""The offline model on group gifts and reveal dates, in English and French."""

from __future__ import annotations

from datetime import date

import pytest
from langchain_core.messages import AIMessage, SystemMessage

from agents.offline import OfflineChatModel
from agents.offline.dates import date_in
from tests.agents.offline.conftest import TOOLS, Chat, context, only_call

GROUP_TOOLS = [
    {"type": "function", "function": {"name": name, "description": name, "parameters": {}}}
    for name in ("make_group_gift", "set_reveal_date")
]
GUITAR_LIST = {
    "list": {"id": "l1", "title": "Léa", "share_url": None, "gifts": [
        {"position": 1, "title": "Capo", "price_display": "12,50 €", "status": "available"},
        {"position": 2, "title": "Acoustic guitar", "price_display": "250,00 €",
         "status": "available"},
    ]},
}  # fmt: skip
TODAY = date(2026, 12, 6)


class GroupChat(Chat):
    """The same driver, with the group gift tools bound too."""

    def answer(self) -> AIMessage:
        system = SystemMessage("facts", additional_kwargs={"songwish_context": self.context})
        reply = self.model.bind_tools([*TOOLS, *GROUP_TOOLS]).invoke([system, *self.messages])
        self.messages.append(reply)
        return reply


@pytest.fixture
def chat(offline_model: OfflineChatModel, request: pytest.FixtureRequest) -> GroupChat:
    return GroupChat(offline_model, context(getattr(request, "param", "en")))


def _with_list(chat: GroupChat, ask: str, guitar: str = "Acoustic guitar") -> None:
    only_call(chat.say(ask))
    capo, other = GUITAR_LIST["list"]["gifts"]
    chat.result({"list": {**GUITAR_LIST["list"], "gifts": [capo, {**other, "title": guitar}]}})


@pytest.mark.parametrize(
    ("chat", "ask", "says", "guitar"),
    [
        ("en", "show my list", "make the guitar a group gift", "Acoustic guitar"),
        ("fr", "montre ma liste", "fais de la guitare un cadeau commun", "Guitare acoustique"),
    ],
    indirect=["chat"],
)
def test_make_the_guitar_a_group_gift(chat: GroupChat, ask: str, says: str, guitar: str) -> None:
    _with_list(chat, ask, guitar)
    name, args = only_call(chat.say(says))
    assert name == "make_group_gift" and args == {"gift": guitar}
    reply = chat.result({"group_gift": {"title": guitar, "is_group": True},
                         "list": {"id": "l1", "title": "Léa"}})
    assert f"**{guitar}**" in reply.text
    assert ("cadeau commun" if chat.context["locale"] == "fr" else "group gift") in reply.text


@pytest.mark.parametrize("chat", ["en", "fr"], indirect=True)
def test_undo_and_ordinals(chat: GroupChat) -> None:
    _with_list(chat, "show my list")
    undo = "the 2nd one is no longer a group gift"
    if chat.context["locale"] == "fr":
        undo = "le deuxième n'est plus un cadeau commun"
    assert only_call(chat.say(undo)) == ("make_group_gift", {"gift": "2", "group": False})


@pytest.mark.parametrize(
    ("chat", "says", "day"),
    [
        ("en", "reveal the claims on December 24", "-12-24"),
        ("fr", "dévoile les réservations le 24 décembre", "-12-24"),
        ("fr", "cache les réservations jusqu'à Noël", "-12-25"),
    ],
    indirect=["chat"],
)
def test_a_reveal_date(chat: GroupChat, says: str, day: str) -> None:
    name, args = only_call(chat.say(says))
    assert name == "set_reveal_date" and args["reveal_on"].endswith(day)
    reply = chat.result({"reveal": {"reveal_on": "2026-12-24"},
                         "list": {"id": "l1", "title": "Léa"}})
    assert ("24 décembre 2026" if chat.context["locale"] == "fr" else "December 24, 2026") in (
        reply.text
    )


def test_a_reveal_without_a_date_asks_for_one_then_takes_the_answer(chat: GroupChat) -> None:
    question = chat.say("hide the reservations please")
    assert not question.tool_calls and "date" in question.text
    name, args = only_call(chat.say("December 31st"))
    assert name == "set_reveal_date" and args["reveal_on"].endswith("-12-31")


def test_no_more_reveal_date_clears_it(chat: GroupChat) -> None:
    assert only_call(chat.say("no more reveal date")) == ("set_reveal_date", {})


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("on 2027-01-05", "en", date(2027, 1, 5)),
        ("December 24th", "en", date(2026, 12, 24)),
        ("the 24th of december", "en", date(2026, 12, 24)),
        ("le 1er mars", "fr", date(2027, 3, 1)),
        ("le 24/12", "fr", date(2026, 12, 24)),
        ("on 12/24", "en", date(2026, 12, 24)),
        ("jusqu'à Noël", "fr", date(2026, 12, 25)),
        ("the 6 december", "en", date(2026, 12, 6)),
        ("le 31 février", "fr", None),
        ("soon", "en", None),
    ],
)
def test_dates_in_messages(text: str, locale: str, expected: date | None) -> None:
    assert date_in(text, today=TODAY, locale=locale) == expected


class ReceivedChat(GroupChat):
    """With the received-gift tools bound too."""

    def answer(self) -> AIMessage:
        system = SystemMessage("facts", additional_kwargs={"songwish_context": self.context})
        tools = [*TOOLS, *GROUP_TOOLS, *RECEIVED_TOOLS]
        reply = self.model.bind_tools(tools).invoke([system, *self.messages])
        self.messages.append(reply)
        return reply


RECEIVED_TOOLS = [
    {"type": "function", "function": {"name": name, "description": name, "parameters": {}}}
    for name in ("archive_received", "copy_gift_list")
]


@pytest.fixture
def received(offline_model: OfflineChatModel, request: pytest.FixtureRequest) -> ReceivedChat:
    return ReceivedChat(offline_model, context(getattr(request, "param", "en")))


@pytest.mark.parametrize(
    ("received", "says", "args"),
    [
        ("en", "I received the capo", {"gifts": ["Capo"]}),
        ("fr", "j'ai reçu le capo", {"gifts": ["Capo"]}),
        ("en", "archive the second one", {"gifts": ["2"]}),
        ("fr", "archive les cadeaux reçus", {}),
    ],
    indirect=["received"],
)
def test_archive_what_was_received(received: ReceivedChat, says: str, args: dict) -> None:
    _with_list(received, "show my list")
    assert only_call(received.say(says)) == ("archive_received", args)
    reply = received.result({"archived": ["Capo"], "list": {"id": "l1", "title": "Léa"}})
    assert "**Capo**" in reply.text


@pytest.mark.parametrize(
    ("received", "says", "args"),
    [
        ("fr", "comme l'an dernier", {}),
        ("en", "same list as last year: 'Xmas 2026'", {"new_title": "Xmas 2026"}),
        ("fr", "reprends tous les cadeaux de la liste de l'an passé", {"which": "all"}),
    ],
    indirect=["received"],
)
def test_a_list_like_last_year(received: ReceivedChat, says: str, args: dict) -> None:
    assert only_call(received.say(says)) == ("copy_gift_list", args)
    reply = received.result({"created": {"id": "l2", "title": "Noël 2026"},
                             "copied_from": {"id": "l1", "title": "Noël 2025"},
                             "gift_count": 3})
    assert "Noël 2026" in reply.text and "Noël 2025" in reply.text and "3" in reply.text
