"""RedisCache specifics: key layout, TTL jitter, codecs, errors counted, Redis unreachable."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
import redis

from ion_mentoring.cache import SCHEMA_VERSION, RedisCache
from ion_mentoring.exceptions import CacheError
from tests.servers import RedisServer, free_port


@pytest.fixture
def raw(redis_server: RedisServer) -> redis.Redis:
    return redis.Redis.from_url(redis_server.url)


def test_keys_are_namespaced_and_versioned(redis_cache: RedisCache, raw: redis.Redis) -> None:
    redis_cache.set("process:abc", {"a": 1})
    name = f"{redis_cache.namespace}:{SCHEMA_VERSION}:process:abc"
    assert raw.get(name) == b'{"a":1}'


def test_ttl_has_small_jitter(redis_cache: RedisCache, raw: redis.Redis) -> None:
    prefix = f"{redis_cache.namespace}:{SCHEMA_VERSION}:"
    for i in range(20):
        redis_cache.set(f"j{i}", i, ttl=100)
    ttls = [raw.pttl(f"{prefix}j{i}") for i in range(20)]
    assert all(94_000 <= ttl <= 100_000 for ttl in ttls)
    assert len(set(ttls)) > 1


def test_default_ttl(redis_server: RedisServer, namespace: str, raw: redis.Redis) -> None:
    cache = RedisCache(redis_server.url, namespace=namespace, ttl=3600, jitter=0)
    cache.set("k", 1)
    assert 3590_000 <= raw.pttl(f"{namespace}:{SCHEMA_VERSION}:k") <= 3600_000
    cache.clear()
    cache.close()


def test_clear_keeps_other_namespaces(
    redis_server: RedisServer, redis_cache: RedisCache, raw: redis.Redis
) -> None:
    other = RedisCache(redis_server.url, namespace=redis_cache.namespace + "x")
    raw.set("unrelated", b"1")
    other.set("k", 1)
    redis_cache.set("k", 2)
    redis_cache.clear()
    assert redis_cache.get("k") is None
    assert other.get("k") == 1
    assert raw.get("unrelated") == b"1"
    other.clear()
    raw.delete("unrelated")
    other.close()


class _Point:
    def __init__(self, x: int, y: int) -> None:
        self.x, self.y = x, y


class _PointCodec:
    def dumps(self, obj: Any) -> bytes:
        return f"{obj.x},{obj.y}".encode()

    def loads(self, data: bytes) -> Any:
        x, y = data.decode().split(",")
        return _Point(int(x), int(y))


def test_custom_codec(redis_server: RedisServer, namespace: str) -> None:
    cache = RedisCache(redis_server.url, namespace=namespace, codec=_PointCodec())
    cache.set("p", _Point(3, 4))
    point = cache.get("p")
    assert isinstance(point, _Point)
    assert (point.x, point.y) == (3, 4)
    cache.clear()
    cache.close()


def test_undecodable_and_unencodable_values_are_errors_not_exceptions(
    redis_cache: RedisCache, raw: redis.Redis
) -> None:
    raw.set(f"{redis_cache.namespace}:{SCHEMA_VERSION}:bad", b"\xff not json")
    assert redis_cache.get("bad") is None
    redis_cache.set("unencodable", object())
    assert redis_cache.get("unencodable") is None
    assert redis_cache.stats().tiers["l2"].errors == 2
    health = redis_cache.health()
    assert health.state == "ok"  # bad values do not mean Redis is down
    assert health.tiers["l2"].errors == 2


def test_unreachable_at_start_never_raises() -> None:
    cache = RedisCache(f"redis://127.0.0.1:{free_port()}/0", retry_base=30)
    assert cache.get("k") is None
    cache.set("k", 1)
    cache.delete("k")
    assert cache.delete_prefix("k") == 0
    cache.clear()
    assert cache.get_or_compute("k", lambda: 5) == (5, "miss")
    health = cache.health()
    assert health.state == "down"
    assert health.tiers["l2"].errors == 1  # the breaker stopped further attempts
    assert "ConnectionError" in (health.tiers["l2"].last_error or "")
    assert health.tiers["l2"].retry_in is not None
    assert cache.stats().tiers["l2"].errors == 1
    cache.close()


async def test_unreachable_at_start_async() -> None:
    cache = RedisCache(f"redis://127.0.0.1:{free_port()}/0")
    assert await cache.aget("k") is None
    await cache.aset("k", 1)
    assert await cache.aget_or_compute("k", lambda: 5) == (5, "miss")
    assert cache.health().state == "down"
    await cache.aclose()


def test_async_client_per_event_loop(redis_cache: RedisCache) -> None:
    async def roundtrip(value: int) -> Any:
        await redis_cache.aset("loop", value)
        result = await redis_cache.aget("loop")
        await redis_cache.aclose()
        return result

    assert asyncio.run(roundtrip(1)) == 1
    assert asyncio.run(roundtrip(2)) == 2


def test_invalid_arguments() -> None:
    with pytest.raises(CacheError, match="schemes redis, rediss, unix"):
        RedisCache("http://127.0.0.1:6379")
    with pytest.raises(CacheError, match="namespace"):
        RedisCache("redis://127.0.0.1", namespace="a:b")
    with pytest.raises(CacheError, match="ttl"):
        RedisCache("redis://127.0.0.1", ttl=-1)
    with pytest.raises(
        CacheError, match=re.escape("invalid Redis URL 'redis://:***@127.0.0.1:x/0'")
    ):
        RedisCache("redis://:secret@127.0.0.1:x/0")


def test_repr_hides_password() -> None:
    cache = RedisCache("redis://user:secret@127.0.0.1:1/0")
    assert "secret" not in repr(cache)
    cache.close()
