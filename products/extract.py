"""Read a product's title, image, price and currency from a shop page's structured data.

Shops describe their products for search engines and link previews, so we read
what they publish rather than scraping their layout. extruct parses the three
vocabularies; they are tried in this order, the first with a title winning:

1. JSON-LD schema.org `Product` (Shopify, WooCommerce, most themes), also
   inside `@graph` or as a `ProductGroup`; the price from its `Offer`, a list
   of offers (the first priced one), an `AggregateOffer` (`lowPrice`) or a
   `priceSpecification`;
2. OpenGraph: `og:title`, `og:image`, `product:price:amount` /
   `product:price:currency` (or `og:price:*`), when `og:type` is a product or
   a price is given (an article's `og:title` is no product);
3. microdata `itemtype=schema.org/Product` with its `offers`.

A price is kept only with a currency we support (store.money); otherwise the
gift is imported without a price rather than with a wrong one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urljoin

import extruct

from products.errors import NotAProductPage
from store.errors import InvalidInput
from store.money import SUPPORTED_CURRENCIES, to_minor, validate_amount
from store.validation import MAX_TITLE, MAX_URL

PRODUCT_TYPES = ("Product", "ProductGroup", "IndividualProduct", "ProductModel")


@dataclass(frozen=True)
class ProductInfo:
    """What a gift takes from a product page; price in minor units of `currency`."""

    title: str
    image_url: str | None = None
    price: int | None = None
    currency: str | None = None


def extract_product(html: str, url: str) -> ProductInfo:
    """The page's product, or `NotAProductPage` when no vocabulary names one."""
    data = extruct.extract(
        html, base_url=url, syntaxes=["json-ld", "opengraph", "microdata"], uniform=True
    )
    for found in (
        _from_schema(_products(data.get("json-ld", [])), url),
        _from_opengraph(data.get("opengraph", []), url),
        _from_schema(_products(data.get("microdata", [])), url),
    ):
        if found is not None:
            return found
    raise NotAProductPage("no product was found on this page (title, price)", url)


def _products(nodes: list[Any]) -> Iterator[dict[str, Any]]:
    """Every schema.org product node, `@graph` and nested lists included."""
    for node in nodes:
        if isinstance(node, list):
            yield from _products(node)
        elif isinstance(node, dict):
            if _is_product(node):
                yield node
            yield from _products(_as_list(node.get("@graph")))


def _is_product(node: dict[str, Any]) -> bool:
    types = [str(t).rsplit("/", 1)[-1] for t in _as_list(node.get("@type"))]
    return any(t in PRODUCT_TYPES for t in types)


def _from_schema(products: Iterator[dict[str, Any]], url: str) -> ProductInfo | None:
    for product in products:
        title = _text(product.get("name"))
        if not title:
            continue
        amount, currency = _offer_price(product)
        if amount is None:  # a ProductGroup's price lives on its variants
            for variant in _as_list(product.get("hasVariant")):
                if isinstance(variant, dict) and (found := _offer_price(variant))[0] is not None:
                    amount, currency = found
                    break
        return _info(title, _image(product.get("image"), url), amount, currency)
    return None


def _offer_price(node: dict[str, Any]) -> tuple[str | None, str | None]:
    for offer in _as_list(node.get("offers")):
        if not isinstance(offer, dict):
            continue
        for priced in (offer, *_as_list(offer.get("priceSpecification"))):
            if not isinstance(priced, dict):
                continue
            amount = priced.get("price", priced.get("lowPrice"))
            if amount not in (None, ""):
                currency = priced.get("priceCurrency") or offer.get("priceCurrency")
                return str(amount), _text(currency)
    return None, None


def _from_opengraph(graphs: list[dict[str, Any]], url: str) -> ProductInfo | None:
    for graph in graphs:
        title = _text(graph.get("og:title"))
        amount = graph.get("product:price:amount") or graph.get("og:price:amount")
        # Every page has an og:title; only a product type or a price makes it a product.
        if not title or not (amount or str(graph.get("og:type", "")).startswith("product")):
            continue
        currency = graph.get("product:price:currency") or graph.get("og:price:currency")
        return _info(title, _image(graph.get("og:image"), url), amount, _text(currency))
    return None


def _info(title: str, image: str | None, amount: Any, currency: str | None) -> ProductInfo:
    price, code = _price(amount, currency)
    return ProductInfo(title[:MAX_TITLE], image, price, code)


def _price(amount: Any, currency: str | None) -> tuple[int | None, str | None]:
    """Minor units in a supported currency, or (None, None): never a guessed currency."""
    code = (currency or "").strip().upper()
    if amount is None or code not in SUPPORTED_CURRENCIES:
        return None, None
    text = str(amount).strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." not in text:  # "49,90": a decimal comma
        text = text.replace(",", ".")
    try:
        return validate_amount(to_minor(Decimal(text.replace(",", "")), code), code), code
    except (InvalidOperation, InvalidInput, ValueError):
        return None, None


def _image(value: Any, url: str) -> str | None:
    """The first image, as an absolute http(s) URL (ImageObject, list or string)."""
    for image in _as_list(value):
        if isinstance(image, dict):
            image = image.get("url") or image.get("contentUrl")
        if isinstance(image, str) and image.strip():
            absolute = urljoin(url, image.strip())
            if absolute.startswith(("http://", "https://")) and len(absolute) <= MAX_URL:
                return absolute
    return None


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
