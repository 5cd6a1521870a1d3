"""The cache protocols shared by every backend."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, Protocol, TypeVar, runtime_checkable

from .stats import CacheHealth, CacheStats

__all__ = ["AsyncCacheBackend", "CacheBackend", "CacheTier", "Codec"]

T = TypeVar("T")

CacheTier = Literal["l1", "l2", "miss"]
"""Which tier answered a `get_or_compute`: the in-process L1, Redis L2, or neither (computed)."""


@runtime_checkable
class Codec(Protocol):
    """Turns cached values into bytes for an out-of-process tier and back."""

    def dumps(self, obj: Any) -> bytes: ...

    def loads(self, data: bytes) -> Any: ...


@runtime_checkable
class AsyncCacheBackend(Protocol):
    """The asyncio half of a cache: the same operations as `CacheBackend`, prefixed with `a`.

    Every backend in this package implements both halves on one object.
    Cache I/O errors are never raised: reads degrade to misses, writes are dropped.
    """

    async def aget(self, key: str) -> Any | None: ...

    async def aset(self, key: str, value: Any, ttl: float | None = None) -> None: ...

    async def adelete(self, key: str) -> None: ...

    async def adelete_prefix(self, prefix: str) -> int: ...

    async def aclear(self) -> None: ...

    async def aget_or_compute(
        self, key: str, compute: Callable[[], T], ttl: float | None = None
    ) -> tuple[T, CacheTier]: ...

    async def ahealth(self) -> CacheHealth:
        """`health()` without blocking the event loop on a Redis ping."""
        ...

    async def aclose(self) -> None: ...


@runtime_checkable
class CacheBackend(AsyncCacheBackend, Protocol):
    """A cache with sync methods and (inherited) `a`-prefixed async methods.

    `None` is not a cacheable value: `get` returns `None` for a miss, and `set(key, None)`
    stores nothing.
    """

    def get(self, key: str) -> Any | None: ...

    def set(self, key: str, value: Any, ttl: float | None = None) -> None: ...

    def delete(self, key: str) -> None: ...

    def delete_prefix(self, prefix: str) -> int: ...

    def clear(self) -> None: ...

    def get_or_compute(
        self, key: str, compute: Callable[[], T], ttl: float | None = None
    ) -> tuple[T, CacheTier]: ...

    def stats(self) -> CacheStats: ...

    def health(self) -> CacheHealth: ...

    def close(self) -> None: ...
