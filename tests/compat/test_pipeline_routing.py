"""Key routing through the legacy pipeline equals the core router's decision."""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ion_mentoring import Router, parse_key_lenient
from ion_mentoring.compat import Intent, Pace, PersonaPipeline, Tone
from tests.compat.conftest import quietly

ROUTER = Router()
SHARED = quietly(PersonaPipeline)
NAMES = {"Lua", "Elro", "Riri", "Nana"}
COMBINATIONS = [
    f"{t.value}-{p.value}-{i.value}" for t, p, i in itertools.product(Tone, Pace, Intent)
]
LEGACY_KEYS = {
    "calm-medium-learning": "calm-medium-learning",
    "curious-flowing-inquiry": "curious-flowing-learning",
    "frustrated-burst-expressive": "frustrated-burst-seek_advice",
    "frustrated-burst-seeking_advice": "frustrated-burst-seek_advice",
    "anxious-flowing-seek-advice": "anxious-flowing-seek_advice",
    "calm-fast-statement": "calm-burst-reflection",
    "analytical-slow-problem-solving": "analytical-contemplative-problem_solving",
    "Urgent-Medium-Planning": "urgent-medium-planning",
}


def test_there_are_216_combinations() -> None:
    assert len(set(COMBINATIONS)) == 216


@pytest.mark.parametrize("key", COMBINATIONS)
def test_every_combination_routes_like_the_core_router(pipeline: PersonaPipeline, key: str) -> None:
    decision = ROUTER.route(key)
    assert pipeline.get_persona(key) == decision.primary
    assert pipeline.get_confidence(key) == decision.confidence
    scores = pipeline.get_all_scores(key)
    assert scores == dict(decision.scores)
    assert set(scores) == NAMES
    assert all(isinstance(v, float) for v in scores.values())
    assert pipeline.get_secondary_persona(key) == decision.secondary


def test_known_spec_values(pipeline: PersonaPipeline) -> None:
    # SPEC §5: frustrated-burst-seek_advice is Lua's strongest key (1.0 everywhere).
    assert pipeline.get_persona("frustrated-burst-seek_advice") == "Lua"
    assert pipeline.get_all_scores("frustrated-burst-seek_advice")["Lua"] == pytest.approx(1.0)
    assert pipeline.get_persona("analytical-medium-learning") in {"Elro", "Riri"}


@pytest.mark.parametrize(("legacy", "canonical"), sorted(LEGACY_KEYS.items()))
def test_legacy_spellings_route_as_their_canonical_key(
    pipeline: PersonaPipeline, legacy: str, canonical: str
) -> None:
    decision = ROUTER.route(canonical)
    assert pipeline.validate_resonance_key(legacy)
    assert pipeline.get_persona(legacy) == decision.primary
    assert pipeline.get_confidence(legacy) == decision.confidence
    assert pipeline.get_all_scores(legacy) == dict(decision.scores)
    assert pipeline.get_secondary_persona(legacy) == decision.secondary
    info = pipeline.get_debug_info(legacy)
    assert info["resonance_key"] == canonical
    assert info["key_fallback"] is False
    assert bool(info["key_mappings"]) == (legacy != canonical)


def test_unknown_key_routes_the_default_key_and_says_so(pipeline: PersonaPipeline) -> None:
    assert pipeline.get_persona("invalid-key") == ROUTER.route("calm-medium-learning").primary
    info = pipeline.get_debug_info("invalid-key")
    assert info["key_fallback"] is True
    assert info["original_resonance_key"] == "invalid-key"


def test_routed_keys_are_cached_until_clear_cache(pipeline: PersonaPipeline) -> None:
    assert pipeline._cache == {}
    pipeline.get_persona("curious-flowing-inquiry")
    pipeline.get_confidence("calm-medium-learning")
    assert set(pipeline._cache) == {"curious-flowing-learning", "calm-medium-learning"}
    assert pipeline._cache["calm-medium-learning"] == ROUTER.route("calm-medium-learning")
    pipeline.clear_cache()
    assert pipeline._cache == {}


