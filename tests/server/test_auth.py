"""API keys (hashed, both header forms), open mode, admin separation."""

from __future__ import annotations

import logging

import pytest
from starlette.testclient import TestClient

from ion_mentoring.server.auth import KeyRing, extract_key, hash_key

from .conftest import MakeClient

USER = "user-key-0123456789"
ADMIN = "admin-key-9876543210"


def test_keys_are_kept_only_as_sha256_digests() -> None:
    ring = KeyRing([USER], [ADMIN])
    assert ring.user == (hash_key(USER),)
    assert ring.admin == (hash_key(ADMIN),)
    assert USER.encode() not in b"".join(ring.user + ring.admin)
    assert repr(ring).find(USER) == -1
    assert ring.role(USER) == "user"
    assert ring.role(ADMIN) == "admin"
    assert ring.role("nope") is None
    assert ring.role(None) == "anonymous"
    assert not ring.open
    assert KeyRing([], [ADMIN]).open


def test_extract_key_from_both_header_forms() -> None:
    assert extract_key([(b"authorization", b"Bearer abc")]) == "abc"
    assert extract_key([(b"authorization", b"bearer  abc ")]) == "abc"
    assert extract_key([(b"x-api-key", b"xyz")]) == "xyz"
    assert extract_key([(b"authorization", b"Basic abc")]) is None
    assert extract_key([]) is None


@pytest.fixture
def secured(make_client: MakeClient) -> TestClient:
    return make_client(api_keys=(USER,), admin_keys=(ADMIN,))


@pytest.mark.parametrize(
    "headers", [{"Authorization": f"Bearer {USER}"}, {"X-API-Key": USER}, {"X-API-Key": ADMIN}]
)
def test_valid_key_in_either_header(secured: TestClient, headers: dict[str, str]) -> None:
    response = secured.post("/api/v2/process", json={"text": "hello"}, headers=headers)
    assert response.status_code == 200


def test_401_missing_or_wrong_key(secured: TestClient) -> None:
    missing = secured.post("/api/v2/process", json={"text": "hello"})
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "unauthorized"
    assert "missing API key" in missing.json()["error"]["message"]
    assert missing.headers["www-authenticate"].startswith("Bearer")
    assert missing.headers["x-request-id"]
    wrong = secured.get("/api/v2/personas", headers={"Authorization": "Bearer not-the-key"})
    assert wrong.status_code == 401
    assert wrong.json()["error"]["message"] == "invalid API key"
    assert secured.get("/api/v2/keys", headers={"X-API-Key": USER + "x"}).status_code == 401


def test_health_and_openapi_need_no_key(secured: TestClient) -> None:
    assert secured.get("/api/v2/health").status_code == 200
    doc = secured.get("/openapi.json")
    assert doc.status_code == 200
    assert doc.json()["security"] == [{"bearer": []}, {"apiKey": []}]
    assert set(doc.json()["components"]["securitySchemes"]) == {"bearer", "apiKey"}


def test_admin_routes_need_an_admin_key(secured: TestClient) -> None:
    user = secured.post("/api/v2/cache/clear", headers={"X-API-Key": USER})
    assert user.status_code == 403
    assert user.json()["error"]["code"] == "forbidden"
    assert secured.post("/api/v2/cache/clear").status_code == 401
    secured.post("/api/v2/process", json={"text": "cache me"}, headers={"X-API-Key": USER})
    admin = secured.post("/api/v2/cache/clear", headers={"Authorization": f"Bearer {ADMIN}"})
    assert admin.status_code == 200
    assert admin.json()["cleared"] is True
    stats = secured.get("/api/v2/cache-stats", headers={"X-API-Key": ADMIN}).json()
    assert stats["stats"]["tiers"]["l1"]["size"] == 0


def test_cache_invalidate_by_prefix(secured: TestClient) -> None:
    headers = {"X-API-Key": ADMIN}
    for text in ("one", "two", "three"):
        secured.post("/api/v2/process", json={"text": text}, headers=headers)
    response = secured.post("/api/v2/cache/invalidate?prefix=process:", headers=headers)
    assert response.status_code == 200
    assert response.json()["deleted"] == 3
    assert response.json()["prefix"] == "process:"
    again = secured.post("/api/v2/process", json={"text": "one"}, headers=headers).json()
    assert again["performance"]["cache_tier"] == "miss"
    missing = secured.post("/api/v2/cache/invalidate", headers=headers)
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "prefix"
    assert (
        secured.post("/api/v2/cache/invalidate?prefix=x", headers={"X-API-Key": USER}).status_code
        == 403
    )


def test_open_api_without_keys_but_admin_disabled(client: TestClient) -> None:
    assert client.post("/api/v2/process", json={"text": "hello"}).status_code == 200
    for path in ("/api/v2/cache/clear", "/api/v2/cache/invalidate?prefix=process:"):
        response = client.post(path, headers={"X-API-Key": "anything"})
        assert response.status_code in (401, 403)
        disabled = client.post(path)
        assert disabled.status_code == 403
        assert disabled.json()["error"]["code"] == "admin_disabled"
        assert "ION_MENTORING_ADMIN_KEYS" in disabled.json()["error"]["message"]


def test_startup_warns_when_open_and_mentions_embedded_defaults(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="ion_mentoring")
    make_client(
        database_url="sqlite:///./ion_mentoring.db", instance_name="x", cache_url="memory://"
    )
    messages = [r.getMessage() for r in caplog.records if r.name == "ion_mentoring.server"]
    assert any(
        r.levelno == logging.WARNING and "API is open" in r.getMessage() for r in caplog.records
    )
    assert any("embedded defaults" in m for m in messages)
    assert any("admin routes are disabled" in m for m in messages)


def test_no_open_warning_with_keys(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="ion_mentoring")
    make_client(api_keys=(USER,))
    assert not any("API is open" in r.getMessage() for r in caplog.records)
    assert not any("embedded defaults" in r.getMessage() for r in caplog.records)
