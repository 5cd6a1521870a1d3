"""Rate limiting with the `limits` library's async API (fixed window).

Counters live in process memory, or in Redis when a Redis URL is configured so that every
instance shares them. If Redis fails, requests are let through (and the failure counted):
the limiter must not take the service down.
"""

from __future__ import annotations

import logging
import math
import time
from typing import TYPE_CHECKING

import attrs
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter

from ..exceptions import ConfigurationError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["DISABLED", "Decision", "RateLimiter", "parse_rate"]

log = logging.getLogger("ion_mentoring.server")

DISABLED = frozenset({"", "0", "none", "off", "disabled", "unlimited"})
"""`rate_limit` values that switch rate limiting off."""


def parse_rate(text: str) -> RateLimitItem | None:
    """`"100/minute"` → a limits item; None when disabled; ConfigurationError if malformed."""
    if text.strip().lower() in DISABLED:
        return None
    try:
        return parse(text)
    except ValueError as exc:
        raise ConfigurationError(
            f"invalid rate_limit {text!r}: {exc}; use e.g. '100/minute', '10/second' or 'none'"
        ) from None


@attrs.frozen
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset: float
    """Epoch seconds when the window resets."""

    @property
    def retry_after(self) -> int:
        return max(1, math.ceil(self.reset - time.time()))

    def headers(self) -> Mapping[str, str]:
        out = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(math.ceil(self.reset)),
        }
        if not self.allowed:
            out["Retry-After"] = str(self.retry_after)
        return out


class RateLimiter:
    """`limit` requests per window per identity (API key id or client IP)."""

    def __init__(self, item: RateLimitItem, redis_url: str | None = None) -> None:
        self.item = item
        self.shared = redis_url is not None
        storage: Storage
        if redis_url:
            scheme, sep, rest = redis_url.partition("://")
            storage = RedisStorage(
                f"async+{scheme}{sep}{rest}", implementation="redispy", wrap_exceptions=True
            )
        else:
            storage = MemoryStorage()
        self.storage = storage
        self._limiter = FixedWindowRateLimiter(storage)
        self.failures = 0
        self.last_error: str | None = None

    @property
    def description(self) -> str:
        item = self.item
        return f"{item.amount} per {item.multiples} {item.GRANULARITY.name}"

    async def hit(self, identity: str) -> Decision:
        try:
            allowed = await self._limiter.hit(self.item, identity)
            stats = await self._limiter.get_window_stats(self.item, identity)
        except Exception as exc:  # storage down: fail open
            self.failures += 1
            self.last_error = f"{type(exc).__name__}: {exc}"
            if self.failures == 1 or self.failures % 1000 == 0:
                log.warning("rate limit storage failed (%s); letting requests through", exc)
            return Decision(True, self.item.amount, self.item.amount, time.time() + 1)
        remaining = max(0, stats.remaining)
        return Decision(allowed, self.item.amount, remaining, stats.reset_time)

    async def check(self) -> bool:
        """True when the counter storage answers."""
        try:
            return bool(await self.storage.check())
        except Exception:
            return False
