"""Single-flight edge cases: errors shared, cancelled leaders and followers."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from ion_mentoring.cache._flight import SingleFlight
from ion_mentoring.cache._protocol import CacheTier


def test_followers_get_the_leaders_exception() -> None:
    flights = SingleFlight()
    started = threading.Event()
    errors: list[BaseException] = []

    def lead() -> tuple[int, CacheTier]:
        started.set()
        time.sleep(0.1)
        raise RuntimeError("boom")

    def follower() -> None:
        started.wait()
        try:
            flights.run("k", lambda: (0, "miss"))
        except RuntimeError as exc:
            errors.append(exc)

    thread = threading.Thread(target=follower)
    thread.start()
    with pytest.raises(RuntimeError):
        flights.run("k", lead)
    thread.join(5)
    assert len(errors) == 1
    assert len(flights) == 0


async def test_cancelled_leader_hands_over_to_a_follower() -> None:
    flights = SingleFlight()
    calls: list[str] = []

    async def slow() -> tuple[str, CacheTier]:
        calls.append("slow")
        await asyncio.sleep(10)
        return "never", "miss"

    async def quick() -> tuple[str, CacheTier]:
        calls.append("quick")
        await asyncio.sleep(0.01)
        return "value", "miss"

    leader = asyncio.ensure_future(flights.arun("k", slow))
    await asyncio.sleep(0)
    followers = [asyncio.ensure_future(flights.arun("k", quick)) for _ in range(3)]
    await asyncio.sleep(0)
    leader.cancel()
    results = await asyncio.gather(*followers)
    assert results == [("value", "miss")] * 3
    assert calls == ["slow", "quick"]
    with pytest.raises(asyncio.CancelledError):
        await leader


async def test_cancelled_follower_does_not_disturb_the_leader() -> None:
    flights = SingleFlight()

    async def lead() -> tuple[str, CacheTier]:
        await asyncio.sleep(0.05)
        return "v", "miss"

    leader = asyncio.ensure_future(flights.arun("k", lead))
    await asyncio.sleep(0)
    doomed = asyncio.ensure_future(flights.arun("k", lead))
    other = asyncio.ensure_future(flights.arun("k", lead))
    await asyncio.sleep(0)
    doomed.cancel()
    assert await leader == ("v", "miss")
    assert await other == ("v", "miss")
    assert doomed.cancelled()


def test_sync_follower_on_the_async_leaders_thread_does_not_deadlock() -> None:
    flights = SingleFlight()

    async def main() -> tuple[str, CacheTier]:
        async def lead() -> tuple[str, CacheTier]:
            # While this leader is suspended, sync code on the same thread asks for the key.
            inner = flights.run("k", lambda: ("inner", "miss"))
            await asyncio.sleep(0)
            return inner

        return await flights.arun("k", lead)

    assert asyncio.run(asyncio.wait_for(main(), 5)) == ("inner", "miss")
