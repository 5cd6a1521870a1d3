"""Core throughput on one core: key routing, prompt building, Mentor.process without cache.

Run: .venv/bin/python benchmarks/bench_core.py [--seconds 2]
Targets: routing >= 1,000,000/s; Mentor.process >= 20,000/s on ~150-char messages without a
cache (issue 2) and >= 200,000/s answered from the in-process L1 cache (issue 4).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ops_per_second

from ion_mentoring import ALL_KEYS, Router
from ion_mentoring.cache import MemoryCache
from ion_mentoring.mentor import Mentor
from ion_mentoring.prompts import PromptBuilder

MESSAGES = [
    "My deploy keeps failing with a timeout on the database migration step and I have no idea "
    "why, it worked yesterday. Any ideas?",
    "우리 팀이 다음 분기 로드맵을 같이 정리하려고 하는데, 일정이랑 담당자를 어떻게 나누면 좋을지 "
    "조언 부탁드려요. 다들 바빠서 걱정이에요.",
    "Can you compare p50 and p99 latency between the two cache strategies and tell me which one "
    "is better for our read-heavy workload?",
    "I've been thinking about why I lost motivation this year. Looking back, maybe I took on too "
    "much. How do people recover?",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    s = args.seconds
    router = Router()
    keys = itertools.cycle(ALL_KEYS)
    texts = itertools.cycle([str(k) for k in ALL_KEYS])
    report(
        "key routing (ResonanceKey)", ops_per_second(lambda: router.route(next(keys)), seconds=s)
    )
    report("key routing (string key)", ops_per_second(lambda: router.route(next(texts)), seconds=s))
    builder = PromptBuilder()
    key = ALL_KEYS[0]
    message = MESSAGES[0]
    report(
        "prompt building", ops_per_second(lambda: builder.build(message, "Elro", key), seconds=s)
    )
    mentor = Mentor()
    lengths = sorted(len(m) for m in MESSAGES)
    cycle = itertools.cycle(MESSAGES)
    rate = ops_per_second(lambda: mentor.process(next(cycle)), seconds=s, batch=200)
    report("Mentor.process, no cache", rate, f"messages of {lengths[0]}-{lengths[-1]} chars")
    cached = Mentor(cache=MemoryCache(maxsize=1000, ttl=60))
    for text in MESSAGES:
        cached.process(text)
    rate = ops_per_second(lambda: cached.process(next(cycle)), seconds=s, batch=1000)
    report("Mentor.process, L1 hit", rate, "same messages, answered from MemoryCache")


def report(name: str, rate: float, note: str = "") -> None:
    print(f"{name:<28}{rate:>12,.0f} ops/s" + (f"  ({note})" if note else ""))


if __name__ == "__main__":
    main()
