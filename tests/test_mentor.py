from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from ion_mentoring import ConfigurationError, InvalidKeyError, Router, UnknownPersonaError
from ion_mentoring.cache import MemoryCache
from ion_mentoring.mentor import Mentor
from ion_mentoring.prompts import ChatMessage
from ion_mentoring.store import RecordWriter, Store

TEXT = "My deploy keeps failing with a timeout on the database migration step. Any ideas?"


class Recorder:
    """A real, deterministic generator that records what it was asked."""

    def __init__(self) -> None:
        self.calls: list[Sequence[ChatMessage]] = []

    def generate(self, messages: Sequence[ChatMessage]) -> str:
        self.calls.append(messages)
        return f"reply #{len(self.calls)}"


class AsyncRecorder:
    def __init__(self) -> None:
        self.calls = 0

    async def agenerate(self, messages: Sequence[ChatMessage]) -> str:
        self.calls += 1
        return "async reply"


@pytest.fixture(scope="module")
def mentor() -> Mentor:
    return Mentor()


def test_process_analyzes_routes_and_builds_the_prompt(mentor: Mentor) -> None:
    response = mentor.process(TEXT)
    assert response.analysis is not None
    assert response.key == response.analysis.key
    expected = Router().route(response.key, topic=response.analysis.topic)
    assert response.decision == expected
    assert response.prompt.persona == response.persona
    assert response.prompt.messages[-1].content.endswith(TEXT)
    assert response.content is None
    assert response.cache == "miss"
    assert response.timings.total_ms > 0
    json.dumps(response.to_dict())  # plain JSON types only


def test_explicit_key_without_text(mentor: Mentor) -> None:
    response = mentor.process(key="analytical-medium-learning")
    assert response.analysis is None
    assert response.decision == Router().route("analytical-medium-learning")
    with pytest.raises(InvalidKeyError, match="intent"):
        mentor.process("hi", key="calm-medium-dancing")


def test_forced_persona_and_language(mentor: Mentor) -> None:
    response = mentor.process(TEXT, persona="nana", language="ko")
    assert response.persona == "Nana" and response.decision.forced
    assert "나나" in response.prompt.messages[0].content
    with pytest.raises(UnknownPersonaError):
        mentor.process(TEXT, persona="Zed")
    with pytest.raises(ConfigurationError, match="language"):
        mentor.process(TEXT, language="fr")


def test_korean_input_gets_a_korean_prompt(mentor: Mentor) -> None:
    response = mentor.process("배포가 계속 실패해요. 어떻게 해결하면 좋을까요?")
    assert response.prompt.language == "ko"


def test_generator_is_called_sync_and_async() -> None:
    recorder = Recorder()
    mentor = Mentor(generator=recorder)
    assert mentor.process(TEXT).content == "reply #1"
    assert recorder.calls[0][0].role == "system"


async def test_aprocess_matches_process() -> None:
    mentor = Mentor(generator=AsyncRecorder())
    sync = Mentor().process(TEXT)
    response = await mentor.aprocess(TEXT)
    assert response.decision == sync.decision
    assert response.prompt == sync.prompt
    assert response.content == "async reply"


def test_cache_tiers_are_reported_and_can_be_bypassed() -> None:
    mentor = Mentor(cache=MemoryCache(maxsize=100, ttl=60))
    first = mentor.process(TEXT)
    second = mentor.process(TEXT)
    assert (first.cache, second.cache) == ("miss", "l1")
    assert second.decision == first.decision and second.prompt == first.prompt
    assert mentor.process(TEXT, use_cache=False).cache == "miss"
    assert mentor.process(TEXT + " ").cache == "miss"  # a different request


async def test_async_cache_path() -> None:
    mentor = Mentor(cache=MemoryCache(maxsize=100, ttl=60))
    assert (await mentor.aprocess(TEXT)).cache == "miss"
    assert (await mentor.aprocess(TEXT)).cache == "l1"


def test_history_reaches_the_prompt(mentor: Mentor) -> None:
    history = [
        {"role": "user", "content": "earlier question"},
        {"role": "assistant", "content": "earlier answer"},
    ]
    response = mentor.process(TEXT, history=history)
    contents = [m.content for m in response.prompt.messages]
    assert "earlier question" in contents and "earlier answer" in contents


def test_sessions_are_stored_and_reloaded(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    store.migrate()
    mentor = Mentor(store=store, generator=Recorder())
    mentor.process("I feel stuck and unmotivated lately.", session_id="s1")
    second = mentor.process("What should I try first?", session_id="s1")
    contents = [m.content for m in second.prompt.messages]
    assert "I feel stuck and unmotivated lately." in contents
    assert "reply #1" in contents
    state = store.load_session("s1")
    assert state is not None and len(state.history) == 4
    assert state.current_persona == second.persona
    store.close()


def test_routing_records_are_written(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    store.migrate()
    writer = RecordWriter(store, flush_interval=0.05)
    mentor = Mentor(store=store, record_writer=writer, instance_name="test-1")
    for _ in range(5):
        mentor.process(TEXT)
    writer.flush(5.0)
    assert store.count_records() == 5
    mentor.close()


def test_recommend_and_multi_persona(mentor: Mentor) -> None:
    rec = mentor.recommend("We need to measure our error rate and compare it week over week")
    assert rec.persona in {"Lua", "Elro", "Riri", "Nana"}
    assert set(rec.scores) == {"Lua", "Elro", "Riri", "Nana"}
    multi = Mentor(generator=Recorder()).process_multi(
        "Design the REST API architecture for billing and align the team on the rollout schedule",
        force_multi=True,
    )
    assert multi.chain.is_multi
    assert len(multi.prompts) == len(multi.chain.steps) == len(multi.replies)
    assert multi.content is not None and all(r and r in multi.content for r in multi.replies)
    json.dumps(multi.to_dict())


def test_non_string_text_is_a_clear_error(mentor: Mentor) -> None:
    with pytest.raises(ConfigurationError, match="text must be a string"):
        mentor.process(42)  # type: ignore[arg-type]


def test_from_settings_embedded_defaults(tmp_path: Path) -> None:
    from ion_mentoring import Settings

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'e.db'}", instance_name="x")
    mentor = Mentor.from_settings(settings)
    try:
        assert mentor.cache is not None and mentor.store is not None
        assert mentor.process(TEXT).cache == "miss"
        assert mentor.process(TEXT).cache == "l1"
        assert mentor.store.verify(mentor.router).ok
    finally:
        mentor.close()
