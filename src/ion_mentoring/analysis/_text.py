"""Text preparation: truncation, Unicode normalization, tokenizing, language decision."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from ._model import TextLanguage

__all__ = [
    "LANGUAGE_SAMPLE_CHARS",
    "MAX_ANALYZED_CHARS",
    "MIXED_ATTACHED_WORDS",
    "MIXED_MIN_WORDS",
    "MIXED_WORD_SHARE",
    "Prepared",
    "decide_language",
    "prepare",
    "tokenize",
]

MAX_ANALYZED_CHARS = 20_000
"""Only this many leading characters are analyzed; longer input sets `truncated=True`."""

MIXED_ATTACHED_WORDS = 2
"""Korean text is `mixed` when at least this many English words carry a Korean particle or
ending written onto them ("library를", "debug하죠"): English woven into Korean grammar."""
MIXED_WORD_SHARE = 0.27
MIXED_MIN_WORDS = 2
"""Korean text is also `mixed` when English words (at least `MIXED_MIN_WORDS`) make up this
share of its words. Only words count: acronyms written in capitals (API, DB), codes with
digits (p99, 80ms) and the particles glued to English words are left out, so Korean with a
few technical terms stays `ko`."""
LANGUAGE_SAMPLE_CHARS = 1_000
"""Whether Korean text is `mixed` is decided on its first this many characters."""

# One pass over the lowercased text. Alternatives, in order: Latin word (with an optional
# contraction), Hangul syllable run, jamo run (ㅋㅋ, ㅠㅠ), number, sentence punctuation
# run, emoji. Everything else (spaces, commas, control characters, other scripts) is skipped.
_EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf\u2300-\u23ff\u2b50\u2b55\u203c"
_TOKEN = re.compile(
    # The lookahead lets the engine skip quickly over characters no token starts with.
    # Possessive quantifiers (*+, ++, ?+) keep no backtracking state; nothing follows an
    # alternative, so they match exactly what the greedy ones would, only faster.
    rf"(?=[a-z0-9가-힣ㄱ-ㅣ.!?。！？…~{_EMOJI}])"
    r"(?:[a-z][a-z0-9_]*+(?:'[a-z]++)?+"
    r"|[가-힣]++"
    r"|[ㄱ-ㅎㅏ-ㅣ]++"
    r"|\d++(?:[.,:]\d++)*+"
    r"|[.!?。！？…~]++"
    rf"|[{_EMOJI}])"
)
# Runs of three or more of one Latin letter ("sooo", "whyyy") are collapsed to one.
_STRETCH = re.compile(r"([a-z])\1{2,}")
_STRETCH_PROBE = re.compile(r"([a-z])\1\1")
# On the original text. _ATTACHED: a lowercase letter with Hangul written right after it
# ("library를", "debug하죠"; not "API가", an acronym, nor "p99가", a code). Then Latin tokens,
# each matched from its first letter only (the lookbehind rejects starts inside a token):
# _LETTERS_ONLY, tokens of letters only; _GLUED, any Latin token with Hangul written onto it
# (that Hangul run is a particle or an ending, not a Korean word).
_ATTACHED = re.compile(r"[a-z](?=[가-힣])")
_LETTERS_ONLY = re.compile(r"[A-Za-z](?<![A-Za-z0-9_].)[A-Za-z]*+(?![A-Za-z0-9_])")
_GLUED = re.compile(r"[A-Za-z](?<![A-Za-z0-9_].)[A-Za-z0-9_]*+(?=[가-힣])")
_HANGUL_RUN = re.compile(r"[가-힣]+")


class Prepared(NamedTuple):
    """The analyzed head of the input, lowercased and NFC-normalized."""

    text: str
    """NFC text that is analyzed (original case)."""
    lowered: str
    """`text` lowercased with stretched Latin letters collapsed."""
    stretched: tuple[str, ...]
    """Stretched letter runs that were collapsed (intensity evidence)."""
    length: int
    truncated: bool


def prepare(text: str, limit: int = MAX_ANALYZED_CHARS) -> Prepared:
    """Cap `text` at `limit` characters, NFC-normalize it and lowercase it."""
    length = len(text)
    truncated = length > limit
    if truncated:
        text = text[:limit]
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    lowered = text.lower().replace("’", "'")
    stretched: tuple[str, ...] = ()
    if _STRETCH_PROBE.search(lowered) is not None:
        stretched = tuple(m.group(0) for m in _STRETCH.finditer(lowered))
        lowered = _STRETCH.sub(r"\1", lowered)
    return Prepared(text, lowered, stretched, length, truncated)


def tokenize(lowered: str) -> list[str]:
    """Split lowercased text into word, jamo, number, punctuation and emoji tokens."""
    return _TOKEN.findall(lowered)


def decide_language(text: str, hangul_words: int, latin_words: int) -> TextLanguage:
    """`ko` for Hangul, `en` otherwise; `mixed` for Korean with English woven in
    (`MIXED_ATTACHED_WORDS`, `MIXED_WORD_SHARE`). The counts are `text`'s Hangul and Latin
    word tokens; the regexes run only for Korean text with some Latin in it, and only on its
    first `LANGUAGE_SAMPLE_CHARS` characters."""
    if hangul_words == 0:
        return "en"
    if latin_words < min(MIXED_ATTACHED_WORDS, MIXED_MIN_WORDS):
        return "ko"
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if _has_attached_words(sample):
        return "mixed"
    if len(text) > LANGUAGE_SAMPLE_CHARS:
        hangul_words = len(_HANGUL_RUN.findall(sample))
    words = _english_words(_LETTERS_ONLY.findall(sample))
    korean = hangul_words - len(_GLUED.findall(sample))
    if words >= MIXED_MIN_WORDS and words >= MIXED_WORD_SHARE * (words + korean):
        return "mixed"
    return "ko"


def _has_attached_words(sample: str) -> bool:
    """Whether `sample` has at least `MIXED_ATTACHED_WORDS` English words with Korean written
    onto them. Searching stops once they are found: cheaper than counting all of them."""
    pos = 0
    for _ in range(MIXED_ATTACHED_WORDS):
        found = _ATTACHED.search(sample, pos)
        if found is None:
            return False
        pos = found.end()
    return True


def _english_words(tokens: list[str]) -> int:
    """Tokens that are words, not acronyms written in capitals (API, DB)."""
    return sum(not token.isupper() for token in tokens)
