"""Shared timing helper for the benchmark scripts."""

from __future__ import annotations

import time
from collections.abc import Callable


def ops_per_second(fn: Callable[[], object], *, seconds: float = 1.0, batch: int = 1000) -> float:
    """Call `fn` in batches for about `seconds` (after one warm-up batch); return calls/s."""
    for _ in range(batch):
        fn()
    calls = 0
    started = time.perf_counter()
    deadline = started + seconds
    while True:
        for _ in range(batch):
            fn()
        calls += batch
        now = time.perf_counter()
        if now >= deadline:
            return calls / (now - started)
