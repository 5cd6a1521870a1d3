"""Recommendations: which persona fits a scenario, and what each persona is best at."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ..personas import Persona
from .decision import RoutingDecision

__all__ = ["CAPABILITY_THRESHOLD", "Capabilities", "Recommendation", "capabilities", "recommend"]

CAPABILITY_THRESHOLD = 0.8
"""A tone, pace or intent counts as a persona's capability at affinity >= this value."""


@attrs.frozen
class Capabilities:
    """A persona's strengths and the tones, paces and intents it handles best."""

    persona: str
    strengths: tuple[str, ...]
    best_tones: tuple[str, ...]
    best_paces: tuple[str, ...]
    best_intents: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in attrs.asdict(self).items()}


@attrs.frozen
class Recommendation:
    persona: str
    confidence: float
    scores: Mapping[str, float]
    capabilities: Capabilities
    alternatives: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "persona": self.persona,
            "confidence": self.confidence,
            "scores": dict(self.scores),
            "capabilities": self.capabilities.to_dict(),
            "alternatives": list(self.alternatives),
            "reason": self.reason,
        }


def capabilities(persona: Persona, threshold: float = CAPABILITY_THRESHOLD) -> Capabilities:
    """The persona's capabilities: every tone, pace and intent with affinity >= threshold."""

    def best(row: Mapping[Any, float]) -> tuple[str, ...]:
        return tuple(str(k) for k, v in row.items() if v >= threshold)

    a = persona.affinity
    return Capabilities(persona.name, persona.strengths, best(a.tone), best(a.pace), best(a.intent))


def recommend(decision: RoutingDecision, persona: Persona) -> Recommendation:
    """Turn a (topic-blended) routing decision for a scenario into a recommendation."""
    return Recommendation(
        persona=decision.primary,
        confidence=decision.confidence,
        scores=decision.scores,
        capabilities=capabilities(persona),
        alternatives=tuple(name for name in decision.ranking if name != decision.primary),
        reason=decision.reason,
    )
