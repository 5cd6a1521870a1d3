"""Rhythm metrics and the pace decision (thresholds documented in docs/analysis.md)."""

from __future__ import annotations

from collections.abc import Mapping

from ..keys import Pace
from ._model import Rhythm, TextLanguage
from ._scan import Scan

__all__ = [
    "BURST_MARK_RATIO",
    "BURST_MAX_LENGTH",
    "CALM_EXCLAMATION_RATIO",
    "CONTEMPLATIVE_MIN_LENGTH",
    "FLOWING_MIN_LENGTH",
    "pace_of",
    "rhythm_of",
]

BURST_MAX_LENGTH: Mapping[TextLanguage, float] = {"en": 9.0, "ko": 6.0, "mixed": 7.0}
"""Burst: average sentence length at most this many words and dense `!`/`?`."""
BURST_MARK_RATIO = 0.5
"""Burst needs at least this share of sentences ending in `!` or `?` (or a `!!`/`??` run)."""
FLOWING_MIN_LENGTH: Mapping[TextLanguage, float] = {"en": 8.0, "ko": 5.0, "mixed": 6.5}
"""Flowing: at least two sentences of at least this average length (below contemplative)."""
CONTEMPLATIVE_MIN_LENGTH: Mapping[TextLanguage, float] = {"en": 20.0, "ko": 13.0, "mixed": 16.0}
"""Contemplative: average sentence length at least this many words."""
CALM_EXCLAMATION_RATIO = 0.34
"""Flowing and contemplative allow at most this share of sentences ending in `!`."""

_EMPTY = Rhythm(0, 0.0, 0.0, 0.0, 0.0)


def rhythm_of(text: str, found: Scan) -> Rhythm:
    """Sentence count, words per sentence (Korean: eojeol), sentence punctuation and commas per
    character, and the share of sentences ending in `?` and in `!`."""
    words = len(text.split())
    sentences = found.sentences
    if not words or not sentences:
        return _EMPTY
    return Rhythm(
        sentences,
        round(words / sentences, 3),
        round((found.marks + text.count(",")) / len(text), 4),
        found.questions / sentences,
        found.exclamations / sentences,
    )


def pace_of(rhythm: Rhythm, language: TextLanguage, strong_runs: int = 0) -> Pace:
    """Burst, contemplative, flowing, else medium, by the module thresholds."""
    if rhythm.sentence_count == 0:
        return Pace.MEDIUM
    length = rhythm.avg_sentence_length
    marked = rhythm.question_ratio + rhythm.exclamation_ratio
    if length <= BURST_MAX_LENGTH[language] and (marked >= BURST_MARK_RATIO or strong_runs):
        return Pace.BURST
    if rhythm.exclamation_ratio <= CALM_EXCLAMATION_RATIO:
        if length >= CONTEMPLATIVE_MIN_LENGTH[language]:
            return Pace.CONTEMPLATIVE
        if rhythm.sentence_count >= 2 and length >= FLOWING_MIN_LENGTH[language]:
            return Pace.FLOWING
    return Pace.MEDIUM
