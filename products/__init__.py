"""Importing a gift from any shop's product page: fetch it safely, read its product data.

Modules, one job each:

- `errors`: the typed failures, each with its HTTP status and a stable code;
- `fetch`: `fetch_page`, an httpx GET under strict limits (addresses, redirects,
  timeouts, size, content type);
- `extract`: `extract_product`, title, image, price and currency from the page's
  JSON-LD `Product`/`Offer`, else OpenGraph, else microdata (extruct);
- `service`: `import_gift_from_url`, the one entry of the REST route and the chat tool.
"""
