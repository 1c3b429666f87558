"""Why a product page could not be imported; each failure names its HTTP status and code.

ProductImportError
├── UrlNotAllowed     400 url_not_allowed     not http(s), credentials, a private address
├── NotAProductPage   422 no_product_found    no title in JSON-LD, OpenGraph or microdata
├── PageUnreachable   502 page_unreachable    DNS, connection, timeout, an HTTP error,
│                                             too many redirects, not an HTML page
└── PageTooLarge      502 page_too_large      more than PRODUCT_IMPORT_MAX_BYTES
"""

from __future__ import annotations


class ProductImportError(Exception):
    """Base: `message` is for people (the chat repeats it), `code` for clients."""

    http_status = 400
    code = "import_failed"

    def __init__(self, message: str, url: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.url = url


class UrlNotAllowed(ProductImportError):
    http_status = 400
    code = "url_not_allowed"


class NotAProductPage(ProductImportError):
    http_status = 422
    code = "no_product_found"


class PageUnreachable(ProductImportError):
    http_status = 502
    code = "page_unreachable"


class PageTooLarge(ProductImportError):
    http_status = 502
    code = "page_too_large"
