"""Legacy v1 `POST /chat`."""

from __future__ import annotations

import msgspec
from starlette.testclient import TestClient

from ion_mentoring.mentor import Mentor
from ion_mentoring.server import schemas

from .conftest import EchoGenerator, MakeClient


def test_legacy_chat_without_generator_returns_the_prompt(client: TestClient) -> None:
    response = client.post(
        "/chat", json={"message": "I'm so frustrated with this bug!!", "user_id": "u-1"}
    )
    assert response.status_code == 200
    msgspec.json.decode(response.content, type=schemas.LegacyChatResponse)
    data = response.json()
    assert set(data) == {"content", "persona_used", "resonance_key", "confidence", "metadata"}
    assert data["persona_used"] in {"Lua", "Elro", "Riri", "Nana"}
    assert data["content"].startswith("[system]")
    assert "frustrated with this bug" in data["content"]
    assert data["metadata"]["user_id"] == "u-1"
    assert data["metadata"]["generated"] is False
    assert data["metadata"]["request_id"] == response.headers["x-request-id"]
    assert 0.0 <= data["confidence"] <= 1.0


def test_legacy_chat_with_generator_returns_the_reply(make_client: MakeClient) -> None:
    client = make_client(mentor=Mentor(generator=EchoGenerator()))
    data = client.post("/chat", json={"message": "hello"}).json()
    assert data["content"].startswith("reply #1")
    assert data["metadata"]["generated"] is True
    assert data["metadata"]["user_id"] is None


def test_legacy_chat_requires_message(client: TestClient) -> None:
    response = client.post("/chat", json={"user_id": "u"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "$.message"
