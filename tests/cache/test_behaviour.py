"""Behaviour every backend shares: the same tests run against memory, Redis and tiered."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ion_mentoring.cache import (
    AsyncCacheBackend,
    CacheBackend,
    CacheHealth,
    CacheStats,
    MemoryCache,
    NullCache,
    RedisCache,
    TieredCache,
)
from tests.servers import RedisServer


@pytest.fixture(params=["memory", "redis", "tiered"])
def make(request: pytest.FixtureRequest, namespace: str) -> Iterator[Callable[..., CacheBackend]]:
    """Build caches of the parametrized kind (ttl in seconds applies to every tier)."""
    created: list[CacheBackend] = []

    def build(ttl: float = 30.0) -> CacheBackend:
        cache: CacheBackend
        if request.param == "memory":
            cache = MemoryCache(maxsize=1000, ttl=ttl)
        else:
            server: RedisServer = request.getfixturevalue("redis_server")
            l2 = RedisCache(server.url, namespace=namespace, ttl=ttl)
            if request.param == "redis":
                cache = l2
            else:
                tiered = TieredCache(MemoryCache(maxsize=1000, ttl=min(ttl, 60)), l2)
                assert tiered.wait_subscribed(5)
                cache = tiered
        created.append(cache)
        return cache

    yield build
    for cache in created:
        cache.clear()
        cache.close()


@pytest.fixture
def cache(make: Callable[..., CacheBackend]) -> CacheBackend:
    return make()


def test_implements_both_protocols(cache: CacheBackend) -> None:
    assert isinstance(cache, CacheBackend)
    assert isinstance(cache, AsyncCacheBackend)


def test_get_set_delete(cache: CacheBackend) -> None:
    assert cache.get("a") is None
    cache.set("a", {"x": [1, 2, "three"], "ok": True})
    assert cache.get("a") == {"x": [1, 2, "three"], "ok": True}
    cache.delete("a")
    assert cache.get("a") is None
    cache.delete("never-set")  # no error


def test_none_is_not_cached(cache: CacheBackend) -> None:
    cache.set("n", None)
    assert cache.get("n") is None
    calls = []
    assert cache.get_or_compute("n", lambda: calls.append(1)) == (None, "miss")
    assert cache.get_or_compute("n", lambda: calls.append(1)) == (None, "miss")
    assert len(calls) == 2


def test_overwrite(cache: CacheBackend) -> None:
    cache.set("k", "one")
    cache.set("k", "two")
    assert cache.get("k") == "two"


def test_unicode_keys_and_values(cache: CacheBackend) -> None:
    cache.set("프롬프트:루아", "따뜻하게 🙂")
    assert cache.get("프롬프트:루아") == "따뜻하게 🙂"


def test_ttl_expiry(make: Callable[..., CacheBackend]) -> None:
    cache = make(ttl=30.0)
    cache.set("short", "v", ttl=0.15)
    cache.set("long", "w")
    assert cache.get("short") == "v"
    time.sleep(0.3)
    assert cache.get("short") is None
    assert cache.get("long") == "w"


def test_default_ttl_expiry(make: Callable[..., CacheBackend]) -> None:
    cache = make(ttl=0.15)
    cache.set("k", 1)
    assert cache.get("k") == 1
    time.sleep(0.3)
    assert cache.get("k") is None


def test_delete_prefix(cache: CacheBackend) -> None:
    for i in range(5):
        cache.set(f"analysis:{i}", i)
        cache.set(f"process:{i}", i)
    cache.set("analysis*weird[", "glob characters are literal")
    assert cache.delete_prefix("analysis:") == 5
    assert all(cache.get(f"analysis:{i}") is None for i in range(5))
    assert all(cache.get(f"process:{i}") == i for i in range(5))
    assert cache.get("analysis*weird[") == "glob characters are literal"
    assert cache.delete_prefix("nothing-here:") == 0


def test_clear(cache: CacheBackend) -> None:
    for i in range(10):
        cache.set(f"k{i}", i)
    cache.clear()
    assert all(cache.get(f"k{i}") is None for i in range(10))
    cache.set("after", 1)
    assert cache.get("after") == 1


def test_get_or_compute_computes_once_then_hits(cache: CacheBackend) -> None:
    calls: list[int] = []

    def compute() -> dict[str, int]:
        calls.append(1)
        return {"n": len(calls)}

    value, tier = cache.get_or_compute("gc", compute)
    assert (value, tier) == ({"n": 1}, "miss")
    value, tier = cache.get_or_compute("gc", compute)
    assert value == {"n": 1}
    assert tier in ("l1", "l2")
    assert len(calls) == 1


def test_compute_error_propagates_and_is_not_cached(cache: CacheBackend) -> None:
    def boom() -> int:
        raise ValueError("compute failed")

    with pytest.raises(ValueError, match="compute failed"):
        cache.get_or_compute("err", boom)
    assert cache.get_or_compute("err", lambda: 7) == (7, "miss")


def test_single_flight_threads(cache: CacheBackend) -> None:
    calls: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(12)
    results: list[Any] = []

    def compute() -> str:
        with lock:
            calls.append(1)
        time.sleep(0.15)
        return "computed"

    def worker() -> None:
        barrier.wait()
        results.append(cache.get_or_compute("hot", compute))

    threads = [threading.Thread(target=worker) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(calls) == 1
    assert len(results) == 12
    assert {value for value, _ in results} == {"computed"}


def test_stats_and_health_shapes(cache: CacheBackend) -> None:
    cache.get_or_compute("s", lambda: 1)
    cache.get_or_compute("s", lambda: 1)
    stats = cache.stats()
    assert isinstance(stats, CacheStats)
    assert stats.combined.hits == 1
    assert stats.combined.misses == 1
    assert stats.combined.hit_rate == pytest.approx(0.5)
    assert stats.to_dict()["combined"]["hit_rate"] == 0.5
    health = cache.health()
    assert isinstance(health, CacheHealth)
    assert health.state == "ok"
    assert all(tier.state == "ok" for tier in health.tiers.values())


async def test_async_methods(cache: CacheBackend) -> None:
    try:
        assert await cache.aget("x") is None
        await cache.aset("x", [1, 2])
        assert await cache.aget("x") == [1, 2]
        await cache.adelete("x")
        assert await cache.aget("x") is None
        await cache.aset("p:1", 1)
        await cache.aset("p:2", 2)
        await cache.aset("q:1", 3)
        assert await cache.adelete_prefix("p:") == 2
        assert await cache.aget("q:1") == 3
        assert await cache.aget_or_compute("c", lambda: "v") == ("v", "miss")
        value, tier = await cache.aget_or_compute("c", lambda: "other")
        assert value == "v"
        assert tier in ("l1", "l2")
        await cache.aclear()
        assert await cache.aget("q:1") is None
        assert (await cache.ahealth()).state == "ok"
    finally:
        await cache.aclose()


async def test_async_single_flight(cache: CacheBackend) -> None:
    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        return "once"

    try:
        results = await asyncio.gather(*(cache.aget_or_compute("af", compute) for _ in range(20)))
    finally:
        await cache.aclose()
    assert {value for value, _ in results} == {"once"}
    assert len(calls) == 1


def test_null_cache_always_computes() -> None:
    cache = NullCache()
    assert isinstance(cache, CacheBackend)
    cache.set("k", 1)
    assert cache.get("k") is None
    assert cache.get_or_compute("k", lambda: 2) == (2, "miss")
    assert cache.delete_prefix("") == 0
    assert cache.stats().combined.misses == 2
    assert cache.health().state == "ok"


async def test_null_cache_async() -> None:
    cache = NullCache()
    assert (await cache.ahealth()).state == "ok"
    assert await cache.aget_or_compute("k", lambda: 3) == (3, "miss")
    await cache.aset("k", 1)
    assert await cache.aget("k") is None
