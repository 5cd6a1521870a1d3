"""ProcessSink: the record writer's inserts done by a child process."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ion_mentoring import Mentor
from ion_mentoring.exceptions import ConfigurationError, StoreError
from ion_mentoring.settings import Settings
from ion_mentoring.store import ProcessSink, RecordWriter, Store

from .conftest import make_record


def _row(n: int, **changes: object) -> tuple[object, ...]:
    return tuple(make_record(n, **changes).to_dict().values())


def test_writer_through_a_child_process_stores_every_record(store: Store) -> None:
    sink = ProcessSink(str(store.engine.url.render_as_string(hide_password=False)))
    with RecordWriter(sink, batch_size=50, flush_interval=0.05, close_store=True) as writer:
        for n in range(120):
            assert writer.submit(make_record(n))
        assert writer.flush(timeout=60)
        assert writer.stats().written == 120
    assert store.count_records() == 120
    with pytest.raises(StoreError, match="closed"):
        sink.write_rows([_row(0)])  # type: ignore[list-item]


def test_a_killed_child_is_restarted_and_the_batch_retried(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sink.db'}"
    with Store(url) as store:
        store.migrate()
        sink = ProcessSink(url)
        writer = RecordWriter(sink, batch_size=10, flush_interval=0.05, retry_backoff=0.01)
        try:
            for n in range(10):
                writer.submit(make_record(n))
            assert writer.flush(timeout=60)
            assert sink._process is not None
            sink._process.kill()  # the child dies between batches
            sink._process.wait(5)
            for n in range(10, 30):
                writer.submit(make_record(n))
            assert writer.flush(timeout=60)
        finally:
            writer.close()
            sink.close()
        assert store.count_records() == 30
        assert writer.stats().dropped == 0


def test_rows_the_database_refuses_are_dropped_not_retried(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sink.db'}"
    with Store(url) as store:
        store.migrate()
        sink = ProcessSink(url)
        with pytest.raises(StoreError) as refused:
            sink.write_rows([_row(1, persona=None)])  # type: ignore[list-item]
        assert refused.value.rejected
        with RecordWriter(sink, batch_size=3, flush_interval=0.05, close_store=True) as writer:
            writer.submit_row(_row(1))  # type: ignore[arg-type]
            writer.submit_row(_row(2, persona=None))  # type: ignore[arg-type]  # NOT NULL
            writer.submit_row(_row(3))  # type: ignore[arg-type]
            deadline = time.monotonic() + 60
            while writer.stats().buffered and time.monotonic() < deadline:
                time.sleep(0.02)
            stats = writer.stats()
        assert (stats.written, stats.dropped) == (2, 1)
        assert store.count_records() == 2


def test_a_child_that_cannot_open_the_store_reports_why(tmp_path: Path) -> None:
    sink = ProcessSink("nosuchdriver://nowhere")
    with pytest.raises(StoreError, match="failed to start"):
        sink.write_rows([_row(1)])  # type: ignore[list-item]
    sink.close()


def test_settings_choose_the_record_writer(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="record_writer"):
        Settings(record_writer="fork")
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'm.db'}", record_writer="process")
    mentor = Mentor.from_settings(settings)
    try:
        assert mentor.record_writer is not None
        assert isinstance(mentor.record_writer.store, ProcessSink)
        mentor.process("the deploy failed again, what should I check first?")
        assert mentor.record_writer.flush(timeout=60)
        assert mentor.store is not None
        assert mentor.store.count_records() == 1
    finally:
        mentor.close()
    memory = Mentor.from_settings(Settings(database_url="sqlite://", record_writer="process"))
    try:
        assert memory.record_writer is not None
        assert isinstance(memory.record_writer.store, Store)  # cannot share a memory database
    finally:
        memory.close()
