"""Pluggable two-tier cache: in-process L1 (cachetools), shared L2 (Redis), tiered, invalidation.

Build one with `make_cache(url)`; every backend implements `CacheBackend` (sync methods
plus `a`-prefixed async methods) and never raises because of cache I/O.
"""

from __future__ import annotations

from ._protocol import AsyncCacheBackend, CacheBackend, CacheTier, Codec
from .codec import JsonCodec
from .factory import CACHE_SCHEMES, make_cache
from .invalidation import InvalidationListener
from .keys import KEY_HEX_CHARS, KeyMaker, make_key
from .memory import MemoryCache
from .null import NullCache
from .redis_backend import SCHEMA_VERSION, RedisCache
from .stats import CacheHealth, CacheStats, HealthState, TierHealth, TierStats
from .tiered import TieredCache

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
