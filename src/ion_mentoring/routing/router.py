"""The router: key-only routing as a precomputed lookup, plus topic, forcing, fallback and
conversation stickiness."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from ..exceptions import ConfigurationError
from ..keys import ALL_KEYS, ResonanceKey, parse_key
from ..personas import PersonaRegistry, default_personas
from .decision import Contribution, RoutingDecision
from .scoring import (
    blend_topic,
    confidence,
    key_contributions,
    normalize_topic,
    quantize,
    rank_in_tie_order,
    tie_order,
)
from .settings import RoutingSettings

__all__ = ["Router"]


class Router:
    """Routes resonance keys to personas for one persona registry and one set of settings."""

    def __init__(
        self,
        registry: PersonaRegistry | None = None,
        settings: RoutingSettings | None = None,
    ) -> None:
        self.registry = registry or default_personas()
        self.settings = settings or RoutingSettings()
        if self.settings.fallback_persona not in self.registry:
            raise ConfigurationError(
                f"fallback persona {self.settings.fallback_persona!r} is not registered; "
                f"available: {', '.join(self.registry.names)}"
            )
        self._names = self.registry.names
        self._base = {
            key: key_contributions(key, self.registry, self.settings.weights) for key in ALL_KEYS
        }
        self._ties = {key: tie_order(base, self._names) for key, base in self._base.items()}
        self.table: Mapping[ResonanceKey, RoutingDecision] = {
            key: self._decide(key, self._base[key]) for key in ALL_KEYS
        }
        self._by_text = {str(k): d for k, d in self.table.items()}
        self.table_version = self._version()

    def route(
        self,
        key: ResonanceKey | str,
        *,
        topic: Mapping[str, float] | None = None,
        current_persona: str | None = None,
        force: str | None = None,
    ) -> RoutingDecision:
        """Route a key (a `ResonanceKey` or canonical string, parsed strictly).

        `topic` blends in evidence per persona (`settings.topic_weight`); `current_persona`
        applies hysteresis; `force` names the persona that must answer.
        """
        if topic is None and current_persona is None and force is None:
            found = self._by_text.get(key) if isinstance(key, str) else self.table.get(key)
            if found is not None:
                return found
        if isinstance(key, str):
            key = parse_key(key)
        contributions = self._base.get(key) or key_contributions(
            key, self.registry, self.settings.weights
        )
        topic_weight = 0.0
        if topic is not None:
            normalized = normalize_topic(topic, self._names)
            if normalized is not None and self.settings.topic_weight > 0:
                topic_weight = self.settings.topic_weight
                contributions = blend_topic(contributions, normalized, topic_weight)
            elif force is None and current_persona is None and key in self.table:
                return self.table[key]  # no evidence: the precomputed key-only decision
        if force is not None:
            force = self.registry.get(force).name
        if current_persona is not None and current_persona in self.registry:
            current_persona = self.registry.get(current_persona).name
        else:
            current_persona = None
        return self._decide(key, contributions, topic_weight, force, current_persona)

    def _decide(
        self,
        key: ResonanceKey,
        contributions: Mapping[str, Contribution],
        topic_weight: float = 0.0,
        force: str | None = None,
        current: str | None = None,
    ) -> RoutingDecision:
        ties = self._ties.get(key) or tie_order(contributions, self._names)
        ranking = rank_in_tie_order(contributions, ties)
        scores = {name: contributions[name].total for name in self._names}
        best = ranking[0]
        primary, notes = best, []
        forced = sticky = fallback = False
        if force is not None:
            primary, forced = force, True
            notes.append(f"{force} was requested by the caller")
        elif current is not None and current != best:
            lead = scores[best] - scores[current]
            if lead < self.settings.hysteresis_margin:
                primary, sticky = current, True
                notes.append(
                    f"kept the session's {current}: {best} leads by only {lead:.3f} "
                    f"(< margin {self.settings.hysteresis_margin:.3f})"
                )
            else:
                notes.append(f"switched from {current}: {best} leads by {lead:.3f}")
        others = [name for name in ranking if name != primary]
        secondary = others[0] if others else None
        second_score = scores[secondary] if secondary else 0.0
        conf = confidence(scores[primary], second_score)
        if not forced and conf < self.settings.confidence_threshold:
            fallback_name = self.registry.get(self.settings.fallback_persona).name
            notes.append(
                f"confidence {conf:.3f} < threshold {self.settings.confidence_threshold:.3f}: "
                f"fallback persona {fallback_name} answers instead of {primary}"
            )
            primary, fallback, sticky = fallback_name, True, False
            others = [name for name in ranking if name != primary]
            secondary = others[0] if others else None
        rounded = {name: int(value * 1e6 + 0.5) / 1e6 for name, value in scores.items()}
        return RoutingDecision(  # positional: this runs for every routed message
            key, primary, secondary, quantize(conf, 1e6) / 1e6, rounded, contributions, ranking,
            tuple(notes), topic_weight, forced, fallback, sticky,
        )  # fmt: skip

    def _version(self) -> str:
        rows = {
            str(k): [d.primary, d.secondary, d.confidence, dict(d.scores)]
            for k, d in self.table.items()
        }
        payload = {
            "settings": repr(self.settings),
            "personas": self.registry.version,
            "rows": rows,
        }
        blob = json.dumps(payload, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:12]
