"""Legacy value objects: rhythm, tone, routing result, response, persona config, chat context."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal

import attrs

from ..keys import Intent, Pace, Tone
from ..personas import Persona
from ..prompts import ChatMessage
from ..routing import RoutingDecision
from ._warnings import warn_deprecated

__all__ = [
    "ChatContext",
    "EmotionTone",
    "Intent",
    "LegacyPace",
    "Pace",
    "PersonaConfig",
    "PersonaResponse",
    "RhythmPattern",
    "RoutingResult",
    "Tone",
]

LegacyPace = Literal["fast", "medium", "slow"]


def _float_dict(values: Mapping[str, float]) -> dict[str, float]:
    return {str(k): float(v) for k, v in values.items()}


@attrs.frozen
class RhythmPattern:
    """Legacy rhythm metrics of a text (see `ResonanceConverter.analyze_rhythm`)."""

    avg_sentence_length: float
    punctuation_density: float
    question_ratio: float
    exclamation_ratio: float
    pace: LegacyPace

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class EmotionTone:
    """Legacy tone detection result; `source` says who detected it (`analyzer` or `client`)."""

    primary: str
    confidence: float
    secondary: str | None = None
    source: str = "analyzer"

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class RoutingResult:
    """Legacy routing result: a view of a core `RoutingDecision`."""

    primary_persona: str
    confidence: float
    secondary_persona: str | None
    reasoning: str
    all_scores: dict[str, float] = attrs.field(factory=dict, converter=_float_dict)
    resonance_key: str = ""
    """The canonical key that was routed."""

    @classmethod
    def from_decision(cls, decision: RoutingDecision) -> RoutingResult:
        return cls(
            primary_persona=decision.primary,
            confidence=decision.confidence,
            secondary_persona=decision.secondary,
            reasoning=decision.reason,
            all_scores=dict(decision.scores),
            resonance_key=str(decision.key),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "primary_persona": self.primary_persona,
            "secondary_persona": self.secondary_persona,
            "confidence": self.confidence,
            "all_scores": dict(self.all_scores),
            "reasoning": self.reasoning,
            "resonance_key": self.resonance_key,
        }


@attrs.define
class PersonaResponse:
    """Legacy `PersonaPipeline.process` result (mutable, like the legacy class)."""

    content: str
    persona_used: str
    resonance_key: str
    confidence: float
    metadata: dict[str, Any] = attrs.field(factory=dict)
    execution_time_ms: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "content": self.content,
            "persona_used": self.persona_used,
            "resonance_key": self.resonance_key,
            "confidence": self.confidence,
            "metadata": self.metadata,
            "execution_time_ms": self.execution_time_ms,
        }


@attrs.frozen
class PersonaConfig:
    """Legacy persona configuration: the descriptive part of a core `Persona`."""

    name: str
    korean_name: str
    role: str
    description: str
    traits: tuple[str, ...]
    strengths: tuple[str, ...]
    preferred_tones: tuple[str, ...]

    @classmethod
    def from_persona(cls, persona: Persona) -> PersonaConfig:
        return cls(
            name=persona.name,
            korean_name=persona.korean_name,
            role=persona.role,
            description=persona.description,
            traits=persona.traits,
            strengths=persona.strengths,
            preferred_tones=tuple(t.value for t in persona.preferred_tones),
        )

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in attrs.asdict(self).items()}


_Role = Literal["user", "assistant", "system"]
_ROLES: dict[str, _Role] = {"user": "user", "assistant": "assistant", "system": "system"}


@attrs.define(slots=False)
class ChatContext:
    """Legacy conversation context; `message_history` holds `{role, content, timestamp}` dicts."""

    user_id: str
    session_id: str
    message_history: list[dict[str, Any]] = attrs.field(factory=list)
    user_preferences: dict[str, Any] = attrs.field(factory=dict)
    current_persona: str | None = None
    metadata: dict[str, Any] = attrs.field(factory=dict)
    created_at: datetime = attrs.field(factory=lambda: datetime.now(UTC))

    def __attrs_post_init__(self) -> None:
        warn_deprecated("ChatContext", stacklevel=4)

    def add_message(self, role: str, content: str, **extra: Any) -> None:
        """Append a message (extra keyword arguments are stored with it)."""
        message = {"role": role, "content": content, "timestamp": datetime.now(UTC).isoformat()}
        message.update(extra)
        self.message_history.append(message)

    def get_recent_messages(self, count: int = 5) -> list[dict[str, Any]]:
        """The newest `count` messages, oldest first."""
        if count <= 0:
            return []
        return list(self.message_history[-count:])

    def to_chat_messages(self) -> list[ChatMessage]:
        """The history as core `ChatMessage`s; roles other than user/system become assistant."""
        out: list[ChatMessage] = []
        for item in self.message_history:
            content = item.get("content")
            if content is None:
                continue
            role = _ROLES.get(str(item.get("role", "")).lower(), "assistant")
            out.append(ChatMessage(role, str(content)))
        return out
