"""make_cache: URL syntax, settings fallback and errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ion_mentoring.cache import (
    CACHE_SCHEMES,
    CacheBackend,
    MemoryCache,
    NullCache,
    RedisCache,
    TieredCache,
    make_cache,
)
from ion_mentoring.exceptions import CacheError
from tests.servers import RedisServer


@pytest.fixture
def built() -> Iterator[list[CacheBackend]]:
    caches: list[CacheBackend] = []
    yield caches
    for cache in caches:
        cache.close()


@pytest.mark.parametrize("url", ["", "  ", "none", "none://"])
def test_no_cache(url: str) -> None:
    assert isinstance(make_cache(url), NullCache)


def test_memory() -> None:
    cache = make_cache("memory://?maxsize=42&ttl=7.5")
    assert isinstance(cache, MemoryCache)
    assert (cache.maxsize, cache.ttl) == (42, 7.5)
    default = make_cache("memory://")
    assert isinstance(default, MemoryCache)
    assert (default.maxsize, default.ttl) == (10_000, 60.0)


@given(maxsize=st.integers(1, 10**7), ttl=st.floats(0.001, 1e6))
def test_memory_parameters_round_trip(maxsize: int, ttl: float) -> None:
    cache = make_cache(f"memory://?maxsize={maxsize}&ttl={ttl!r}")
    assert isinstance(cache, MemoryCache)
    assert (cache.maxsize, cache.ttl) == (maxsize, ttl)


def test_redis(built: list[CacheBackend]) -> None:
    cache = make_cache(
        "redis://127.0.0.1:6390/3?ttl=120&namespace=app&timeout=0.2&max_connections=8"
    )
    built.append(cache)
    assert isinstance(cache, RedisCache)
    assert cache.ttl == 120
    assert cache.namespace == "app"
    kwargs = cache._client.connection_pool.connection_kwargs
    assert (kwargs["port"], kwargs["db"], kwargs["socket_timeout"]) == (6390, 3, 0.2)
    assert kwargs["socket_connect_timeout"] == 0.2
    assert cache._client.connection_pool.max_connections == 8
    assert cache.channel == "app:v1:db3:invalidate"


def test_memory_plus_redis(built: list[CacheBackend]) -> None:
    cache = make_cache("memory+redis://127.0.0.1:6390/2?ttl=900&l1_ttl=20&l1_maxsize=50")
    built.append(cache)
    assert isinstance(cache, TieredCache)
    assert (cache.l1.maxsize, cache.l1.ttl) == (50, 20)
    assert isinstance(cache.l2, RedisCache)
    assert cache.l2.ttl == 900
    assert cache.l2.url == "redis://127.0.0.1:6390/2"


def test_memory_plus_redis_defaults_to_redis_url(built: list[CacheBackend]) -> None:
    cache = make_cache("memory+redis://?ttl=100", redis_url="redis://127.0.0.1:6391/4")
    built.append(cache)
    assert isinstance(cache, TieredCache)
    assert isinstance(cache.l2, RedisCache)
    assert cache.l2.url.startswith("redis://127.0.0.1:6391/4")
    assert cache.l2.ttl == 100
    assert cache.l1.ttl == 60


def test_tiered_syntax(built: list[CacheBackend]) -> None:
    cache = make_cache(
        "tiered://?l1=memory://%3Fmaxsize%3D5%26ttl%3D9&l2=redis://127.0.0.1:6390/1%3Fttl%3D77"
    )
    built.append(cache)
    assert isinstance(cache, TieredCache)
    assert (cache.l1.maxsize, cache.l1.ttl) == (5, 9)
    assert isinstance(cache.l2, RedisCache)
    assert cache.l2.ttl == 77
    fallback = make_cache("tiered://", redis_url="redis://127.0.0.1:6390/0")
    built.append(fallback)
    assert isinstance(fallback, TieredCache)


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ION_MENTORING_CACHE_URL", "memory://?maxsize=3")
    cache = make_cache()
    assert isinstance(cache, MemoryCache)
    assert cache.maxsize == 3
    monkeypatch.setenv("ION_MENTORING_CACHE_URL", "tiered://")
    monkeypatch.setenv("ION_MENTORING_REDIS_URL", "redis://127.0.0.1:6392/0")
    tiered = make_cache()
    assert isinstance(tiered, TieredCache)
    assert isinstance(tiered.l2, RedisCache)
    assert tiered.l2.url == "redis://127.0.0.1:6392/0"
    tiered.close()


def test_tiered_from_url_works_end_to_end(redis_server: RedisServer, namespace: str) -> None:
    cache = make_cache(f"memory+redis://127.0.0.1:{redis_server.port}/0?namespace={namespace}")
    assert cache.get_or_compute("k", lambda: [1]) == ([1], "miss")
    assert cache.get_or_compute("k", lambda: [2]) == ([1], "l1")
    cache.clear()
    cache.close()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("memcached://127.0.0.1", "allowed schemes: none://, memory://, redis://"),
        ("memory", "allowed schemes"),
        ("memory://?size=3", "unknown cache URL parameter 'size'.*allowed: maxsize, ttl"),
        ("memory://?maxsize=many", "maxsize must be an integer"),
        ("memory://?maxsize=0", "maxsize must be a positive integer"),
        ("memory://?ttl=-1", "ttl must be a positive number"),
        ("memory://?ttl=1&ttl=2", "given more than once"),
        ("memory://somehost", "memory:// takes no host or path"),
        ("redis://127.0.0.1?ttl=soon", "ttl must be a number"),
        ("redis://127.0.0.1?colour=red", "unknown cache URL parameter 'colour'"),
        ("redis://127.0.0.1:notaport/0", "invalid Redis URL"),
        ("memory+redis://127.0.0.1?l1_ttl=120", "at most 60 s"),
        ("memory+http://127.0.0.1", "allowed schemes"),
        ("tiered://", "needs an L2 Redis URL"),
        ("tiered://?l1=redis://127.0.0.1&l2=redis://127.0.0.1", "must be a memory:// URL"),
        ("tiered://?l2=memory://", "must be a Redis URL"),
        ("tiered://?l3=x", "unknown cache URL parameter 'l3'"),
        ("redis://:hunter2@127.0.0.1?nope=1", r"redis://:\*\*\*@127"),
    ],
)
def test_invalid_urls(url: str, message: str) -> None:
    with pytest.raises(CacheError, match=message):
        make_cache(url)


def test_error_never_leaks_password() -> None:
    with pytest.raises(CacheError) as info:
        make_cache("redis://:hunter2@127.0.0.1?nope=1")
    assert "hunter2" not in str(info.value)


def test_schemes_listed() -> None:
    assert CACHE_SCHEMES[:2] == ("none", "memory")
    assert "memory+redis" in CACHE_SCHEMES
    assert "tiered" in CACHE_SCHEMES


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | st.from_regex(r"\A(memory|redis|tiered|none)://[ -~]{0,30}\Z"))
def test_any_string_gives_a_cache_or_a_cache_error(url: str) -> None:
    # Tiered URLs start a listener that connects; keep generated hosts off the network.
    assume(not url.strip().lower().startswith(("tiered", "memory+")))
    try:
        cache = make_cache(url)
    except CacheError:
        return
    assert isinstance(cache, CacheBackend)
    cache.close()
