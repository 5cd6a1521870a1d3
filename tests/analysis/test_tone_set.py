"""Regression floors on `tests/data/analysis_tone.jsonl`.

The tone set (297 messages: English, Korean 반말/존댓말 and Korean with English technical
words, every tone with the subtle ones — calm, curious, analytical, confused, collaborative,
anxious — written without strong emotion words) was written from `shared/data/LABELS.md`
alone and then TUNED ON: the calm threshold and the general tone cues were chosen on it.
Its figures are therefore optimistic; each of its three batches was scored once before being
tuned on (see `docs/analysis.md`), and those first scores are the honest estimate.

The floors sit a few points below the figures at the end of that work (tone 0.946, intent
0.535, persona 0.805), so a lexicon or scoring change that undoes it fails here. Intent
labels on this set were not tuned (the set targets tone), hence its low floor.
"""

from __future__ import annotations

from .floors import assert_floors, load_examples

TONE_SET = "analysis_tone.jsonl"

FLOORS = {"tone": 0.90, "intent": 0.48, "persona": 0.76}
LANGUAGE_FLOORS = {
    "tone": {"en": 0.88, "ko": 0.88, "mixed": 0.92},
    "persona": {"en": 0.67, "ko": 0.77, "mixed": 0.82},
}


def test_tone_set_covers_every_tone_and_language() -> None:
    examples = load_examples(TONE_SET)
    assert len(examples) >= 160
    tones: dict[str, int] = {}
    for example in examples:
        tones[example.labels["tone"]] = tones.get(example.labels["tone"], 0) + 1
    assert len(tones) == 9
    assert min(tones.values()) >= 25
    languages = [e.labels["lang"] for e in examples]
    for language in ("en", "ko", "mixed"):
        assert languages.count(language) >= len(examples) // 4


def test_tone_set_accuracy_floors() -> None:
    assert_floors(load_examples(TONE_SET), FLOORS, LANGUAGE_FLOORS)
