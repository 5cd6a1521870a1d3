"""ion_mentoring: analyze a message into a resonance key, route it to a mentor persona,
and build the prompt for that persona."""

from __future__ import annotations

from ._version import __version__
from .exceptions import (
    ConfigurationError,
    GenerationError,
    InvalidKeyError,
    IonMentoringError,
    PersonaDefinitionError,
    UnknownPersonaError,
)
from .keys import (
    ALL_KEYS,
    DEFAULT_KEY,
    Intent,
    LenientParse,
    Pace,
    ResonanceKey,
    Tone,
    parse_key,
    parse_key_lenient,
)
from .personas import Persona, PersonaRegistry, default_personas
from .routing import Router, RoutingDecision, RoutingSettings
from .settings import Settings

__all__ = [
    "ALL_KEYS",
    "DEFAULT_KEY",
    "ConfigurationError",
    "GenerationError",
    "Intent",
    "InvalidKeyError",
    "IonMentoringError",
    "LenientParse",
    "Pace",
    "Persona",
    "PersonaDefinitionError",
    "PersonaRegistry",
    "ResonanceKey",
    "Router",
    "RoutingDecision",
    "RoutingSettings",
    "Settings",
    "Tone",
    "UnknownPersonaError",
    "__version__",
    "default_personas",
    "parse_key",
    "parse_key_lenient",
]
