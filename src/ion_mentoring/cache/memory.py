"""The in-process L1: a bounded cachetools TLRU cache with per-entry TTL."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import cachetools

from ._checks import check_count, check_positive
from ._flight import SingleFlight
from ._inline import InlineAsync
from ._protocol import CacheTier
from .stats import CacheHealth, CacheStats, TierHealth, _Counters

__all__ = ["MemoryCache"]

T = TypeVar("T")


class _TLRU(cachetools.TLRUCache[str, Any]):
    """TLRUCache that takes the next entry's TTL from an attribute and counts evictions."""

    def __init__(self, maxsize: int, counters: _Counters) -> None:
        super().__init__(maxsize, self._ttu, timer=time.monotonic)
        self.next_ttl = 60.0
        self.counters = counters

    def _ttu(self, _key: str, _value: Any, now: float) -> float:
        return now + self.next_ttl

    def popitem(self) -> tuple[str, Any]:
        item = super().popitem()
        self.counters.evictions += 1
        return item

    def expire(self, time: float | None = None) -> list[tuple[str, Any]]:
        expired = super().expire(time)
        if expired:
            self.counters.expirations += len(expired)
        return list(expired)


class MemoryCache(InlineAsync):
    """A bounded, thread-safe in-process cache; values are stored as-is (no copy).

    `maxsize` bounds the number of entries (least recently used go first); `ttl` is the
    default time to live in seconds, overridable per `set`. Tier name "l1".
    """

    tier: CacheTier = "l1"

    def __init__(self, maxsize: int = 10_000, ttl: float = 60.0) -> None:
        self.maxsize = check_count("maxsize", maxsize)
        self.ttl = float(check_positive("ttl", ttl))
        self._counters = _Counters()
        self._data = _TLRU(self.maxsize, self._counters)
        self._lock = threading.Lock()
        self._flights = SingleFlight()

    def __repr__(self) -> str:
        return f"MemoryCache(maxsize={self.maxsize}, ttl={self.ttl})"

    def __len__(self) -> int:
        with self._lock:
            self._data.expire()
            return len(self._data)

    def get(self, key: str) -> Any | None:
        try:
            with self._lock:
                value = self._data[key]
        except KeyError:
            self._counters.misses += 1
            return None
        self._counters.hits += 1
        return value

    def set(self, key: str, value: Any, ttl: float | None = None) -> None:
        if value is None:
            return
        ttl = self.ttl if ttl is None else ttl
        if ttl <= 0:
            self.delete(key)
            return
        with self._lock:
            self._data.next_ttl = ttl
            self._data[key] = value
        self._counters.sets += 1

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)
        self._counters.deletes += 1

    def delete_prefix(self, prefix: str) -> int:
        with self._lock:
            doomed = [key for key in list(self._data.keys()) if key.startswith(prefix)]
            for key in doomed:
                self._data.pop(key, None)
        self._counters.deletes += len(doomed)
        return len(doomed)

    def clear(self) -> None:
        fresh = _TLRU(self.maxsize, self._counters)
        with self._lock:
            self._data = fresh

    def get_or_compute(
        self, key: str, compute: Callable[[], T], ttl: float | None = None
    ) -> tuple[T, CacheTier]:
        value = self.get(key)
        if value is not None:
            return value, "l1"

        def lead() -> tuple[T, CacheTier]:
            again = self.peek(key)
            if again is not None:
                return again, "l1"
            fresh = compute()
            self.set(key, fresh, ttl)
            return fresh, "miss"

        return self._flights.run(key, lead)

    def peek(self, key: str) -> Any | None:
        """A lookup that does not count as a hit or miss."""
        with self._lock:
            return self._data.get(key)

    def stats(self) -> CacheStats:
        tier = self._counters.snapshot(size=len(self))
        return CacheStats(backend="memory", tiers={"l1": tier}, combined=tier)

    def reset_stats(self) -> None:
        self._counters.reset()

    def health(self) -> CacheHealth:
        return CacheHealth.of({"l1": TierHealth()})

    def close(self) -> None:
        self.clear()
