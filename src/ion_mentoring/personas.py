"""Mentor personas as data: texts, traits and affinity rows, in an immutable registry."""

from __future__ import annotations

import hashlib
import json
import string
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any, Literal

import attrs

from .exceptions import PersonaDefinitionError, UnknownPersonaError
from .keys import Intent, Pace, Tone

__all__ = [
    "Affinity",
    "Language",
    "Persona",
    "PersonaRegistry",
    "PromptTexts",
    "default_personas",
]

Language = Literal["ko", "en"]
LANGUAGES: tuple[Language, ...] = ("ko", "en")
TEMPLATE_FIELDS = ("message", "tone", "pace", "intent")
"""Placeholders a user template may use."""


def _check_row(values: Mapping[str, float], allowed: list[str], part: str) -> None:
    unknown = sorted(set(map(str, values)) - set(allowed))
    if unknown:
        raise PersonaDefinitionError(
            f"unknown {part} {unknown} in affinity row; allowed: {', '.join(allowed)}"
        )
    missing = [v for v in allowed if v not in values]
    if missing:
        raise PersonaDefinitionError(f"affinity row lacks {part} values: {', '.join(missing)}")
    bad = {k: v for k, v in values.items() if not 0.0 <= float(v) <= 1.0}
    if bad:
        raise PersonaDefinitionError(f"{part} affinities must lie in [0, 1]: {bad}")


def _tone_row(values: Mapping[str, float]) -> Mapping[Tone, float]:
    _check_row(values, [t.value for t in Tone], "tone")
    return {Tone(k): float(v) for k, v in values.items()}


def _pace_row(values: Mapping[str, float]) -> Mapping[Pace, float]:
    _check_row(values, [p.value for p in Pace], "pace")
    return {Pace(k): float(v) for k, v in values.items()}


def _intent_row(values: Mapping[str, float]) -> Mapping[Intent, float]:
    _check_row(values, [i.value for i in Intent], "intent")
    return {Intent(k): float(v) for k, v in values.items()}


def _str_tuple(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _tone_tuple(values: Iterable[str]) -> tuple[Tone, ...]:
    return tuple(Tone(v) for v in values)


def _persona_tuple(values: Iterable[Persona]) -> tuple[Persona, ...]:
    return tuple(values)


@attrs.frozen
class Affinity:
    """How well a persona fits each tone, pace and intent (each value in [0, 1])."""

    tone: Mapping[Tone, float] = attrs.field(converter=_tone_row)
    pace: Mapping[Pace, float] = attrs.field(converter=_pace_row)
    intent: Mapping[Intent, float] = attrs.field(converter=_intent_row)

    def to_dict(self) -> dict[str, dict[str, float]]:
        return {
            "tone": {k.value: v for k, v in self.tone.items()},
            "pace": {k.value: v for k, v in self.pace.items()},
            "intent": {k.value: v for k, v in self.intent.items()},
        }


@attrs.frozen
class PromptTexts:
    """A persona's system prompt and user-turn template (placeholders: message, tone, pace,
    intent) in one language."""

    system: str
    user: str = attrs.field()

    @user.validator
    def _placeholders(self, _attribute: object, value: str) -> None:
        try:
            fields = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
        except ValueError as exc:
            raise PersonaDefinitionError(f"malformed user template: {exc}") from exc
        unknown = sorted(fields - set(TEMPLATE_FIELDS))
        if unknown:
            raise PersonaDefinitionError(
                f"unknown placeholders {unknown} in user template; allowed: "
                + ", ".join(TEMPLATE_FIELDS)
            )
        if "message" not in fields:
            raise PersonaDefinitionError("a user template must contain the {message} placeholder")


@attrs.frozen
class Persona:
    """One mentor persona."""

    name: str
    korean_name: str
    role: str
    description: str
    traits: tuple[str, ...] = attrs.field(converter=_str_tuple)
    strengths: tuple[str, ...] = attrs.field(converter=_str_tuple)
    preferred_tones: tuple[Tone, ...] = attrs.field(converter=_tone_tuple)
    prompt_style: str
    affinity: Affinity
    prompts: Mapping[Language, PromptTexts] = attrs.field()

    @prompts.validator
    def _both_languages(self, _attribute: object, value: Mapping[str, PromptTexts]) -> None:
        missing = [lang for lang in LANGUAGES if lang not in value]
        if missing:
            raise PersonaDefinitionError(f"persona {self.name!r} lacks prompts for {missing}")

    def texts(self, language: Language) -> PromptTexts:
        return self.prompts[language]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Persona:
        """Build a persona from plain data (the format of the bundled personas.json)."""
        try:
            affinity = Affinity(**data["affinity"])
            prompts = {lang: PromptTexts(**texts) for lang, texts in dict(data["prompts"]).items()}
            return cls(
                name=data["name"],
                korean_name=data.get("korean_name", data["name"]),
                role=data.get("role", ""),
                description=data.get("description", ""),
                traits=data.get("traits", ()),
                strengths=data.get("strengths", ()),
                preferred_tones=data.get("preferred_tones", ()),
                prompt_style=data.get("prompt_style", "plain"),
                affinity=affinity,
                prompts=prompts,
            )
        except KeyError as exc:
            raise PersonaDefinitionError(f"persona definition lacks field {exc.args[0]!r}") from exc
        except (TypeError, ValueError) as exc:
            if isinstance(exc, PersonaDefinitionError):
                raise
            raise PersonaDefinitionError(f"invalid persona definition: {exc}") from exc

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "korean_name": self.korean_name,
            "role": self.role,
            "description": self.description,
            "traits": list(self.traits),
            "strengths": list(self.strengths),
            "preferred_tones": [t.value for t in self.preferred_tones],
            "prompt_style": self.prompt_style,
            "affinity": self.affinity.to_dict(),
            "prompts": {
                lang: {"system": t.system, "user": t.user} for lang, t in self.prompts.items()
            },
        }


