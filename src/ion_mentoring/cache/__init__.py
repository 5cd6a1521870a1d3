"""Pluggable two-tier cache: in-process L1 (cachetools), shared L2 (Redis), tiered, invalidation.

Build one with `make_cache(url)`; every backend implements `CacheBackend` (sync methods
plus `a`-prefixed async methods) and never raises because of cache I/O.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._protocol import AsyncCacheBackend, CacheBackend, CacheTier, Codec
from ._urls import SCHEMA_VERSION
from .codec import JsonCodec
from .factory import CACHE_SCHEMES, make_cache
from .invalidation import InvalidationListener
from .keys import KEY_HEX_CHARS, KeyMaker, make_key
from .memory import MemoryCache
from .null import NullCache
from .stats import CacheHealth, CacheStats, HealthState, TierHealth, TierStats
from .tiered import TieredCache

if TYPE_CHECKING:
    from .redis_backend import RedisCache


def __getattr__(name: str) -> Any:
    # RedisCache needs the `redis` extra; import it only when asked for.
    if name == "RedisCache":
        from .redis_backend import RedisCache

        return RedisCache
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CACHE_SCHEMES",
    "KEY_HEX_CHARS",
    "SCHEMA_VERSION",
    "AsyncCacheBackend",
    "CacheBackend",
    "CacheHealth",
    "CacheStats",
    "CacheTier",
    "Codec",
    "HealthState",
    "InvalidationListener",
    "JsonCodec",
    "KeyMaker",
    "MemoryCache",
    "NullCache",
    "RedisCache",
    "TierHealth",
    "TierStats",
    "TieredCache",
    "make_cache",
    "make_key",
]
