"""Tiered cache: in-process L1 in front of a shared L2, with single-flight and invalidation."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeGuard, TypeVar

from ..exceptions import CacheError
from ._checks import L1_MAX_TTL
from ._flight import SingleFlight
from ._protocol import CacheBackend, CacheTier
from .invalidation import InvalidationListener
from .memory import MemoryCache
from .stats import CacheHealth, CacheStats, TierStats, _Counters

if TYPE_CHECKING:
    from .redis_backend import RedisCache

__all__ = ["TieredCache"]

T = TypeVar("T")


class TieredCache:
    """Read L1, then L2 (filling L1 on a hit), then compute and fill both.

    `l1` is a `MemoryCache` whose TTL must be at most 60 s; every L1 write is capped at
    the L1 TTL, while L2 keeps the requested (or its default, 3600 s) TTL. When `l2` is
    a `RedisCache` and `invalidation` is true, a listener thread applies other
    instances' `clear`/`delete`/`delete_prefix` to this L1 within milliseconds.
    Concurrent misses on one key in this process compute once (single-flight).
    """

    def __init__(self, l1: MemoryCache, l2: CacheBackend, *, invalidation: bool = True) -> None:
        if l1.ttl > L1_MAX_TTL:
            raise CacheError(
                f"the L1 TTL of a tiered cache must be at most {L1_MAX_TTL:g} s, got {l1.ttl:g}"
            )
        self.l1 = l1
        self.l2 = l2
        self._counters = _Counters()
        self._flights = SingleFlight()
        self._generation = 0
        self._listener: InvalidationListener | None = None
        if invalidation and _is_redis(l2):
            self._listener = InvalidationListener(
                l2, self._on_invalidation, on_resubscribe=self._invalidate_l1
            )
            self._listener.start()

    def __repr__(self) -> str:
        return f"TieredCache({self.l1!r}, {self.l2!r})"

    # -- invalidation -----------------------------------------------------------------

    def _invalidate_l1(self) -> None:
        self._generation += 1
        self.l1.clear()

    def _on_invalidation(self, op: str, arg: str) -> None:
        self._generation += 1
        if op == "prefix":
            self.l1.delete_prefix(arg)
        elif op == "delete":
            self.l1.delete(arg)
        else:
            self.l1.clear()

    def wait_subscribed(self, timeout: float | None = None) -> bool:
        """Block until cross-instance invalidation is listening (False if it is off or late)."""
        return self._listener is not None and self._listener.wait_subscribed(timeout)

    def _l1_ttl(self, ttl: float | None) -> float | None:
        return None if ttl is None else min(ttl, self.l1.ttl)

    def _fill_l1(self, key: str, value: Any, generation: int) -> None:
        """Copy an L2 value into L1 unless an invalidation arrived since the L2 read began
        (`generation` is read before it), so a racing clear cannot bring old data back."""
        if generation == self._generation:
            self.l1.set(key, value)

    # -- sync -------------------------------------------------------------------------

    def get(self, key: str) -> Any | None:
        value = self.l1.get(key)
        if value is not None:
            self._counters.hits += 1
            return value
        generation = self._generation
        value = self.l2.get(key)
        if value is None:
            self._counters.misses += 1
            return None
        self._fill_l1(key, value, generation)
        self._counters.hits += 1
        return value

    def set(self, key: str, value: Any, ttl: float | None = None) -> None:
        self.l1.set(key, value, self._l1_ttl(ttl))
        self.l2.set(key, value, ttl)

    def delete(self, key: str) -> None:
        self._generation += 1
        self.l1.delete(key)
        self.l2.delete(key)

    def delete_prefix(self, prefix: str) -> int:
        """Delete keys starting with `prefix` in both tiers (and other instances' L1).

        Returns the larger of the two tiers' counts.
        """
        self._generation += 1
        local = self.l1.delete_prefix(prefix)
        return max(local, self.l2.delete_prefix(prefix))

    def clear(self) -> None:
        self._invalidate_l1()
        self.l2.clear()

    def get_or_compute(
        self, key: str, compute: Callable[[], T], ttl: float | None = None
    ) -> tuple[T, CacheTier]:
        value = self.l1.get(key)
        if value is not None:
            self._counters.hits += 1
            return value, "l1"

        def lead() -> tuple[T, CacheTier]:
            again = self.l1.peek(key)
            if again is not None:
                return again, "l1"
            generation = self._generation
            found = self.l2.get(key)
            if found is not None:
                self._fill_l1(key, found, generation)
                return found, "l2"
            fresh = compute()
            self.set(key, fresh, ttl)
            return fresh, "miss"

        result = self._flights.run(key, lead)
        self._count(result[1])
        return result

    def _count(self, tier: CacheTier) -> None:
        if tier == "miss":
            self._counters.misses += 1
        else:
            self._counters.hits += 1

    def stats(self) -> CacheStats:
        l1 = self.l1.stats().tiers["l1"]
        l2 = self.l2.stats().combined
        return CacheStats(
            backend="tiered",
            tiers={"l1": l1, "l2": l2},
            combined=TierStats(
                hits=self._counters.hits,
                misses=self._counters.misses,
                sets=l1.sets,
                deletes=l1.deletes,
                errors=l1.errors + l2.errors,
                evictions=l1.evictions + l2.evictions,
                expirations=l1.expirations + l2.expirations,
                size=l1.size,
            ),
        )

    def reset_stats(self) -> None:
        self._counters.reset()
        self.l1.reset_stats()
        reset = getattr(self.l2, "reset_stats", None)
        if reset is not None:
            reset()

    def health(self) -> CacheHealth:
        return self._health(self.l2.health())

    def _health(self, l2: CacheHealth) -> CacheHealth:
        tiers = dict(self.l1.health().tiers)
        l2_tier = l2.tiers.get("l2") or next(iter(l2.tiers.values()), None)
        if l2_tier is not None:
            tiers["l2"] = l2_tier
        if self._listener is not None:
            tiers["invalidation"] = self._listener.health()
        return CacheHealth.of(tiers)

    def close(self) -> None:
        if self._listener is not None:
            self._listener.stop()
        self.l1.close()
        self.l2.close()

    # -- async ------------------------------------------------------------------------

    async def aget(self, key: str) -> Any | None:
        value = self.l1.get(key)
        if value is not None:
            self._counters.hits += 1
            return value
        generation = self._generation
        value = await self.l2.aget(key)
        if value is None:
            self._counters.misses += 1
            return None
        self._fill_l1(key, value, generation)
        self._counters.hits += 1
        return value

    async def aset(self, key: str, value: Any, ttl: float | None = None) -> None:
        self.l1.set(key, value, self._l1_ttl(ttl))
        await self.l2.aset(key, value, ttl)

    async def adelete(self, key: str) -> None:
        self._generation += 1
        self.l1.delete(key)
        await self.l2.adelete(key)

    async def adelete_prefix(self, prefix: str) -> int:
        self._generation += 1
        local = self.l1.delete_prefix(prefix)
        return max(local, await self.l2.adelete_prefix(prefix))

    async def aclear(self) -> None:
        self._invalidate_l1()
        await self.l2.aclear()

    async def aget_or_compute(
        self, key: str, compute: Callable[[], T], ttl: float | None = None
    ) -> tuple[T, CacheTier]:
        value = self.l1.get(key)
        if value is not None:
            self._counters.hits += 1
            return value, "l1"

        async def lead() -> tuple[T, CacheTier]:
            again = self.l1.peek(key)
            if again is not None:
                return again, "l1"
            generation = self._generation
            found = await self.l2.aget(key)
            if found is not None:
                self._fill_l1(key, found, generation)
                return found, "l2"
            fresh = compute()
            self.l1.set(key, fresh, self._l1_ttl(ttl))
            await self.l2.aset(key, fresh, ttl)
            return fresh, "miss"

        result = await self._flights.arun(key, lead)
        self._count(result[1])
        return result

    async def ahealth(self) -> CacheHealth:
        return self._health(await self.l2.ahealth())

    async def aclose(self) -> None:
        if self._listener is not None:
            self._listener.stop()
        self.l1.close()
        await self.l2.aclose()


def _is_redis(backend: CacheBackend) -> TypeGuard[RedisCache]:
    """True for a `RedisCache` (imported lazily: the `redis` extra may be missing)."""
    try:
        from .redis_backend import RedisCache
    except ImportError:
        return False
    return isinstance(backend, RedisCache)
