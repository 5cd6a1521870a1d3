from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ion_mentoring import (
    ALL_KEYS,
    ConfigurationError,
    ResonanceKey,
    Router,
    RoutingSettings,
    UnknownPersonaError,
    default_personas,
    parse_key,
)
from ion_mentoring.routing import FactorWeights

NAMES = ("Lua", "Elro", "Riri", "Nana")

# SPEC §5 tables, written out independently of the package data.
TONE = {
    "frustrated": (1.0, 0.4, 0.6, 0.5),
    "playful": (1.0, 0.3, 0.4, 0.7),
    "anxious": (1.0, 0.5, 0.6, 0.7),
    "analytical": (0.3, 1.0, 1.0, 0.5),
    "calm": (0.6, 1.0, 1.0, 0.7),
    "curious": (0.7, 1.0, 0.9, 0.8),
    "urgent": (0.5, 0.8, 0.6, 1.0),
    "confused": (0.8, 0.6, 0.7, 1.0),
    "collaborative": (0.6, 0.5, 0.7, 1.0),
}
PACE = {
    "burst": (1.0, 0.4, 0.5, 0.6),
    "flowing": (1.0, 0.8, 0.9, 0.9),
    "contemplative": (0.9, 0.7, 1.0, 0.8),
    "medium": (0.8, 1.0, 1.0, 1.0),
}
INTENT = {
    "seek_advice": (1.0, 0.6, 0.7, 0.8),
    "problem_solving": (0.7, 1.0, 0.9, 0.8),
    "learning": (0.6, 1.0, 0.9, 0.7),
    "validation": (0.8, 0.7, 1.0, 0.9),
    "planning": (0.5, 0.8, 0.9, 1.0),
    "reflection": (1.0, 0.4, 0.7, 0.6),
}


def spec_scores(key: ResonanceKey) -> dict[str, float]:
    return {
        name: 0.5 * TONE[key.tone][n] + 0.3 * PACE[key.pace][n] + 0.2 * INTENT[key.intent][n]
        for n, name in enumerate(NAMES)
    }


@pytest.fixture(scope="module")
def router() -> Router:
    return Router()


@given(st.sampled_from(ALL_KEYS))
def test_every_key_follows_the_spec_formula(key: ResonanceKey) -> None:
    decision = Router().route(key)
    expected = spec_scores(key)
    for name in NAMES:
        assert decision.scores[name] == pytest.approx(expected[name], abs=1e-6)
    top = max(expected.values())
    assert expected[decision.primary] == pytest.approx(top)
    second = sorted(expected.values())[-2]
    assert decision.confidence == pytest.approx(
        min(1.0, max(0.0, 0.7 * top + 0.3 * (top - second))), abs=1e-6
    )
    assert 0.0 <= decision.confidence <= 1.0
    assert decision.secondary != decision.primary
    assert set(decision.ranking) == set(NAMES)
    assert decision.primary in decision.reason and str(key) in decision.reason


def test_ties_are_broken_by_tone_then_intent_then_registry_order(router: Router) -> None:
    # curious-burst-planning: Elro, Riri and Nana all score 0.78; Elro has the best tone fit.
    d = router.route("curious-burst-planning")
    assert d.scores["Elro"] == d.scores["Riri"] == d.scores["Nana"]
    assert d.ranking[:3] == ("Elro", "Riri", "Nana")
    # Among Elro and Riri (same tone 1.0 for analytical), intent decides.
    d = router.route("analytical-medium-validation")
    assert d.primary == "Riri"


def test_key_only_routing_is_a_lookup_of_the_precomputed_table(router: Router) -> None:
    assert len(router.table) == 216
    key = parse_key("calm-medium-learning")
    assert router.route(key) is router.table[key]
    assert router.route("calm-medium-learning") is router.table[key]


def test_forced_persona_is_respected(router: Router) -> None:
    d = router.route("analytical-medium-learning", force="lua")
    assert d.primary == "Lua" and d.forced
    assert "requested" in d.reason
    with pytest.raises(UnknownPersonaError):
        router.route("analytical-medium-learning", force="Zed")


def test_topic_evidence_is_blended_with_the_documented_weight(router: Router) -> None:
    key = parse_key("calm-medium-learning")
    plain = router.route(key)
    blended = router.route(key, topic={"Nana": 3.0, "Elro": 1.0})
    w = router.settings.topic_weight
    assert blended.topic_weight == w
    assert blended.scores["Nana"] == pytest.approx((1 - w) * plain.scores["Nana"] + w * 1.0)
    assert blended.scores["Elro"] == pytest.approx((1 - w) * plain.scores["Elro"] + w / 3)
    assert blended.scores["Lua"] == pytest.approx((1 - w) * plain.scores["Lua"])
    assert blended.primary == "Nana"
    assert "topic" in blended.reason
    # No evidence at all leaves the key decision unchanged.
    assert router.route(key, topic={"Lua": 0.0}).scores == plain.scores


def test_hysteresis_keeps_the_current_persona_within_the_margin(router: Router) -> None:
    # analytical-medium-learning: Elro 1.0 vs Riri 0.98 -> within the 0.05 margin.
    d = router.route("analytical-medium-learning", current_persona="Riri")
    assert d.primary == "Riri" and d.sticky
    assert "kept" in d.reason
    # frustrated-burst-seek_advice: Lua far ahead -> switches.
    d = router.route("frustrated-burst-seek_advice", current_persona="Elro")
    assert d.primary == "Lua" and not d.sticky
    assert "switched" in d.reason


def test_fallback_persona_answers_below_the_threshold() -> None:
    router = Router(settings=RoutingSettings(confidence_threshold=0.95, fallback_persona="Nana"))
    d = router.route("analytical-medium-learning")
    assert d.confidence < 0.95
    assert d.primary == "Nana" and d.fallback
    assert "fallback" in d.reason


def test_default_settings_never_fall_back_on_key_only_routing(router: Router) -> None:
    assert not any(d.fallback for d in router.table.values())


def test_settings_are_validated() -> None:
    with pytest.raises(ConfigurationError):
        FactorWeights(0.5, 0.5, 0.5)
    with pytest.raises(ConfigurationError):
        RoutingSettings(topic_weight=2.0)
    with pytest.raises(ConfigurationError, match="fallback persona"):
        Router(settings=RoutingSettings(fallback_persona="Zed"))


def test_custom_persona_joins_routing() -> None:
    from tests.test_personas import custom_persona

    registry = default_personas().with_persona(custom_persona())
    router = Router(registry)
    d = router.route("anxious-flowing-seek_advice")
    assert set(d.scores) == {"Lua", "Elro", "Riri", "Nana", "Mira"}
    assert router.table_version != Router().table_version


def test_custom_weights_change_scores() -> None:
    router = Router(settings=RoutingSettings(weights=FactorWeights(1.0, 0.0, 0.0)))
    d = router.route("analytical-burst-reflection")
    assert d.scores["Elro"] == pytest.approx(1.0)


@given(
    st.sampled_from(ALL_KEYS),
    st.dictionaries(
        st.sampled_from(NAMES), st.floats(min_value=0, max_value=5, allow_nan=False), max_size=4
    ),
)
def test_blended_ranking_follows_the_documented_rule(
    key: ResonanceKey, topic: dict[str, float]
) -> None:
    from ion_mentoring.routing.scoring import rank

    decision = Router().route(key, topic=topic)
    assert decision.ranking == rank(decision.contributions, NAMES)
    assert decision.primary == decision.ranking[0]
    assert 0.0 <= decision.confidence <= 1.0
