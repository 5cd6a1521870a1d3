"""Cache throughput and latency: L1 hits, L2 hits on loopback Redis, key building.

Run: .venv/bin/python benchmarks/bench_cache.py [--seconds 1] [--samples 20000]
Starts its own redis-server on a free 127.0.0.1 port (needs /usr/bin/redis-server).
Targets (issue 4): L1 hit >= 500,000 gets/s; L2 hit p50 <= 300 us on loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _timing import ops_per_second
from tests.servers import RedisServer

from ion_mentoring.cache import KeyMaker, MemoryCache, RedisCache, TieredCache, make_key

PAYLOAD = {
    "text": "My deploy keeps failing with a timeout on the database migration step and I have "
    "no idea why, it worked yesterday. Any ideas?",
    "key": None,
    "persona": None,
    "language": "auto",
    "compact": False,
    "session": None,
}
VERSIONS = {"library": "0.1.0", "personas": "3f2a9c1d", "analyzer": "1", "routing": "9b0e77aa"}
VALUE = {
    "persona": "Elro",
    "resonance_key": "frustrated-burst-problem_solving",
    "confidence": 0.83,
    "scores": {"Lua": 0.71, "Elro": 0.83, "Riri": 0.74, "Nana": 0.69},
    "messages": [{"role": "system", "content": "x" * 400}, {"role": "user", "content": "y" * 150}],
}


def report(name: str, value: float, unit: str = "/s") -> None:
    print(f"{name:<44} {value:>14,.0f} {unit}")


def latencies(fn: Callable[[], object], samples: int) -> tuple[float, float]:
    """p50 and p99 of one call, in microseconds."""
    for _ in range(min(samples, 1000)):
        fn()
    clock = time.perf_counter_ns
    times = []
    for _ in range(samples):
        started = clock()
        fn()
        times.append(clock() - started)
    cuts = statistics.quantiles(times, n=100)
    return cuts[49] / 1000, cuts[98] / 1000


async def alatencies(cache: RedisCache, key: str, samples: int) -> tuple[float, float]:
    clock = time.perf_counter_ns
    for _ in range(min(samples, 1000)):
        await cache.aget(key)
    times = []
    for _ in range(samples):
        started = clock()
        await cache.aget(key)
        times.append(clock() - started)
    await cache.aclose()
    cuts = statistics.quantiles(times, n=100)
    return cuts[49] / 1000, cuts[98] / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--samples", type=int, default=20_000)
    args = parser.parse_args()
    s, n = args.seconds, args.samples

    memory = MemoryCache()
    memory.set("hot", VALUE)
    report("L1 hit: MemoryCache.get", ops_per_second(lambda: memory.get("hot"), seconds=s))
    report(
        "L1 hit: MemoryCache.get_or_compute",
        ops_per_second(lambda: memory.get_or_compute("hot", dict), seconds=s),
    )
    maker = KeyMaker("process", VERSIONS)
    report("make_key", ops_per_second(lambda: make_key("process", PAYLOAD, VERSIONS), seconds=s))
    report("KeyMaker(kind, versions)(payload)", ops_per_second(lambda: maker(PAYLOAD), seconds=s))

    with RedisServer() as server:
        redis_cache = RedisCache(server.url)
        redis_cache.set("hot", VALUE)
        tiered = TieredCache(MemoryCache(), RedisCache(server.url))
        tiered.wait_subscribed(5)
        tiered.set("hot", VALUE)
        report(
            "L1 hit: TieredCache.get_or_compute",
            ops_per_second(lambda: tiered.get_or_compute("hot", dict), seconds=s),
        )
        report(
            "L1 hit: make_key + TieredCache.get_or_compute",
            ops_per_second(
                lambda: tiered.get_or_compute(make_key("process", PAYLOAD, VERSIONS), dict),
                seconds=s,
            ),
        )
        p50, p99 = latencies(lambda: redis_cache.get("hot"), n)
        print(f"{'L2 hit: RedisCache.get (sync)':<44} p50 {p50:7.1f} us   p99 {p99:7.1f} us")
        p50, p99 = asyncio.run(alatencies(redis_cache, "hot", n))
        print(f"{'L2 hit: RedisCache.aget (asyncio)':<44} p50 {p50:7.1f} us   p99 {p99:7.1f} us")

        def l2_through_tiered() -> object:
            tiered.l1.delete("hot")
            return tiered.get_or_compute("hot", dict)

        p50, p99 = latencies(l2_through_tiered, n)
        print(
            f"{'L2 hit via TieredCache (L1 miss, fill)':<44} p50 {p50:7.1f} us   p99 {p99:7.1f} us"
        )

        server.stop()
        counter = iter(range(10**9))
        report(
            "Redis down: TieredCache miss + compute",
            ops_per_second(lambda: tiered.get_or_compute(f"k{next(counter)}", dict), seconds=s),
        )
        print(f"{'  L2 errors counted while down':<44} {tiered.stats().tiers['l2'].errors:>14,}")
        tiered.close()
        redis_cache.close()


if __name__ == "__main__":
    main()
