"""Legacy persona and prompt-factory objects, as views over the core registry and builder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..exceptions import UnknownPersonaError
from ..personas import Language, Persona, PersonaRegistry

if TYPE_CHECKING:
    from .models import ChatContext
    from .pipeline import PersonaPipeline

__all__ = ["LegacyPersona", "PersonaPromptBuilder", "PromptFactory", "lookup_persona"]


def lookup_persona(registry: PersonaRegistry, name: str) -> Persona:
    """The persona called `name` (case-insensitive); `ValueError` as the legacy API raised."""
    try:
        return registry.get(name)
    except UnknownPersonaError as exc:
        raise ValueError(str(exc)) from exc


class LegacyPersona:
    """A legacy persona object: the core `Persona` plus `generate_system_prompt()`."""

    def __init__(self, persona: Persona, language: Language) -> None:
        self.persona = persona
        self.language = language

    @property
    def name(self) -> str:
        return self.persona.name

    @property
    def korean_name(self) -> str:
        return self.persona.korean_name

    @property
    def role(self) -> str:
        return self.persona.role

    @property
    def description(self) -> str:
        return self.persona.description

    @property
    def traits(self) -> list[str]:
        return list(self.persona.traits)

    @property
    def strengths(self) -> list[str]:
        return list(self.persona.strengths)

    def generate_system_prompt(self, language: Language | None = None) -> str:
        """The persona's system prompt."""
        return self.persona.texts(language or self.language).system

    def __repr__(self) -> str:
        return f"LegacyPersona({self.persona.name!r})"


class PersonaPromptBuilder:
    """A legacy per-persona prompt builder, delegating to `PersonaPipeline.build_prompt`."""

    def __init__(self, pipeline: PersonaPipeline, persona: str) -> None:
        self.pipeline = pipeline
        self.persona = persona

    def build(
        self,
        user_input: str,
        resonance_key: str | None = None,
        context: ChatContext | None = None,
    ) -> str:
        """The rendered prompt for `user_input` (key from analysis unless given)."""
        return self.pipeline.build_prompt(
            user_input, self.persona, context, resonance_key=resonance_key
        )

    def get_template(self) -> str:
        """The persona's user-prompt template (with `{message}`-style placeholders)."""
        return self.pipeline.get_user_prompt_template(self.persona)


class PromptFactory:
    """Legacy prompt factory: `create(persona)` returns that persona's prompt builder."""

    def __init__(self, pipeline: PersonaPipeline) -> None:
        self.pipeline = pipeline

    def create(self, persona: str) -> PersonaPromptBuilder:
        name = lookup_persona(self.pipeline.registry, persona).name
        return PersonaPromptBuilder(self.pipeline, name)
