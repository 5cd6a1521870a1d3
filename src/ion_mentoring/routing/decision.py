"""The routing decision: who answers, how sure, and why."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ..keys import ResonanceKey


@attrs.frozen
class Contribution:
    """One persona's score broken down by factor (already weighted)."""

    tone: float
    pace: float
    intent: float
    topic: float
    total: float

    def to_dict(self) -> dict[str, float]:
        return attrs.asdict(self)


@attrs.frozen
class RoutingDecision:
    """Which persona answers a key, with every score and the reasoning behind it."""

    key: ResonanceKey
    primary: str
    secondary: str | None
    confidence: float
    scores: Mapping[str, float]
    """Final score of every persona (after any topic blending)."""
    contributions: Mapping[str, Contribution]
    ranking: tuple[str, ...]
    """Personas from best to worst score, ties broken by the documented rule."""
    reason: str
    topic_weight: float = 0.0
    """Topic weight actually applied (0 when no topic evidence was given)."""
    forced: bool = False
    fallback: bool = False
    sticky: bool = False
    """True when the session's current persona was kept by hysteresis."""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types."""
        return {
            "resonance_key": str(self.key),
            "primary": self.primary,
            "secondary": self.secondary,
            "confidence": self.confidence,
            "scores": dict(self.scores),
            "contributions": {p: c.to_dict() for p, c in self.contributions.items()},
            "ranking": list(self.ranking),
            "reason": self.reason,
            "topic_weight": self.topic_weight,
            "forced": self.forced,
            "fallback": self.fallback,
            "sticky": self.sticky,
        }
