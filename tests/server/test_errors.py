"""One error shape for every failure, request ids, body limits, 500 without internals."""

from __future__ import annotations

import json
import re
from typing import Any

import msgspec
import pytest
from starlette.testclient import TestClient

from ion_mentoring.mentor import Mentor
from ion_mentoring.server import schemas

from .conftest import BrokenGenerator, MakeClient


def _error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    msgspec.json.decode(response.content, type=schemas.ErrorResponse)
    data: dict[str, Any] = response.json()
    assert data["success"] is False
    assert set(data) == {"success", "error", "request_id", "timestamp"}
    assert {"code", "message", "field"} <= set(data["error"])
    assert data["request_id"] == response.headers["x-request-id"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", data["timestamp"])
    if code is not None:
        assert data["error"]["code"] == code
    return data


def test_request_id_generated_and_valid_incoming_kept(client: TestClient) -> None:
    generated = client.get("/api/v2/personas")
    assert re.fullmatch(r"[0-9a-f]{32}", generated.headers["x-request-id"])
    assert generated.json()["request_id"] == generated.headers["x-request-id"]
    kept = client.get("/api/v2/personas", headers={"X-Request-ID": "trace-abc.123"})
    assert kept.headers["x-request-id"] == "trace-abc.123"
    assert kept.json()["request_id"] == "trace-abc.123"
    bad = client.get("/api/v2/personas", headers={"X-Request-ID": "no spaces <allowed>"})
    assert bad.headers["x-request-id"] != "no spaces <allowed>"
    assert (
        client.get("/nowhere", headers={"X-Request-ID": "r-404"}).headers["x-request-id"] == "r-404"
    )


def test_400_malformed_json(client: TestClient) -> None:
    for body in (b"{bad json", b"", b"[1, 2"):
        data = _error(client.post("/api/v2/process", content=body), 400, "invalid_json")
        assert "JSON" in data["error"]["message"]
    _error(client.post("/api/v2/bulk-process", content=b"{"), 400, "invalid_json")
    _error(client.post("/chat", content=b"nope"), 400, "invalid_json")


def test_422_lists_every_invalid_field(client: TestClient) -> None:
    body = {
        "text": 5,
        "persona": "",
        "language": "fr",
        "prompt_mode": "huge",
        "resonance_key": "calm-slow-nothing",
        "use_cache": "yes",
        "surprise": True,
        "context": {"message_history": [{"role": "robot", "content": "x"}, {"content": "y"}]},
    }
    data = _error(client.post("/api/v2/process", json=body), 422)
    fields = {d["field"] for d in data["error"]["details"]}
    assert fields == {
        "$.text",
        "$.persona",
        "$.language",
        "$.prompt_mode",
        "$.resonance_key",
        "$.use_cache",
        "$.surprise",
        "$.context.message_history[0].role",
        "$.context.message_history[1].role",
    }
    assert data["error"]["field"] in fields
    assert "9 invalid fields" in data["error"]["message"]
    assert all(d["message"] for d in data["error"]["details"])


def test_422_single_problem_and_wrong_top_level_type(client: TestClient) -> None:
    data = _error(client.post("/api/v2/recommend", json={}), 422, "missing_field")
    assert data["error"]["field"] == "$.scenario"
    data = _error(client.post("/api/v2/process", json=[1, 2]), 422, "invalid_value")
    assert data["error"]["field"] == "$"


def test_422_text_longer_than_the_limit(make_client: MakeClient) -> None:
    client = make_client(max_text_chars=100)
    data = _error(client.post("/api/v2/process", json={"text": "a" * 101}), 422, "text_too_long")
    assert data["error"]["field"] == "$.text"
    assert "100" in data["error"]["message"]
    assert client.post("/api/v2/process", json={"text": "a" * 100}).status_code == 200
    items = [{"text": "ok"}, {"text": "b" * 200}]
    data = _error(client.post("/api/v2/bulk-process", json={"items": items}), 422)
    assert data["error"]["field"] == "$.items[1].text"


def test_default_text_limit_is_8000(client: TestClient) -> None:
    assert client.post("/api/v2/process", json={"text": "a" * 8000}).status_code == 200
    _error(client.post("/api/v2/process", json={"text": "a" * 8001}), 422, "text_too_long")
    _error(client.post("/chat", json={"message": "a" * 8001}), 422, "text_too_long")


def test_422_unknown_persona_in_process(client: TestClient) -> None:
    data = _error(client.post("/api/v2/process", json={"text": "hi", "persona": "Zed"}), 422)
    assert data["error"]["code"] == "unknown_persona"
    assert data["error"]["field"] == "$.persona"
    assert "Lua" in data["error"]["message"]


def test_404_unknown_persona_and_route(client: TestClient) -> None:
    data = _error(client.get("/api/v2/personas/zed"), 404, "unknown_persona")
    assert "available personas" in data["error"]["message"]
    data = _error(client.get("/api/v2/nothing-here"), 404, "not_found")
    assert "/api/v2/nothing-here" in data["error"]["message"]


def test_405_method_not_allowed(client: TestClient) -> None:
    response = client.get("/api/v2/process")
    _error(response, 405, "method_not_allowed")
    assert "POST" in response.headers["allow"]
    _error(client.delete("/api/v2/personas"), 405)


def test_413_body_too_large(make_client: MakeClient) -> None:
    client = make_client(max_body_bytes=1024, max_bulk_body_bytes=4096)
    big = json.dumps({"text": "x" * 2000}).encode()
    data = _error(client.post("/api/v2/process", content=big), 413, "payload_too_large")
    assert "1024" in data["error"]["message"]
    items = {"items": [{"text": "y" * 900} for _ in range(3)]}
    assert client.post("/api/v2/bulk-process", json=items).status_code == 200
    items = {"items": [{"text": "y" * 900} for _ in range(5)]}
    _error(client.post("/api/v2/bulk-process", json=items), 413, "payload_too_large")


def test_413_streamed_body_without_content_length(make_client: MakeClient) -> None:
    client = make_client(max_body_bytes=1024)

    def chunks() -> Any:
        yield b'{"text": "'
        for _ in range(40):
            yield b"z" * 100
        yield b'"}'

    _error(client.post("/api/v2/process", content=chunks()), 413, "payload_too_large")


def test_default_body_limit_is_64_kib(client: TestClient) -> None:
    body = json.dumps({"text": "short", "context": {"message_history": [
        {"role": "user", "content": "h" * 7000} for _ in range(10)
    ]}}).encode()  # fmt: skip
    assert len(body) > 64 * 1024
    _error(client.post("/api/v2/process", content=body), 413)


def test_413_more_than_100_bulk_items(client: TestClient) -> None:
    items = [{"text": f"message {n}"} for n in range(101)]
    data = _error(
        client.post("/api/v2/bulk-process", json={"items": items}), 413, "batch_too_large"
    )
    assert "100" in data["error"]["message"]
    ok = client.post("/api/v2/bulk-process", json={"items": items[:100], "parallel": True})
    assert ok.status_code == 200
    assert ok.json()["succeeded"] == 100


def test_500_without_internals(make_client: MakeClient) -> None:
    client = make_client(mentor=Mentor(generator=BrokenGenerator()))
    response = client.post(
        "/api/v2/process", json={"text": "hello"}, headers={"X-Request-ID": "r-500"}
    )
    data = _error(response, 500, "internal_error")
    assert data["request_id"] == "r-500"
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text
    assert "RuntimeError" not in response.text
    legacy = client.post("/chat", json={"message": "hello"})
    _error(legacy, 500, "internal_error")
    assert "hunter2" not in legacy.text
    stats = client.get("/api/v2/stats").json()
    assert stats["errors"] == 2
    assert stats["error_rate"] > 0
    health = client.get("/api/v2/health").json()
    assert health["dependencies"]["generator"]["state"] == "degraded"
    assert health["status"] == "degraded"


def test_bulk_item_failure_is_reported_per_item(make_client: MakeClient) -> None:
    client = make_client(mentor=Mentor(generator=BrokenGenerator()))
    data = client.post("/api/v2/bulk-process", json={"items": [{"text": "a"}]}).json()
    assert data["failed"] == 1
    assert data["results"][0]["error"]["code"] == "internal_error"
    assert "hunter2" not in json.dumps(data)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v2/process"),
        ("post", "/api/v2/recommend"),
        ("post", "/api/v2/chat/multi-persona"),
        ("post", "/chat"),
    ],
)
def test_unknown_fields_are_rejected(client: TestClient, method: str, path: str) -> None:
    data = _error(client.request(method, path, json={"unexpected": 1}), 422)
    assert "$.unexpected" in {d["field"] for d in data["error"]["details"]}
