"""Accuracy floors on the project's own labeled examples (not the dev set)."""

from __future__ import annotations

from pathlib import Path

from ion_mentoring.evaluation import evaluate, read_examples

EXAMPLES = Path(__file__).parent.parent / "data" / "analysis_examples.jsonl"
FLOOR = 0.7


def test_own_examples_cover_every_label() -> None:
    examples, bad = read_examples(EXAMPLES.read_text("utf-8").splitlines())
    assert not bad
    assert len(examples) >= 120
    for name, values in {
        "tone": 9,
        "intent": 6,
        "persona": 4,
    }.items():
        assert len({e.labels[name] for e in examples}) == values
    assert {e.labels["lang"] for e in examples} == {"en", "ko", "mixed"}


def test_accuracy_floor_on_own_examples() -> None:
    examples, _ = read_examples(EXAMPLES.read_text("utf-8").splitlines())
    report = evaluate(examples)
    for name in ("tone", "intent", "persona"):
        label = report.labels[name]
        assert label.accuracy >= FLOOR, (name, label.accuracy)
        for language in ("en", "ko"):
            accuracy = label.language_accuracy(language)
            assert accuracy is not None
            assert accuracy >= FLOOR - 0.05, (name, language, accuracy)
