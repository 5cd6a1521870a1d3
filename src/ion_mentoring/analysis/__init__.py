"""Text analysis (SPEC §3): Korean/English message -> tone, pace, intent, topic evidence, cues."""

from __future__ import annotations

from ._analyzer import AnalysisInputError, Analyzer, analyze
from ._lexicon import LexiconError, lexicon_digest
from ._model import Analysis, Cue, Rhythm
from ._text import MAX_ANALYZED_CHARS

__all__ = [
    "ANALYZER_VERSION",
    "MAX_ANALYZED_CHARS",
    "Analysis",
    "AnalysisInputError",
    "Analyzer",
    "Cue",
    "LexiconError",
    "Rhythm",
    "analyze",
]

ANALYZER_VERSION: str = lexicon_digest()
"""Short hash of the lexicon data and analyzer algorithm version; part of cache keys."""
