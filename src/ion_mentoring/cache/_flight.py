"""Single-flight: concurrent misses on one key in one process run the computation once."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from typing import Any, TypeVar, cast

from ._protocol import CacheTier

__all__ = ["SingleFlight"]

T = TypeVar("T")
_Result = tuple[Any, CacheTier]


class _Flight:
    __slots__ = ("future", "thread")

    def __init__(self, thread: int) -> None:
        self.future: Future[_Result] = Future()
        self.thread = thread


class SingleFlight:
    """Runs one leader per key; followers (threads or coroutines) wait for its result.

    A follower receives the leader's value and tier, or the leader's exception.
    A sync follower on the leader's own thread (only possible when the leader is a
    suspended coroutine on that thread's event loop) runs the work itself instead of
    deadlocking.
    """

    __slots__ = ("_flights", "_lock")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flights: dict[str, _Flight] = {}

    def __len__(self) -> int:
        return len(self._flights)

    def _join(self, key: str) -> tuple[_Flight, bool]:
        with self._lock:
            flight = self._flights.get(key)
            if flight is not None:
                return flight, False
            flight = self._flights[key] = _Flight(threading.get_ident())
            return flight, True

    def _land(self, key: str, flight: _Flight) -> None:
        with self._lock:
            if self._flights.get(key) is flight:
                del self._flights[key]

    def run(self, key: str, lead: Callable[[], tuple[T, CacheTier]]) -> tuple[T, CacheTier]:
        flight, leader = self._join(key)
        if not leader:
            if flight.thread != threading.get_ident():
                return cast(tuple[T, CacheTier], flight.future.result())
            return lead()
        try:
            result = lead()
        except BaseException as exc:
            self._land(key, flight)
            flight.future.set_exception(exc)
            raise
        self._land(key, flight)
        flight.future.set_result(result)
        return result

    async def arun(
        self, key: str, lead: Callable[[], Awaitable[tuple[T, CacheTier]]]
    ) -> tuple[T, CacheTier]:
        flight, leader = self._join(key)
        if not leader:
            return cast(tuple[T, CacheTier], await asyncio.wrap_future(flight.future))
        try:
            result = await lead()
        except BaseException as exc:
            self._land(key, flight)
            flight.future.set_exception(exc)
            raise
        self._land(key, flight)
        flight.future.set_result(result)
        return result
