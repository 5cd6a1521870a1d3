from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ion_mentoring import (
    ALL_KEYS,
    DEFAULT_KEY,
    Intent,
    InvalidKeyError,
    Pace,
    ResonanceKey,
    Tone,
    parse_key,
    parse_key_lenient,
)


def test_vocabulary_has_216_distinct_keys_in_documented_order() -> None:
    assert len(ALL_KEYS) == 216 == len(set(ALL_KEYS))
    assert len(Tone) == 9 and len(Pace) == 4 and len(Intent) == 6
    assert str(ALL_KEYS[0]) == "frustrated-burst-seek_advice"
    assert str(ALL_KEYS[-1]) == "collaborative-medium-reflection"
    assert [k.index for k in ALL_KEYS] == list(range(216))


@given(st.sampled_from(ALL_KEYS))
def test_every_key_round_trips(key: ResonanceKey) -> None:
    assert parse_key(str(key)) == key
    assert parse_key_lenient(str(key)).exact


@pytest.mark.parametrize(
    ("text", "part", "value"),
    [
        ("happy-burst-learning", "tone", "happy"),
        ("calm-fast-learning", "pace", "fast"),
        ("calm-medium-inquiry", "intent", "inquiry"),
        ("calm-medium", "key", "calm-medium"),
        ("", "key", ""),
    ],
)
def test_strict_parse_names_the_bad_part_and_allowed_values(
    text: str, part: str, value: str
) -> None:
    with pytest.raises(InvalidKeyError) as info:
        parse_key(text)
    assert info.value.part == part
    assert info.value.value == value
    if part == "tone":
        assert "frustrated" in str(info.value) and "collaborative" in str(info.value)


def test_strict_parse_rejects_non_strings() -> None:
    with pytest.raises(InvalidKeyError):
        parse_key(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("legacy", "canonical"),
    [
        ("frustrated-burst-seeking_advice", "frustrated-burst-seek_advice"),
        ("frustrated-burst-seek-advice", "frustrated-burst-seek_advice"),
        ("calm-fast-learning", "calm-burst-learning"),
        ("calm-slow-learning", "calm-contemplative-learning"),
        ("curious-flowing-inquiry", "curious-flowing-learning"),
        ("calm-medium-statement", "calm-medium-reflection"),
        ("frustrated-burst-expressive", "frustrated-burst-seek_advice"),
        ("  Calm-Medium-Learning ", "calm-medium-learning"),
    ],
)
def test_lenient_parse_maps_legacy_spellings_and_says_so(legacy: str, canonical: str) -> None:
    result = parse_key_lenient(legacy)
    assert str(result.key) == canonical
    assert not result.fallback
    assert result.mapped, "a mapping must be reported"


@pytest.mark.parametrize("bad", ["invalid-key", "", "a-b-c-d", "calm-medium-dancing", None, 3])
def test_lenient_parse_falls_back_with_a_flag(bad: object) -> None:
    result = parse_key_lenient(bad)
    assert result.key == DEFAULT_KEY
    assert result.fallback
    assert result.problem


@given(st.text())
def test_lenient_parse_never_raises(text: str) -> None:
    result = parse_key_lenient(text)
    assert result.key in ALL_KEYS
    assert result.fallback or result.problem is None
