"""MemoryCache specifics: bounded size, evictions, per-entry TTL, objects stored as-is."""

from __future__ import annotations

import time

import pytest

from ion_mentoring.cache import MemoryCache
from ion_mentoring.exceptions import CacheError


def test_bounded_with_lru_evictions() -> None:
    cache = MemoryCache(maxsize=3, ttl=30)
    for i in range(3):
        cache.set(f"k{i}", i)
    assert cache.get("k0") == 0  # k0 is now most recently used
    cache.set("k3", 3)
    cache.set("k4", 4)
    assert len(cache) == 3
    assert cache.get("k0") == 0
    assert cache.get("k1") is None
    assert cache.get("k2") is None
    stats = cache.stats().tiers["l1"]
    assert stats.evictions == 2
    assert stats.size == 3


def test_values_are_stored_as_is() -> None:
    cache = MemoryCache()
    value = {"mutable": [1]}
    cache.set("k", value)
    assert cache.get("k") is value


def test_per_entry_ttl_and_expiration_count() -> None:
    cache = MemoryCache(ttl=30)
    cache.set("short", 1, ttl=0.05)
    cache.set("long", 2)
    time.sleep(0.1)
    assert cache.get("short") is None
    cache.set("trigger", 3)  # expired entries are purged on write
    assert cache.get("long") == 2
    assert cache.stats().tiers["l1"].expirations == 1


def test_non_positive_ttl_deletes() -> None:
    cache = MemoryCache()
    cache.set("k", 1)
    cache.set("k", 2, ttl=0)
    assert cache.get("k") is None


def test_hit_miss_counts_and_reset() -> None:
    cache = MemoryCache()
    cache.get("a")
    cache.set("a", 1)
    cache.get("a")
    cache.get("a")
    tier = cache.stats().tiers["l1"]
    assert (tier.hits, tier.misses, tier.sets) == (2, 1, 1)
    assert tier.hit_rate == pytest.approx(2 / 3)
    cache.reset_stats()
    assert cache.stats().combined.lookups == 0


def test_peek_does_not_count() -> None:
    cache = MemoryCache()
    cache.set("a", 1)
    assert cache.peek("a") == 1
    assert cache.peek("b") is None
    assert cache.stats().combined.lookups == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"maxsize": 0}, "maxsize must be a positive integer"),
        ({"maxsize": 2.5}, "maxsize must be a positive integer"),
        ({"ttl": 0}, "ttl must be a positive number"),
        ({"ttl": float("inf")}, "ttl must be a positive number"),
        ({"ttl": "60"}, "ttl must be a positive number"),
    ],
)
def test_invalid_settings(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(CacheError, match=message):
        MemoryCache(**kwargs)  # type: ignore[arg-type]
