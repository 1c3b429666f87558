"""Field rules shared by the services: titles, quantities, priorities, URLs, money."""

from __future__ import annotations

from urllib.parse import urlparse

from store.errors import InvalidInput
from store.money import normalize_currency, validate_amount

MAX_TITLE = 200
MAX_TEXT = 4000
MAX_URL = 2000
MAX_QUANTITY = 99
PRIORITIES = range(1, 4)  # 1 = must have, 2 = would like, 3 = nice to have


def clean_title(value: str, *, field: str = "title") -> str:
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if not text:
        raise InvalidInput(f"the {field} cannot be empty", field=field)
    if len(text) > MAX_TITLE:
        raise InvalidInput(f"the {field} is longer than {MAX_TITLE} characters", field=field)
    return text


def clean_text(value: str | None, *, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"the {field} must be text", field=field)
    if len(value) > MAX_TEXT:
        raise InvalidInput(f"the {field} is longer than {MAX_TEXT} characters", field=field)
    return value.strip() or None


def clean_url(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    parsed = urlparse(value) if isinstance(value, str) else None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InvalidInput("the url must be an http(s) address", field="url")
    if len(value) > MAX_URL:
        raise InvalidInput(f"the url is longer than {MAX_URL} characters", field="url")
    return value


def clean_quantity(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_QUANTITY:
        raise InvalidInput(f"the quantity must be between 1 and {MAX_QUANTITY}", field="quantity")
    return value


def clean_priority(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in PRIORITIES:
        raise InvalidInput("the priority must be 1 (must have), 2 or 3", field="priority")
    return value


def clean_price(price: int | None, currency: str | None) -> tuple[int | None, str | None]:
    """A price needs its currency; a currency alone is dropped."""
    if price is None:
        return None, None
    if currency is None:
        raise InvalidInput("a price needs a currency", field="currency")
    code = normalize_currency(currency)
    return validate_amount(price, code), code
