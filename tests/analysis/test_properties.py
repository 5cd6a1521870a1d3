"""Property tests: any string gives a valid, deterministic analysis."""

from __future__ import annotations

import math
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from ion_mentoring.analysis import MAX_ANALYZED_CHARS, Analysis, Analyzer, analyze
from ion_mentoring.keys import ALL_KEYS

_analyzer = Analyzer()
_KEYS = frozenset(ALL_KEYS)
_PERSONAS = ("Lua", "Elro", "Riri", "Nana")

# Text mixing the scripts and symbols the analyzer treats specially, plus anything at all.
_pieces = st.sampled_from(
    [
        "ㅋㅋㅋ",
        "ㅠㅠ",
        "!!!",
        "???",
        "...",
        "~",
        "😂",
        "🙏",
        "🏴‍☠️",
        "not ",
        "안 ",
        "별로 ",
        "급해요",
        "불안해요",
        "걱정 없어요",
        "worried",
        "WHY",
        "sooo",
        "in 5 minutes",
        "30분 뒤",
        "\x00",
        "\u200b",
        "\ud800",
        "\n",
        " ",
        "API",
        "지표",
        "team",
        "feel",
        "3.5%",
        "memory를 ",
        "debug하죠",
        "p99가",
        "DB를",
    ]
)
_texts = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8")),
    st.lists(st.one_of(_pieces, st.text(max_size=8)), max_size=40).map("".join),
)


def _check(result: Analysis, text: str) -> None:
    assert result.key in _KEYS
    assert result.language in ("ko", "en", "mixed")
    composed = unicodedata.normalize("NFC", text)  # conjoining jamo compose into syllables
    if result.language != "en":
        assert any("가" <= c <= "힣" for c in composed)
    if result.language == "mixed":
        assert any("a" <= c.lower() <= "z" for c in composed)
    assert 0.0 <= result.tone_confidence <= 1.0
    assert 0.0 <= result.intent_confidence <= 1.0
    assert set(result.topic) == set(_PERSONAS)
    assert all(v >= 0 and math.isfinite(v) for v in result.topic.values())
    assert result.length == len(text)
    assert result.truncated == (len(text) > MAX_ANALYZED_CHARS)
    rhythm = result.rhythm
    assert rhythm.sentence_count >= 0
    assert 0.0 <= rhythm.question_ratio <= 1.0
    assert 0.0 <= rhythm.exclamation_ratio <= 1.0
    assert rhythm.punctuation_density >= 0
    assert result.to_dict()["resonance_key"] == str(result.key)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_any_text_gives_a_valid_analysis(text: str) -> None:
    _check(_analyzer.analyze(text), text)


@settings(max_examples=100, deadline=None)
@given(_texts)
def test_analysis_is_deterministic(text: str) -> None:
    assert _analyzer.analyze(text) == Analyzer().analyze(text) == analyze(text)


@settings(max_examples=20, deadline=None)
@given(st.text(min_size=1, max_size=50), st.integers(min_value=1, max_value=5))
def test_long_input_is_truncated(unit: str, extra: int) -> None:
    text = unit * (MAX_ANALYZED_CHARS // len(unit) + extra)
    result = _analyzer.analyze(text)
    _check(result, text)
    assert result.truncated


def test_edge_inputs() -> None:
    for text in [
        "",
        " ",
        "\n\t ",
        "😂😂😂",
        "\ud800\udfff\ud800",
        "\x00\x01\x7f",
        "ㅋ",
        "!!!",
        "?",
    ]:
        _check(_analyzer.analyze(text), text)
    assert _analyzer.analyze("").key == _analyzer.analyze("   ").key


def test_one_megabyte_is_fast_and_truncated() -> None:
    import time

    text = ("정말 급해요!! prod is down, please help 😱 " * 30_000)[:1_000_000]
    start = time.perf_counter()
    result = _analyzer.analyze(text)
    assert time.perf_counter() - start < 0.5
    assert result.truncated
    assert result.length == 1_000_000
