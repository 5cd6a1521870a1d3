"""In-process statistics of one server instance since it started.

Latencies go into log-spaced buckets (2 % wide), so percentiles since start cost O(1)
memory and are exact to within a bucket.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any

__all__ = ["LatencyHistogram", "ServerStats"]

_GROWTH = 1.02
_LOG_GROWTH = math.log(_GROWTH)
_MIN_MS = 0.001
_BUCKETS_PER_E = 1 / _LOG_GROWTH


class LatencyHistogram:
    """Counts of latencies in log-spaced buckets; percentiles report the bucket's upper bound."""

    __slots__ = ("buckets", "count", "max_ms")

    def __init__(self) -> None:
        self.buckets: Counter[int] = Counter()
        self.count = 0
        self.max_ms = 0.0

    def add(self, ms: float) -> None:
        bucket = int(math.log(ms / _MIN_MS) * _BUCKETS_PER_E) if ms > _MIN_MS else 0
        self.buckets[bucket] += 1
        self.count += 1
        if ms > self.max_ms:
            self.max_ms = ms

    def percentile(self, q: float) -> float | None:
        if not self.count:
            return None
        rank = max(1, math.ceil(q / 100 * self.count))
        seen = 0
        for index in sorted(self.buckets):
            seen += self.buckets[index]
            if seen >= rank:
                return round(min(_MIN_MS * _GROWTH ** (index + 1), self.max_ms), 3)
        return round(self.max_ms, 3)  # pragma: no cover

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "p50_ms": self.percentile(50),
            "p95_ms": self.percentile(95),
            "p99_ms": self.percentile(99),
            "max_ms": round(self.max_ms, 3) if self.count else None,
        }


class ServerStats:
    """Requests, errors, persona distribution and latencies of this instance."""

    def __init__(self, instance: str) -> None:
        self.instance = instance
        self.started = time.time()
        self.requests = 0
        self.errors = 0
        self.client_errors = 0
        self.processed = 0
        self.personas: Counter[str] = Counter()
        self.cache_tiers: Counter[str] = Counter()
        self.latency = LatencyHistogram()
        self.request_latency = LatencyHistogram()
        self.generator_failures = 0
        self.generator_last_failed = False

    def record_request(self, status: int, ms: float) -> None:
        self.requests += 1
        if status >= 500:
            self.errors += 1
        elif status >= 400:
            self.client_errors += 1
        self.request_latency.add(ms)

    def record_processed(self, persona: str, cache_tier: str, ms: float) -> None:
        self.processed += 1
        self.personas[persona] += 1
        self.cache_tiers[cache_tier] += 1
        self.latency.add(ms)

    def record_generation(self, ok: bool) -> None:
        self.generator_last_failed = not ok
        if not ok:
            self.generator_failures += 1

    @property
    def started_at(self) -> str:
        return datetime.fromtimestamp(self.started, UTC).isoformat(timespec="seconds")

    def to_dict(self, persona_names: tuple[str, ...] = ()) -> dict[str, Any]:
        distribution = {name: self.personas.get(name, 0) for name in persona_names}
        distribution.update(self.personas)
        total = sum(distribution.values())
        return {
            "instance": self.instance,
            "started_at": self.started_at,
            "uptime_s": round(time.time() - self.started, 3),
            "requests": self.requests,
            "errors": self.errors,
            "client_errors": self.client_errors,
            "error_rate": round(self.errors / self.requests, 6) if self.requests else 0.0,
            "processed": self.processed,
            "persona_distribution": distribution,
            "persona_share": {
                name: round(count / total, 4) if total else 0.0
                for name, count in distribution.items()
            },
            "latency": self.latency.to_dict(),
            "request_latency": self.request_latency.to_dict(),
            "cache_tiers": dict(self.cache_tiers),
        }
