"""Vendor amounts (decimal major units such as 49.99 or 5000 for JPY) ↔ our minor units."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from store.money import exponent, to_major


def to_vendor_amount(minor: int, currency: str) -> float:
    """4999 EUR → 49.99; 5000 JPY → 5000."""
    return to_major(minor, currency)


def from_vendor_amount(value: object, currency: str) -> int:
    """A vendor's decimal amount in minor units, rounded half-up to the currency's digits.

    Rounding (not rejecting) because tax shares may carry more digits than the
    currency has; `ValueError` for anything that is not a number.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"not an amount: {value!r}")
    try:
        major = Decimal(str(value))
    except InvalidOperation as error:
        raise ValueError(f"not an amount: {value!r}") from error
    if not major.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return int(major.scaleb(exponent(currency)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