@attrs.frozen
class PersonaRegistry:
    """An immutable, ordered set of personas; `with_*` methods return a changed copy.

    Order matters: it is the last tie-break of routing (see `ion_mentoring.routing`).
    """

    personas: tuple[Persona, ...] = attrs.field(converter=_persona_tuple)
    _by_lower: Mapping[str, Persona] = attrs.field(init=False, repr=False, eq=False)
    version: str = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if not self.personas:
            raise PersonaDefinitionError("a persona registry needs at least one persona")
        by_lower = {p.name.lower(): p for p in self.personas}
        if len(by_lower) != len(self.personas):
            raise PersonaDefinitionError("persona names must be unique (case-insensitively)")
        object.__setattr__(self, "_by_lower", by_lower)
        blob = json.dumps([p.to_dict() for p in self.personas], sort_keys=True).encode()
        object.__setattr__(self, "version", hashlib.sha256(blob).hexdigest()[:12])

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.personas)

    def __iter__(self) -> Iterator[Persona]:
        return iter(self.personas)

    def __len__(self) -> int:
        return len(self.personas)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._by_lower

    def get(self, name: str) -> Persona:
        """The persona called `name` (case-insensitive); `UnknownPersonaError` otherwise."""
        persona = self._by_lower.get(name.lower()) if isinstance(name, str) else None
        if persona is None:
            raise UnknownPersonaError(str(name), self.names)
        return persona

    def with_persona(self, persona: Persona | Mapping[str, Any]) -> PersonaRegistry:
        """Add a persona, or replace the one with the same name."""
        if not isinstance(persona, Persona):
            persona = Persona.from_dict(persona)
        kept = [p for p in self.personas if p.name.lower() != persona.name.lower()]
        if len(kept) == len(self.personas):
            return PersonaRegistry((*self.personas, persona))
        return PersonaRegistry(
            persona if p.name.lower() == persona.name.lower() else p for p in self.personas
        )

    def without(self, name: str) -> PersonaRegistry:
        """Remove a persona."""
        self.get(name)
        return PersonaRegistry(p for p in self.personas if p.name.lower() != name.lower())

    def with_texts(
        self, name: str, language: Language, *, system: str | None = None, user: str | None = None
    ) -> PersonaRegistry:
        """Override a persona's system prompt and/or user template in one language."""
        persona = self.get(name)
        old = persona.prompts.get(language) or persona.prompts["en"]
        texts = PromptTexts(system=system or old.system, user=user or old.user)
        prompts = {**persona.prompts, language: texts}
        return self.with_persona(attrs.evolve(persona, prompts=prompts))

    @classmethod
    def from_dicts(cls, items: Iterable[Mapping[str, Any]]) -> PersonaRegistry:
        return cls(Persona.from_dict(item) for item in items)


@cache
def default_personas() -> PersonaRegistry:
    """The four built-in personas (Lua, Elro, Riri, Nana) from the bundled data file."""
    text = resources.files("ion_mentoring").joinpath("data/personas.json").read_text("utf-8")
    return PersonaRegistry.from_dicts(json.loads(text)["personas"])
