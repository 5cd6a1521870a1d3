"""A circuit breaker so a dead server is retried once per backoff window, not per request."""

from __future__ import annotations

import random
import threading
import time

from .stats import TierHealth

__all__ = ["CircuitBreaker"]


class CircuitBreaker:
    """Opens on a failure; while open, `allow()` is False except for one probe per window.

    The window starts at `base` seconds and doubles (with ±10 % jitter) on each failed
    probe, up to `maximum`. A success closes the breaker.
    """

    __slots__ = (
        "_lock",
        "base",
        "consecutive",
        "errors",
        "last_error",
        "last_error_at",
        "maximum",
        "open_until",
    )

    def __init__(self, base: float = 0.5, maximum: float = 10.0) -> None:
        self.base = base
        self.maximum = maximum
        self.open_until = 0.0
        self.consecutive = 0
        self.errors = 0
        self.last_error: str | None = None
        self.last_error_at: float | None = None
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self.open_until != 0.0

    def allow(self) -> bool:
        """True when a call may go to the server (closed, or this caller is the probe)."""
        until = self.open_until
        if not until:
            return True
        now = time.monotonic()
        if now < until:
            return False
        with self._lock:
            if self.open_until != until:
                return False  # another caller took this window's probe
            self.open_until = now + self._window()
        return True

    def success(self) -> None:
        if self.consecutive:
            with self._lock:
                self.consecutive = 0
                self.open_until = 0.0

    def note(self, exc: BaseException) -> None:
        """Record an error that does not mean the server is gone (e.g. an undecodable value)."""
        with self._lock:
            self.errors += 1
            self.last_error = f"{type(exc).__name__}: {exc}"
            self.last_error_at = time.time()

    def failure(self, exc: BaseException) -> None:
        """Record a connection failure or timeout and open the breaker."""
        with self._lock:
            self.errors += 1
            self.consecutive += 1
            self.last_error = f"{type(exc).__name__}: {exc}"
            self.last_error_at = time.time()
            self.open_until = time.monotonic() + self._window()

    def _window(self) -> float:
        steps = max(self.consecutive - 1, 0)
        window = min(self.maximum, self.base * (2.0 ** min(steps, 30)))
        return window * random.uniform(0.9, 1.1)

    def health(self) -> TierHealth:
        down = self.is_open
        return TierHealth(
            state="down" if down else "ok",
            errors=self.errors,
            consecutive_failures=self.consecutive,
            last_error=self.last_error,
            last_error_at=self.last_error_at,
            retry_in=max(self.open_until - time.monotonic(), 0.0) if down else None,
        )
