"""A learned second opinion: naive Bayes over the analyzer's own tokens.

The lexicon decides tone and intent; where its confidence is low, a small multinomial naive
Bayes model trained on the project's labeled sets may overrule it (`second_opinion`). The
model is plain counts in `data/model/naive_bayes.json`, written by
`scripts/train_analysis_model.py` from `TRAINING_SETS` (never from the held-out set
`HELD_OUT_SET` nor from `../shared/data`), and loaded once.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

from ..keys import Intent, Tone
from ._lexicon import MODEL_FILE
from ._model import Cue
from ._scoring import Scores

__all__ = [
    "HELD_OUT_SET",
    "INTENT_BELOW",
    "INTENT_NEEDS",
    "MIN_MESSAGES",
    "MODEL_FILE",
    "MODEL_FORMAT",
    "MODEL_TRUST",
    "SMOOTHING",
    "TONE_BELOW",
    "TONE_NEEDS",
    "TRAINING_SETS",
    "LearnedModel",
    "NaiveBayes",
    "features",
    "load_model",
    "model_from_document",
    "second_opinion",
    "train_model",
]

MODEL_FORMAT = 1
TRAINING_SETS = (
    "tests/data/analysis_examples.jsonl",
    "tests/data/analysis_tune.jsonl",
    "tests/data/analysis_tone.jsonl",
    "tests/data/analysis_fresh.jsonl",
    "tests/data/analysis_fresh2.jsonl",
    "tests/data/analysis_holdout.jsonl",
)
"""The labeled sets the shipped model is trained on, relative to the repository root. The
held-out set `HELD_OUT_SET` and `../shared/data` are never among them."""
HELD_OUT_SET = "tests/data/analysis_fresh3.jsonl"
"""Written from the label definitions alone and never trained or tuned on: the estimate of
accuracy on text nobody has seen."""
SMOOTHING = 0.3
"""Additive (Lidstone) smoothing of feature counts."""
MIN_MESSAGES = 2
"""A feature is kept only if at least this many training messages have it: one-off words
would make the model recall single training sentences rather than learn the labels."""

TONE_BELOW = 0.4
INTENT_BELOW = 0.5
"""The model is asked only when the lexicon's confidence is below these. In 5-fold
cross-validation on the training sets the lexicon was right on 72 % of its tone decisions
below 0.4 and on 53 % of its intent decisions below 0.5 (on data it was tuned on, so
optimistic), while the model was right on 87 % (tone) and 77 % (intent) of the messages where
it was at least as sure as `TONE_NEEDS` / `INTENT_NEEDS`. Intent was first asked below 0.7;
a set written later from the label definitions alone (`tests/data/analysis_fresh2.jsonl`)
lost 2.7 points of intent accuracy at that setting (the model is confidently wrong on
collaborative and curious phrasings there) and none at 0.5."""
TONE_NEEDS = 0.95
INTENT_NEEDS = 0.9
"""Posterior the model needs before it overrules the lexicon."""
MODEL_TRUST = 0.8
"""Naive Bayes posteriors are overconfident: an overruling decision reports
`posterior * MODEL_TRUST` as its confidence (about the model's cross-validated precision)."""


def features(tokens: Iterable[str]) -> set[str]:
    """Presence features of a message: its distinct tokens (`tokenize` output: words,
    Korean words, jamo runs like ㅋㅋ, numbers, punctuation runs, emoji). Korean word heads
    and endings, word pairs and number shapes were tried too: no better on held-out text,
    and several times slower."""
    return set(tokens)


class NaiveBayes:
    """Multinomial naive Bayes over feature sets; features never seen in training are
    ignored.

    With smoothing a, a label's log likelihood of a feature seen c times is
    log((c + a) / d) = log(a / d) + log(1 + c / a): a per-label floor for every known feature
    plus a bonus for the labels that saw it. Each known feature maps to its bonuses for all
    labels, so scoring a message sums a few columns in C rather than looping in Python.
    """

    __slots__ = ("_floors", "_priors", "_table", "labels")

    def __init__(
        self,
        labels: Sequence[str],
        priors: Sequence[float],
        floors: Sequence[float],
        table: dict[str, tuple[float, ...]],
    ) -> None:
        self.labels = tuple(labels)
        self._priors = tuple(priors)
        self._floors = tuple(floors)
        self._table = table

    @classmethod
    def from_counts(
        cls,
        labels: Sequence[str],
        documents: Sequence[int],
        counts: Mapping[str, Mapping[str, int]],
        smoothing: float = SMOOTHING,
    ) -> NaiveBayes:
        """Log priors from documents per label; smoothed log likelihoods from the messages
        per label each feature occurred in (`counts[label][feature]`)."""
        if not labels or len(documents) != len(labels) or sum(documents) <= 0 or smoothing <= 0:
            raise ValueError(
                "a model needs labels, a positive document count per label and smoothing > 0"
            )
        total_documents = sum(documents)
        vocabulary = sorted({f for label in labels for f in counts.get(label, {})})
        priors = [math.log(max(n, 1) / total_documents) for n in documents]
        floors = []
        for label in labels:
            denominator = sum(counts.get(label, {}).values()) + smoothing * len(vocabulary)
            floors.append(math.log(smoothing / denominator))
        table = {
            feature: tuple(
                math.log1p(counts.get(label, {}).get(feature, 0) / smoothing) for label in labels
            )
            for feature in vocabulary
        }
        return cls(labels, priors, floors, table)

    def _scores(self, found: Iterable[str]) -> list[float]:
        """Unnormalized log posterior of each label."""
        rows = [row for row in map(self._table.get, found) if row is not None]
        if not rows:
            return list(self._priors)
        known = len(rows)
        bonuses = map(sum, zip(*rows, strict=True))
        return [
            prior + known * floor + bonus
            for prior, floor, bonus in zip(self._priors, self._floors, bonuses, strict=True)
        ]

    def posteriors(self, found: Iterable[str]) -> dict[str, float]:
        """Probability of each label given the features."""
        scores = self._scores(found)
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.labels, exps, strict=True)}

    def best(self, found: Iterable[str]) -> tuple[str, float]:
        """The most probable label (the first one on a tie) and its posterior."""
        scores = self._scores(found)
        top = max(scores)
        total = sum(map(math.exp, [score - top for score in scores]))
        return self.labels[scores.index(top)], 1.0 / total


