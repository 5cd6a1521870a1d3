"""Small units: latency histogram, statistics, validation walk, Sentry scrubbers."""

from __future__ import annotations

import msgspec
import pytest

from ion_mentoring.server.errors import ApiError
from ion_mentoring.server.observability import scrub_breadcrumb, scrub_event
from ion_mentoring.server.schemas import BulkRequest, ProcessRequest
from ion_mentoring.server.stats import LatencyHistogram, ServerStats
from ion_mentoring.server.validation import decode_body, validate_value


def test_histogram_percentiles_within_two_percent() -> None:
    hist = LatencyHistogram()
    for n in range(1, 1001):
        hist.add(n / 10)  # 0.1 .. 100 ms
    assert hist.count == 1000
    for q, exact in ((50, 50.0), (95, 95.0), (99, 99.0)):
        value = hist.percentile(q)
        assert value is not None
        assert exact <= value <= exact * 1.021
    assert hist.to_dict()["max_ms"] == 100.0
    assert LatencyHistogram().percentile(50) is None


def test_server_stats_error_rate_and_shares() -> None:
    stats = ServerStats("i-1")
    for status in (200, 200, 404, 500):
        stats.record_request(status, 1.0)
    stats.record_processed("Lua", "miss", 2.0)
    stats.record_processed("Elro", "l1", 1.0)
    data = stats.to_dict(("Lua", "Elro", "Riri", "Nana"))
    assert data["requests"] == 4
    assert data["errors"] == 1
    assert data["client_errors"] == 1
    assert data["error_rate"] == 0.25
    assert data["persona_distribution"] == {"Lua": 1, "Elro": 1, "Riri": 0, "Nana": 0}
    assert data["persona_share"]["Lua"] == 0.5
    assert data["instance"] == "i-1"


def test_decode_body_fast_path_and_all_problems() -> None:
    item = decode_body(b'{"text": "hi", "persona": "Lua"}', ProcessRequest, max_text_chars=10)
    assert item.text == "hi"
    with pytest.raises(ApiError) as info:
        decode_body(b'{"text": 1, "language": "xx"}', ProcessRequest, max_text_chars=10)
    assert info.value.status == 422
    assert {p.field for p in info.value.details or ()} == {"$.text", "$.language"}


def test_validate_nested_lists_and_lengths() -> None:
    with pytest.raises(ApiError) as info:
        validate_value({"items": []}, BulkRequest, max_text_chars=10)
    assert info.value.field == "$.items"
    with pytest.raises(ApiError) as info:
        validate_value({"items": [{"text": 3}, {"id": "bad id!"}]}, BulkRequest, max_text_chars=10)
    assert {p.field for p in info.value.details or ()} == {"$.items[0].text", "$.items[1].id"}
    ok = validate_value(
        {"items": [{"text": "x"}], "parallel": True}, BulkRequest, max_text_chars=10
    )
    assert isinstance(ok, BulkRequest)
    assert msgspec.structs.asdict(ok)["parallel"] is True


def test_scrubbers_drop_text() -> None:
    event = {
        "request": {"data": {"text": "secret"}, "headers": {"Authorization": "Bearer k"}},
        "extra": {"text": "secret", "count": 3, "nested": {"message": "secret"}},
        "exception": {"values": [{"stacktrace": {"frames": [{"vars": {"text": "secret"}}]}}]},
        "breadcrumbs": {"values": [{"category": "x", "data": {"content": "secret"}}]},
        "logentry": {"message": "got %s", "params": ["secret"]},
    }
    scrubbed = scrub_event(event)
    assert "secret" not in repr(scrubbed)
    assert scrubbed["extra"]["count"] == 3
    assert scrubbed["request"]["headers"]["Authorization"] == "[redacted]"
    crumb = scrub_breadcrumb({"category": "httpx", "data": {"body": "secret", "status": 200}})
    assert crumb["data"] == {"body": "[redacted]", "status": 200}


def test_encoded_fragments_are_reused_for_cached_results_only_when_small() -> None:
    from ion_mentoring.cache import MemoryCache
    from ion_mentoring.mentor import Mentor
    from ion_mentoring.server.state import _Fragments

    mentor = Mentor(cache=MemoryCache())
    fragments = _Fragments()
    first = fragments.get(mentor.process("hello there"))
    again = fragments.get(mentor.process("hello there"))  # L1 hit: the same objects
    assert again is first
    assert first.resonance_key == str(mentor.process("hello there").key)
    assert msgspec.json.decode(first.prompt_json)["resonance_key"] == first.resonance_key
    big = mentor.process("word " * 8000)  # over 32 KiB of JSON
    assert fragments.get(big) is not fragments.get(big)  # too large to keep
