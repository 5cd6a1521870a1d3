"""Text preparation: truncation, Unicode normalization, tokenizing, language decision."""

from __future__ import annotations

import re
import unicodedata

import attrs

from ._model import TextLanguage

__all__ = [
    "MAX_ANALYZED_CHARS",
    "MIXED_LATIN_SHARE",
    "Prepared",
    "decide_language",
    "prepare",
    "tokenize",
]

MAX_ANALYZED_CHARS = 20_000
"""Only this many leading characters are analyzed; longer input sets `truncated=True`."""

MIXED_LATIN_SHARE = 0.4
"""Korean text whose word tokens are at least this share Latin is `mixed`."""

# One pass over the lowercased text. Alternatives, in order: Latin word (with an optional
# contraction), Hangul syllable run, jamo run (ㅋㅋ, ㅠㅠ), number, sentence punctuation
# run, emoji. Everything else (spaces, commas, control characters, other scripts) is skipped.
_TOKEN = re.compile(
    r"[a-z][a-z0-9_]*(?:['’][a-z]+)?"
    r"|[가-힣]+"
    r"|[ㄱ-ㅎㅏ-ㅣ]+"
    r"|\d+(?:[.,:]\d+)*"
    r"|[.!?。！？…~]+"
    r"|[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2B55]"
)
# Runs of three or more of one Latin letter ("sooo", "whyyy") are collapsed to one.
_STRETCH = re.compile(r"([a-z])\1{2,}")


@attrs.frozen
class Prepared:
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
    if _STRETCH.search(lowered) is not None:
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
    if latin_words / (hangul_words + latin_words) >= MIXED_LATIN_SHARE:
        return "mixed"
    return "ko"
