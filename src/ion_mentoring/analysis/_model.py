"""Value objects produced by text analysis."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

from ..keys import Intent, Pace, ResonanceKey, Tone, key_of

TextLanguage = Literal["ko", "en", "mixed"]
CueKind = Literal["tone", "intent", "topic", "pace", "intensity", "negation", "language"]


@attrs.frozen
class Rhythm:
    """Rhythm metrics of a message (Korean words are space-separated eojeol)."""

    sentence_count: int
    avg_sentence_length: float
    punctuation_density: float
    question_ratio: float
    exclamation_ratio: float

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class Cue:
    """One piece of evidence that fired: what kind, for which label, the matched text, weight."""

    kind: CueKind
    label: str
    match: str
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class Analysis:
    """Everything the analyzer found in one message, with the cues that explain it."""

    language: TextLanguage
    rhythm: Rhythm
    pace: Pace
    tone: Tone
    tone_confidence: float
    secondary_tone: Tone | None
    intent: Intent
    intent_confidence: float
    topic: Mapping[str, float]
    """Evidence per persona name (Lua, Elro, Riri, Nana), each >= 0; all zero when none."""
    cues: tuple[Cue, ...]
    length: int
    """Length of the input in characters."""
    truncated: bool
    """True when the input was longer than the analysis cap and only its head was analyzed."""

    @property
    def key(self) -> ResonanceKey:
        return key_of(self.tone, self.pace, self.intent)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types."""
        return {
            "resonance_key": str(self.key),
            "language": self.language,
            "rhythm": self.rhythm.to_dict(),
            "pace": self.pace.value,
            "tone": self.tone.value,
            "tone_confidence": self.tone_confidence,
            "secondary_tone": self.secondary_tone.value if self.secondary_tone else None,
            "intent": self.intent.value,
            "intent_confidence": self.intent_confidence,
            "topic": dict(self.topic),
            "cues": [c.to_dict() for c in self.cues],
            "length": self.length,
            "truncated": self.truncated,
        }
