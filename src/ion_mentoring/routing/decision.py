"""The routing decision: who answers, how sure, and why."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import attrs

from ..keys import ResonanceKey


class Contribution(NamedTuple):
    """One persona's score broken down by factor (already weighted).

    A named tuple rather than an attrs class: routing builds several per message.
    """

    tone: float
    pace: float
    intent: float
    topic: float
    total: float

    def to_dict(self) -> dict[str, float]:
        return {name: round(value, 6) for name, value in zip(self._fields, self, strict=True)}


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
    notes: tuple[str, ...] = ()
    """What changed the plain ranking: a forced persona, hysteresis, a fallback."""
    topic_weight: float = 0.0
    """Topic weight actually applied (0 when no topic evidence was given)."""
    forced: bool = False
    fallback: bool = False
    sticky: bool = False
    """True when the session's current persona was kept by hysteresis."""

    @property
    def reason(self) -> str:
        """A readable explanation: the winner's factors, the runner-up and any notes."""
        c = self.contributions[self.primary]
        key = self.key
        topic = (
            f", topic {c.topic:.3f} at weight {self.topic_weight:.2f}" if self.topic_weight else ""
        )
        parts = [
            f"{self.primary} scores {c.total:.3f} for {key} (tone {key.tone} {c.tone:.3f}, "
            f"pace {key.pace} {c.pace:.3f}, intent {key.intent} {c.intent:.3f}{topic})"
        ]
        if self.secondary is not None:
            parts.append(
                f"runner-up {self.secondary} {self.contributions[self.secondary].total:.3f}"
            )
        parts.extend(self.notes)
        return "; ".join(parts) + "."

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
            "notes": list(self.notes),
            "topic_weight": self.topic_weight,
            "forced": self.forced,
            "fallback": self.fallback,
            "sticky": self.sticky,
        }
