"""The legacy `ResonanceConverter`: text -> legacy rhythm, tone and `tone-pace-intent` key.

The legacy rhythm rules are part of the compat contract and live here:

- sentences are the non-blank pieces between runs of `.`, `!` and `?`; words are
  whitespace-separated (Korean eojeol count as words);
- `avg_sentence_length` is words per sentence (0 without sentences);
- `punctuation_density` is the share of characters that are one of `. , ! ? ; :`;
- `question_ratio` / `exclamation_ratio` are `?` / `!` counts per sentence (at least one);
- pace is `fast` when the average is < 4 words and the density > 0.08, `slow` when the
  average is >= 10 words, else `medium`.

Keys use the legacy format `{tone}-{burst|flowing|contemplative}-{inquiry|expressive|statement}`
(fast -> burst, medium -> flowing, slow -> contemplative; inquiry when the question ratio is
> 0.3, expressive when the exclamation ratio is > 0.3, else statement). Tone comes from the new
analyzer, or from a ready client's JSON answer, falling back to the analyzer on any failure.
"""

from __future__ import annotations

import inspect
import json
import math
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ..keys import Tone
from ._warnings import warn_deprecated
from .models import EmotionTone, LegacyPace, RhythmPattern

if TYPE_CHECKING:
    from ..analysis import Analysis

__all__ = ["ResonanceConverter", "ToneClient", "parse_tone_answer"]

_SENTENCE_END = re.compile(r"[.!?]+")
_PUNCTUATION = frozenset(".,!?;:")
_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)
_TONES = frozenset(t.value for t in Tone)
_LEGACY_PACE_TO_PACE: Mapping[str, str] = {
    "fast": "burst",
    "medium": "flowing",
    "slow": "contemplative",
}
MAX_CLIENT_CHARS = 4000
"""Characters of the message sent to a tone client."""

TONE_PROMPT = (
    "Classify the emotional tone of the message below. Answer with JSON only: "
    '{{"primary": <tone>, "confidence": <0..1>, "secondary": <tone or null>}}, '
    "where <tone> is one of: {tones}.\n\nMessage:\n{text}"
)


@runtime_checkable
class ToneClient(Protocol):
    """A model client for tone detection (the legacy `vertex_client`)."""

    def ready(self) -> bool: ...

    def send(self, prompt: str) -> object: ...


def parse_tone_answer(raw: object) -> EmotionTone | None:
    """Read a client's `{primary, confidence, secondary}` answer (a JSON string, possibly in a
    code fence, or a mapping); None when it is not usable."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    if isinstance(raw, str):
        match = _JSON_OBJECT.search(raw)
        if match is None:
            return None
        try:
            raw = json.loads(match.group(0))
        except ValueError:
            return None
    if not isinstance(raw, Mapping):
        return None
    primary = str(raw.get("primary", "")).strip().lower()
    if primary not in _TONES:
        return None
    try:
        confidence = float(raw["confidence"])
    except (KeyError, TypeError, ValueError):
        return None
    if not math.isfinite(confidence):
        return None
    secondary = raw.get("secondary")
    second = str(secondary).strip().lower() if secondary is not None else None
    if second not in _TONES or second == primary:
        second = None
    return EmotionTone(primary, min(1.0, max(0.0, confidence)), second, "client")


class ResonanceConverter:
    """Legacy text -> resonance key conversion (see the module docstring for the rules)."""

    def __init__(
        self,
        vertex_client: ToneClient | None = None,
        *,
        analyze: Callable[[str], Analysis] | None = None,
    ) -> None:
        warn_deprecated("ResonanceConverter")
        self.vertex_client = vertex_client
        self._analyze = analyze

    def analyze_rhythm(self, text: str) -> RhythmPattern:
        sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
        count = len(sentences)
        average = sum(len(s.split()) for s in sentences) / count if count else 0.0
        density = sum(ch in _PUNCTUATION for ch in text) / len(text) if text else 0.0
        per = max(count, 1)
        pace: LegacyPace
        if average < 4 and density > 0.08:
            pace = "fast"
        elif average >= 10:
            pace = "slow"
        else:
            pace = "medium"
        return RhythmPattern(
            avg_sentence_length=average,
            punctuation_density=density,
            question_ratio=text.count("?") / per,
            exclamation_ratio=text.count("!") / per,
            pace=pace,
        )

    def detect_emotion_tone(self, text: str) -> EmotionTone:
        """Tone from a ready client's JSON answer, else (or on failure) from the analyzer."""
        client = self.vertex_client
        if client is not None and _is_ready(client):
            answer = _ask(client, text)
            if answer is not None:
                return answer
        analysis = self._analysis(text)
        secondary = analysis.secondary_tone
        return EmotionTone(
            analysis.tone.value,
            analysis.tone_confidence,
            secondary.value if secondary is not None else None,
        )

    def _analysis(self, text: str) -> Analysis:
        if self._analyze is None:
            from ..analysis import analyze

            self._analyze = analyze
        return self._analyze(text)

    def generate_resonance_key(self, rhythm: RhythmPattern, tone: EmotionTone | str) -> str:
        """The legacy-format key for a rhythm and a tone."""
        primary = tone if isinstance(tone, str) else tone.primary
        if rhythm.question_ratio > 0.3:
            intent = "inquiry"
        elif rhythm.exclamation_ratio > 0.3:
            intent = "expressive"
        else:
            intent = "statement"
        return f"{primary}-{_LEGACY_PACE_TO_PACE[rhythm.pace]}-{intent}"

    def convert(self, text: str) -> dict[str, Any]:
        """`{"rhythm": RhythmPattern, "emotion": EmotionTone, "resonance_key": str}`."""
        text = text if isinstance(text, str) else ""
        rhythm = self.analyze_rhythm(text)
        emotion = self.detect_emotion_tone(text)
        key = self.generate_resonance_key(rhythm, emotion)
        return {"rhythm": rhythm, "emotion": emotion, "resonance_key": key}


def _is_ready(client: ToneClient) -> bool:
    try:
        return bool(client.ready())
    except Exception:  # a broken client is not ready
        return False


def _ask(client: ToneClient, text: str) -> EmotionTone | None:
    prompt = TONE_PROMPT.format(
        tones=", ".join(t.value for t in Tone), text=text[:MAX_CLIENT_CHARS]
    )
    try:
        raw = client.send(prompt)
    except Exception:  # any client failure falls back to the analyzer
        return None
    if inspect.iscoroutine(raw):  # an async client cannot be awaited here
        raw.close()
        return None
    return parse_tone_answer(raw)
