"""Usage report: persona distribution against an expected one, latency percentiles, cache hits.

Pure functions over aggregated rows; `Store.report` runs the queries.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from ..exceptions import StoreError

__all__ = [
    "DEFAULT_EXPECTED",
    "CacheSummary",
    "CacheTierRate",
    "InstanceUsage",
    "LatencySummary",
    "PersonaShare",
    "UsageReport",
    "build_usage_report",
    "normalize_expected",
    "percentile",
]

DEFAULT_EXPECTED: Mapping[str, float] = {"Lua": 23.0, "Elro": 27.0, "Riri": 25.0, "Nana": 25.0}
"""The seed service's persona distribution, in percent."""

# cache_tier values that mean "not served from a cache".
_MISS = frozenset({"", "miss", "none", "compute", "computed"})


def percentile(ordered: Sequence[float], p: float) -> float:
    """Percentile `p` (0-100) of ascending `ordered`, linear between closest ranks."""
    if not ordered:
        raise ValueError("percentile of no values")
    pos = (len(ordered) - 1) * p / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def normalize_expected(expected: Mapping[str, float] | None) -> dict[str, float]:
    """Expected shares as percentages summing to 100 (weights or fractions are scaled)."""
    weights = dict(DEFAULT_EXPECTED if expected is None else expected)
    if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise StoreError(
            f"expected distribution needs non-negative weights with a positive sum, got {weights}"
        )
    total = sum(weights.values())
    return {name: 100.0 * w / total for name, w in weights.items()}


@attrs.frozen
class PersonaShare:
    """A persona's share of the records against its expected share (both in percent)."""

    persona: str
    count: int
    percent: float
    expected_percent: float
    drift_points: float
    drifted: bool

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class LatencySummary:
    """Latency percentiles in milliseconds."""

    count: int
    p50: float
    p95: float
    p99: float
    mean: float
    max: float

    @classmethod
    def of(cls, values: Iterable[float]) -> LatencySummary | None:
        ordered = sorted(values)
        if not ordered:
            return None
        return cls(
            count=len(ordered),
            p50=percentile(ordered, 50),
            p95=percentile(ordered, 95),
            p99=percentile(ordered, 99),
            mean=math.fsum(ordered) / len(ordered),
            max=ordered[-1],
        )

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class CacheTierRate:
    """Hits of one tier: `hit_rate` over the lookups that reached it, `share` over all records."""

    tier: str
    hits: int
    lookups: int
    hit_rate: float
    share: float

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class CacheSummary:
    """Cache outcome of the records: per tier (in tier-name order) and combined."""

    total: int
    hits: int
    misses: int
    hit_rate: float
    tiers: tuple[CacheTierRate, ...]

    @classmethod
    def of(cls, tier_counts: Mapping[str | None, int]) -> CacheSummary:
        total = sum(tier_counts.values())
        hits_by_tier: Counter[str] = Counter()
        for tier, count in tier_counts.items():
            if tier is not None and tier.strip().lower() not in _MISS:
                hits_by_tier[tier.strip().lower()] += count
        tiers: list[CacheTierRate] = []
        reaching = total
        for tier in sorted(hits_by_tier):
            hits = hits_by_tier[tier]
            tiers.append(
                CacheTierRate(
                    tier=tier,
                    hits=hits,
                    lookups=reaching,
                    hit_rate=hits / reaching if reaching else 0.0,
                    share=hits / total if total else 0.0,
                )
            )
            reaching -= hits
        hits = sum(hits_by_tier.values())
        return cls(
            total=total,
            hits=hits,
            misses=total - hits,
            hit_rate=hits / total if total else 0.0,
            tiers=tuple(tiers),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "hits": self.hits,
            "misses": self.misses,
            "hit_rate": self.hit_rate,
            "tiers": [t.to_dict() for t in self.tiers],
        }


@attrs.frozen
class InstanceUsage:
    """The figures of one instance (server process) of the service."""

    instance: str
    records: int
    percent: float
    personas: Mapping[str, int]
    latency: LatencySummary | None
    cache: CacheSummary

    def to_dict(self) -> dict[str, Any]:
        return {
            "instance": self.instance,
            "records": self.records,
            "percent": self.percent,
            "personas": dict(self.personas),
            "latency": None if self.latency is None else self.latency.to_dict(),
            "cache": self.cache.to_dict(),
        }


@attrs.frozen
class UsageReport:
    """Outcome of `Store.report` over the records created at or after `since`."""

    generated_at: datetime
    since: datetime | None
    total: int
    drift_threshold: float
    personas: tuple[PersonaShare, ...]
    latency: LatencySummary | None
    cache: CacheSummary
    instances: tuple[InstanceUsage, ...]

    @property
    def drifted(self) -> tuple[str, ...]:
        """Names of the personas whose share is off the expected one by more than the threshold."""
        return tuple(share.persona for share in self.personas if share.drifted)

    def to_dict(self) -> dict[str, Any]:
        return {
            "generated_at": self.generated_at.isoformat(),
            "since": None if self.since is None else self.since.isoformat(),
            "total": self.total,
            "drift_threshold": self.drift_threshold,
            "drifted": list(self.drifted),
            "personas": [p.to_dict() for p in self.personas],
            "latency": None if self.latency is None else self.latency.to_dict(),
            "cache": self.cache.to_dict(),
            "instances": [i.to_dict() for i in self.instances],
        }


def build_usage_report(
    groups: Iterable[tuple[str, str, str | None, int]],
    latencies: Mapping[str, Sequence[float]],
    *,
    generated_at: datetime,
    since: datetime | None,
    expected: Mapping[str, float] | None,
    drift_points: float,
) -> UsageReport:
    """Assemble the report from `(persona, instance, cache_tier, count)` groups and latencies."""
    shares = normalize_expected(expected)
    personas: Counter[str] = Counter()
    per_instance: defaultdict[str, Counter[str]] = defaultdict(Counter)
    tiers: Counter[str | None] = Counter()
    tiers_per_instance: defaultdict[str, Counter[str | None]] = defaultdict(Counter)
    for persona, instance, tier, count in groups:
        personas[persona] += count
        per_instance[instance][persona] += count
        tiers[tier] += count
        tiers_per_instance[instance][tier] += count
    total = sum(personas.values())
    order = list(shares) + sorted(set(personas) - set(shares))
    persona_rows = []
    for name in order:
        count = personas.get(name, 0)
        percent = 100.0 * count / total if total else 0.0
        expected_percent = shares.get(name, 0.0)
        drift = percent - expected_percent
        persona_rows.append(
            PersonaShare(
                persona=name,
                count=count,
                percent=percent,
                expected_percent=expected_percent,
                drift_points=drift,
                drifted=bool(total) and abs(drift) > drift_points,
            )
        )
    all_latencies = [v for values in latencies.values() for v in values]
    instance_rows = tuple(
        InstanceUsage(
            instance=name,
            records=sum(per_instance[name].values()),
            percent=100.0 * sum(per_instance[name].values()) / total if total else 0.0,
            personas=dict(sorted(per_instance[name].items())),
            latency=LatencySummary.of(latencies.get(name, ())),
            cache=CacheSummary.of(tiers_per_instance[name]),
        )
        for name in sorted(per_instance)
    )
    return UsageReport(
        generated_at=generated_at,
        since=since,
        total=total,
        drift_threshold=drift_points,
        personas=tuple(persona_rows),
        latency=LatencySummary.of(all_latencies),
        cache=CacheSummary.of(tiers),
        instances=instance_rows,
    )
