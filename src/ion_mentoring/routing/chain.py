"""Multi-persona chains: which personas take part in a message that spans domains, in what
order, how they run and how their replies are merged.

Rules (documented in docs/routing.md):
- A persona joins when its topic evidence is at least `share` (default 0.3) of the strongest
  evidence and at least `min_evidence` (default 1.0, about one clear topic cue). With one
  participant the chain is a single step, unless `force_multi` adds the routing runner-up.
- Steps follow registry order (Lua → Elro → Riri → Nana for the built-ins: acknowledge
  feelings, design, measure, then coordinate people), so a chain reads like a workflow.
- Sequential chains pass each step's reply to the next; parallel chains run independently.
- Default merge: `hierarchical` for sequential chains, `weighted` for parallel ones.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import attrs

from ..exceptions import ConfigurationError
from ..personas import PersonaRegistry
from .decision import RoutingDecision
from .scoring import normalize_topic

__all__ = [
    "ChainStep",
    "ExecutionMode",
    "MergeStrategy",
    "PersonaChain",
    "merge_replies",
    "plan_chain",
]

DEFAULT_CHAIN_SHARE = 0.3
DEFAULT_MIN_EVIDENCE = 1.0

E = TypeVar("E", bound=enum.StrEnum)


class ExecutionMode(enum.StrEnum):
    SEQUENTIAL = "sequential"
    PARALLEL = "parallel"


class MergeStrategy(enum.StrEnum):
    CONCATENATE = "concatenate"
    HIERARCHICAL = "hierarchical"
    WEIGHTED = "weighted"


@attrs.frozen
class ChainStep:
    """One persona's turn in a chain, with its weight (shares sum to 1)."""

    persona: str
    weight: float
    focus: str


@attrs.frozen
class PersonaChain:
    steps: tuple[ChainStep, ...]
    mode: ExecutionMode
    merge: MergeStrategy
    reason: str

    @property
    def personas(self) -> tuple[str, ...]:
        return tuple(step.persona for step in self.steps)

    @property
    def is_multi(self) -> bool:
        return len(self.steps) > 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "personas": list(self.personas),
            "steps": [attrs.asdict(s) for s in self.steps],
            "mode": self.mode.value,
            "merge": self.merge.value,
            "reason": self.reason,
        }


def plan_chain(
    decision: RoutingDecision,
    topic: Mapping[str, float],
    registry: PersonaRegistry,
    *,
    force_multi: bool = False,
    mode: ExecutionMode | str | None = None,
    merge: MergeStrategy | str | None = None,
    share: float = DEFAULT_CHAIN_SHARE,
    min_evidence: float = DEFAULT_MIN_EVIDENCE,
) -> PersonaChain:
    """Plan the chain for a routed message from its topic evidence."""
    run_mode = _enum(ExecutionMode, mode, "mode") or ExecutionMode.SEQUENTIAL
    normalized = normalize_topic(topic, registry.names) or {}
    members = {
        name
        for name, value in normalized.items()
        if value >= share and topic.get(name, 0.0) >= min_evidence
    }
    why = (
        f"topic evidence at least {share:.0%} of the strongest for {', '.join(sorted(members))}"
        if len(members) > 1
        else "one domain"
    )
    if not members:
        members = {decision.primary}
    if len(members) == 1 and force_multi:
        runner_up = next(name for name in decision.ranking if name not in members)
        members.add(runner_up)
        why = f"multi-persona forced: added runner-up {runner_up}"
    ordered = [name for name in registry.names if name in members]
    raw = {name: decision.scores[name] + normalized.get(name, 0.0) for name in ordered}
    total = sum(raw.values()) or 1.0
    steps = tuple(
        ChainStep(name, round(raw[name] / total, 6), registry.get(name).role) for name in ordered
    )
    default_merge = (
        MergeStrategy.HIERARCHICAL
        if run_mode is ExecutionMode.SEQUENTIAL
        else MergeStrategy.WEIGHTED
    )
    strategy = _enum(MergeStrategy, merge, "merge") or default_merge
    return PersonaChain(steps, run_mode, strategy, why)


def merge_replies(chain: PersonaChain, replies: Sequence[str]) -> str:
    """Merge the step replies (in step order) by the chain's strategy."""
    if len(replies) != len(chain.steps):
        raise ConfigurationError(
            f"expected {len(chain.steps)} replies for chain {chain.personas}, got {len(replies)}"
        )
    pairs = list(zip(chain.steps, (r.strip() for r in replies), strict=True))
    if len(pairs) == 1:
        return pairs[0][1]
    if chain.merge is MergeStrategy.CONCATENATE:
        return "\n\n".join(f"## {step.persona}\n{reply}" for step, reply in pairs)
    if chain.merge is MergeStrategy.HIERARCHICAL:
        *supporting, (last_step, last_reply) = pairs
        body = "\n\n".join(f"### {step.persona}\n{reply}" for step, reply in supporting)
        return f"## {last_step.persona}\n{last_reply}\n\n## Supporting perspectives\n{body}"
    ordered = sorted(pairs, key=lambda pair: -pair[0].weight)
    return "\n\n".join(f"## {step.persona} ({step.weight:.0%})\n{reply}" for step, reply in ordered)


def _enum(kind: type[E], value: E | str | None, what: str) -> E | None:
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise ConfigurationError(f"unknown {what} {value!r}; allowed: {allowed}") from None
