from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from ion_mentoring.store import RecordWriter, Store
from tests.pg_server import PostgresServer

from .conftest import make_record, require_pg


def test_writer_flushes_by_size(store: Store) -> None:
    with RecordWriter(store, batch_size=100, flush_interval=60) as writer:
        for n in range(250):
            assert writer.submit(make_record(n))
        deadline = time.monotonic() + 5
        while store.count_records() < 200 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert store.count_records() == 200  # two full batches; 50 wait for the timer
        assert writer.stats().buffered == 50
    assert store.count_records() == 250  # close flushed the rest


def test_writer_flushes_by_time(store: Store) -> None:
    with RecordWriter(store, batch_size=1000, flush_interval=0.05) as writer:
        for n in range(3):
            writer.submit(make_record(n))
        deadline = time.monotonic() + 5
        while store.count_records() < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert store.count_records() == 3
        stats = writer.stats()
        assert (stats.written, stats.dropped, stats.buffered) == (3, 0, 0)


def test_writer_buffers_while_database_is_away_and_drops_when_full(database_url: str) -> None:
    store = Store(database_url)  # not migrated yet: every write fails as if the database were away
    writer = RecordWriter(
        store,
        batch_size=4,
        flush_interval=0.01,
        max_buffer=10,
        retry_backoff=0.01,
        max_backoff=0.05,
    )
    try:
        accepted = [writer.submit(make_record(n)) for n in range(20)]
        stats = writer.stats()
        assert sum(accepted) == 20 - stats.dropped
        assert stats.dropped >= 6  # 10 buffered + at most one batch of 4 in flight
        time.sleep(0.1)
        assert writer.stats().retried >= 1
        assert writer.stats().last_error is not None
        store.migrate()  # the database "comes back"
        assert writer.flush(timeout=10)
        final = writer.stats()
        assert final.written == sum(accepted)
        assert store.count_records() == sum(accepted)
    finally:
        writer.close()
        store.close()


def test_flush_and_close(store: Store) -> None:
    writer = RecordWriter(store, batch_size=500, flush_interval=60)
    for n in range(10):
        writer.submit(make_record(n))
    assert writer.flush(timeout=5)
    assert store.count_records() == 10
    writer.submit(make_record(11))
    assert writer.close(timeout=5) is True
    assert writer.close(timeout=5) is True  # idempotent
    assert store.count_records() == 11
    assert writer.submit(make_record(12)) is False
    assert writer.stats().dropped == 1


def test_submit_refuses_what_is_not_a_record(store: Store) -> None:
    with RecordWriter(store) as writer:
        assert writer.submit({"persona": "Lua"}) is False  # type: ignore[arg-type]
        assert writer.submit(make_record()) is True
    assert writer.stats().dropped == 1
    assert store.count_records() == 1


def test_close_gives_up_when_database_stays_away(database_url: str) -> None:
    with Store(database_url) as store:
        writer = RecordWriter(
            store, batch_size=10, flush_interval=0.01, retry_backoff=0.01, max_backoff=0.02
        )
        for n in range(5):
            writer.submit(make_record(n))
        assert writer.close(timeout=0.2) is False
        stats = writer.stats()
        assert (stats.written, stats.dropped, stats.buffered) == (0, 5, 0)


def test_invalid_writer_settings(store: Store) -> None:
    with pytest.raises(ValueError, match="batch_size"):
        RecordWriter(store, batch_size=0)
    with pytest.raises(ValueError, match="flush_interval"):
        RecordWriter(store, flush_interval=0)


@pytest.mark.postgres
def test_rows_rejected_by_the_database_are_isolated(pg_server: PostgresServer) -> None:
    with Store(pg_server.create_database("writer_reject")) as store:
        store.migrate()
        with RecordWriter(store, batch_size=5, flush_interval=0.01) as writer:
            for n in range(5):
                writer.submit(make_record(n, persona="x" * 100 if n == 2 else "Lua"))
            assert writer.flush(timeout=10)
            stats = writer.stats()
        assert (stats.written, stats.dropped) == (4, 1)
        assert stats.last_error is not None
        assert store.count_records() == 4


@pytest.mark.postgres
def test_writer_survives_a_postgresql_restart() -> None:
    require_pg()
    server = PostgresServer()
    try:
        server.start()
        store = Store(server.create_database("restart"))
        store.migrate()
        writer = RecordWriter(
            store, batch_size=200, flush_interval=0.02, retry_backoff=0.02, max_backoff=0.2
        )
        produced = 0
        stop = threading.Event()

        def produce() -> None:
            nonlocal produced
            while not stop.is_set():
                for _ in range(50):
                    assert writer.submit(make_record(produced))
                    produced += 1
                time.sleep(0.005)

        producer = threading.Thread(target=produce)
        producer.start()
        time.sleep(0.5)
        written_before = writer.stats().written
        server.stop("fast")  # clients are disconnected, open transactions abort
        time.sleep(1.0)
        during = writer.stats()
        server.start()
        time.sleep(0.5)
        stop.set()
        producer.join()
        assert writer.close(timeout=30) is True
        stats = writer.stats()
        assert written_before > 0
        assert during.retried > 0
        assert during.buffered > 0
        assert stats.dropped == 0
        assert stats.written == produced
        assert store.count_records() == produced
        store.close()
    finally:
        server.cleanup()


def test_unclosed_writer_is_flushed_at_interpreter_exit(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'exit.db'}"
    script = f"""
from datetime import datetime, timezone
from ion_mentoring.store import RecordWriter, RoutingRecord, Store
store = Store({url!r})
store.migrate()
writer = RecordWriter(store, flush_interval=60)
for n in range(7):
    writer.submit(RoutingRecord(datetime.now(timezone.utc), None, "calm-medium-learning",
                                "Lua", None, 0.9, 1.0, None, "exit-test", None))
"""
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    with Store(url) as store:
        assert store.count_records() == 7


def test_in_memory_sqlite_is_shared_with_the_writer_thread() -> None:
    with Store("sqlite://") as store:
        store.migrate()
        with RecordWriter(store, flush_interval=0.01) as writer:
            for n in range(100):
                writer.submit(make_record(n))
        assert store.count_records() == 100


def test_submit_row_stores_the_same_as_submit(store: Store) -> None:
    record = make_record(7, session_id="s-7")
    with RecordWriter(store) as writer:
        assert writer.submit(record)
        assert writer.submit_row(tuple(record.to_dict().values()))  # type: ignore[arg-type]
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM routing_records ORDER BY id")).mappings().all()
    first, second = ({k: v for k, v in row.items() if k != "id"} for row in rows)
    assert first == second
    assert writer.stats().written == 2
