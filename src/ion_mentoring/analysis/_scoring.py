"""Scoring: summed cue weights plus structural evidence -> tone, intent, topic, confidences."""

from __future__ import annotations

from typing import NamedTuple, TypeVar

from ..keys import Intent, Tone
from ._lexicon import PERSONAS
from ._model import Cue
from ._scan import Scan

__all__ = ["Scores", "score"]

CALM_BASE = 1.0
"""Calm wins unless another tone collects more evidence than this."""
NUMBER_WEIGHT = 0.3
"""Analytical tone (and Riri topic) per number after the first, up to `NUMBER_CAP` numbers."""
NUMBER_CAP = 8
INTENSITY_GAIN = 0.2
"""Each intensity mark (`!!`, `??`, a shouted word, a stretched word) scales the leading
emotional tone by this much (at most three marks)."""
UNLED_INTENSITY = 0.6
"""Intensity with no emotional lead: `!!` -> urgent, `??` -> confused, shouting -> frustrated."""
QUESTION_LEARNING = 0.4
"""A question with no intent cue reads as learning; a statement as reflection."""
STATEMENT_REFLECTION = 0.6

T = TypeVar("T", Tone, Intent)

_TONES = tuple(Tone)
_INTENTS = tuple(Intent)
_EMOTIONAL = (Tone.FRUSTRATED, Tone.PLAYFUL, Tone.ANXIOUS, Tone.URGENT, Tone.CONFUSED, Tone.CURIOUS)
_CALM_BASE_CUE = Cue("tone", "calm", "no strong emotion", CALM_BASE)
_QUESTION_CUE = Cue("intent", "learning", "question", QUESTION_LEARNING)
_STATEMENT_CUE = Cue("intent", "reflection", "statement", STATEMENT_REFLECTION)


class Scores(NamedTuple):
    """Decisions with their confidences and the structural cues that were added."""

    tone: Tone
    tone_confidence: float
    secondary_tone: Tone | None
    intent: Intent
    intent_confidence: float
    topic: dict[str, float]
    cues: list[Cue]


def score(found: Scan, shouted: int, stretched: int) -> Scores:
    """Decide tone and intent from the scan's cues and counts."""
    cues = found.cues
    acc: dict[str, float] = {}
    for cue in cues:
        acc[cue.label] = acc.get(cue.label, 0.0) + cue.weight
    extra: list[Cue] = []

    numbers = found.numbers
    if numbers >= 2:
        bonus = NUMBER_WEIGHT * (min(numbers, NUMBER_CAP) - 1)
        extra.append(Cue("tone", "analytical", f"{numbers} numbers", bonus))
        extra.append(Cue("topic", "Riri", f"{numbers} numbers", bonus))

    marks = min(found.strong_runs + shouted + stretched, 3)
    if marks:
        lead = max(_EMOTIONAL, key=lambda t: acc.get(t.value, 0.0))
        lead_score = acc.get(lead.value, 0.0)
        if lead_score > 0:
            extra.append(Cue("intensity", lead.value, "intensity", lead_score * INTENSITY_GAIN * marks))
        elif shouted:
            extra.append(Cue("intensity", "frustrated", "shouting", UNLED_INTENSITY))
        elif found.exclamations:
            extra.append(Cue("intensity", "urgent", "!!", UNLED_INTENSITY))
        elif found.questions:
            extra.append(Cue("intensity", "confused", "??", UNLED_INTENSITY))

    has_intent = any(acc.get(i.value, 0.0) > 0 for i in _INTENTS)
    if not has_intent:
        extra.append(_QUESTION_CUE if found.questions else _STATEMENT_CUE)
    for cue in extra:
        acc[cue.label] = acc.get(cue.label, 0.0) + cue.weight

    tone_scores = [(acc.get(t.value, 0.0) + (CALM_BASE if t is Tone.CALM else 0.0), t) for t in _TONES]
    tone, tone_conf, second = _decide(tone_scores)
    if tone is Tone.CALM:
        extra.append(_CALM_BASE_CUE)
    intent_scores = [(acc.get(i.value, 0.0), i) for i in _INTENTS]
    intent, intent_conf, _ = _decide(intent_scores)
    topic = {p: round(max(acc.get(p, 0.0), 0.0), 4) for p in PERSONAS}
    return Scores(tone, tone_conf, second, intent, intent_conf, topic, extra)


def _decide(scored: list[tuple[float, T]]) -> tuple[T, float, T | None]:
    """Best label (earliest declared wins ties), a confidence in [0, 1], the runner-up."""
    best_score, best = scored[0]
    second_score, second = -1.0, None
    for value, label in scored[1:]:
        if value > best_score:
            second_score, second = best_score, best
            best_score, best = value, label
        elif value > second_score:
            second_score, second = value, label
    if best_score <= 0:
        return best, 0.0, None
    total = sum(v for v, _ in scored if v > 0)
    margin = max(best_score - max(second_score, 0.0), 0.0) / best_score
    confidence = 0.5 * best_score / total + 0.5 * margin
    return best, round(min(max(confidence, 0.0), 1.0), 4), second if second_score > 0 else None
