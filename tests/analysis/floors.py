"""Shared checks for the labeled sets in tests/data: loading them and their accuracy floors."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ion_mentoring.evaluation import LabeledExample, evaluate, read_examples

DATA = Path(__file__).parent.parent / "data"


def load_examples(name: str) -> list[LabeledExample]:
    """The examples of `tests/data/<name>`; fails on any malformed line."""
    examples, bad = read_examples((DATA / name).read_text("utf-8").splitlines())
    assert not bad, bad
    return examples


def assert_floors(
    examples: list[LabeledExample],
    floors: Mapping[str, float],
    language_floors: Mapping[str, Mapping[str, float]],
) -> None:
    """Accuracy per label at least `floors[label]`, and per language at least
    `language_floors[label][language]` (labels missing there have no per-language floor)."""
    report = evaluate(examples)
    for name, floor in floors.items():
        label = report.labels[name]
        assert label.accuracy >= floor, (name, label.accuracy)
        for language, language_floor in language_floors.get(name, {}).items():
            accuracy = label.language_accuracy(language)
            assert accuracy is not None, (name, language)
            assert accuracy >= language_floor, (name, language, accuracy)
