"""Persona routing (SPEC §5): scores, decisions, recommendations and multi-persona chains."""

from __future__ import annotations

from .chain import (
    ChainStep,
    ExecutionMode,
    MergeStrategy,
    PersonaChain,
    merge_replies,
    plan_chain,
)
from .decision import Contribution, RoutingDecision
from .recommend import Capabilities, Recommendation, capabilities, recommend
from .router import Router
from .settings import FactorWeights, RoutingSettings

__all__ = [
    "Capabilities",
    "ChainStep",
    "Contribution",
    "ExecutionMode",
    "FactorWeights",
    "MergeStrategy",
    "PersonaChain",
    "Recommendation",
    "Router",
    "RoutingDecision",
    "RoutingSettings",
    "capabilities",
    "merge_replies",
    "plan_chain",
    "recommend",
]
