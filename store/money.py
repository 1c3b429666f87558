"""Money as integer minor units plus an ISO-4217 code, and its display for people."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from babel.numbers import format_currency, get_currency_precision, list_currencies

from store.errors import InvalidInput

# Currencies the catalogue prices and checkout support.
SUPPORTED_CURRENCIES = ("EUR", "USD", "GBP", "CAD", "AUD", "JPY")
# A guard against typos such as an extra zero: 1,000,000.00 in any currency.
MAX_MAJOR_AMOUNT = 1_000_000
_ISO_CODES = frozenset(list_currencies())


def normalize_currency(code: str) -> str:
    """Upper-case ISO-4217 code, or `InvalidInput`."""
    normalized = code.strip().upper() if isinstance(code, str) else ""
    if normalized not in _ISO_CODES:
        raise InvalidInput(f"'{code}' is not an ISO-4217 currency code", field="currency")
    return normalized


def exponent(currency: str) -> int:
    """Digits after the decimal point: 2 for EUR, 0 for JPY."""
    return int(get_currency_precision(currency))


def validate_amount(minor: int, currency: str) -> int:
    """A price in minor units must be non-negative and plausible."""
    if isinstance(minor, bool) or not isinstance(minor, int):
        raise InvalidInput("a price must be a whole number of minor units", field="price")
    if minor < 0:
        raise InvalidInput("a price cannot be negative", field="price")
    if minor > MAX_MAJOR_AMOUNT * 10 ** exponent(currency):
        raise InvalidInput("that price is implausibly high", field="price")
    return minor


def to_major(minor: int, currency: str) -> float:
    """Minor units to a JSON-friendly major amount (4999 EUR → 49.99)."""
    return float(Decimal(minor).scaleb(-exponent(currency)))


def to_minor(major: float | Decimal | str, currency: str) -> int:
    """A major amount to minor units, rejecting more decimals than the currency has."""
    value = Decimal(str(major))
    scaled = value.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise InvalidInput(
            f"{currency} amounts have at most {exponent(currency)} decimals", field="price"
        )
    return int(scaled)


def format_money(minor: int, currency: str, locale: str = "en") -> str:
    """Display form for a person: fr → '49,00 €', en → '€49.00'."""
    return format_currency(to_major(minor, currency), currency, locale=_babel_locale(locale))


def money_fields(minor: int, currency: str, locale: str) -> dict[str, Any]:
    """The JSON shape of an amount: major units, its currency, and its display form."""
    return {
        "price": to_major(minor, currency),
        "currency": currency,
        "price_display": format_money(minor, currency, locale),
    }


def _babel_locale(locale: str) -> str:
    return {"fr": "fr_FR", "en": "en_US"}.get(locale, locale.replace("-", "_"))
