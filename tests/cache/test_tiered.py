"""TieredCache: tier fill and accounting, L1 TTL cap, cross-process invalidation, Redis outages."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator

import pytest
import redis

from ion_mentoring.cache import MemoryCache, RedisCache, TieredCache
from ion_mentoring.exceptions import CacheError
from tests.servers import RedisServer


def test_tier_fill_and_hit_accounting(tiered: TieredCache) -> None:
    assert tiered.get_or_compute("k", lambda: {"v": 1}) == ({"v": 1}, "miss")
    assert tiered.l1.peek("k") == {"v": 1}
    assert tiered.l2.get("k") == {"v": 1}
    tiered.reset_stats()

    assert tiered.get_or_compute("k", lambda: {"v": 2}) == ({"v": 1}, "l1")
    tiered.l1.clear()
    assert tiered.get_or_compute("k", lambda: {"v": 3}) == ({"v": 1}, "l2")
    assert tiered.l1.peek("k") == {"v": 1}  # the L2 hit filled L1
    assert tiered.get_or_compute("k", lambda: {"v": 4}) == ({"v": 1}, "l1")
    assert tiered.get_or_compute("new", lambda: 5) == (5, "miss")

    stats = tiered.stats()
    l1, l2, combined = stats.tiers["l1"], stats.tiers["l2"], stats.combined
    assert (l1.hits, l1.misses) == (2, 2)
    assert (l2.hits, l2.misses) == (1, 1)
    assert (combined.hits, combined.misses) == (3, 1)
    assert combined.hit_rate == pytest.approx(0.75)
    assert l1.hit_rate == pytest.approx(0.5)
    assert l2.hit_rate == pytest.approx(0.5)
    assert stats.backend == "tiered"
    assert stats.to_dict()["tiers"]["l2"]["hits"] == 1


def test_plain_get_fills_l1(tiered: TieredCache) -> None:
    tiered.l2.set("only-l2", "v")
    assert tiered.l1.peek("only-l2") is None
    assert tiered.get("only-l2") == "v"
    assert tiered.l1.peek("only-l2") == "v"
    assert tiered.get("absent") is None
    assert tiered.stats().combined.misses == 1


def test_l1_ttl_is_capped(redis_server: RedisServer, namespace: str) -> None:
    with pytest.raises(CacheError, match="at most 60 s"):
        TieredCache(MemoryCache(ttl=61), RedisCache(redis_server.url, namespace=namespace))
    cache = TieredCache(
        MemoryCache(ttl=0.1), RedisCache(redis_server.url, namespace=namespace), invalidation=False
    )
    cache.set("k", "v", ttl=3600)  # L1 keeps it for 0.1 s, L2 for an hour
    time.sleep(0.2)
    assert cache.l1.peek("k") is None
    assert cache.get_or_compute("k", lambda: "computed") == ("v", "l2")
    cache.clear()
    cache.close()


def test_local_prefix_and_clear_cover_both_tiers(tiered: TieredCache) -> None:
    tiered.set("a:1", 1)
    tiered.set("a:2", 2)
    tiered.set("b:1", 3)
    assert tiered.delete_prefix("a:") == 2
    assert tiered.l1.peek("a:1") is None
    assert tiered.l2.get("a:1") is None
    assert tiered.get("b:1") == 3
    tiered.clear()
    assert tiered.l1.peek("b:1") is None
    assert tiered.l2.get("b:1") is None


def test_invalidation_between_instances_in_one_process(
    redis_server: RedisServer, namespace: str
) -> None:
    a = TieredCache(MemoryCache(), RedisCache(redis_server.url, namespace=namespace))
    b = TieredCache(MemoryCache(), RedisCache(redis_server.url, namespace=namespace))
    assert a.wait_subscribed(5)
    assert b.wait_subscribed(5)
    try:
        b.l1.set("session:1", "stale")
        b.l1.set("keep:1", "kept")
        a.delete_prefix("session:")
        assert _eventually(lambda: b.l1.peek("session:1") is None)
        assert b.l1.peek("keep:1") == "kept"
        b.l1.set("x", "stale")
        a.delete("x")
        assert _eventually(lambda: b.l1.peek("x") is None)
        a.clear()
        assert _eventually(lambda: b.l1.peek("keep:1") is None)
    finally:
        a.close()
        b.close()


def _eventually(check: Callable[[], bool], timeout: float = 1.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.005)
    return False


CHILD = textwrap.dedent(
    """
    import sys, time
    from ion_mentoring.cache import make_cache

    cache = make_cache(sys.argv[1])
    assert cache.wait_subscribed(5)
    cache.get_or_compute("session:a", lambda: "child-a")
    cache.get_or_compute("other:b", lambda: "child-b")
    print("ready", flush=True)
    for line in sys.stdin:
        command, key = line.split()
        if command == "watch":
            print("watching", flush=True)
            deadline = time.monotonic() + 3
            while cache.l1.peek(key) is not None and time.monotonic() < deadline:
                time.sleep(0.002)
            gone = cache.l1.peek(key) is None
            print(f"{'gone' if gone else 'still'} {time.time():.6f}", flush=True)
        elif command == "peek":
            print(f"value {cache.l1.peek(key)}", flush=True)
    cache.close()
    """
)


@pytest.fixture
def child(redis_server: RedisServer, namespace: str) -> Iterator[subprocess.Popen[str]]:
    url = f"memory+redis://127.0.0.1:{redis_server.port}/0?namespace={namespace}"
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    yield process
    assert process.stdin is not None
    process.stdin.close()
    process.wait(10)
    process.stdout.close()


def _ask(process: subprocess.Popen[str], line: str) -> str:
    assert process.stdin is not None
    process.stdin.write(line + "\n")
    process.stdin.flush()
    return _read(process)


def _read(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    return process.stdout.readline().strip()


def test_prefix_then_clear_reach_another_process_within_one_second(
    child: subprocess.Popen[str], tiered: TieredCache
) -> None:
    assert _ask(child, "watch session:a") == "watching"
    started = time.time()
    tiered.delete_prefix("session:")
    status, at = _read(child).split()
    assert status == "gone"
    assert float(at) - started < 1.0
    assert _ask(child, "peek other:b") == "value child-b"

    assert _ask(child, "watch other:b") == "watching"
    started = time.time()
    tiered.clear()
    status, at = _read(child).split()
    assert status == "gone"
    assert float(at) - started < 1.0


@pytest.fixture
def own_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    yield server
    server.close()


def test_redis_killed_and_restarted(own_server: RedisServer) -> None:
    l2 = RedisCache(own_server.url, retry_base=0.05, retry_max=0.2, socket_timeout=0.2)
    cache = TieredCache(MemoryCache(ttl=30), l2)
    assert cache.wait_subscribed(5)
    assert cache.get_or_compute("before", lambda: "b") == ("b", "miss")

    own_server.stop()
    # L1 keeps serving, new keys are computed, nothing raises.
    for _ in range(50):
        assert cache.get_or_compute("before", lambda: "x") == ("b", "l1")
    for i in range(50):
        assert cache.get_or_compute(f"during:{i}", lambda i=i: i) == (i, "miss")
    assert cache.get("nowhere") is None
    cache.set("k", 1)
    cache.delete_prefix("during:")
    health = cache.health()
    assert health.state == "degraded"
    assert health.tiers["l1"].state == "ok"
    assert health.tiers["l2"].state == "down"
    assert health.tiers["l2"].errors >= 1
    assert cache.stats().tiers["l2"].errors >= 1
    # The breaker keeps a dead server from being tried on every request.
    assert cache.stats().tiers["l2"].errors < 20

    own_server.start()
    assert _eventually(lambda: cache.health().tiers["l2"].state == "ok", timeout=5)
    assert cache.wait_subscribed(5)
    assert cache.get_or_compute("after", lambda: "a") == ("a", "miss")
    raw = redis.Redis.from_url(own_server.url)
    assert raw.exists("ion:v1:after") == 1
    cache.l1.clear()
    assert cache.get_or_compute("after", lambda: "other") == ("a", "l2")
    assert cache.health().state == "ok"
    cache.clear()
    cache.close()


async def test_redis_killed_async(own_server: RedisServer) -> None:
    l2 = RedisCache(own_server.url, retry_base=0.05, retry_max=0.2, socket_timeout=0.2)
    cache = TieredCache(MemoryCache(ttl=30), l2, invalidation=False)
    assert await cache.aget_or_compute("k", lambda: 1) == (1, "miss")
    own_server.stop()
    assert await cache.aget_or_compute("k", lambda: 2) == (1, "l1")
    assert await cache.aget_or_compute("k2", lambda: 2) == (2, "miss")
    await cache.aset("k3", 3)
    assert await cache.adelete_prefix("k") >= 1
    await cache.aclear()
    health = await cache.ahealth()
    assert health.state == "degraded"
    assert health.tiers["l2"].state == "down"
    own_server.start()
    assert _eventually(lambda: cache.health().tiers["l2"].state == "ok", timeout=5)
    assert await cache.aget_or_compute("k4", lambda: 4) == (4, "miss")
    cache.l1.clear()
    assert await cache.aget_or_compute("k4", lambda: 5) == (4, "l2")
    await cache.aclear()
    await cache.aclose()


def test_l2_fill_after_invalidation_does_not_resurrect(tiered: TieredCache) -> None:
    """An L2 read that raced an invalidation must not refill L1 with the old value."""
    tiered.l2.set("race", "old")
    original_get = tiered.l2.get

    def get_then_invalidated(key: str) -> object:
        value = original_get(key)
        tiered._on_invalidation("clear", "")  # another instance cleared meanwhile
        return value

    tiered.l2.get = get_then_invalidated  # type: ignore[method-assign]
    try:
        assert tiered.get("race") == "old"
    finally:
        del tiered.l2.get  # type: ignore[attr-defined]
    assert tiered.l1.peek("race") is None


def test_redis_down_at_start_then_up() -> None:
    server = RedisServer()  # port chosen, server not started yet
    l2 = RedisCache(server.url, retry_base=0.05, retry_max=0.2)
    cache = TieredCache(MemoryCache(), l2)
    try:
        assert cache.get_or_compute("k", lambda: 1) == (1, "miss")
        assert cache.get_or_compute("k", lambda: 2) == (1, "l1")
        health = cache.health()
        assert health.state == "degraded"
        assert health.tiers["l2"].state == "down"
        assert not cache.wait_subscribed(0.1)
        server.start()
        assert cache.wait_subscribed(8)
        assert _eventually(lambda: cache.health().state == "ok", timeout=5)
        assert cache.get_or_compute("k2", lambda: 3) == (3, "miss")
        cache.l1.clear()
        assert cache.get_or_compute("k2", lambda: 4) == (3, "l2")
    finally:
        cache.clear()
        cache.close()
        server.close()


def test_hung_redis_costs_one_timeout_then_is_skipped(own_server: RedisServer) -> None:
    l2 = RedisCache(own_server.url, socket_timeout=0.2, retry_base=5)
    cache = TieredCache(MemoryCache(), l2, invalidation=False)
    cache.set("warm", 1)
    own_server.pause()
    try:
        started = time.monotonic()
        assert cache.get_or_compute("a", lambda: "x") == ("x", "miss")
        first = time.monotonic() - started
        started = time.monotonic()
        for i in range(20):
            assert cache.get_or_compute(f"b{i}", lambda: "y") == ("y", "miss")
        rest = time.monotonic() - started
        assert cache.get_or_compute("warm", lambda: 2) == (1, "l1")
        assert cache.health().tiers["l2"].state == "down"
        assert "Timeout" in (cache.health().tiers["l2"].last_error or "")
    finally:
        own_server.resume()
    assert first < 0.2 * 2 + 0.3  # one socket timeout (no retry on timeouts) plus slack
    assert rest < 0.2  # the open breaker skips Redis entirely
    cache.close()
