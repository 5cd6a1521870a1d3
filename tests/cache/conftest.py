"""Fixtures: one real redis-server per session, and a fresh namespace per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from ion_mentoring.cache import MemoryCache, RedisCache, TieredCache
from tests.servers import RedisServer


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    yield server
    server.close()


@pytest.fixture
def namespace() -> str:
    return "t" + uuid.uuid4().hex[:12]


@pytest.fixture
def redis_cache(redis_server: RedisServer, namespace: str) -> Iterator[RedisCache]:
    cache = RedisCache(redis_server.url, namespace=namespace, ttl=30)
    yield cache
    cache.clear()
    cache.close()


@pytest.fixture
def tiered(redis_server: RedisServer, namespace: str) -> Iterator[TieredCache]:
    cache = TieredCache(
        MemoryCache(maxsize=1000, ttl=30), RedisCache(redis_server.url, namespace=namespace)
    )
    assert cache.wait_subscribed(5)
    yield cache
    cache.clear()
    cache.close()
