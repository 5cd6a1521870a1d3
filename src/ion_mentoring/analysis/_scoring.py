"""Scoring: summed cue weights plus structural evidence -> tone, intent, topic, confidences."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import NamedTuple, TypeVar

from ..keys import Intent, Tone
from ._lexicon import HOW_TO, PERSONAS
from ._model import Cue
from ._scan import Scan

__all__ = ["Scores", "score"]

CALM_BASE = 0.78
"""Calm wins unless another tone collects more evidence than this: one cue of weight 0.8 or
more ("wonder", "헷갈", "또", "latency") or two weaker ones outweigh it. Tuned on
`tests/data/analysis_tone.jsonl` (1.0 let single mild cues lose to the default; below 0.75
stray weak cues start to beat genuinely calm messages)."""
NUMBER_WEIGHT = 0.3
"""Analytical tone (and Riri topic) per number after the first, up to `NUMBER_CAP` numbers."""
NUMBER_CAP = 8
NUMBER_TOPIC_WEIGHT = 0.5
"""Riri topic evidence per number after the first: figures in a message mean the need is about
measurement ("p95 went from 180 ms to 240 ms") more than about the system measured."""
INTENSITY_GAIN = 0.2
"""Each intensity mark (`!!`, `??`, a shouted word, a stretched word) scales the leading
emotional tone by this much (at most three marks)."""
UNLED_INTENSITY = 0.8
"""Intensity with no emotional lead: shouting -> frustrated, `!!` -> urgent, `??` -> confused.
Just above `CALM_BASE`, so a bare `??` ("where are the extra rows coming from??") is enough."""
QUESTION_LEARNING = 0.4
"""A question with no intent cue reads as learning; a statement as reflection, unless the
tone says otherwise (`QUESTION_BY_TONE`, `STATEMENT_BY_TONE`)."""
STATEMENT_REFLECTION = 0.6
QUESTION_BY_TONE = {
    "frustrated": "problem_solving",
    "urgent": "problem_solving",
    "confused": "problem_solving",
    "anxious": "problem_solving",
    "analytical": "validation",
}
"""A bare question from a frustrated, urgent, confused or anxious writer is about something
that does not work ("why are my events out of order?"); an analytical one with no learning
cue asks for a judgement on figures ("is a 33% increase consistent with ...?")."""
STATEMENT_BY_TONE = {
    "anxious": "seek_advice",
    "frustrated": "problem_solving",
    "urgent": "problem_solving",
    "confused": "learning",
}
"""A bare worried statement asks for guidance ("I'm nervous I'll blank in the interview"); a
frustrated or urgent one reports a failure; a confused one asks to understand."""
DEFAULT_INTENT_CONFIDENCE = 0.3
"""Confidence reported for an intent taken from the question/statement default."""
POSITION_GAIN = 1.0
"""Intent cues count more the later they come (the closing request usually states what the
writer wants): the k-th of n cues gains `POSITION_GAIN * k / n` of its weight, reported as one
`later in the message` cue per intent. A word repeated counts once for intent."""

REFLECTION_IN_QUESTION = 0.5
"""Reflection evidence keeps this share in a message that asks something: looking back is told,
not asked, so in a question "요즘" / "lately" set the scene for what the writer wants."""

T = TypeVar("T", Tone, Intent)

_TONES = tuple((t.value, t) for t in Tone)
_INTENTS = tuple((i.value, i) for i in Intent)
_NO_TOPIC = dict.fromkeys(PERSONAS, 0.0)
_INTENT_BY_NAME = {i.value: i for i in Intent}
_EMOTIONAL = ("frustrated", "playful", "anxious", "urgent", "confused", "curious")
_CALM_BASE_CUE = Cue("tone", "calm", "no strong emotion", CALM_BASE)
_CALM = Tone.CALM
_QUESTION_CUES = {
    tone: Cue("intent", QUESTION_BY_TONE.get(tone.value, "learning"), "question", QUESTION_LEARNING)
    for tone in Tone
}
_STATEMENT_CUES = {
    tone: Cue(
        "intent", STATEMENT_BY_TONE.get(tone.value, "reflection"), "statement", STATEMENT_REFLECTION
    )
    for tone in Tone
}
_UNLED = {
    "shouting": Cue("intensity", "frustrated", "shouting", UNLED_INTENSITY),
    "!!": Cue("intensity", "urgent", "!!", UNLED_INTENSITY),
    "??": Cue("intensity", "confused", "??", UNLED_INTENSITY),
}


@lru_cache(maxsize=4096)
def _later_cue(label: str, bonus: float) -> Cue:
    return Cue("intent", label, "later in the message", bonus)


@lru_cache(maxsize=1024)
def _asked_cue(weight: float) -> Cue:
    return Cue("intent", "reflection", "asked as a question", weight)


@cache
def _number_cues(numbers: int) -> tuple[Cue, Cue]:
    match = f"{numbers}+ numbers" if numbers == NUMBER_CAP else f"{numbers} numbers"
    return (
        Cue("tone", "analytical", match, NUMBER_WEIGHT * (numbers - 1)),
        Cue("topic", "Riri", match, NUMBER_TOPIC_WEIGHT * (numbers - 1)),
    )


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
    acc: dict[str, float] = {}
    get = acc.get
    cues = found.cues
    seen: set[int] = set()  # lexicon cues are shared objects: one id per word and label
    later: dict[str, float] = {}
    for at, cue in enumerate(cues):
        label = cue.label
        if cue.kind == "intent":
            key = id(cue)
            if key in seen:  # a repeated word is one piece of evidence
                continue
            seen.add(key)
            later[label] = later.get(label, 0.0) + cue.weight * at
        acc[label] = get(label, 0.0) + cue.weight
    extra: list[Cue] = []
    if later:
        later.pop(HOW_TO, None)
        step = POSITION_GAIN / len(cues)
        for label, bonus in later.items():
            if bonus:
                extra.append(_later_cue(label, round(bonus * step, 2)))

    numbers = found.numbers
    if numbers >= 2:
        extra.extend(_number_cues(min(numbers, NUMBER_CAP)))

    marks = found.strong_runs + shouted + stretched
    if marks:
        lead = max(_EMOTIONAL, key=lambda t: get(t, 0.0))
        lead_score = get(lead, 0.0)
        if lead_score > 0:
            gain = lead_score * INTENSITY_GAIN * min(marks, 3)
            extra.append(Cue("intensity", lead, "intensity", gain))
        elif shouted:
            extra.append(_UNLED["shouting"])
        elif found.exclamations:
            extra.append(_UNLED["!!"])
        elif found.questions:
            extra.append(_UNLED["??"])

    how = acc.pop(HOW_TO, 0.0)
    if how > 0:
        people = get("Lua", 0.0) + get("Nana", 0.0)
        things = get("Elro", 0.0) + get("Riri", 0.0)
        share = people / (people + things) if people + things > 0 else 0.5
        if share > 0:
            extra.append(Cue("intent", "seek_advice", "how-question about people", how * share))
        if share < 1:
            extra.append(
                Cue("intent", "problem_solving", "how-question about things", how * (1 - share))
            )

    for cue in extra:
        acc[cue.label] = get(cue.label, 0.0) + cue.weight

    reflection = get("reflection", 0.0)
    if found.questions and reflection > 0:
        cut = reflection * (1.0 - REFLECTION_IN_QUESTION)
        acc["reflection"] = reflection - cut
        extra.append(_asked_cue(round(-cut, 2)))

    acc["calm"] = get("calm", 0.0) + CALM_BASE
    tone, tone_conf, second = _decide(_TONES, acc)
    if tone is _CALM:
        extra.append(_CALM_BASE_CUE)
    intent, intent_conf, _ = _decide(_INTENTS, acc)
    if intent_conf == 0.0:
        defaults = _QUESTION_CUES if found.questions else _STATEMENT_CUES
        default = defaults[tone]
        extra.append(default)
        intent, intent_conf = _INTENT_BY_NAME[default.label], DEFAULT_INTENT_CONFIDENCE
    return Scores(tone, tone_conf, second, intent, intent_conf, _topic(acc), extra)


def _topic(acc: dict[str, float]) -> dict[str, float]:
    """Evidence per persona, rounded; 0.0 without any. (A loop, not a dict comprehension with
    `:=`, which is several times slower.)"""
    topic = _NO_TOPIC.copy()
    get = acc.get
    for persona in PERSONAS:
        value = get(persona)
        if value:
            topic[persona] = round(value, 4)
    return topic


def _decide(labels: tuple[tuple[str, T], ...], acc: dict[str, float]) -> tuple[T, float, T | None]:
    """Best label (earliest declared wins ties), a confidence in [0, 1], the runner-up."""
    get = acc.get
    best = second = total = 0.0
    best_label: T | None = None
    second_label: T | None = None
    for name, label in labels:
        value = get(name, 0.0)
        if value > 0.0:
            total += value
            if value > best:
                second, second_label = best, best_label
                best, best_label = value, label
            elif value > second:
                second, second_label = value, label
    if best_label is None:
        return labels[0][1], 0.0, None
    confidence = 0.5 * best / total + 0.5 * (best - second) / best
    return best_label, round(min(confidence, 1.0), 4), second_label
