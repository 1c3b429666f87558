"""Budgets and currencies as people type them."""

from __future__ import annotations

import pytest

from agents.offline.money import Budget, mentioned_currency, parse_budget, without_amounts
from agents.offline.numbers import spell_out_amounts, words_to_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("entre 30 et 50 €", Budget(max=50, min=30, currency="EUR")),
        ("under $80", Budget(max=80, currency="USD")),
        ("£25", Budget(max=25, currency="GBP")),
        ("moins de 100 balles", Budget(max=100, currency="EUR")),
        ("cent euros", Budget(max=100, currency="EUR")),
        ("¥5000", Budget(max=5000, currency="JPY")),
        ("5 000 ¥ maximum", Budget(max=5000, currency="JPY")),
        ("between 30 and 50", Budget(max=50, min=30, currency="EUR")),
        ("30-50€", Budget(max=50, min=30, currency="EUR")),
        ("de 20 à 40 euros", Budget(max=40, min=20, currency="EUR")),
        ("from $20 to $40", Budget(max=40, min=20, currency="USD")),
        ("at least 20€", Budget(min=20, currency="EUR")),
        ("plus de 60 euros", Budget(min=60, currency="EUR")),
        ("20 € max", Budget(max=20, currency="EUR")),
        ("around 40 dollars", Budget(max=40, currency="USD")),
        ("budget 60", Budget(max=60, currency="EUR")),
        ("fifty bucks", Budget(max=50, currency="USD")),
        ("quatre-vingt-dix-neuf euros", Budget(max=99, currency="EUR")),
        ("deux cents euros", Budget(max=200, currency="EUR")),
        ("C$40", Budget(max=40, currency="CAD")),
        ("40 CAD", Budget(max=40, currency="CAD")),
        ("30 dollars canadiens", Budget(max=30, currency="CAD")),
        ("AUD 45", Budget(max=45, currency="AUD")),
        ("1 000 €", Budget(max=1000, currency="EUR")),
        ("49,99 €", Budget(max=49.99, currency="EUR")),
        ("1,000 dollars", Budget(max=1000, currency="USD")),
        ("100 livres sterling", Budget(max=100, currency="GBP")),
        ("30 livres", Budget(max=30, currency="GBP")),
        ("ma fille de 12 ans, 30 euros", Budget(max=30, currency="EUR")),
        ("no more than a hundred euros", Budget(max=100, currency="EUR")),
        ("pas plus de 40 €", Budget(max=40, currency="EUR")),
        ("Like 70 bucks tops", Budget(max=70, currency="USD")),
        ("genre 30 balles", Budget(max=30, currency="EUR")),
    ],
)
def test_budgets(text: str, expected: Budget) -> None:
    assert parse_budget(text, "EUR") == expected


@pytest.mark.parametrize(
    "text",
    [
        "for my 8-year-old nephew",
        "pour mon père qui joue de la guitare depuis 30 ans",
        "le 2e",
        "the 2nd one",
        "des livres de musique",
        "a gift for 3 people",
        "number 4 please",
        "in dollars",
        "50",  # a bare number is a budget only when one was asked for
        "elle a 15 ans",
        "je cherche aussi un livre",
        "deux livres de jazz",
    ],
)
def test_numbers_that_are_not_money(text: str) -> None:
    assert parse_budget(text, "EUR") is None


def test_a_bare_number_answers_a_budget_question() -> None:
    assert parse_budget("50", "GBP", bare_number=True) == Budget(max=50, currency="GBP")
    assert parse_budget("entre 20 et 30", "EUR", bare_number=True) == Budget(30, 20, "EUR")


def test_a_dollar_is_the_persons_own_dollar() -> None:
    assert parse_budget("under $80", "CAD") == Budget(max=80, currency="CAD")
    assert parse_budget("under $80", "AUD").currency == "AUD"
    assert parse_budget("under $80", "EUR").currency == "USD"
    assert parse_budget("under US$80", "CAD").currency == "USD"


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("show prices in dollars", "USD"),
        ("passe en livres sterling", "GBP"),
        ("en euros s'il te plaît", "EUR"),
        ("in yen please", "JPY"),
        ("can I see Canadian dollars?", "CAD"),
        ("switch to GBP", "GBP"),
        ("bonjour", None),
    ],
)
def test_currency_named_without_amount(text: str, currency: str | None) -> None:
    assert mentioned_currency(text, "EUR") == currency


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("cent", 100),
        ("quatre-vingt-dix-neuf", 99),
        ("soixante-dix", 70),
        ("vingt et un", 21),
        ("mille deux cents", 1200),
        ("a hundred", 100),
        ("twenty five", 25),
        ("two hundred fifty", 250),
        ("banana", None),
    ],
)
def test_words_to_number(words: str, value: int | None) -> None:
    assert words_to_number(words) == value


def test_only_amounts_before_a_currency_are_spelled_out() -> None:
    assert spell_out_amounts("the second one for fifty euros") == "the second one for 50 euros"
    assert spell_out_amounts("un cadeau pour une amie") == "un cadeau pour une amie"


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("pour mon père qui joue de la guitare depuis 30 ans, 100 € max",
         "pour mon père qui joue de la guitare depuis 30 ans"),
        ("Un cadeau pour ma sœur, entre 30 et 50 €", "Un cadeau pour ma sœur"),
        ("under $80 for my dad", "for my dad"),
        ("ma fille de 12 ans, de 20 à 40 euros", "ma fille de 12 ans"),
        ("for kids under 10 years", "for kids under 10 years"),
        ("une platine vinyle", "une platine vinyle"),
    ],
)  # fmt: skip
def test_queries_lose_their_budget_words(text: str, query: str) -> None:
    assert without_amounts(text) == query
