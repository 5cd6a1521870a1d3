"""The legacy PersonaRouter over the core Router."""

from __future__ import annotations

import pytest

from ion_mentoring import ALL_KEYS, Router, RoutingSettings
from ion_mentoring.compat import PersonaRouter, RoutingResult

pytestmark = pytest.mark.filterwarnings("ignore:ion_mentoring.compat:DeprecationWarning")

ROUTER = Router()


def test_accepts_the_legacy_flags_and_unknown_options() -> None:
    router = PersonaRouter(
        enable_memory=True,
        enable_rune=True,
        enable_phases=False,
        enable_multi_persona=True,
        rune_threshold=0.4,
    )
    assert (router.enable_memory, router.enable_rune) == (True, True)
    assert (router.enable_phases, router.enable_multi_persona) == (False, True)
    assert router.ignored_options == {"rune_threshold": 0.4}


def test_flags_do_not_change_routing() -> None:
    plain, flagged = PersonaRouter(), PersonaRouter(enable_memory=True, enable_rune=True)
    for key in ("calm-medium-learning", "urgent-burst-planning", "playful-flowing-reflection"):
        assert plain.route(key) == flagged.route(key)


@pytest.mark.parametrize("key", [str(k) for k in ALL_KEYS[::7]])
def test_route_returns_the_core_decision_as_a_routing_result(key: str) -> None:
    result = PersonaRouter().route(key)
    decision = ROUTER.route(key)
    assert isinstance(result, RoutingResult)
    assert result.primary_persona == decision.primary
    assert result.confidence == decision.confidence
    assert result.secondary_persona == decision.secondary
    assert result.reasoning == decision.reason
    assert result.all_scores == dict(decision.scores)


@pytest.mark.parametrize(
    ("legacy", "canonical"),
    [
        ("curious-flowing-inquiry", "curious-flowing-learning"),
        ("frustrated-burst-expressive", "frustrated-burst-seek_advice"),
        ("frustrated-burst-seeking_advice", "frustrated-burst-seek_advice"),
        ("calm-slow-statement", "calm-contemplative-reflection"),
    ],
)
def test_route_reads_legacy_keys(legacy: str, canonical: str) -> None:
    result = PersonaRouter().route(legacy)
    assert result.resonance_key == canonical
    assert result.primary_persona == ROUTER.route(canonical).primary


def test_unknown_key_routes_the_default_key() -> None:
    assert PersonaRouter().route("invalid-key").resonance_key == "calm-medium-learning"


def test_uses_a_given_core_router() -> None:
    custom = Router(settings=RoutingSettings(fallback_persona="Nana", confidence_threshold=1.0))
    result = PersonaRouter(router=custom).route("frustrated-burst-seek_advice")
    assert result.primary_persona == "Nana"
