"""/healthz, /readyz and /metrics."""

from __future__ import annotations

import re

import httpx

from tests.web.conftest import assert_error


async def test_liveness_checks_nothing_but_the_process(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_ready_when_the_database_and_the_index_answer(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "catalog": "ok"}}


async def test_not_ready_names_what_is_missing(web_env, api_factory, tmp_path) -> None:
    web_env.setenv("CHROMA_PATH", str(tmp_path / "no-index-here"))
    async with api_factory() as client:
        response = await client.get("/readyz")
    error = assert_error(response, 503, "not_ready")
    assert error["details"]["checks"] == {"database": "ok", "catalog": "error: IndexNotReady"}


async def test_not_ready_when_the_database_is_unreachable(web_env, catalog_index) -> None:
    from tests.web.conftest import client_for, running_app

    web_env.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    async with running_app() as app, client_for(app) as client:
        response = await client.get("/readyz")
        assert (await client.get("/healthz")).status_code == 200
    error = assert_error(response, 503, "not_ready")
    assert error["details"]["checks"]["database"].startswith("error: ")
    assert error["details"]["checks"]["catalog"] == "ok"


async def test_metrics_count_requests_by_route_template(client: httpx.AsyncClient,
                                                        ana: dict[str, str]) -> None:
    gift = (await client.post("/api/gifts", headers=ana, json={"title": "Capo"})).json()
    await client.get(f"/api/gifts/{gift['id']}", headers=ana)
    await client.get("/api/gifts/" + "0" * 32, headers=ana)
    await client.get("/no/such/page")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = response.text
    assert _value(text, 'songwish_http_requests_total{method="GET",'
                        'route="/api/gifts/{gift_id}",status="200"}') == 1
    assert _value(text, 'songwish_http_requests_total{method="GET",'
                        'route="/api/gifts/{gift_id}",status="404"}') == 1
    assert _value(text, 'songwish_http_requests_total{method="POST",'
                        'route="/api/auth/register",status="201"}') == 1
    assert _value(text, 'songwish_http_requests_total{method="GET",route="unmatched",'
                        'status="404"}') == 1
    assert gift["id"] not in text
    assert 'songwish_http_request_duration_seconds_bucket{le="0.005",method="POST",' in text
    assert 'songwish_orders{status="pending"} 0.0' in text


def _value(text: str, series: str) -> float:
    match = re.search(re.escape(series) + r" (\S+)", text)
    assert match, f"{series} not in metrics"
    return float(match.group(1))
