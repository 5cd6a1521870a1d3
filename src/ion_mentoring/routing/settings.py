"""Routing settings: factor weights, topic blending, fallback and hysteresis."""

from __future__ import annotations

import attrs

from ..exceptions import ConfigurationError

__all__ = [
    "DEFAULT_CONFIDENCE_THRESHOLD",
    "DEFAULT_FALLBACK_PERSONA",
    "DEFAULT_HYSTERESIS_MARGIN",
    "DEFAULT_TOPIC_WEIGHT",
    "FactorWeights",
    "RoutingSettings",
]

DEFAULT_TOPIC_WEIGHT = 0.6
"""Share of the final score taken by topic evidence when a message's text is available."""
DEFAULT_CONFIDENCE_THRESHOLD = 0.5
"""Below this confidence the fallback persona answers (no default key falls below it)."""
DEFAULT_FALLBACK_PERSONA = "Lua"
DEFAULT_HYSTERESIS_MARGIN = 0.05
"""A challenger must beat the session's current persona by at least this much to take over."""


def _unit(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ConfigurationError(f"{attribute.name} must lie in [0, 1], got {value}")


@attrs.frozen
class FactorWeights:
    """Weights of tone, pace and intent in a key's score (SPEC §5: 0.5, 0.3, 0.2)."""

    tone: float = attrs.field(default=0.5, validator=_unit)
    pace: float = attrs.field(default=0.3, validator=_unit)
    intent: float = attrs.field(default=0.2, validator=_unit)

    def __attrs_post_init__(self) -> None:
        total = self.tone + self.pace + self.intent
        if abs(total - 1.0) > 1e-9:
            raise ConfigurationError(f"factor weights must sum to 1, got {total}")


@attrs.frozen
class RoutingSettings:
    """Every routing knob; the defaults reproduce SPEC §5."""

    weights: FactorWeights = FactorWeights()
    topic_weight: float = attrs.field(default=DEFAULT_TOPIC_WEIGHT, validator=_unit)
    confidence_threshold: float = attrs.field(default=DEFAULT_CONFIDENCE_THRESHOLD, validator=_unit)
    fallback_persona: str = DEFAULT_FALLBACK_PERSONA
    hysteresis_margin: float = attrs.field(default=DEFAULT_HYSTERESIS_MARGIN, validator=_unit)
