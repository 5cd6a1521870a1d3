"""ion_mentoring: analyze a message into a resonance key, route it to a mentor persona,
and build the prompt for that persona."""

from __future__ import annotations

from ._version import __version__
from .analysis import Analysis, Analyzer, analyze
from .exceptions import (
    AnalysisInputError,
    CacheError,
    ConfigurationError,
    GenerationError,
    InvalidKeyError,
    IonMentoringError,
    LexiconError,
    PersonaDefinitionError,
    StoreError,
    UnknownPersonaError,
)
from .generation import AsyncGenerator, Generator, OpenAICompatibleGenerator
from .keys import (
    ALL_KEYS,
    DEFAULT_KEY,
    Intent,
    LenientParse,
    Pace,
    ResonanceKey,
    Tone,
    key_of,
    parse_key,
    parse_key_lenient,
)
from .mentor import Mentor, MentorResponse, MultiPersonaResponse, Timings
from .personas import Persona, PersonaRegistry, default_personas
from .prompts import ChatMessage, Prompt, PromptBuilder
from .routing import FactorWeights, Recommendation, Router, RoutingDecision, RoutingSettings
from .settings import Settings

__all__ = [
    "ALL_KEYS",
    "DEFAULT_KEY",
    "Analysis",
    "AnalysisInputError",
    "Analyzer",
    "AsyncGenerator",
    "CacheError",
    "ChatMessage",
    "ConfigurationError",
    "FactorWeights",
    "GenerationError",
    "Generator",
    "Intent",
    "InvalidKeyError",
    "IonMentoringError",
    "LenientParse",
    "LexiconError",
    "Mentor",
    "MentorResponse",
    "MultiPersonaResponse",
    "OpenAICompatibleGenerator",
    "Pace",
    "Persona",
    "PersonaDefinitionError",
    "PersonaRegistry",
    "Prompt",
    "PromptBuilder",
    "Recommendation",
    "ResonanceKey",
    "Router",
    "RoutingDecision",
    "RoutingSettings",
    "Settings",
    "StoreError",
    "Timings",
    "Tone",
    "UnknownPersonaError",
    "__version__",
    "analyze",
    "default_personas",
    "key_of",
    "parse_key",
    "parse_key_lenient",
]
