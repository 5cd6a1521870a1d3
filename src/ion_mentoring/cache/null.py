"""The no-op cache used when caching is switched off (`none://` or an empty URL)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ._inline import InlineAsync
from ._protocol import CacheTier
from .stats import CacheHealth, CacheStats, _Counters

__all__ = ["NullCache"]

T = TypeVar("T")


class NullCache(InlineAsync):
    """Stores nothing: every lookup misses and `get_or_compute` always computes."""

    def __init__(self) -> None:
        self._counters = _Counters()

    def __repr__(self) -> str:
        return "NullCache()"

    def get(self, key: str) -> Any | None:
        self._counters.misses += 1
        return None

    def set(self, key: str, value: Any, ttl: float | None = None) -> None:
        return None

    def delete(self, key: str) -> None:
        return None

    def delete_prefix(self, prefix: str) -> int:
        return 0

    def clear(self) -> None:
        return None

    def get_or_compute(
        self, key: str, compute: Callable[[], T], ttl: float | None = None
    ) -> tuple[T, CacheTier]:
        self._counters.misses += 1
        return compute(), "miss"

    def stats(self) -> CacheStats:
        return CacheStats(backend="none", tiers={}, combined=self._counters.snapshot(size=0))

    def reset_stats(self) -> None:
        self._counters.reset()

    def health(self) -> CacheHealth:
        return CacheHealth.of({})

    def close(self) -> None:
        return None
