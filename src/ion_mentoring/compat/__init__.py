"""The legacy Python API (SPEC §11) as thin, deprecated adapters over the new core.

Every class here warns once (`DeprecationWarning`) and names its replacement; see
docs/migration.md for the call-by-call mapping.
"""

from __future__ import annotations

from .converter import ResonanceConverter
from .models import (
    ChatContext,
    EmotionTone,
    Intent,
    Pace,
    PersonaConfig,
    PersonaResponse,
    RhythmPattern,
    RoutingResult,
    Tone,
)
from .pipeline import (
    PersonaPipeline,
    get_legacy_pipeline,
    get_pipeline,
    reset_legacy_pipeline,
    reset_pipeline,
)
from .router import PersonaRouter

__all__ = [
    "ChatContext",
    "EmotionTone",
    "Intent",
    "Pace",
    "PersonaConfig",
    "PersonaPipeline",
    "PersonaResponse",
    "PersonaRouter",
    "ResonanceConverter",
    "RhythmPattern",
    "RoutingResult",
    "Tone",
    "get_legacy_pipeline",
    "get_pipeline",
    "reset_legacy_pipeline",
    "reset_pipeline",
]
