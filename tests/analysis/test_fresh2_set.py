"""Regression floors on `tests/data/analysis_fresh2.jsonl`.

The second fresh set (180 messages: 80 English, 80 Korean, 20 Korean heavily mixed with
English; 20 per tone, every intent and persona about evenly) was written from
`shared/data/LABELS.md` alone, without looking at the analyzer or the other data files, and
scored once before any change: tone 0.906, intent 0.856, persona 0.906 (lexicon alone: tone
0.872, intent 0.883). It then showed that the learned model overruled intent too eagerly, and
the intent threshold was lowered from 0.7 to 0.5 (`_learned.INTENT_BELOW`): intent 0.883
since, a figure that is no longer independent. Since the third fresh set became the held-out
set, the learned model is trained on this one too.
"""

from __future__ import annotations

from .floors import assert_floors, load_examples

FRESH2_SET = "analysis_fresh2.jsonl"

FLOORS = {"tone": 0.87, "intent": 0.85, "persona": 0.87}
LANGUAGE_FLOORS = {
    "tone": {"en": 0.91, "ko": 0.81, "mixed": 0.85},
    "intent": {"en": 0.83, "ko": 0.84, "mixed": 0.80},
    "persona": {"en": 0.87, "ko": 0.84, "mixed": 0.85},
}


def test_fresh2_set_is_balanced() -> None:
    examples = load_examples(FRESH2_SET)
    assert len(examples) == 180
    languages = [e.labels["lang"] for e in examples]
    assert (languages.count("en"), languages.count("ko"), languages.count("mixed")) == (80, 80, 20)
    tones = [e.labels["tone"] for e in examples]
    assert all(tones.count(tone) == 20 for tone in set(tones))
    assert len(set(tones)) == 9


def test_fresh2_set_accuracy_floors() -> None:
    assert_floors(load_examples(FRESH2_SET), FLOORS, LANGUAGE_FLOORS)
