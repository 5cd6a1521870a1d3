"""Health: ok / degraded per dependency; 503 only when the service cannot answer."""

from __future__ import annotations

import warnings
from pathlib import Path

from ion_mentoring.cache import make_cache
from ion_mentoring.mentor import Mentor
from ion_mentoring.server import create_app

from ..servers import free_port
from .conftest import MakeClient, MakeSettings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


def test_503_before_start_up(make_settings: MakeSettings) -> None:
    app = create_app(make_settings())
    client = TestClient(app, raise_server_exceptions=False)  # no `with`: lifespan not run
    response = client.get("/api/v2/health")
    assert response.status_code == 503
    data = response.json()
    assert data["status"] == "down"
    assert data["success"] is False
    assert response.headers["x-request-id"] == data["request_id"]
    busy = client.post("/api/v2/process", json={"text": "hi"})
    assert busy.status_code == 503
    assert busy.json()["error"]["code"] == "unavailable"


def test_degraded_but_answering_when_redis_cache_is_down(make_client: MakeClient) -> None:
    dead = f"redis://127.0.0.1:{free_port()}/0?timeout=0.2"
    cache = make_cache(f"memory+{dead}")
    try:
        client = make_client(mentor=Mentor(cache=cache))
        assert client.post("/api/v2/process", json={"text": "still works"}).status_code == 200
        response = client.get("/api/v2/health")
        assert response.status_code == 200
        data = response.json()
        assert data["status"] == "degraded"
        assert data["dependencies"]["cache"]["state"] == "degraded"
        assert data["dependencies"]["database"]["state"] == "ok"
    finally:
        cache.close()


def test_database_down_is_reported(make_client: MakeClient, tmp_path: Path) -> None:
    from ion_mentoring.store import Store

    store = Store(f"sqlite:///{tmp_path / 'gone' / 'missing.db'}")  # directory does not exist
    client = make_client(mentor=Mentor(store=store))
    response = client.get("/api/v2/health")
    assert response.status_code == 200
    data = response.json()
    assert data["dependencies"]["database"]["state"] == "down"
    assert data["status"] == "degraded"


def test_no_database_and_no_cache_is_ok(make_client: MakeClient) -> None:
    client = make_client(database_url="", cache_url="")
    data = client.get("/api/v2/health").json()
    assert data["status"] == "ok"
    assert data["dependencies"]["database"]["detail"] == "no database configured"
    assert client.get("/api/v2/cache-stats").json()["enabled"] is False
    assert client.post("/api/v2/cache/clear").status_code == 403
