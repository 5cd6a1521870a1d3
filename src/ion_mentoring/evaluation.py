"""Accuracy of analysis and routing on labeled messages (pure: lines in, report out)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from .analysis import Analyzer
from .keys import Intent, Tone
from .routing import Router

__all__ = [
    "LABELS",
    "BadLine",
    "EvaluationReport",
    "LabelReport",
    "LabeledExample",
    "Miss",
    "evaluate",
    "read_examples",
]

LABELS = ("tone", "intent", "persona", "lang")
"""Labels a line may carry, in report order."""
_LANGUAGES = ("en", "ko", "mixed")


@attrs.frozen
class LabeledExample:
    """One labeled message; `labels` holds only the labels the line carried."""

    line: int
    text: str
    labels: Mapping[str, str]
    id: str | None = None


@attrs.frozen
class BadLine:
    """A line that was skipped, with why."""

    line: int
    problem: str


@attrs.frozen
class Miss:
    """A wrong prediction, with the confidence the system had in it."""

    line: int
    id: str | None
    label: str
    expected: str
    predicted: str
    confidence: float
    text: str

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class LabelReport:
    """Accuracy of one label overall and per language, with its confusion matrix."""

    label: str
    correct: int
    total: int
    by_language: Mapping[str, tuple[int, int]]
    """Language -> (correct, total)."""
    confusion: Mapping[str, Mapping[str, int]]
    """Expected value -> predicted value -> count."""

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def language_accuracy(self, language: str) -> float | None:
        correct, total = self.by_language.get(language, (0, 0))
        return correct / total if total else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "accuracy": round(self.accuracy, 4),
            "correct": self.correct,
            "total": self.total,
            "by_language": {
                lang: {"accuracy": round(c / t, 4) if t else None, "correct": c, "total": t}
                for lang, (c, t) in self.by_language.items()
            },
            "confusion": {e: dict(row) for e, row in self.confusion.items()},
        }


@attrs.frozen
class EvaluationReport:
    """Everything `evaluate` measured."""

    examples: int
    labels: Mapping[str, LabelReport]
    misses: tuple[Miss, ...]
    """The most confident mistakes first."""
    bad_lines: tuple[BadLine, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "examples": self.examples,
            "labels": {name: r.to_dict() for name, r in self.labels.items()},
            "worst_misses": [m.to_dict() for m in self.misses],
            "bad_lines": [attrs.asdict(b) for b in self.bad_lines],
        }


def read_examples(
    lines: Iterable[str], personas: Sequence[str] = ("Lua", "Elro", "Riri", "Nana")
) -> tuple[list[LabeledExample], list[BadLine]]:
    """Parse JSON lines with `text` and any of `tone`, `intent`, `persona`, `lang`.

    Blank lines are ignored; malformed lines and unknown label values are reported (1-based
    line numbers) and skipped.
    """
    allowed: Mapping[str, frozenset[str]] = {
        "tone": frozenset(t.value for t in Tone),
        "intent": frozenset(i.value for i in Intent),
        "persona": frozenset(personas),
        "lang": frozenset(_LANGUAGES),
    }
    examples: list[LabeledExample] = []
    bad: list[BadLine] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except ValueError as exc:
            bad.append(BadLine(number, f"not valid JSON: {exc}"))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            bad.append(BadLine(number, "expected a JSON object with a string 'text'"))
            continue
        labels: dict[str, str] = {}
        problem = None
        for name in LABELS:
            value = record.get(name)
            if value is None:
                continue
            if value not in allowed[name]:
                problem = f"unknown {name} {value!r}; allowed: {', '.join(sorted(allowed[name]))}"
                break
            labels[name] = value
        if problem is not None:
            bad.append(BadLine(number, problem))
            continue
        ident = record.get("id")
        examples.append(
            LabeledExample(number, record["text"], labels, None if ident is None else str(ident))
        )
    return examples, bad


def evaluate(
    examples: Iterable[LabeledExample],
    *,
    analyzer: Analyzer | None = None,
    router: Router | None = None,
    worst: int = 10,
    bad_lines: Sequence[BadLine] = (),
) -> EvaluationReport:
    """Analyze and route every example and compare with its labels.

    Persona uses the routing decision with the analysis' topic evidence. Per-language figures
    group by the line's `lang` label, or the detected language when it has none.
    """
    analyzer = analyzer or Analyzer()
    router = router or Router()
    counts: dict[str, dict[str, list[int]]] = {name: {} for name in LABELS}
    confusion: dict[str, dict[str, dict[str, int]]] = {name: {} for name in LABELS}
    misses: list[Miss] = []
    total = 0
    for example in examples:
        total += 1
        analysis = analyzer.analyze(example.text)
        decision = router.route(analysis.key, topic=analysis.topic)
        predicted = {
            "tone": (analysis.tone.value, analysis.tone_confidence),
            "intent": (analysis.intent.value, analysis.intent_confidence),
            "persona": (decision.primary, decision.confidence),
            "lang": (analysis.language, 1.0),
        }
        language = example.labels.get("lang", analysis.language)
        for name, expected in example.labels.items():
            value, confidence = predicted[name]
            cell = counts[name].setdefault(language, [0, 0])
            cell[1] += 1
            row = confusion[name].setdefault(expected, {})
            row[value] = row.get(value, 0) + 1
            if value == expected:
                cell[0] += 1
            else:
                misses.append(
                    Miss(example.line, example.id, name, expected, value, confidence, example.text)
                )
    reports = {}
    for name in LABELS:
        if not counts[name]:
            continue
        by_language = {lang: (c, t) for lang, (c, t) in sorted(counts[name].items())}
        reports[name] = LabelReport(
            label=name,
            correct=sum(c for c, _ in by_language.values()),
            total=sum(t for _, t in by_language.values()),
            by_language=by_language,
            confusion={e: dict(sorted(row.items())) for e, row in sorted(confusion[name].items())},
        )
    misses.sort(key=lambda m: (-m.confidence, m.line, LABELS.index(m.label)))
    return EvaluationReport(total, reports, tuple(misses[: max(worst, 0)]), tuple(bad_lines))
