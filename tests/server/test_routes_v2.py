"""Every v2 endpoint answers its documented shape."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from starlette.testclient import TestClient

from ion_mentoring.cache import MemoryCache
from ion_mentoring.keys import ALL_KEYS
from ion_mentoring.mentor import Mentor
from ion_mentoring.server import schemas

from .conftest import EchoGenerator, MakeClient

FRUSTRATED = "I am stuck on this bug for hours and so frustrated!! Nothing works!"


def _check(response: Any, schema: type[Any], status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    msgspec.json.decode(response.content, type=schema)  # strict shape check
    data: dict[str, Any] = response.json()
    return data


def test_process_text_returns_decision_analysis_prompt_performance(client: TestClient) -> None:
    data = _check(
        client.post("/api/v2/process", json={"text": FRUSTRATED}), schemas.ProcessResponse
    )
    assert data["success"] is True
    assert data["request_id"]
    assert data["persona"] in {"Lua", "Elro", "Riri", "Nana"}
    assert set(data["routing"]["scores"]) == {"Lua", "Elro", "Riri", "Nana"}
    assert data["routing"]["primary"] == data["persona"]
    assert data["analysis"]["resonance_key"] == data["resonance_key"]
    assert data["prompt"]["messages"][0]["role"] == "system"
    assert data["prompt"]["messages"][-1]["content"].find("frustrated") >= 0
    assert data["content"] is None
    assert data["performance"]["cache_tier"] == "miss"
    assert data["performance"]["execution_time_ms"] > 0
    again = client.post("/api/v2/process", json={"text": FRUSTRATED}).json()
    assert again["performance"]["cache_tier"] == "l1"
    assert again["routing"] == data["routing"]


def test_process_explicit_key_string_and_parts(client: TestClient) -> None:
    by_string = client.post("/api/v2/process", json={"resonance_key": "calm-medium-learning"})
    data = _check(by_string, schemas.ProcessResponse)
    assert data["resonance_key"] == "calm-medium-learning"
    assert data["analysis"] is None
    parts = {"tone": "urgent", "pace": "burst", "intent": "planning"}
    data = _check(
        client.post("/api/v2/process", json={"resonance_key": parts}), schemas.ProcessResponse
    )
    assert data["resonance_key"] == "urgent-burst-planning"
    assert data["persona"] == "Nana"


def test_process_options(client: TestClient) -> None:
    body = {
        "text": "How should I structure this module?",
        "persona": "riri",
        "language": "ko",
        "prompt_mode": "summary_light",
        "use_cache": False,
        "include_metadata": False,
        "context": {
            "message_history": [
                {"role": "user", "content": "earlier question"},
                {"role": "assistant", "content": "earlier answer"},
            ]
        },
    }
    data = _check(client.post("/api/v2/process", json=body), schemas.ProcessResponse)
    assert data["persona"] == "Riri"
    assert data["routing"] is None
    assert data["analysis"] is None
    assert data["prompt"]["language"] == "ko"
    assert data["prompt"]["mode"] == "summary_light"
    assert data["prompt"]["history_turns"] == 2
    assert data["performance"]["cache_tier"] == "miss"


def test_process_session_is_stored_and_reused(client: TestClient) -> None:
    first = client.post("/api/v2/process", json={"text": "hello there", "session_id": "s-1"})
    assert _check(first, schemas.ProcessResponse)["session_id"] == "s-1"
    second = client.post("/api/v2/process", json={"text": "and again", "session_id": "s-1"})
    assert second.json()["prompt"]["history_turns"] >= 1


def test_process_with_generator_returns_content(make_client: MakeClient) -> None:
    generator = EchoGenerator()
    client = make_client(mentor=Mentor(cache=MemoryCache(), generator=generator))
    data = _check(client.post("/api/v2/process", json={"text": "hi"}), schemas.ProcessResponse)
    assert data["content"].startswith("reply #1")
    assert data["performance"]["timings"]["generation_ms"] >= 0
    assert generator.calls == 1


def test_recommend(client: TestClient) -> None:
    body = {"scenario": "We need to analyze our conversion metrics and verify data quality"}
    data = _check(client.post("/api/v2/recommend", json=body), schemas.RecommendResponse)
    assert data["persona"] == "Riri"
    assert data["capabilities"]["persona"] == "Riri"
    assert set(data["scores"]) == {"Lua", "Elro", "Riri", "Nana"}
    assert data["persona"] not in data["alternatives"]


@pytest.mark.parametrize("parallel", [False, True])
def test_bulk_process_per_item_results_and_counts(client: TestClient, parallel: bool) -> None:
    items = [
        {"id": "a", "text": FRUSTRATED},
        {"id": "b", "text": "Let's plan the team sync", "persona": "Nobody"},
        {"id": "c", "resonance_key": "curious-flowing-learning"},
    ]
    response = client.post("/api/v2/bulk-process", json={"items": items, "parallel": parallel})
    data = _check(response, schemas.BulkResponse)
    assert (data["total"], data["succeeded"], data["failed"]) == (3, 2, 1)
    assert data["parallel"] is parallel
    assert [r["id"] for r in data["results"]] == ["a", "b", "c"]
    assert [r["index"] for r in data["results"]] == [0, 1, 2]
    failed = data["results"][1]
    assert failed["success"] is False
    assert failed["error"]["code"] == "unknown_persona"
    assert "Nobody" in failed["error"]["message"]
    assert data["results"][2]["result"]["resonance_key"] == "curious-flowing-learning"


def test_multi_persona(client: TestClient) -> None:
    body = {"text": "Design the REST API schema and align the team on the rollout process"}
    data = _check(
        client.post("/api/v2/chat/multi-persona", json=body), schemas.MultiPersonaResponse
    )
    assert len(data["chain"]["personas"]) >= 1
    forced = client.post(
        "/api/v2/chat/multi-persona",
        json={
            "text": "I feel sad today",
            "force_multi": True,
            "mode": "parallel",
            "merge": "weighted",
        },
    )
    data = _check(forced, schemas.MultiPersonaResponse)
    assert len(data["chain"]["personas"]) == 2
    assert data["chain"]["mode"] == "parallel"
    assert data["chain"]["merge"] == "weighted"
    assert len(data["steps"]) == 2
    assert data["content"] is None


def test_multi_persona_with_generator_merges(make_client: MakeClient) -> None:
    client = make_client(mentor=Mentor(generator=EchoGenerator()))
    body = {"text": "I feel stuck", "force_multi": True}
    data = _check(
        client.post("/api/v2/chat/multi-persona", json=body), schemas.MultiPersonaResponse
    )
    assert all(step["content"] for step in data["steps"])
    assert data["content"]


def test_personas_list_and_detail_case_insensitive(client: TestClient) -> None:
    data = _check(client.get("/api/v2/personas"), schemas.PersonaListResponse)
    assert [p["name"] for p in data["personas"]] == ["Lua", "Elro", "Riri", "Nana"]
    assert data["count"] == 4
    for name in ("elro", "ELRO", "Elro"):
        detail = _check(client.get(f"/api/v2/personas/{name}"), schemas.PersonaDetail)
        assert detail["name"] == "Elro"
        assert detail["korean_name"] == "엘로"
        assert set(detail["prompts"]) == {"ko", "en"}
        assert "analytical" in detail["capabilities"]["best_tones"]


def test_keys_table(client: TestClient) -> None:
    data = _check(client.get("/api/v2/keys"), schemas.KeysResponse)
    assert data["count"] == 216
    assert [row["resonance_key"] for row in data["keys"]] == [str(k) for k in ALL_KEYS]
    row = data["keys"][0]
    assert row["primary"] in row["scores"]


def test_health_ok_with_each_dependency(client: TestClient) -> None:
    data = _check(client.get("/api/v2/health"), schemas.HealthResponse)
    assert data["status"] == "ok"
    assert set(data["dependencies"]) == {"cache", "database", "generator", "rate_limit"}
    assert all(d["state"] == "ok" for d in data["dependencies"].values())


def test_status(client: TestClient) -> None:
    data = _check(client.get("/api/v2/status"), schemas.StatusResponse)
    assert data["instance"] == "test-instance"
    assert data["configuration"]["auth"] == "open"
    assert data["configuration"]["admin_routes"] is False
    assert data["configuration"]["database"] == "sqlite"
    assert set(data["versions"]) >= {"library", "analyzer", "personas", "routing"}


def test_stats_counts_personas_latency_and_errors(client: TestClient) -> None:
    for text in (FRUSTRATED, "Let's review the metrics", FRUSTRATED):
        client.post("/api/v2/process", json={"text": text})
    client.get("/api/v2/nowhere")
    data = _check(client.get("/api/v2/stats"), schemas.StatsResponse)
    assert data["instance"] == "test-instance"
    assert data["processed"] == 3
    assert sum(data["persona_distribution"].values()) == 3
    assert set(data["persona_distribution"]) >= {"Lua", "Elro", "Riri", "Nana"}
    assert data["latency"]["count"] == 3
    assert data["latency"]["p50_ms"] <= data["latency"]["p99_ms"]
    assert data["requests"] >= 4
    assert data["client_errors"] == 1
    assert data["errors"] == 0
    assert data["error_rate"] == 0.0
    assert data["cache_tiers"] == {"miss": 2, "l1": 1}


def test_stats_include_store_report(client: TestClient) -> None:
    client.post("/api/v2/process", json={"text": FRUSTRATED})
    # the record writer flushes in the background; the report may or may not see it yet
    data = _check(client.get("/api/v2/stats"), schemas.StatsResponse)
    assert data["store"] is not None
    assert "personas" in data["store"]


def test_cache_stats(client: TestClient) -> None:
    client.post("/api/v2/process", json={"text": "hello"})
    client.post("/api/v2/process", json={"text": "hello"})
    data = _check(client.get("/api/v2/cache-stats"), schemas.CacheStatsResponse)
    assert data["enabled"] is True
    assert data["stats"]["combined"]["hits"] >= 1
    assert data["health"]["state"] == "ok"
    assert data["record_writer"] is not None


def test_openapi_document_is_3_1_and_lists_every_route(client: TestClient) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"] == "3.1.0"
    expected = {
        ("post", "/api/v2/process"),
        ("post", "/api/v2/recommend"),
        ("post", "/api/v2/bulk-process"),
        ("post", "/api/v2/chat/multi-persona"),
        ("get", "/api/v2/personas"),
        ("get", "/api/v2/personas/{name}"),
        ("get", "/api/v2/keys"),
        ("get", "/api/v2/health"),
        ("get", "/api/v2/status"),
        ("get", "/api/v2/stats"),
        ("get", "/api/v2/cache-stats"),
        ("post", "/api/v2/cache/clear"),
        ("post", "/api/v2/cache/invalidate"),
        ("post", "/chat"),
        ("get", "/openapi.json"),
    }
    found = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    assert found == expected
    text = doc["components"]["schemas"]["ProcessRequest"]["properties"]["text"]
    assert text["maxLength"] == 8000
    assert doc["components"]["schemas"]["ProcessRequest"]["additionalProperties"] is False
    assert "securitySchemes" not in doc["components"]


def test_openapi_text_limit_follows_settings(make_client: MakeClient) -> None:
    doc = make_client(max_text_chars=500).get("/openapi.json").json()
    assert (
        doc["components"]["schemas"]["RecommendRequest"]["properties"]["scenario"]["maxLength"]
        == 500
    )
