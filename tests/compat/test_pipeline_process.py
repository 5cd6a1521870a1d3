"""PersonaPipeline.process, build_prompt, the new pipeline behind it and the shared instance."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest

from ion_mentoring import ConfigurationError, Router
from ion_mentoring.compat import (
    ChatContext,
    PersonaPipeline,
    PersonaResponse,
    get_legacy_pipeline,
    get_pipeline,
    reset_legacy_pipeline,
    reset_pipeline,
)
from ion_mentoring.mentor import Mentor
from ion_mentoring.prompts import ChatMessage
from tests.compat.conftest import quietly

pytestmark = pytest.mark.filterwarnings("ignore:ion_mentoring.compat:DeprecationWarning")

TEXT = "My deploy keeps failing with a timeout on the migration step. Any ideas?"
ROUTER = Router()


class Recorder:
    """A real, deterministic generator that records what it was asked."""

    def __init__(self) -> None:
        self.calls: list[Sequence[ChatMessage]] = []

    def generate(self, messages: Sequence[ChatMessage]) -> str:
        self.calls.append(messages)
        return f"reply from the model #{len(self.calls)}"


@pytest.fixture(scope="module")
def mentor() -> Mentor:
    return Mentor()


@pytest.fixture
def shared(mentor: Mentor) -> PersonaPipeline:
    return quietly(lambda: PersonaPipeline(mentor))


def test_process_returns_a_legacy_response(shared: PersonaPipeline) -> None:
    response = shared.process(TEXT, "frustrated-burst-problem_solving")
    decision = ROUTER.route("frustrated-burst-problem_solving")
    assert isinstance(response, PersonaResponse)
    assert (
        response.persona_used
        == decision.primary
        == shared.get_persona("frustrated-burst-problem_solving")
    )
    assert response.resonance_key == "frustrated-burst-problem_solving"
    assert response.confidence == decision.confidence
    assert response.execution_time_ms >= 0
    json.dumps(response.to_dict())  # plain JSON types only


def test_content_is_the_rendered_prompt_without_a_generator(shared: PersonaPipeline) -> None:
    response = shared.process(TEXT, "calm-medium-learning")
    assert response.content
    assert TEXT in response.content
    assert response.content.startswith("[system]")
    assert response.metadata["generated"] is False
    messages = response.metadata["messages"]
    assert messages[0]["role"] == "system"
    assert messages[-1]["role"] == "user"


def test_routing_result_in_metadata(shared: PersonaPipeline) -> None:
    response = shared.process(TEXT, "urgent-burst-planning")
    decision = ROUTER.route("urgent-burst-planning")
    routing = response.metadata["routing_result"]
    assert routing["primary_persona"] == response.persona_used
    assert routing["secondary_persona"] == decision.secondary
    assert routing["all_scores"] == dict(decision.scores)
    assert set(routing["all_scores"]) == {"Lua", "Elro", "Riri", "Nana"}
    assert routing["reasoning"] == decision.reason
    assert routing["confidence"] == decision.confidence


def test_persona_is_routed_by_the_key_alone(shared: PersonaPipeline) -> None:
    # Technical text, but a key whose persona is Lua: the legacy API routed by key only.
    response = shared.process(TEXT, "frustrated-burst-seek_advice")
    assert response.persona_used == "Lua"
    assert response.metadata["analysis"]["resonance_key"], "the text was still analyzed"


def test_user_metadata_is_kept_apart(shared: PersonaPipeline) -> None:
    given = {"request_id": "r-1", "routing_result": "mine"}
    response = shared.process(TEXT, "calm-medium-learning", metadata=given)
    assert response.metadata["user_provided_metadata"] == given
    assert isinstance(response.metadata["routing_result"], dict)
    assert shared.process(TEXT, "calm-medium-learning").metadata["user_provided_metadata"] == {}


@pytest.mark.parametrize("empty", ["", "   ", "\n"])
def test_empty_input_is_handled(shared: PersonaPipeline, empty: str) -> None:
    response = shared.process(empty, "calm-medium-learning")
    assert response.content
    assert response.persona_used == ROUTER.route("calm-medium-learning").primary
    assert response.metadata["empty_input"] is True


@pytest.mark.parametrize(
    ("legacy", "canonical"),
    [
        ("curious-flowing-inquiry", "curious-flowing-learning"),
        ("frustrated-burst-expressive", "frustrated-burst-seek_advice"),
        ("frustrated-burst-seeking_advice", "frustrated-burst-seek_advice"),
    ],
)
def test_process_accepts_legacy_keys(shared: PersonaPipeline, legacy: str, canonical: str) -> None:
    response = shared.process(TEXT, legacy)
    assert response.resonance_key == canonical
    assert response.persona_used == ROUTER.route(canonical).primary
    assert response.metadata["original_resonance_key"] == legacy
    assert response.metadata["key_mappings"]
    assert response.metadata["key_fallback"] is False


def test_invalid_key_falls_back_and_says_so(shared: PersonaPipeline) -> None:
    response = shared.process(TEXT, "invalid-key")
    assert response.resonance_key == "calm-medium-learning"
    assert response.metadata["key_fallback"] is True
    assert response.metadata["key_problem"]


def test_context_history_goes_into_the_prompt(shared: PersonaPipeline) -> None:
    context = ChatContext("user-7", "session-3")
    context.add_message("user", "We migrated to Postgres last week.")
    context.add_message("persona", "Good, what changed since?")
    response = shared.process(TEXT, "analytical-medium-problem_solving", context=context)
    roles = [m["role"] for m in response.metadata["messages"]]
    contents = [m["content"] for m in response.metadata["messages"]]
    assert roles == ["system", "user", "assistant", "user"]
    assert "We migrated to Postgres last week." in contents
    assert response.metadata["user_id"] == "user-7"
    assert response.metadata["session_id"] == "session-3"
    assert len(context.message_history) == 2, "the caller's context is not changed"


def test_generator_reply_is_the_content() -> None:
    recorder = Recorder()
    pipeline = quietly(lambda: PersonaPipeline(generator=recorder))
    response = pipeline.process(TEXT, "calm-medium-learning")
    assert response.content == "reply from the model #1"
    assert response.metadata["generated"] is True
    (messages,) = recorder.calls
    assert messages[-1].content.endswith(TEXT)


def test_language_follows_the_input_unless_fixed(shared: PersonaPipeline) -> None:
    korean = shared.process(
        "배포가 계속 실패해요. 어떻게 해야 하죠?", "frustrated-burst-problem_solving"
    )
    assert korean.metadata["language"] == "ko"
    assert shared.process(TEXT, "calm-medium-learning").metadata["language"] == "en"
    english = quietly(lambda: PersonaPipeline(language="en"))
    assert english.process("배포가 실패해요", "calm-medium-learning").metadata["language"] == "en"


def test_build_prompt(shared: PersonaPipeline) -> None:
    prompt = shared.build_prompt(TEXT, "elro")
    assert isinstance(prompt, str)
    assert TEXT in prompt
    assert shared.get_system_prompt("Elro", "en") in prompt


def test_build_prompt_with_context_and_key(shared: PersonaPipeline) -> None:
    context = ChatContext("u", "s")
    context.add_message("user", "Earlier question about indexes.")
    prompt = shared.build_prompt(TEXT, "Riri", context, resonance_key="anxious-fast-validation")
    assert "Earlier question about indexes." in prompt
    assert "anxious" in prompt


def test_build_prompt_unknown_persona(shared: PersonaPipeline) -> None:
    with pytest.raises(ValueError, match="unknown persona"):
        shared.build_prompt(TEXT, "Zed")


def test_prompt_factory_builder_builds(shared: PersonaPipeline) -> None:
    builder = shared.get_prompt_factory().create("Nana")
    prompt = builder.build("팀 일정을 어떻게 맞추죠?")
    assert prompt == shared.build_prompt("팀 일정을 어떻게 맞추죠?", "Nana")


def test_new_pipeline_is_a_mentor(mentor: Mentor, shared: PersonaPipeline) -> None:
    assert shared.get_new_pipeline() is mentor
    own = quietly(PersonaPipeline)
    created = own.get_new_pipeline()
    assert isinstance(created, Mentor)
    assert own.get_new_pipeline() is created
    assert created.process(TEXT).prompt.messages


def test_mentor_and_generator_are_exclusive(mentor: Mentor) -> None:
    with pytest.raises(ConfigurationError, match="either a mentor"):
        quietly(lambda: PersonaPipeline(mentor, generator=Recorder()))


def test_legacy_pipeline_is_a_shared_singleton() -> None:
    first = get_legacy_pipeline()
    assert isinstance(first, PersonaPipeline)
    assert get_legacy_pipeline() is first
    assert get_pipeline() is first
    reset_legacy_pipeline()
    second = get_legacy_pipeline()
    assert second is not first
    reset_pipeline()
    assert get_pipeline() is not second


def test_shared_pipeline_processes() -> None:
    response = get_pipeline().process(
        "Let's plan the sprint together", "collaborative-medium-planning"
    )
    assert response.persona_used == "Nana"
    assert response.content
