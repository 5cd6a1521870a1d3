from __future__ import annotations

from ion_mentoring import Router, default_personas
from ion_mentoring.routing import capabilities, recommend


def test_capabilities_are_affinities_of_at_least_0_8() -> None:
    caps = capabilities(default_personas().get("Nana"))
    assert set(caps.best_tones) == {"urgent", "confused", "collaborative", "curious"}
    assert set(caps.best_paces) == {"flowing", "contemplative", "medium"}
    assert set(caps.best_intents) == {"seek_advice", "problem_solving", "validation", "planning"}
    assert "process_management" in caps.strengths


def test_recommendation_carries_scores_and_alternatives() -> None:
    router = Router()
    decision = router.route("analytical-contemplative-validation", topic={"Riri": 1.0})
    rec = recommend(decision, router.registry.get(decision.primary))
    assert rec.persona == "Riri"
    assert set(rec.scores) == {"Lua", "Elro", "Riri", "Nana"}
    assert rec.persona not in rec.alternatives and len(rec.alternatives) == 3
    assert rec.to_dict()["capabilities"]["persona"] == "Riri"
