"""The async half of a backend that never blocks: each coroutine runs its sync twin inline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ._protocol import CacheBackend, CacheTier
from .stats import CacheHealth

__all__ = ["InlineAsync"]

T = TypeVar("T")


class InlineAsync:
    """Mixin for in-process backends (memory, none): nothing to await, so the `a`-prefixed
    methods call the sync ones directly instead of going to a thread."""

    async def aget(self: CacheBackend, key: str) -> Any | None:
        return self.get(key)

    async def aset(self: CacheBackend, key: str, value: Any, ttl: float | None = None) -> None:
        self.set(key, value, ttl)

    async def adelete(self: CacheBackend, key: str) -> None:
        self.delete(key)

    async def adelete_prefix(self: CacheBackend, prefix: str) -> int:
        return self.delete_prefix(prefix)

    async def aclear(self: CacheBackend) -> None:
        self.clear()

    async def aget_or_compute(
        self: CacheBackend, key: str, compute: Callable[[], T], ttl: float | None = None
    ) -> tuple[T, CacheTier]:
        return self.get_or_compute(key, compute, ttl)

    async def ahealth(self: CacheBackend) -> CacheHealth:
        return self.health()

    async def aclose(self: CacheBackend) -> None:
        self.close()
