"""Accuracy floors on the project's own labeled examples (not the dev set)."""

from __future__ import annotations

from .floors import assert_floors, load_examples

EXAMPLES = "analysis_examples.jsonl"
FLOOR = 0.7
LABELS = ("tone", "intent", "persona")


def test_own_examples_cover_every_label() -> None:
    examples = load_examples(EXAMPLES)
    assert len(examples) >= 120
    for name, values in {
        "tone": 9,
        "intent": 6,
        "persona": 4,
    }.items():
        assert len({e.labels[name] for e in examples}) == values
    assert {e.labels["lang"] for e in examples} == {"en", "ko", "mixed"}


def test_accuracy_floor_on_own_examples() -> None:
    floors = dict.fromkeys(LABELS, FLOOR)
    language_floors = {name: {"en": FLOOR - 0.05, "ko": FLOOR - 0.05} for name in LABELS}
    assert_floors(load_examples(EXAMPLES), floors, language_floors)
