"""Persona texts, configs and the legacy helper objects of the pipeline."""

from __future__ import annotations

import string

import pytest

from ion_mentoring import Router, UnknownPersonaError, default_personas
from ion_mentoring.compat import PersonaConfig, PersonaPipeline
from tests.compat.conftest import quietly

NAMES = ["Lua", "Elro", "Riri", "Nana"]
REGISTRY = default_personas()


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("name", NAMES)
def test_system_prompt_is_the_personas_korean_system_text(
    pipeline: PersonaPipeline, name: str
) -> None:
    assert pipeline.get_system_prompt(name) == REGISTRY.get(name).texts("ko").system
    assert pipeline.get_system_prompt(name.lower()) == pipeline.get_system_prompt(name)
    assert pipeline.get_system_prompt(name, "en") == REGISTRY.get(name).texts("en").system


def test_pipeline_language_selects_the_texts() -> None:
    english = quietly(lambda: PersonaPipeline(language="en"))
    assert english.get_system_prompt("Lua") == REGISTRY.get("Lua").texts("en").system


def test_unknown_language_is_rejected() -> None:
    with pytest.raises(ValueError, match="allowed: ko, en"):
        quietly(lambda: PersonaPipeline(language="fr"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "method",
    ["get_system_prompt", "get_user_prompt_template", "get_persona_config"],
)
def test_unknown_persona_raises_value_error(pipeline: PersonaPipeline, method: str) -> None:
    with pytest.raises(ValueError, match="unknown persona 'Zed'") as info:
        getattr(pipeline, method)("Zed")
    assert isinstance(info.value.__cause__, UnknownPersonaError)
    assert "Lua, Elro, Riri, Nana" in str(info.value)


@pytest.mark.parametrize("name", NAMES)
def test_user_prompt_template_has_placeholders(pipeline: PersonaPipeline, name: str) -> None:
    template = pipeline.get_user_prompt_template(name)
    assert "{" in template
    assert "message" in _fields(template)
    assert template == REGISTRY.get(name).texts("ko").user


@pytest.mark.parametrize("name", NAMES)
def test_persona_config(pipeline: PersonaPipeline, name: str) -> None:
    persona = REGISTRY.get(name)
    config = pipeline.get_persona_config(name.upper())
    assert config["name"] == name
    assert config["traits"] == list(persona.traits)
    assert config["strengths"] == list(persona.strengths)
    assert config["description"] == persona.description
    assert config["korean_name"] == persona.korean_name
    assert config == PersonaConfig.from_persona(persona).to_dict()


def test_spec_traits_and_strengths(pipeline: PersonaPipeline) -> None:
    assert pipeline.get_persona_config("Lua")["traits"] == ["empathetic", "creative", "flexible"]
    assert "data_interpretation" in pipeline.get_persona_config("Riri")["strengths"]


def test_available_personas(pipeline: PersonaPipeline) -> None:
    assert pipeline.get_available_personas() == NAMES


def test_get_personas_gives_four_objects_with_generate_system_prompt(
    pipeline: PersonaPipeline,
) -> None:
    personas = pipeline.get_personas()
    assert list(personas) == NAMES
    for name, persona in personas.items():
        assert persona.name == name
        assert persona.generate_system_prompt() == pipeline.get_system_prompt(name)
        assert persona.generate_system_prompt("en") == REGISTRY.get(name).texts("en").system
        assert persona.traits == list(REGISTRY.get(name).traits)
        assert persona.korean_name == REGISTRY.get(name).korean_name


def test_prompt_factory_creates_builders_with_templates(pipeline: PersonaPipeline) -> None:
    factory = pipeline.get_prompt_factory()
    builder = factory.create("elro")
    assert builder.persona == "Elro"
    assert builder.get_template() == pipeline.get_user_prompt_template("Elro")
    assert callable(builder.build)
    with pytest.raises(ValueError, match="unknown persona"):
        factory.create("Zed")


def test_get_router_is_the_core_router(pipeline: PersonaPipeline) -> None:
    router = pipeline.get_router()
    assert isinstance(router, Router)
    assert router.route("calm-medium-learning") == Router().route("calm-medium-learning")


def test_migration_guide_names_the_new_calls(pipeline: PersonaPipeline) -> None:
    guide = pipeline.migrate_to_new_api()
    for name in ("get_pipeline", "Mentor", "Router().route", "parse_key_lenient", "analyze"):
        assert name in guide


def test_deprecation_warning_text_starts_with_a_warning_line(pipeline: PersonaPipeline) -> None:
    text = pipeline.get_deprecation_warning()
    first, *rest = text.splitlines()
    assert first.startswith("WARNING")
    assert rest
    assert "docs/migration.md" in text
