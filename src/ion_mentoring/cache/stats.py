"""Statistics and health snapshots reported by every cache backend."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

__all__ = ["CacheHealth", "CacheStats", "HealthState", "TierHealth", "TierStats"]

HealthState = Literal["ok", "degraded", "down"]


class _Counters:
    """Mutable per-tier counters; plain int attributes so the hit path is one increment.

    Increments are not locked: under heavy thread contention a count may be off by a few,
    which is acceptable for statistics.
    """

    __slots__ = ("deletes", "errors", "evictions", "expirations", "hits", "misses", "sets")

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.hits = 0
        self.misses = 0
        self.sets = 0
        self.deletes = 0
        self.errors = 0
        self.evictions = 0
        self.expirations = 0

    def snapshot(self, size: int | None = None) -> TierStats:
        return TierStats(
            hits=self.hits,
            misses=self.misses,
            sets=self.sets,
            deletes=self.deletes,
            errors=self.errors,
            evictions=self.evictions,
            expirations=self.expirations,
            size=size,
        )


@attrs.frozen
class TierStats:
    """Counters of one tier (or of the combined cache) since start or `reset_stats()`."""

    hits: int = 0
    misses: int = 0
    sets: int = 0
    deletes: int = 0
    errors: int = 0
    evictions: int = 0
    expirations: int = 0
    size: int | None = None
    """Entries currently held, when the tier can tell cheaply."""

    @property
    def lookups(self) -> int:
        return self.hits + self.misses

    @property
    def hit_rate(self) -> float:
        """hits / (hits + misses), 0.0 before the first lookup."""
        total = self.hits + self.misses
        return self.hits / total if total else 0.0

    def to_dict(self) -> dict[str, Any]:
        out = attrs.asdict(self)
        out["hit_rate"] = round(self.hit_rate, 4)
        return out


@attrs.frozen
class CacheStats:
    """A snapshot of a cache's statistics: each tier and the combined view.

    For a tiered cache, `combined.hits` counts lookups answered by any tier and
    `combined.misses` those answered by none; each tier's hit rate is relative to the
    lookups that reached that tier (L2 only sees L1 misses).
    """

    backend: str
    tiers: Mapping[str, TierStats]
    combined: TierStats

    def to_dict(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "tiers": {name: tier.to_dict() for name, tier in self.tiers.items()},
            "combined": self.combined.to_dict(),
        }


@attrs.frozen
class TierHealth:
    """The health of one tier (or of the cross-instance invalidation channel)."""

    state: HealthState = "ok"
    errors: int = 0
    """Errors since start (connection failures, timeouts, undecodable values)."""
    consecutive_failures: int = 0
    last_error: str | None = None
    last_error_at: float | None = None
    """Wall-clock time (epoch seconds) of the last error."""
    retry_in: float | None = None
    """Seconds until the next reconnection attempt while the tier is down."""

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


def overall_state(states: Iterable[HealthState]) -> HealthState:
    """ok when every part is ok, down when every part is down, degraded otherwise."""
    seen = set(states)
    if not seen or seen == {"ok"}:
        return "ok"
    if seen == {"down"}:
        return "down"
    return "degraded"


@attrs.frozen
class CacheHealth:
    """The health of a cache: an overall state and one entry per tier."""

    state: HealthState
    tiers: Mapping[str, TierHealth]

    @classmethod
    def of(cls, tiers: Mapping[str, TierHealth]) -> CacheHealth:
        return cls(overall_state(t.state for t in tiers.values()), dict(tiers))

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "tiers": {name: tier.to_dict() for name, tier in self.tiers.items()},
        }
