"""Routing-record write throughput of the store, on SQLite and PostgreSQL (target >= 20,000 rows/s).

    .venv/bin/python benchmarks/bench_store.py [--rows 200000] [--batch 500] [--skip-postgres]

Uses a temporary SQLite file (WAL, synchronous=NORMAL) and starts its own temporary
PostgreSQL server (initdb + pg_ctl, default durability settings: fsync and synchronous_commit
on). Measures `Store.write_records` in batches of `--batch`, and the full `RecordWriter`
path (submit from the caller's thread, batched by the writer thread, flushed on close).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pg_server import PostgresServer, find_pg_bindir  # noqa: E402

from ion_mentoring.keys import ALL_KEYS  # noqa: E402
from ion_mentoring.store import RecordWriter, RoutingRecord, Store  # noqa: E402

PERSONAS = ("Lua", "Elro", "Riri", "Nana")
TIERS = ("l1", "l2", None)


def make_records(count: int, seed: int = 7) -> list[RoutingRecord]:
    rng = random.Random(seed)
    start = datetime.now(UTC) - timedelta(hours=1)
    return [
        RoutingRecord(
            created_at=start + timedelta(milliseconds=n),
            session_id=f"session-{rng.randrange(5000)}",
            resonance_key=str(rng.choice(ALL_KEYS)),
            persona=rng.choice(PERSONAS),
            secondary=rng.choice(PERSONAS),
            confidence=rng.random(),
            latency_ms=rng.expovariate(1 / 12.0),
            cache_tier=rng.choice(TIERS),
            instance=f"instance-{n % 3}",
            language=rng.choice(("ko", "en", "mixed")),
        )
        for n in range(count)
    ]


def _timed(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bench_batched(url: str, records: list[RoutingRecord], batch: int) -> float:
    """Rows/s of `Store.write_records` called with `batch` records at a time."""
    with Store(url) as store:
        store.migrate()
        store.write_records(records[:batch])  # warm up: connection, compiled statement
        start = time.perf_counter()
        for i in range(0, len(records), batch):
            store.write_records(records[i : i + batch])
        rate = len(records) / (time.perf_counter() - start)
        _check(store, len(records) + batch)
    return rate


def bench_writer(url: str, records: list[RoutingRecord], batch: int) -> tuple[float, float]:
    """Rows/s through `RecordWriter` (submit all, close), and the mean `submit` cost in µs."""
    with Store(url) as store:
        store.migrate()
        start = time.perf_counter()
        writer = RecordWriter(store, batch_size=batch, max_buffer=len(records) + 1)
        for record in records:
            writer.submit(record)
        submitted = time.perf_counter()
        if not writer.close(timeout=300):
            raise RuntimeError(f"writer lost records: {writer.stats()}")
        elapsed = time.perf_counter() - start
        _check(store, len(records))
    return len(records) / elapsed, 1e6 * (submitted - start) / len(records)


def _check(store: Store, expected: int) -> None:
    if store.count_records() != expected:
        raise RuntimeError(f"{store!r}: {store.count_records()} rows, expected {expected}")


def bench(
    name: str, urls: Callable[[str], str], records: list[RoutingRecord], batch: int
) -> list[tuple[str, float]]:
    """Both measurements, each on a fresh database named by `urls(label)`."""
    batched = bench_batched(urls("batched"), records, batch)
    through_writer, submit_us = bench_writer(urls("writer"), records, batch)
    print(f"{name}: RecordWriter.submit costs {submit_us:.2f} µs on the caller's thread")
    return [
        (f"{name}: write_records, batches of {batch}", batched),
        (f"{name}: RecordWriter submit -> close", through_writer),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    records = make_records(args.rows)
    results: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="ion-bench-") as tmp:
        results += bench("SQLite", lambda label: f"sqlite:///{tmp}/{label}.db", records, args.batch)
    if not args.skip_postgres:
        if find_pg_bindir() is None:
            print("PostgreSQL binaries not found; skipping PostgreSQL", file=sys.stderr)
        else:
            with PostgresServer(durable=True) as server:
                results += bench("PostgreSQL", server.create_database, records, args.batch)
    print(f"{args.rows:,} routing records per run, each on a fresh database")
    width = max(len(label) for label, _ in results)
    for label, rate in results:
        verdict = "ok" if rate >= 20_000 else "BELOW 20,000 rows/s target"
        print(f"{label.ljust(width)}  {rate:>10,.0f} rows/s  {verdict}")
    return 0 if all(rate >= 20_000 for _, rate in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
