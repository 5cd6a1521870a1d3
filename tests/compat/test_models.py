"""Legacy value objects and the chat context."""

from __future__ import annotations

import json

import pytest

from ion_mentoring import Router
from ion_mentoring.compat import (
    ChatContext,
    EmotionTone,
    PersonaResponse,
    RhythmPattern,
    RoutingResult,
)
from ion_mentoring.prompts import ChatMessage

pytestmark = pytest.mark.filterwarnings("ignore:ion_mentoring.compat:DeprecationWarning")


def test_chat_context_fields_and_defaults() -> None:
    context = ChatContext(user_id="u1", session_id="s1")
    assert (context.user_id, context.session_id) == ("u1", "s1")
    assert context.message_history == []
    assert context.user_preferences == {}
    assert context.current_persona is None
    assert context.created_at.tzinfo is not None
    other = ChatContext("u2", "s2")
    other.add_message("user", "hi")
    assert context.message_history == [], "histories are not shared between instances"


def test_chat_context_accepts_an_existing_history() -> None:
    history = [{"role": "user", "content": "earlier"}]
    context = ChatContext("u1", "s1", history)
    assert context.get_recent_messages() == history


def test_add_message_appends_role_content_and_timestamp() -> None:
    context = ChatContext("u1", "s1")
    context.add_message("user", "How do I start?")
    context.add_message("assistant", "Step one.", persona="Elro")
    first, second = context.message_history
    assert first["role"] == "user"
    assert first["content"] == "How do I start?"
    assert "timestamp" in first
    assert second["persona"] == "Elro"


def test_get_recent_messages_returns_the_newest_oldest_first() -> None:
    context = ChatContext("u1", "s1")
    for n in range(8):
        context.add_message("user", f"m{n}")
    assert [m["content"] for m in context.get_recent_messages()] == ["m3", "m4", "m5", "m6", "m7"]
    assert [m["content"] for m in context.get_recent_messages(2)] == ["m6", "m7"]
    assert context.get_recent_messages(0) == []
    assert len(context.get_recent_messages(100)) == 8
    context.get_recent_messages(2).clear()
    assert len(context.message_history) == 8, "the result is a copy"


def test_to_chat_messages_maps_legacy_roles() -> None:
    context = ChatContext("u1", "s1")
    context.add_message("user", "question")
    context.add_message("persona", "answer")
    context.add_message("System", "note")
    context.message_history.append({"role": "user"})  # no content: skipped
    assert context.to_chat_messages() == [
        ChatMessage("user", "question"),
        ChatMessage("assistant", "answer"),
        ChatMessage("system", "note"),
    ]


def test_routing_result_from_decision() -> None:
    decision = Router().route("confused-burst-planning")
    result = RoutingResult.from_decision(decision)
    assert result.primary_persona == decision.primary
    assert result.secondary_persona == decision.secondary
    assert result.confidence == decision.confidence
    assert result.reasoning == decision.reason
    assert result.all_scores == dict(decision.scores)
    assert result.resonance_key == "confused-burst-planning"
    assert json.loads(json.dumps(result.to_dict()))["primary_persona"] == decision.primary


def test_routing_result_positional_legacy_order() -> None:
    result = RoutingResult("Lua", 0.9, "Nana", "because")
    assert (result.primary_persona, result.secondary_persona, result.all_scores) == (
        "Lua",
        "Nana",
        {},
    )


def test_value_objects_to_dict() -> None:
    rhythm = RhythmPattern(3.0, 0.1, 0.5, 0.0, "fast")
    assert rhythm.to_dict()["pace"] == "fast"
    tone = EmotionTone("calm", 0.7)
    assert tone.to_dict() == {
        "primary": "calm",
        "confidence": 0.7,
        "secondary": None,
        "source": "analyzer",
    }
    response = PersonaResponse("text", "Lua", "calm-medium-learning", 0.8, {"a": 1}, 1.5)
    assert json.loads(json.dumps(response.to_dict()))["execution_time_ms"] == 1.5


def test_response_and_context_are_mutable_like_the_legacy_classes() -> None:
    response = PersonaResponse("text", "Lua", "calm-medium-learning", 0.8)
    response.content = "post-processed"
    assert response.metadata == {}
    context = ChatContext("u1", "s1")
    context.current_persona = "Elro"
    context.locale = "ko-KR"  # type: ignore[attr-defined]
    assert context.current_persona == "Elro"
