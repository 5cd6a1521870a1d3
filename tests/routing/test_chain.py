from __future__ import annotations

import pytest

from ion_mentoring import ConfigurationError, Router
from ion_mentoring.routing import ExecutionMode, MergeStrategy, merge_replies, plan_chain


@pytest.fixture(scope="module")
def router() -> Router:
    return Router()


def test_two_domains_make_a_chain_in_workflow_order(router: Router) -> None:
    topic = {"Nana": 1.0, "Elro": 1.2}
    decision = router.route("calm-medium-planning", topic=topic)
    chain = plan_chain(decision, topic, router.registry)
    assert chain.personas == ("Elro", "Nana")
    assert chain.is_multi
    assert chain.mode is ExecutionMode.SEQUENTIAL
    assert chain.merge is MergeStrategy.HIERARCHICAL
    assert sum(s.weight for s in chain.steps) == pytest.approx(1.0)


def test_weak_or_minor_evidence_does_not_join(router: Router) -> None:
    topic = {"Nana": 4.0, "Elro": 1.3, "Lua": 0.3, "Riri": 0.9}
    decision = router.route("calm-medium-planning", topic=topic)
    assert plan_chain(decision, topic, router.registry).personas == ("Elro", "Nana")


def test_one_domain_is_a_single_step_unless_forced(router: Router) -> None:
    topic = {"Elro": 2.0}
    decision = router.route("calm-medium-learning", topic=topic)
    assert plan_chain(decision, topic, router.registry).personas == ("Elro",)
    forced = plan_chain(decision, topic, router.registry, force_multi=True)
    assert len(forced.personas) == 2 and decision.ranking[1] in forced.personas


def test_parallel_defaults_to_weighted_merge(router: Router) -> None:
    topic = {"Lua": 1.0, "Riri": 1.0}
    decision = router.route("anxious-medium-validation", topic=topic)
    chain = plan_chain(decision, topic, router.registry, mode="parallel")
    assert chain.merge is MergeStrategy.WEIGHTED
    merged = merge_replies(chain, ["feel", "measure"])
    assert "feel" in merged and "measure" in merged and "%" in merged


@pytest.mark.parametrize("strategy", list(MergeStrategy))
def test_every_merge_keeps_every_reply(router: Router, strategy: MergeStrategy) -> None:
    topic = {"Elro": 1.0, "Nana": 1.0, "Riri": 1.5}
    decision = router.route("calm-medium-planning", topic=topic)
    chain = plan_chain(decision, topic, router.registry, merge=strategy)
    replies = [f"reply from {p}" for p in chain.personas]
    merged = merge_replies(chain, replies)
    for reply in replies:
        assert reply in merged
    assert len(chain.steps) == 3
    with pytest.raises(ConfigurationError, match="expected 3 replies"):
        merge_replies(chain, replies[:1])


def test_unknown_mode_or_merge_is_a_clear_error(router: Router) -> None:
    decision = router.route("calm-medium-planning")
    with pytest.raises(ConfigurationError, match="allowed: sequential, parallel"):
        plan_chain(decision, {}, router.registry, mode="sideways")
    with pytest.raises(ConfigurationError, match="allowed: concatenate"):
        plan_chain(decision, {}, router.registry, merge="blend")
