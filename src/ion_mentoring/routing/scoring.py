"""Pure scoring: SPEC §5 key scores, topic blending, ranking with a deterministic tie-break.

Tie-break (documented rule): personas are ranked by final score (rounded to 9 decimals, so
float noise cannot split a tie); equal scores are ordered by the tone contribution (the
heaviest factor, so the persona that fits the writer's feeling wins), then by the intent
contribution, then by the persona's position in the registry (Lua, Elro, Riri, Nana for
the built-ins).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..keys import ResonanceKey
from ..personas import PersonaRegistry
from .decision import Contribution
from .settings import FactorWeights

__all__ = [
    "blend_topic",
    "confidence",
    "key_contributions",
    "normalize_topic",
    "quantize",
    "rank",
    "rank_in_tie_order",
    "tie_order",
]


def key_contributions(
    key: ResonanceKey, registry: PersonaRegistry, weights: FactorWeights
) -> dict[str, Contribution]:
    """Weighted tone/pace/intent contributions of every persona for one key."""
    out: dict[str, Contribution] = {}
    for persona in registry:
        affinity = persona.affinity
        tone = weights.tone * affinity.tone[key.tone]
        pace = weights.pace * affinity.pace[key.pace]
        intent = weights.intent * affinity.intent[key.intent]
        out[persona.name] = Contribution(tone, pace, intent, 0.0, tone + pace + intent)
    return out


def normalize_topic(topic: Mapping[str, float], names: tuple[str, ...]) -> dict[str, float] | None:
    """Scale evidence to [0, 1] by its maximum; None when there is no positive evidence."""
    values = [topic.get(name, 0.0) for name in names]
    top = max(values, default=0.0)
    if not top > 0.0:  # also rejects NaN
        return None
    return {
        name: value / top if value > 0.0 else 0.0 for name, value in zip(names, values, strict=True)
    }


def blend_topic(
    contributions: Mapping[str, Contribution], topic: Mapping[str, float], weight: float
) -> dict[str, Contribution]:
    """final = (1 - weight) * key score + weight * normalized topic evidence."""
    keep = 1.0 - weight
    return {
        name: Contribution(
            keep * c.tone, keep * c.pace, keep * c.intent, part, keep * c.total + part
        )
        for name, c in contributions.items()
        for part in (weight * topic.get(name, 0.0),)
    }


def tie_order(contributions: Mapping[str, Contribution], order: tuple[str, ...]) -> tuple[str, ...]:
    """Personas ordered by the tie-break alone: tone contribution, intent, registry position.

    Blending scales every tone and intent contribution by the same factor, so a key's tie
    order is the same with or without topic evidence (the router precomputes it per key).
    """
    position = {name: n for n, name in enumerate(order)}
    return tuple(
        sorted(
            contributions,
            key=lambda name: (
                -quantize(contributions[name].tone),
                -quantize(contributions[name].intent),
                position[name],
            ),
        )
    )


def rank_in_tie_order(
    contributions: Mapping[str, Contribution], ties: tuple[str, ...]
) -> tuple[str, ...]:
    """Best first by total score; the stable sort keeps `ties` order among equal scores."""
    # quantize() inlined: this runs for every routed message.
    return tuple(sorted(ties, key=lambda name: -int(contributions[name].total * 1e9 + 0.5)))


def rank(contributions: Mapping[str, Contribution], order: tuple[str, ...]) -> tuple[str, ...]:
    """Persona names best first, using the module's documented tie-break."""
    return rank_in_tie_order(contributions, tie_order(contributions, order))


def quantize(value: float, scale: float = 1e9) -> int:
    """Round a non-negative score to an integer number of `1/scale` units (fast `round`)."""
    return int(value * scale + 0.5)


def confidence(top: float, second: float) -> float:
    """clamp(0.7 * top + 0.3 * (top - second), 0, 1)."""
    value = 0.7 * top + 0.3 * (top - second)
    return min(1.0, max(0.0, value))