def test_cache_holds_at_most_one_entry_per_canonical_key(pipeline: PersonaPipeline) -> None:
    for key in [*COMBINATIONS, *LEGACY_KEYS, "junk", "more-junk", "x-y-z"]:
        pipeline.get_persona(key)
    assert len(pipeline._cache) == 216


def test_each_pipeline_has_its_own_cache() -> None:
    first, second = quietly(PersonaPipeline), quietly(PersonaPipeline)
    first.get_persona("calm-medium-learning")
    assert second._cache == {}


@pytest.mark.parametrize(
    ("key", "valid"),
    [
        ("calm-medium-learning", True),
        ("curious-flowing-inquiry", True),
        ("frustrated-burst-seeking_advice", True),
        ("invalid-key", False),
        ("", False),
        ("calm-medium", False),
        ("happy-medium-learning", False),
        ("calm-warp-learning", False),
        ("calm-medium-dancing", False),
    ],
)
def test_validate_resonance_key(pipeline: PersonaPipeline, key: str, valid: bool) -> None:
    assert pipeline.validate_resonance_key(key) is valid


def test_validate_rejects_non_strings(pipeline: PersonaPipeline) -> None:
    assert pipeline.validate_resonance_key(None) is False
    assert pipeline.validate_resonance_key(42) is False


_paces = st.sampled_from([*(p.value for p in Pace), "fast", "slow"])
_intents = st.sampled_from(
    [*(i.value for i in Intent), "inquiry", "statement", "expressive", "seeking_advice"]
)


@given(st.sampled_from([t.value for t in Tone]), _paces, _intents)
def test_validate_accepts_every_canonical_or_legacy_spelling(
    tone: str, pace: str, intent: str
) -> None:
    pipeline = SHARED
    key = f"{tone}-{pace}-{intent}"
    assert pipeline.validate_resonance_key(key) is True
    assert pipeline.get_persona(key) == ROUTER.route(parse_key_lenient(key).key).primary


@given(st.text())
def test_validate_never_raises_and_agrees_with_routing(text: str) -> None:
    pipeline = SHARED
    valid = pipeline.validate_resonance_key(text)
    assert isinstance(valid, bool)
    assert pipeline.get_debug_info(text)["key_fallback"] is (not valid)


@given(st.text(alphabet=st.characters(blacklist_characters="-")))
def test_validate_rejects_text_without_three_parts(text: str) -> None:
    assert SHARED.validate_resonance_key(text) is False


@given(
    st.text(min_size=1).filter(lambda s: "-" not in s and s.strip().lower() not in set(Tone)),
    _paces,
    _intents,
)
def test_validate_rejects_unknown_tones(tone: str, pace: str, intent: str) -> None:
    assert SHARED.validate_resonance_key(f"{tone}-{pace}-{intent}") is False


def test_statistics(pipeline: PersonaPipeline) -> None:
    pipeline.get_persona("calm-medium-learning")
    pipeline.get_persona("curious-flowing-inquiry")
    stats = pipeline.get_statistics()
    assert stats == {
        "cache_size": 2,
        "cached_keys": ["calm-medium-learning", "curious-flowing-learning"],
        "available_personas": ["Lua", "Elro", "Riri", "Nana"],
        "total_personas": 4,
    }
    pipeline.clear_cache()
    assert pipeline.get_statistics()["cache_size"] == 0


def test_debug_info(pipeline: PersonaPipeline) -> None:
    decision = ROUTER.route("urgent-burst-planning")
    info = pipeline.get_debug_info("urgent-fast-planning")
    assert info["resonance_key"] == "urgent-burst-planning"
    assert info["original_resonance_key"] == "urgent-fast-planning"
    assert info["primary_persona"] == decision.primary
    assert info["secondary_persona"] == decision.secondary
    assert info["confidence"] == decision.confidence
    assert info["all_scores"] == dict(decision.scores)
    assert info["reasoning"] == decision.reason
    assert datetime.fromisoformat(info["timestamp"]).tzinfo is not None