class LearnedModel(NamedTuple):
    tone: NaiveBayes
    intent: NaiveBayes


def train_model(
    rows: Iterable[Mapping[str, Any]], tokenizer: Callable[[str], Sequence[str]]
) -> dict[str, Any]:
    """Count features per label over labeled rows (`text`, `tone`, `intent`); the result is
    the JSON document `load_model` reads. `tokenizer(text)` gives the analyzer's tokens."""
    label_sets = {"tone": [t.value for t in Tone], "intent": [i.value for i in Intent]}
    documents = {name: dict.fromkeys(labels, 0) for name, labels in label_sets.items()}
    rows = list(rows)
    found_in = [features(tokenizer(row["text"])) for row in rows]
    frequency: dict[str, int] = {}
    for found in found_in:
        for feature in found:
            frequency[feature] = frequency.get(feature, 0) + 1
    kept = {feature for feature, n in frequency.items() if n >= MIN_MESSAGES}
    counts: dict[str, dict[str, dict[str, int]]] = {
        name: {label: {} for label in labels} for name, labels in label_sets.items()
    }
    for row, found in zip(rows, found_in, strict=True):
        for name in label_sets:
            label = row.get(name)
            if label is None:
                continue
            documents[name][label] += 1
            table = counts[name][label]
            for feature in found & kept:
                table[feature] = table.get(feature, 0) + 1
    return {
        "format": MODEL_FORMAT,
        "smoothing": SMOOTHING,
        "min_messages": MIN_MESSAGES,
        "models": {
            name: {
                "labels": labels,
                "documents": [documents[name][label] for label in labels],
                "counts": {label: dict(sorted(counts[name][label].items())) for label in labels},
            }
            for name, labels in label_sets.items()
        },
    }


def model_from_document(document: Mapping[str, Any]) -> LearnedModel:
    """Build the model from its JSON document; `ValueError` names what is wrong."""
    if document.get("format") != MODEL_FORMAT:
        raise ValueError(f"model format {document.get('format')!r}, expected {MODEL_FORMAT}")
    smoothing = float(document["smoothing"])
    parts = {}
    for name in ("tone", "intent"):
        part = document["models"][name]
        parts[name] = NaiveBayes.from_counts(
            part["labels"], part["documents"], part["counts"], smoothing
        )
    return LearnedModel(parts["tone"], parts["intent"])


@cache
def load_model() -> LearnedModel:
    """The shipped model (read and built once per process)."""
    path = resources.files("ion_mentoring").joinpath("data", MODEL_FILE)
    return model_from_document(json.loads(path.read_text("utf-8")))


def second_opinion(scores: Scores, tokens: Sequence[str], model: LearnedModel) -> Scores:
    """`scores` with tone and/or intent overruled where the lexicon was unsure and the model
    is sure, each change explained by a `learned model` cue."""
    ask_tone = scores.tone_confidence < TONE_BELOW
    ask_intent = scores.intent_confidence < INTENT_BELOW
    if not (ask_tone or ask_intent):
        return scores
    found = features(tokens)
    revised = scores
    if ask_tone:
        label, posterior = model.tone.best(found)
        if posterior >= TONE_NEEDS and label != scores.tone.value:
            revised = revised._replace(
                tone=Tone(label),
                tone_confidence=round(posterior * MODEL_TRUST, 4),
                secondary_tone=scores.tone,
            )
            revised.cues.append(Cue("tone", label, "learned model", round(posterior, 4)))
    if ask_intent:
        label, posterior = model.intent.best(found)
        if posterior >= INTENT_NEEDS and label != scores.intent.value:
            revised = revised._replace(
                intent=Intent(label), intent_confidence=round(posterior * MODEL_TRUST, 4)
            )
            revised.cues.append(Cue("intent", label, "learned model", round(posterior, 4)))
    return revised
