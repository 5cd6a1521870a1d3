"""The learned second opinion: reproducible training, a correct model, limited authority."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ion_mentoring.analysis import Analyzer
from ion_mentoring.analysis._learned import (
    HELD_OUT_SET,
    INTENT_BELOW,
    MODEL_FORMAT,
    TONE_BELOW,
    TRAINING_SETS,
    NaiveBayes,
    features,
    load_model,
    model_from_document,
)
from ion_mentoring.analysis._text import prepare, tokenize

ROOT = Path(__file__).resolve().parents[2]

_lexicon_only = Analyzer(second_opinion=False)
_full = Analyzer()


def test_shipped_model_is_what_the_training_script_produces() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_analysis_model.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_training_never_sees_the_held_out_or_shared_sets() -> None:
    assert all(name.startswith("tests/data/") for name in TRAINING_SETS)
    assert HELD_OUT_SET not in TRAINING_SETS
    assert (ROOT / HELD_OUT_SET).is_file()
    assert all((ROOT / name).is_file() for name in TRAINING_SETS)


def test_naive_bayes_matches_a_hand_computed_posterior() -> None:
    # Two labels, one message each; smoothing 1: p(f|a) = (1+1)/(1+2), p(f|b) = (0+1)/(1+2)
    model = NaiveBayes.from_counts(["a", "b"], [1, 1], {"a": {"x": 1}, "b": {"y": 1}}, 1.0)
    posteriors = model.posteriors({"x", "unknown"})
    assert posteriors["a"] == pytest.approx(2 / 3)
    assert model.best({"y"}) == ("b", pytest.approx(2 / 3))
    assert model.posteriors(set()) == {"a": pytest.approx(0.5), "b": pytest.approx(0.5)}


def test_invalid_models_are_refused() -> None:
    with pytest.raises(ValueError, match="model format"):
        model_from_document({"format": MODEL_FORMAT + 1})
    with pytest.raises(ValueError, match="document count"):
        NaiveBayes.from_counts(["a"], [0], {})


@given(st.text(max_size=300))
def test_posteriors_are_a_distribution_for_any_text(text: str) -> None:
    found = features(tokenize(prepare(text).lowered))
    model = load_model()
    for part in (model.tone, model.intent):
        posteriors = part.posteriors(found)
        assert set(posteriors) == set(part.labels)
        assert math.isclose(sum(posteriors.values()), 1.0)
        assert all(0.0 <= p <= 1.0 for p in posteriors.values())


@given(st.text(max_size=300))
def test_confident_lexicon_decisions_are_never_overruled(text: str) -> None:
    lexicon, full = _lexicon_only.analyze(text), _full.analyze(text)
    if lexicon.tone_confidence >= TONE_BELOW:
        assert full.tone == lexicon.tone
        assert full.tone_confidence == lexicon.tone_confidence
    if lexicon.intent_confidence >= INTENT_BELOW:
        assert full.intent == lexicon.intent
    assert full.pace == lexicon.pace
    assert full.topic == lexicon.topic


def test_an_overruling_is_explained_by_a_cue() -> None:
    # Contradictory instructions ("the lead says hurry, QA says slow down: which tune do I
    # dance to?"): the lexicon finds no clear emotion; the model reads confusion.
    text = "리더는 빨리 하라고 하고 QA는 천천히 하라고 해서 어느 장단에 맞춰야 할지 모르겠어요"
    lexicon, full = _lexicon_only.analyze(text), _full.analyze(text)
    assert lexicon.tone.value == "calm"
    assert lexicon.tone_confidence < TONE_BELOW
    assert full.tone.value == "confused"
    assert full.secondary_tone == lexicon.tone
    learned = [c for c in full.cues if c.match == "learned model"]
    assert [(c.kind, c.label) for c in learned] == [("tone", "confused")]
    assert full.tone_confidence <= 0.8
    assert full.key != lexicon.key
