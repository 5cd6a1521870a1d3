"""Text preparation: truncation, Unicode normalization, tokenizing, language decision."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from ._model import TextLanguage

__all__ = [
    "MAX_ANALYZED_CHARS",
    "MIXED_LATIN_SHARE",
    "MIXED_MIN_LATIN",
    "Prepared",
    "decide_language",
    "prepare",
    "tokenize",
]

MAX_ANALYZED_CHARS = 20_000
"""Only this many leading characters are analyzed; longer input sets `truncated=True`."""

MIXED_LATIN_SHARE = 0.33
"""Korean text is `mixed` when at least this share of its word tokens (and at least
`MIXED_MIN_LATIN` of them) are Latin."""
MIXED_MIN_LATIN = 5

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


def decide_language(hangul_words: int, latin_words: int) -> TextLanguage:
    """`ko` for Hangul, `en` otherwise; `mixed` when Latin words are a large share of Korean."""
    if hangul_words == 0:
        return "en"
    if (
        latin_words >= MIXED_MIN_LATIN
        and latin_words / (hangul_words + latin_words) >= MIXED_LATIN_SHARE
    ):
        return "mixed"
    return "ko"
