"""The shared L2: Redis through redis-py (sync and asyncio clients), with a circuit breaker."""

from __future__ import annotations

import asyncio
import json
import random
import re
import uuid
import weakref
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import redis
import redis.asyncio as aredis
from redis.backoff import NoBackoff
from redis.retry import Retry

from ..exceptions import CacheError
from ._breaker import CircuitBreaker
from ._checks import check_count, check_positive
from ._flight import SingleFlight
from ._protocol import CacheTier, Codec
from ._urls import REDIS_SCHEMES, SCHEMA_VERSION, redact
from .codec import JsonCodec
from .stats import CacheHealth, CacheStats, _Counters

__all__ = ["RedisCache"]

_CONNECTION_ERRORS = (redis.ConnectionError, redis.TimeoutError, OSError)
_GLOB_SPECIALS = re.compile(r"([*?\[\]\\])")
_UNLINK_BATCH = 500

T = TypeVar("T")


class _Attempt:
    """Context manager of `RedisCache._attempt`."""

    __slots__ = ("_cache", "ok")

    def __init__(self, cache: RedisCache) -> None:
        self._cache = cache
        self.ok = False

    def __enter__(self) -> _Attempt:
        return self

    def __exit__(self, kind: object, exc: BaseException | None, traceback: object) -> bool:
        if exc is None:
            self._cache._breaker.success()
            self.ok = True
            return False
        if isinstance(exc, Exception):
            self._cache._failed(exc)
            return True  # swallowed: Redis failures never reach the caller
        return False


def _retry_once() -> Retry:
    """One immediate retry on a broken connection (a stale pooled socket after a Redis
    restart); none on timeouts, so a hung server costs one socket timeout, not two."""
    return Retry(NoBackoff(), 1, supported_errors=(redis.ConnectionError,))


def _glob_escape(text: str) -> str:
    return _GLOB_SPECIALS.sub(r"\\\1", text)


