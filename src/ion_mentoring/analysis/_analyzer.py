"""The analyzer: text -> `Analysis`, with its lexicon loaded once."""

from __future__ import annotations

import re

from ..exceptions import AnalysisInputError
from ..keys import Pace
from ._learned import LearnedModel, load_model, second_opinion
from ._lexicon import Lexicon, load_lexicon
from ._model import Analysis, Cue
from ._rhythm import pace_of, rhythm_of
from ._scan import Resolved, scan
from ._scoring import score
from ._text import MAX_ANALYZED_CHARS, decide_language, prepare, tokenize

__all__ = ["WORD_CACHE_SIZE", "AnalysisInputError", "Analyzer", "analyze"]

# Runs of capitals; only ordinary words count as shouting (AGAIN, NOW), acronyms (API) do not.
_CAPS_RUN = re.compile(r"[A-Z][A-Z']+")


WORD_CACHE_SIZE = 50_000
"""Distinct Korean eojeol whose stem lookup an `Analyzer` remembers (0 disables)."""

_PACE_CUES = {
    Pace.BURST: Cue("pace", "burst", "short sentences, dense ! or ?", 1.0),
    Pace.FLOWING: Cue("pace", "flowing", "several mid-length sentences", 1.0),
    Pace.CONTEMPLATIVE: Cue("pace", "contemplative", "long sentences, few !", 1.0),
    Pace.MEDIUM: Cue("pace", "medium", "no strong rhythm", 1.0),
}


class Analyzer:
    """Analyzes messages; build one and reuse it (the lexicon is compiled once)."""

    __slots__ = (
        "_emoji",
        "_endings",
        "_lexicon",
        "_model",
        "_words",
        "max_chars",
        "word_cache_size",
    )

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        max_chars: int = MAX_ANALYZED_CHARS,
        word_cache_size: int = WORD_CACHE_SIZE,
        *,
        second_opinion: bool = True,
    ) -> None:
        """`second_opinion=False` leaves tone and intent to the lexicon alone (no learned
        model; see `ion_mentoring.analysis._learned`)."""
        self._lexicon = lexicon if lexicon is not None else load_lexicon()
        self._model: LearnedModel | None = load_model() if second_opinion else None
        self._emoji: dict[str, tuple[Cue, ...]] = {}
        self._words: dict[str, Resolved] = {}
        self._endings: dict[str, tuple[Cue, ...]] = {}
        self.max_chars = max_chars
        self.word_cache_size = word_cache_size

    @property
    def lexicon(self) -> Lexicon:
        return self._lexicon

    def analyze(self, text: str) -> Analysis:
        """Analyze one message; any `str` gives a valid result, only its head if it is long."""
        if not isinstance(text, str):
            raise AnalysisInputError(f"analyze() needs a str, got {type(text).__name__}")
        prepared = prepare(text, self.max_chars)
        tokens = tokenize(prepared.lowered)
        found = scan(
            tokens,
            self._lexicon,
            self._emoji,
            self._words,
            self.word_cache_size,
            self._endings,
        )
        language = decide_language(prepared.text, found.hangul_words, found.latin_words)
        shouted = 0
        if found.latin_words and not prepared.text.islower():
            runs = _CAPS_RUN.findall(prepared.text)
            if runs:
                common = self._lexicon.shout_words
                shouted = sum(map(common.__contains__, map(str.lower, runs)))
        scores = score(found, shouted, len(prepared.stretched))
        if self._model is not None:
            scores = second_opinion(scores, tokens, self._model)
        rhythm = rhythm_of(prepared.text, found)
        pace = pace_of(rhythm, language, found.strong_runs)
        cues = found.cues
        cues.extend(scores.cues)
        cues.append(_PACE_CUES[pace])
        # Positional arguments: attrs' generated __init__ binds them faster than keywords.
        return Analysis(
            language,
            rhythm,
            pace,
            scores.tone,
            scores.tone_confidence,
            scores.secondary_tone,
            scores.intent,
            scores.intent_confidence,
            scores.topic,
            tuple(cues),
            prepared.length,
            prepared.truncated,
        )


_default: Analyzer | None = None


def analyze(text: str) -> Analysis:
    """Analyze `text` with a shared default `Analyzer` (created on first use)."""
    global _default
    if _default is None:
        _default = Analyzer()
    return _default.analyze(text)
