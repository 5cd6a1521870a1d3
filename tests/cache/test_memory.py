"""MemoryCache specifics: bounded size, evictions, per-entry TTL, objects stored as-is."""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


_ops = st.lists(
    st.tuples(
        st.sampled_from(["set", "get", "delete", "delete_prefix", "clear"]),
        st.sampled_from(["a", "a:1", "a:2", "b", "b:1", ""]),
        st.integers(0, 9),
    ),
    max_size=40,
)


@given(_ops)
def test_matches_a_dict_model(ops: list[tuple[str, str, int]]) -> None:
    cache = MemoryCache(maxsize=100, ttl=60)
    model: dict[str, int] = {}
    for op, key, value in ops:
        if op == "set":
            cache.set(key, value)
            model[key] = value
        elif op == "get":
            assert cache.get(key) == model.get(key)
        elif op == "delete":
            cache.delete(key)
            model.pop(key, None)
        elif op == "delete_prefix":
            doomed = [k for k in model if k.startswith(key)]
            assert cache.delete_prefix(key) == len(doomed)
            for k in doomed:
                del model[k]
        else:
            cache.clear()
            model.clear()
    assert len(cache) == len(model)


def test_concurrent_use_is_safe() -> None:
    cache = MemoryCache(maxsize=50, ttl=0.01)
    errors: list[BaseException] = []

    def work(seed: int) -> None:
        try:
            for i in range(3000):
                key = f"{seed % 3}:{i % 80}"
                cache.set(key, i, ttl=None if i % 2 else 0.005)
                cache.get(key)
                if i % 97 == 0:
                    cache.delete_prefix(f"{seed % 3}:")
                if i % 501 == 0:
                    cache.clear()
        except BaseException as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert len(cache) <= 50