class RedisCache:
    """A Redis-backed cache; keys are `<namespace>:<SCHEMA_VERSION>:<key>`. Tier name "l2".

    Values go through `codec` (default `JsonCodec`). Each write's TTL is shortened by up
    to `jitter` (a fraction) so entries written together do not expire together.
    Connection failures and timeouts open a circuit breaker: for a retry window (from
    `retry_base` doubling up to `retry_max` seconds) calls skip Redis and count as
    misses, then one call probes the server. No method raises because Redis failed;
    `health()` and `stats()` report it. `clear()`, `delete()` and `delete_prefix()`
    announce themselves on the invalidation channel so other instances' L1 follow.
    """

    tier: CacheTier = "l2"

    def __init__(
        self,
        url: str = "redis://127.0.0.1:6379/0",
        *,
        namespace: str = "ion",
        ttl: float = 3600.0,
        codec: Codec | None = None,
        socket_timeout: float = 0.5,
        connect_timeout: float = 0.5,
        max_connections: int = 64,
        jitter: float = 0.05,
        retry_base: float = 0.5,
        retry_max: float = 10.0,
    ) -> None:
        scheme = urlsplit(url).scheme
        if scheme not in REDIS_SCHEMES:
            raise CacheError(
                f"Redis URL must use one of the schemes {', '.join(REDIS_SCHEMES)}, "
                f"got {redact(url)!r}"
            )
        if not namespace or ":" in namespace:
            raise CacheError(f"cache namespace must be non-empty without ':', got {namespace!r}")
        if not 0 <= jitter < 1:
            raise CacheError(f"cache setting jitter must be in [0, 1), got {jitter!r}")
        self.url = url
        self.namespace = namespace
        self.ttl = check_positive("ttl", ttl)
        self.codec: Codec = codec if codec is not None else JsonCodec()
        self.jitter = jitter
        self.instance_id = uuid.uuid4().hex
        self._prefix = f"{namespace}:{SCHEMA_VERSION}:"
        self._options: dict[str, Any] = {
            "socket_timeout": check_positive("socket_timeout", socket_timeout),
            "socket_connect_timeout": check_positive("connect_timeout", connect_timeout),
            "max_connections": check_count("max_connections", max_connections),
        }
        try:
            self._client = redis.Redis.from_url(url, retry=_retry_once(), **self._options)
        except (ValueError, TypeError) as exc:
            raise CacheError(f"invalid Redis URL {redact(url)!r}: {exc}") from exc
        db = self._client.connection_pool.connection_kwargs.get("db", 0)
        self.channel = f"{namespace}:{SCHEMA_VERSION}:db{db}:invalidate"
        self._aclients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, aredis.Redis] = (
            weakref.WeakKeyDictionary()
        )
        self._breaker = CircuitBreaker(check_positive("retry_base", retry_base), retry_max)
        self._counters = _Counters()
        self._flights = SingleFlight()

    def __repr__(self) -> str:
        return f"RedisCache({redact(self.url)!r}, namespace={self.namespace!r}, ttl={self.ttl})"

    # -- plumbing ---------------------------------------------------------------------

    def _aclient(self) -> aredis.Redis:
        loop = asyncio.get_running_loop()
        client = self._aclients.get(loop)
        if client is None:
            client = aredis.Redis.from_url(
                self.url,
                retry=aredis.retry.Retry(NoBackoff(), 1, supported_errors=(redis.ConnectionError,)),
                **self._options,
            )
            self._aclients[loop] = client
        return client

    def pubsub_client(self) -> redis.Redis:
        """A new client for a subscriber: no hidden retries, keepalive, periodic pings."""
        options = dict(self._options, max_connections=2)
        return redis.Redis.from_url(
            self.url,
            retry=Retry(NoBackoff(), 0),
            socket_keepalive=True,
            health_check_interval=10,
            **options,
        )

    def _attempt(self) -> _Attempt:
        """Guard one Redis call: success closes the breaker, a failure is counted, fed to
        the breaker and swallowed (`call.ok` tells which)."""
        return _Attempt(self)

    def _failed(self, exc: Exception) -> None:
        self._counters.errors += 1
        if isinstance(exc, _CONNECTION_ERRORS):
            self._breaker.failure(exc)
        else:
            self._breaker.note(exc)

    def _ttl_ms(self, ttl: float | None) -> int:
        seconds = self.ttl if ttl is None else ttl
        if self.jitter:
            seconds *= 1.0 - random.random() * self.jitter
        return max(int(seconds * 1000), 1)

    def _decode(self, data: Any) -> Any | None:
        if data is None:
            self._counters.misses += 1
            return None
        try:
            value = self.codec.loads(data)
        except Exception as exc:
            self._failed(exc)
            self._counters.misses += 1
            return None
        self._counters.hits += 1
        return value

    def _encode(self, value: Any) -> bytes | None:
        try:
            return self.codec.dumps(value)
        except Exception as exc:
            self._failed(exc)
            return None

    def _message(self, op: str, arg: str = "") -> bytes:
        return json.dumps({"origin": self.instance_id, "op": op, "arg": arg}).encode()

    # -- sync -------------------------------------------------------------------------

    def get(self, key: str) -> Any | None:
        if not self._breaker.allow():
            self._counters.misses += 1
            return None
        with self._attempt() as call:
            data = self._client.get(self._prefix + key)
        if not call.ok:
            self._counters.misses += 1
            return None
        return self._decode(data)

    def set(self, key: str, value: Any, ttl: float | None = None) -> None:
        if value is None or not self._breaker.allow():
            return
        data = self._encode(value)
        if data is None:
            return
        with self._attempt() as call:
            self._client.set(self._prefix + key, data, px=self._ttl_ms(ttl))
        if call.ok:
            self._counters.sets += 1

    def delete(self, key: str) -> None:
        if not self._breaker.allow():
            return
        with self._attempt() as call:
            pipe = self._client.pipeline(transaction=False)
            pipe.unlink(self._prefix + key)
            pipe.publish(self.channel, self._message("delete", key))
            pipe.execute()
        if call.ok:
            self._counters.deletes += 1

    def delete_prefix(self, prefix: str) -> int:
        """Delete every key starting with `prefix` (SCAN + UNLINK); returns how many."""
        return self._delete_matching(prefix, "prefix")

    def clear(self) -> None:
        """Delete every key of this namespace and schema version (not the whole database)."""
        self._delete_matching("", "clear")

    def _delete_matching(self, prefix: str, op: str) -> int:
        if not self._breaker.allow():
            return 0
        deleted = 0
        pattern = _glob_escape(self._prefix + prefix) + "*"
        with self._attempt():
            batch: list[bytes] = []
            for name in self._client.scan_iter(match=pattern, count=1000):
                batch.append(name)
                if len(batch) >= _UNLINK_BATCH:
                    deleted += self._client.unlink(*batch)
                    batch.clear()
            if batch:
                deleted += self._client.unlink(*batch)
            self._client.publish(self.channel, self._message(op, prefix))
        self._counters.deletes += deleted
        return deleted

    def get_or_compute(
        self, key: str, compute: Callable[[], T], ttl: float | None = None
    ) -> tuple[T, CacheTier]:
        # The lookup runs inside the flight: concurrent callers share one GET, and a caller
        # arriving just after a leader landed finds the value instead of computing again.
        def lead() -> tuple[T, CacheTier]:
            value = self.get(key)
            if value is not None:
                return value, "l2"
            fresh = compute()
            self.set(key, fresh, ttl)
            return fresh, "miss"

        return self._flights.run(key, lead)

    def ping(self) -> bool:
        """Probe the server (respecting the breaker); True when it answered."""
        if not self._breaker.allow():
            return False
        with self._attempt() as call:
            self._client.ping()
        return call.ok

    def stats(self) -> CacheStats:
        tier = self._counters.snapshot()
        return CacheStats(backend="redis", tiers={"l2": tier}, combined=tier)

    def reset_stats(self) -> None:
        self._counters.reset()

    def health(self) -> CacheHealth:
        self.ping()
        return CacheHealth.of({"l2": self._breaker.health()})

    def close(self) -> None:
        self._client.close()

    # -- async ------------------------------------------------------------------------

    async def aget(self, key: str) -> Any | None:
        if not self._breaker.allow():
            self._counters.misses += 1
            return None
        with self._attempt() as call:
            data = await self._aclient().get(self._prefix + key)
        if not call.ok:
            self._counters.misses += 1
            return None
        return self._decode(data)

    async def aset(self, key: str, value: Any, ttl: float | None = None) -> None:
        if value is None or not self._breaker.allow():
            return
        data = self._encode(value)
        if data is None:
            return
        with self._attempt() as call:
            await self._aclient().set(self._prefix + key, data, px=self._ttl_ms(ttl))
        if call.ok:
            self._counters.sets += 1

    async def adelete(self, key: str) -> None:
        if not self._breaker.allow():
            return
        with self._attempt() as call:
            pipe = self._aclient().pipeline(transaction=False)
            pipe.unlink(self._prefix + key)
            pipe.publish(self.channel, self._message("delete", key))
            await pipe.execute()
        if call.ok:
            self._counters.deletes += 1

    async def adelete_prefix(self, prefix: str) -> int:
        return await self._adelete_matching(prefix, "prefix")

    async def aclear(self) -> None:
        await self._adelete_matching("", "clear")

    async def _adelete_matching(self, prefix: str, op: str) -> int:
        if not self._breaker.allow():
            return 0
        client = self._aclient()
        deleted = 0
        pattern = _glob_escape(self._prefix + prefix) + "*"
        with self._attempt():
            batch: list[bytes] = []
            async for name in client.scan_iter(match=pattern, count=1000):
                batch.append(name)
                if len(batch) >= _UNLINK_BATCH:
                    deleted += await client.unlink(*batch)
                    batch.clear()
            if batch:
                deleted += await client.unlink(*batch)
            await client.publish(self.channel, self._message(op, prefix))
        self._counters.deletes += deleted
        return deleted

    async def aget_or_compute(
        self, key: str, compute: Callable[[], T], ttl: float | None = None
    ) -> tuple[T, CacheTier]:
        async def lead() -> tuple[T, CacheTier]:
            value = await self.aget(key)
            if value is not None:
                return value, "l2"
            fresh = compute()
            await self.aset(key, fresh, ttl)
            return fresh, "miss"

        return await self._flights.arun(key, lead)

    async def aping(self) -> bool:
        """Probe the server from the event loop (respecting the breaker)."""
        if not self._breaker.allow():
            return False
        with self._attempt() as call:
            await self._aclient().ping()
        return call.ok

    async def ahealth(self) -> CacheHealth:
        await self.aping()
        return CacheHealth.of({"l2": self._breaker.health()})

    async def aclose(self) -> None:
        """Close the asyncio client of the running loop and the sync client."""
        client = self._aclients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            try:
                await client.aclose()
            except Exception as exc:  # closing a broken connection must not raise
                self._breaker.note(exc)
        self.close()
