"""Product data read from saved pages shaped like real shops' markup."""

from __future__ import annotations

import pytest

from products.errors import NotAProductPage
from products.extract import ProductInfo, extract_product
from tests.products.shop_server import PAGES


def _extract(name: str, url: str) -> ProductInfo:
    return extract_product((PAGES / name).read_text(encoding="utf-8"), url)


def test_a_shopify_page_gives_its_json_ld_product_and_first_offer() -> None:
    info = _extract("shopify_ukulele.html", "https://accords.example/products/ukulele")
    assert info == ProductInfo(
        title="Ukulélé soprano Kala KA-15S",
        image_url="https://accords.example/cdn/shop/files/ka15s.jpg?v=1699&width=1920",
        price=5900,
        currency="EUR",
    )


def test_a_woocommerce_page_gives_its_price_specification_and_image_object() -> None:
    """Its Yoast graph is not the product; the product node is; the image URL is relative."""
    info = _extract("woocommerce_capo.html", "https://stringsandthings.example/product/shubb/")
    assert info == ProductInfo(
        title="Shubb C1 Capo",
        image_url="https://stringsandthings.example/wp-content/uploads/2024/03/shubb-c1.jpg",
        price=2499,
        currency="GBP",
    )


def test_a_microdata_only_page_is_read() -> None:
    info = _extract("microdata_metronome.html", "https://notenladen.example/wittner")
    assert info == ProductInfo(
        title="Wittner Taktell Piccolo Metronom",
        image_url="https://notenladen.example/bilder/wittner-piccolo.jpg",
        price=3450,
        currency="EUR",
    )


def test_an_opengraph_product_page_is_read() -> None:
    info = _extract("opengraph_vinyl.html", "https://vinylcorner.example/kind-of-blue")
    assert info == ProductInfo(
        title="Miles Davis – Kind of Blue (180g LP)",
        image_url="https://vinylcorner.example/media/catalog/product/k/o/kind-of-blue.jpg",
        price=2799,
        currency="USD",
    )


def test_a_page_without_a_product_is_refused() -> None:
    """An article has an og:title and JSON-LD too; neither is a product."""
    with pytest.raises(NotAProductPage):
        _extract("blog_post.html", "https://practiceroom.example/gift-ideas")


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("59,00", "EUR", (5900, "EUR")),
        ("1 299.00", "usd", (129900, "USD")),
        ("4500", "JPY", (4500, "JPY")),
        ("19.99", "CHF", (None, None)),  # a currency we do not sell in: no price
        ("free", "EUR", (None, None)),
        ("-5", "EUR", (None, None)),
    ],
)
def test_opengraph_prices_become_minor_units_or_nothing(amount, currency, expected) -> None:
    html = (
        '<html><head><meta property="og:type" content="product">'
        '<meta property="og:title" content="A gift">'
        f'<meta property="product:price:amount" content="{amount}">'
        f'<meta property="product:price:currency" content="{currency}"></head></html>'
    )
    info = extract_product(html, "https://shop.example/p")
    assert (info.price, info.currency) == expected
