"""Rate limits: 429 with Retry-After and X-RateLimit-*, per key or IP, shared through Redis."""

from __future__ import annotations

import time

import pytest
from starlette.testclient import TestClient

from ion_mentoring.exceptions import ConfigurationError
from ion_mentoring.server.ratelimit import parse_rate

from ..servers import RedisServer
from .conftest import MakeClient


def test_parse_rate() -> None:
    item = parse_rate("100/minute")
    assert item is not None
    assert item.amount == 100
    assert parse_rate("none") is None
    assert parse_rate("off") is None
    with pytest.raises(ConfigurationError, match="invalid rate_limit"):
        parse_rate("lots")


def test_429_with_headers(make_client: MakeClient) -> None:
    client = make_client(rate_limit="3/minute")
    for expected_remaining in (2, 1, 0):
        response = client.get("/api/v2/personas")
        assert response.status_code == 200
        assert response.headers["x-ratelimit-limit"] == "3"
        assert response.headers["x-ratelimit-remaining"] == str(expected_remaining)
        assert int(response.headers["x-ratelimit-reset"]) >= int(time.time())
    limited = client.get("/api/v2/personas")
    assert limited.status_code == 429
    body = limited.json()
    assert body["success"] is False
    assert body["error"]["code"] == "rate_limited"
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert limited.headers["x-ratelimit-remaining"] == "0"
    assert limited.headers["x-request-id"] == body["request_id"]
    assert client.get("/api/v2/health").status_code == 200  # health is exempt


def test_limits_are_per_key(make_client: MakeClient) -> None:
    client = make_client(rate_limit="2/minute", api_keys=("k1", "k2"))
    for _ in range(2):
        assert client.get("/api/v2/personas", headers={"X-API-Key": "k1"}).status_code == 200
    assert client.get("/api/v2/personas", headers={"X-API-Key": "k1"}).status_code == 429
    assert client.get("/api/v2/personas", headers={"X-API-Key": "k2"}).status_code == 200


def test_rate_limit_off(make_client: MakeClient) -> None:
    client = make_client(rate_limit="none")
    response = client.get("/api/v2/personas")
    assert "x-ratelimit-limit" not in response.headers


@pytest.mark.redis
def test_instances_share_counters_through_redis(make_client: MakeClient) -> None:
    redis = RedisServer().start()
    try:
        first = make_client(rate_limit="3/minute", redis_url=redis.url, instance_name="a")
        second = make_client(rate_limit="3/minute", redis_url=redis.url, instance_name="b")
        assert first.get("/api/v2/personas").status_code == 200
        assert second.get("/api/v2/personas").status_code == 200
        assert first.get("/api/v2/personas").headers["x-ratelimit-remaining"] == "0"
        limited = second.get("/api/v2/personas")
        assert limited.status_code == 429
        assert "retry-after" in limited.headers
        health = first.get("/api/v2/health").json()
        assert health["dependencies"]["rate_limit"]["info"]["shared"] is True
        assert health["dependencies"]["rate_limit"]["state"] == "ok"
        redis.stop()
        # Redis down: requests are let through and health reports degraded, never a 5xx.
        assert first.get("/api/v2/personas").status_code == 200
        health = first.get("/api/v2/health")
        assert health.status_code == 200
        assert health.json()["dependencies"]["rate_limit"]["state"] == "degraded"
    finally:
        redis.close()


def test_open_client_is_limited_by_ip(make_client: MakeClient) -> None:
    client: TestClient = make_client(rate_limit="1/minute")
    assert client.get("/api/v2/keys").status_code == 200
    assert client.get("/api/v2/keys").status_code == 429
