"""Resonance keys: the 9 x 4 x 6 = 216 `tone-pace-intent` vocabulary, strict and lenient parsing."""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from .exceptions import InvalidKeyError

__all__ = [
    "ALL_KEYS",
    "DEFAULT_KEY",
    "Intent",
    "LenientParse",
    "Pace",
    "ResonanceKey",
    "Tone",
    "key_of",
    "parse_key",
    "parse_key_lenient",
]


class Tone(enum.StrEnum):
    """The writer's dominant emotional tone."""

    FRUSTRATED = "frustrated"
    PLAYFUL = "playful"
    ANXIOUS = "anxious"
    ANALYTICAL = "analytical"
    CALM = "calm"
    CURIOUS = "curious"
    URGENT = "urgent"
    CONFUSED = "confused"
    COLLABORATIVE = "collaborative"


class Pace(enum.StrEnum):
    """The rhythm of the message."""

    BURST = "burst"
    FLOWING = "flowing"
    CONTEMPLATIVE = "contemplative"
    MEDIUM = "medium"


class Intent(enum.StrEnum):
    """What the writer wants."""

    SEEK_ADVICE = "seek_advice"
    PROBLEM_SOLVING = "problem_solving"
    LEARNING = "learning"
    VALIDATION = "validation"
    PLANNING = "planning"
    REFLECTION = "reflection"


_TONES: Mapping[str, Tone] = {t.value: t for t in Tone}
_PACES: Mapping[str, Pace] = {p.value: p for p in Pace}
_INTENTS: Mapping[str, Intent] = {i.value: i for i in Intent}


@attrs.frozen(cache_hash=True, order=False)
class ResonanceKey:
    """One of the 216 keys; `str(key)` is the canonical `tone-pace-intent` form."""

    tone: Tone = attrs.field(converter=Tone)
    pace: Pace = attrs.field(converter=Pace)
    intent: Intent = attrs.field(converter=Intent)

    def __str__(self) -> str:
        return _TEXT[self]  # every key is one of the 216, whose texts are precomputed

    def _text(self) -> str:
        return f"{self.tone.value}-{self.pace.value}-{self.intent.value}"

    @property
    def index(self) -> int:
        """Position of the key in `ALL_KEYS` (tone-major, then pace, then intent)."""
        return _INDEX[self]

    @classmethod
    def parse(cls, text: str) -> ResonanceKey:
        """Strict parse; see `parse_key`."""
        return parse_key(text)


def parse_key(text: str) -> ResonanceKey:
    """Parse a canonical key; raise `InvalidKeyError` naming the bad part and allowed values."""
    if not isinstance(text, str):
        raise InvalidKeyError("key", repr(text), ["a string 'tone-pace-intent'"])
    cached = _BY_TEXT.get(text)
    if cached is not None:
        return cached
    parts = text.split("-")
    if len(parts) != 3:
        raise InvalidKeyError(
            "key", text, [f"three parts 'tone-pace-intent' separated by '-', got {len(parts)}"]
        )
    tone, pace, intent = parts
    if tone not in _TONES:
        raise InvalidKeyError("tone", tone, _TONES)
    if pace not in _PACES:
        raise InvalidKeyError("pace", pace, _PACES)
    raise InvalidKeyError("intent", intent, _INTENTS)


# Legacy spellings accepted by lenient parsing, per part.
_LEGACY_PACES: Mapping[str, Pace] = {"fast": Pace.BURST, "slow": Pace.CONTEMPLATIVE}
_LEGACY_INTENTS: Mapping[str, Intent] = {
    "seeking_advice": Intent.SEEK_ADVICE,
    "seekadvice": Intent.SEEK_ADVICE,
    "advice": Intent.SEEK_ADVICE,
    "inquiry": Intent.LEARNING,
    "statement": Intent.REFLECTION,
    "expressive": Intent.SEEK_ADVICE,
    "problemsolving": Intent.PROBLEM_SOLVING,
}

DEFAULT_KEY = ResonanceKey(Tone.CALM, Pace.MEDIUM, Intent.LEARNING)


@attrs.frozen
class LenientParse:
    """Result of `parse_key_lenient`: the key plus what was mapped, and whether it fell back."""

    key: ResonanceKey
    original: str
    mapped: tuple[str, ...] = ()
    fallback: bool = False
    problem: str | None = None

    @property
    def exact(self) -> bool:
        """True when the input was already a canonical key."""
        return not self.mapped and not self.fallback


def parse_key_lenient(text: object) -> LenientParse:
    """Parse a key leniently: legacy spellings are mapped, anything unknown falls back.

    Never raises. The result lists each mapping applied (`"pace 'fast' -> 'burst'"`); an
    unusable key yields `DEFAULT_KEY` with `fallback=True` and the reason in `problem`.
    """
    original = text if isinstance(text, str) else repr(text)
    if isinstance(text, str):
        exact = _BY_TEXT.get(text)
        if exact is not None:
            return LenientParse(exact, original)
    normalized = original.strip().lower().replace(" ", "_")
    tone_text, sep, rest = normalized.partition("-")
    pace_text, sep2, intent_text = rest.partition("-")
    if not (sep and sep2):
        return _fallback(original, "expected three parts 'tone-pace-intent'")
    mapped: list[str] = []
    tone = _TONES.get(tone_text)
    if tone is None:
        return _fallback(original, f"unknown tone {tone_text!r}")
    pace = _PACES.get(pace_text)
    if pace is None:
        pace = _LEGACY_PACES.get(pace_text)
        if pace is None:
            return _fallback(original, f"unknown pace {pace_text!r}")
        mapped.append(f"pace {pace_text!r} -> {pace.value!r}")
    intent_norm = intent_text.replace("-", "_")
    intent = _INTENTS.get(intent_norm)
    if intent is None:
        intent = _LEGACY_INTENTS.get(intent_norm) or _LEGACY_INTENTS.get(
            intent_norm.replace("_", "")
        )
        if intent is None:
            return _fallback(original, f"unknown intent {intent_text!r}")
    if intent.value != intent_text:
        mapped.append(f"intent {intent_text!r} -> {intent.value!r}")
    if normalized != original and not mapped:
        mapped.append(f"normalized {original!r} -> {normalized!r}")
    return LenientParse(ResonanceKey(tone, pace, intent), original, tuple(mapped))


def _fallback(original: str, problem: str) -> LenientParse:
    return LenientParse(DEFAULT_KEY, original, fallback=True, problem=problem)


ALL_KEYS: tuple[ResonanceKey, ...] = tuple(
    ResonanceKey(t, p, i) for t in Tone for p in Pace for i in Intent
)
"""All 216 keys: tones in declaration order, then paces, then intents (SPEC §2 order)."""

_INDEX: Mapping[ResonanceKey, int] = {k: n for n, k in enumerate(ALL_KEYS)}
_TEXT: dict[ResonanceKey, str] = {}
_TEXT.update((k, k._text()) for k in ALL_KEYS)
_BY_TEXT: Mapping[str, ResonanceKey] = {text: k for k, text in _TEXT.items()}
_BY_PARTS: Mapping[tuple[str, str, str], ResonanceKey] = {
    (k.tone, k.pace, k.intent): k for k in ALL_KEYS
}


def key_of(tone: Tone | str, pace: Pace | str, intent: Intent | str) -> ResonanceKey:
    """The shared `ResonanceKey` instance for three parts (a lookup, no allocation)."""
    found = _BY_PARTS.get((tone, pace, intent))
    return found if found is not None else ResonanceKey(tone, pace, intent)
