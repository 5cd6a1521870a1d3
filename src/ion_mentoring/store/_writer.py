"""`RecordWriter`: routing records batched to the store by a background thread.

Producers call `submit`, which only appends to a bounded in-memory buffer (no lock on the
request path: a deque append is atomic). The writer thread takes a batch as soon as
`batch_size` records wait, and otherwise every `flush_interval` seconds takes what is
there, inserting it with `Store.write_records`. While the database is unreachable the batch
is retried with exponential backoff and new records keep accumulating in the buffer; only
when the buffer is full does `submit` refuse (and count) a record.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
from collections import deque
from typing import Any

import attrs
from sqlalchemy.exc import DataError, IntegrityError

from ..exceptions import StoreError
from ._records import RecordRow, RoutingRecord, record_row
from ._sink import RowSink

__all__ = ["RecordWriter", "WriterStats", "row_specific"]

log = logging.getLogger("ion_mentoring.store")

_open_writers: weakref.WeakSet[RecordWriter] = weakref.WeakSet()


@atexit.register
def _close_open_writers() -> None:
    """At interpreter exit, flush the writers nobody closed (briefly: the database may be away)."""
    for writer in list(_open_writers):
        writer.close(timeout=5.0)


@attrs.frozen
class WriterStats:
    """Counters of a `RecordWriter` since it started.

    `written`: records inserted; `retried`: failed batch attempts that were retried;
    `dropped`: records refused (buffer full, writer closed) or abandoned (rejected by the
    database, or still unwritten when `close` timed out); `buffered`: records waiting,
    including the batch in flight; `last_error`: the most recent failure, if any.
    """

    written: int
    retried: int
    dropped: int
    buffered: int
    batches: int
    last_error: str | None

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


def row_specific(exc: StoreError) -> bool:
    """True when the database rejected the data itself (retrying the same rows cannot help)."""
    return exc.rejected or isinstance(exc.__cause__, IntegrityError | DataError)


class RecordWriter:
    """Batches `RoutingRecord`s into `store` (a `Store`, or a `ProcessSink` to keep the
    database work out of this process) from a daemon thread; see the module docstring.

    Use as a context manager, or call `close()` on shutdown to flush what is buffered;
    `close_store=True` also closes `store` then.
    """

    def __init__(
        self,
        store: RowSink,
        *,
        batch_size: int = 500,
        flush_interval: float = 0.5,
        max_buffer: int = 100_000,
        retry_backoff: float = 0.05,
        max_backoff: float = 2.0,
        close_store: bool = False,
    ) -> None:
        if batch_size < 1 or max_buffer < 1:
            raise ValueError("batch_size and max_buffer must be at least 1")
        if flush_interval <= 0 or retry_backoff <= 0 or max_backoff < retry_backoff:
            raise ValueError(
                "flush_interval and retry_backoff must be positive, max_backoff >= retry_backoff"
            )
        self.store = store
        self.close_store = close_store
        self.batch_size = batch_size
        self.flush_interval = flush_interval
        self.max_buffer = max_buffer
        self.retry_backoff = retry_backoff
        self.max_backoff = max_backoff
        self._buffer: deque[RecordRow] = deque()
        self._cond = threading.Condition()
        self._in_flight = 0
        self._flush_requests = 0
        self._accepting = True
        self._closing = False
        self._abandon = False
        self._abandoned = 0  # records given up on by close()
        self._written = 0
        self._retried = 0
        self._dropped = 0
        self._batches = 0
        self._last_error: str | None = None
        self._thread = threading.Thread(target=self._run, name="ion-record-writer", daemon=True)
        self._thread.start()
        _open_writers.add(self)

    # -- producer side ----------------------------------------------------------------------

    def submit(self, record: RoutingRecord) -> bool:
        """Queue a record; never blocks on the database, never raises.

        Returns False (and counts a drop) when the buffer is full, the writer is closed, or
        `record` is not a `RoutingRecord`.
        """
        if not isinstance(record, RoutingRecord):
            return self._refuse()
        return self.submit_row(record_row(record))

    def submit_row(self, row: RecordRow) -> bool:
        """`submit` for a record given as a `RecordRow` of already normalized values: what
        the request path uses, as it skips building a `RoutingRecord`. Rows are not checked
        here; one the database rejects is dropped and counted like any rejected record."""
        buffer = self._buffer
        if not self._accepting or len(buffer) >= self.max_buffer:
            return self._refuse()
        buffer.append(row)  # atomic: no lock on the request path
        if len(buffer) == self.batch_size:  # a full batch waits: wake the writer
            with self._cond:
                self._cond.notify_all()
        return True

    def _refuse(self) -> bool:
        with self._cond:
            self._dropped += 1
        return False

    def stats(self) -> WriterStats:
        with self._cond:
            return WriterStats(
                written=self._written,
                retried=self._retried,
                dropped=self._dropped,
                buffered=len(self._buffer) + self._in_flight,
                batches=self._batches,
                last_error=self._last_error,
            )

    def flush(self, timeout: float | None = None) -> bool:
        """Write everything buffered now; True when the buffer emptied within `timeout`."""
        with self._cond:
            self._flush_requests += 1
            self._cond.notify_all()
            try:
                return self._cond.wait_for(self._idle, timeout)
            finally:
                self._flush_requests -= 1

    def close(self, timeout: float | None = 10.0) -> bool:
        """Stop accepting records, write what is buffered, stop the thread.

        Records still unwritten after `timeout` seconds (the database is away) are counted as
        dropped. Returns True when every accepted record was written. Idempotent.
        """
        with self._cond:
            self._accepting = False
            self._closing = True
            self._cond.notify_all()
        self._thread.join(timeout)
        if self._thread.is_alive():
            with self._cond:
                self._abandon = True
                self._cond.notify_all()
            self._thread.join(max(5.0, self.max_backoff))
        _open_writers.discard(self)
        if self.close_store:
            self.store.close()
        with self._cond:
            return self._idle() and not self._abandoned

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _idle(self) -> bool:
        return not self._buffer and self._in_flight == 0

    # -- writer thread ----------------------------------------------------------------------

    def _next_batch(self) -> list[RecordRow] | None:
        """Wait until a batch is due and take it; None when the writer should stop."""
        with self._cond:
            while True:
                if self._abandon:
                    return None
                pending = len(self._buffer)
                if not pending and self._closing:
                    return None
                if pending and (
                    self._closing or self._flush_requests or pending >= self.batch_size
                ):
                    break
                due = time.monotonic() + self.flush_interval
                self._cond.wait(self.flush_interval)
                if self._buffer and time.monotonic() >= due:
                    break  # what arrived while waiting has waited at most flush_interval
            count = min(self.batch_size, len(self._buffer))
            batch = [self._buffer.popleft() for _ in range(count)]
            self._in_flight = count
            return batch

    def _run(self) -> None:
        while (batch := self._next_batch()) is not None:
            self._write(batch)
        with self._cond:  # abandoned: count what could not be written
            lost = len(self._buffer) + self._in_flight
            if lost:
                self._dropped += lost
                self._abandoned += lost
                self._buffer.clear()
                self._in_flight = 0
                log.error("record writer closed with %d unwritten routing records", lost)
            self._cond.notify_all()

    def _write(self, batch: list[RecordRow]) -> None:
        """Write one batch; rows the database rejects are isolated and dropped one by one."""
        try:
            rejection = self._insert(batch)
            if rejection is None:
                self._settle(written=len(batch), dropped=0, error=None)
            else:
                for row in batch:
                    rejection = self._insert([row])
                    if rejection is not None:
                        log.error("routing record rejected by the database: %s", rejection)
                    self._settle(
                        written=int(rejection is None),
                        dropped=int(rejection is not None),
                        error=rejection,
                    )
        except _AbandonedError:
            return  # _run counts what is still in flight as dropped
        except Exception as exc:  # a bug or an unexpected driver error: never kill the thread
            log.exception("routing records dropped after an unexpected error")
            with self._cond:
                dropped = self._in_flight
            self._settle(written=0, dropped=dropped, error=f"{type(exc).__name__}: {exc}")
        with self._cond:
            self._batches += 1
            self._cond.notify_all()

    def _insert(self, rows: list[RecordRow]) -> str | None:
        """Insert, retrying with backoff while the database is away.

        Returns None once written, or the error when the database rejects the rows themselves;
        raises `_AbandonedError` when `close` gives up waiting.
        """
        delay = self.retry_backoff
        failing = False
        while True:
            try:
                self.store.write_rows(rows)
            except StoreError as exc:
                if row_specific(exc):
                    return str(exc)
                with self._cond:
                    self._retried += 1
                    self._last_error = str(exc)
                    if not failing:
                        log.warning("routing records not written, retrying: %s", exc)
                    failing = True
                    self._cond.wait_for(lambda: self._abandon, delay)
                    if self._abandon:
                        raise _AbandonedError from None
                delay = min(delay * 2, self.max_backoff)
            else:
                if failing:
                    log.warning("routing records written again after: %s", self._last_error)
                return None

    def _settle(self, *, written: int, dropped: int, error: str | None) -> None:
        with self._cond:
            self._written += written
            self._dropped += dropped
            self._in_flight -= written + dropped
            if error is not None:
                self._last_error = error


class _AbandonedError(Exception):
    """`close` timed out while the database was away."""
