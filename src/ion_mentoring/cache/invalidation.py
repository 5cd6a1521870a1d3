"""Cross-instance invalidation: a Redis pub/sub listener that applies other instances' clears."""

from __future__ import annotations

import contextlib
import json
import random
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .stats import TierHealth

if TYPE_CHECKING:
    from .redis_backend import RedisCache

__all__ = ["InvalidationListener"]


class InvalidationListener:
    """Subscribes to `source.channel` on a daemon thread and calls `handle(op, arg)`.

    `op` is "clear", "prefix" (arg = the prefix) or "delete" (arg = the key); messages
    sent by `source` itself are skipped. The thread reconnects by itself with backoff
    (`retry_base` doubling up to `retry_max` seconds). Messages published while it was
    disconnected are lost, so after every re-subscription it calls `on_resubscribe()`
    (the tiered cache clears its L1 there).
    """

    def __init__(
        self,
        source: RedisCache,
        handle: Callable[[str, str], None],
        *,
        on_resubscribe: Callable[[], None],
        retry_base: float = 0.2,
        retry_max: float = 5.0,
    ) -> None:
        self.source = source
        self.handle = handle
        self.on_resubscribe = on_resubscribe
        self.retry_base = retry_base
        self.retry_max = retry_max
        self.errors = 0
        self.received = 0
        self.last_error: str | None = None
        self.last_error_at: float | None = None
        self._failures = 0
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"ion-cache-invalidation-{source.channel}", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def subscribed(self) -> bool:
        return self._ready.is_set()

    def wait_subscribed(self, timeout: float | None = None) -> bool:
        """Block until the subscription is confirmed by the server (or the timeout)."""
        return self._ready.wait(timeout)

    def health(self) -> TierHealth:
        return TierHealth(
            state="ok" if self._ready.is_set() else "down",
            errors=self.errors,
            consecutive_failures=self._failures,
            last_error=self.last_error,
            last_error_at=self.last_error_at,
        )

    def _run(self) -> None:
        resync = False
        while not self._stop.is_set():
            client = self.source.pubsub_client()
            pubsub = client.pubsub()
            try:
                pubsub.subscribe(self.source.channel)
                while not self._stop.is_set():
                    message = pubsub.get_message(timeout=0.25)
                    if message is None:
                        continue
                    kind = message.get("type")
                    if kind == "subscribe":
                        if resync:
                            self.on_resubscribe()
                            resync = False
                        self._failures = 0
                        self._ready.set()
                    elif kind == "message":
                        self._dispatch(message.get("data"))
            except Exception as exc:
                self._ready.clear()
                self.errors += 1
                self._failures += 1
                self.last_error = f"{type(exc).__name__}: {exc}"
                self.last_error_at = time.time()
                resync = True
                steps = min(self._failures - 1, 30)
                delay = min(self.retry_max, self.retry_base * 2.0**steps)
                self._stop.wait(delay * random.uniform(0.9, 1.1))
            finally:
                with contextlib.suppress(Exception):
                    pubsub.close()
                with contextlib.suppress(Exception):
                    client.close()
        self._ready.clear()

    def _dispatch(self, data: Any) -> None:
        try:
            message = json.loads(data)
            origin, op, arg = message["origin"], message["op"], message["arg"]
        except (ValueError, TypeError, KeyError):
            self.errors += 1
            self.last_error = "undecodable invalidation message"
            self.last_error_at = time.time()
            return
        if origin == self.source.instance_id:
            return
        self.received += 1
        self.handle(str(op), str(arg))
