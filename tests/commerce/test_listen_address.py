"""`songwish serve --port P` with PUBLIC_URL elsewhere: buying works, because the app calls
its sandbox where this process listens; PUBLIC_URL only shapes the links people open."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.commerce.conftest import FIXTURES
from tests.scale.cluster import Person
from tests.scale.processes import SongWishInstance, wait_for

pytestmark = pytest.mark.slow

# What people see: a proxy's address. Nothing listens there in this test.
PUBLIC_URL = "http://127.0.0.1:9"


def test_buying_works_on_a_port_that_is_not_public_urls(tmp_path: Path):
    catalog = shutil.copytree(FIXTURES / "catalog", tmp_path / "catalog")
    env = {"PUBLIC_URL": PUBLIC_URL, "CATALOG_DIR": str(catalog),
           "CHROMA_PATH": str(tmp_path / "chroma")}  # fmt: skip
    with SongWishInstance(tmp_path / "shop", env) as shop:
        person = Person.register(shop)
        bought = person.client.post(
            "/api/orders",
            json={"item_id": "sof-001", "currency": "EUR"},
            headers={**person.headers, "Idempotency-Key": "port-1"},
        )
        assert bought.status_code in (200, 201), bought.text
        checkout = bought.json()["checkout_url"]
        assert checkout.startswith(f"{PUBLIC_URL}/sandbox/checkout/")  # a link for people
        session_id = checkout.rsplit("/", 1)[1]
        paid = person.client.post(f"/sandbox/checkout/{session_id}/pay", data={"return_url": "/"})
        assert paid.status_code == 303, paid.text

        def completed() -> bool:
            return person.get("/api/orders").json()[0]["status"] == "completed"

        wait_for(completed, 30, "the sandbox's webhook to complete the order")
