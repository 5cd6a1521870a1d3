"""Single-flight: concurrent misses on one key in one process run the computation once."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, InvalidStateError
from typing import Any, TypeVar, cast

from ._protocol import CacheTier

__all__ = ["SingleFlight"]

T = TypeVar("T")
_Result = tuple[Any, CacheTier]


class _LeaderGoneError(Exception):
    """The leader was cancelled or interrupted; its followers try again."""


class _Flight:
    __slots__ = ("future", "thread")

    def __init__(self, thread: int) -> None:
        self.future: Future[_Result] = Future()
        self.thread = thread


class SingleFlight:
    """Runs one leader per key; followers (threads or coroutines) wait for its result.

    A follower receives the leader's value and tier, or the exception `compute` raised.
    If the leader is cancelled (or interrupted), a follower takes over as the new leader.
    A cancelled follower does not disturb the leader or the other followers. A sync
    follower on the leader's own thread (possible only when the leader is a coroutine
    suspended on that thread's event loop) runs the work itself instead of deadlocking.
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

    def _land(self, key: str, flight: _Flight, result: Any, error: BaseException | None) -> None:
        with self._lock:
            if self._flights.get(key) is flight:
                del self._flights[key]
        try:
            if error is None:
                flight.future.set_result(result)
            elif isinstance(error, Exception):
                flight.future.set_exception(error)
            else:
                flight.future.set_exception(_LeaderGoneError())
        except InvalidStateError:  # pragma: no cover - the future is only settled here
            pass

    def run(self, key: str, lead: Callable[[], tuple[T, CacheTier]]) -> tuple[T, CacheTier]:
        while True:
            flight, leader = self._join(key)
            if leader:
                break
            if flight.thread == threading.get_ident():
                return lead()
            try:
                return cast(tuple[T, CacheTier], flight.future.result())
            except _LeaderGoneError:
                continue
        try:
            result = lead()
        except BaseException as exc:
            self._land(key, flight, None, exc)
            raise
        self._land(key, flight, result, None)
        return result

    async def arun(
        self, key: str, lead: Callable[[], Awaitable[tuple[T, CacheTier]]]
    ) -> tuple[T, CacheTier]:
        while True:
            flight, leader = self._join(key)
            if leader:
                break
            try:
                # shield: a cancelled follower must not cancel the shared future
                waited = await asyncio.shield(asyncio.wrap_future(flight.future))
                return cast(tuple[T, CacheTier], waited)
            except _LeaderGoneError:
                continue
        try:
            result = await lead()
        except BaseException as exc:
            self._land(key, flight, None, exc)
            raise
        self._land(key, flight, result, None)
        return result
