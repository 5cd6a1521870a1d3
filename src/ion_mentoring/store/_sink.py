"""`ProcessSink`: routing rows inserted by a child process.

A `RecordWriter` thread inside a busy server competes with the request thread for the GIL:
converting rows and driving SQLAlchemy and the database driver are Python work. Given a
`ProcessSink` instead of a `Store`, the writer only pickles each batch and waits (without the
GIL) while a child process, with its own `Store`, inserts it. Everything else — batching,
retries while the database is away, counters, flush and close — stays in `RecordWriter`.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Protocol

from ..exceptions import StoreError
from ._records import RecordRow

__all__ = ["ProcessSink", "RowSink"]

_CHILD = "ion_mentoring.store._sink_child"
"""The child's module; not imported by the package, so `python -m` runs it cleanly."""


class RowSink(Protocol):
    """What `RecordWriter` writes to: a `Store` or a `ProcessSink`."""

    def write_rows(self, rows: Sequence[RecordRow]) -> int: ...

    def close(self) -> None: ...


class ProcessSink:
    """Forwards `write_rows` to a child process that owns a `Store` for `url`.

    The child is `python -m ion_mentoring.store._sink_child`, started with `subprocess` (so the
    parent's `__main__` is never re-imported) and fed through two private pipes; the URL goes
    through the pipe, not the command line. The schema must already be migrated (the
    parent's `Store.migrate()` does it). A child that dies is restarted on the next batch;
    the batch in flight fails with `StoreError`, so the writer retries it like any database
    outage. `close()` stops the child.
    """

    def __init__(self, url: str, *, start_timeout: float = 60.0) -> None:
        self.url = url
        self.start_timeout = start_timeout
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._outbox: Connection | None = None
        self._inbox: Connection | None = None
        self._closed = False

    def __repr__(self) -> str:
        return f"ProcessSink({self.url!r})"

    def write_rows(self, rows: Sequence[RecordRow]) -> int:
        """Insert `rows` in the child; `StoreError` when the child or the database fails
        (`rejected=True` when the database refused the rows themselves)."""
        if not rows:
            return 0
        payload = pickle.dumps(list(rows), protocol=pickle.HIGHEST_PROTOCOL)
        with self._lock:
            if self._closed:
                raise StoreError("the record sink is closed")
            outbox, inbox = self._ensure_started()
            try:
                outbox.send_bytes(payload)
                status, value = pickle.loads(inbox.recv_bytes())
            except (EOFError, OSError) as exc:
                self._stop()
                raise StoreError(f"the record sink process stopped: {exc!r}") from exc
        if status == "ok":
            return int(value)
        raise StoreError(str(value), rejected=status == "rejected")

    def close(self) -> None:
        """Stop the child process (idempotent). A batch still in flight gets up to 30 s."""
        acquired = self._lock.acquire(timeout=30)
        try:
            self._closed = True
            if acquired:
                self._stop()
            elif self._process is not None:
                self._process.kill()
        finally:
            if acquired:
                self._lock.release()

    def _ensure_started(self) -> tuple[Connection, Connection]:
        if (
            self._outbox is not None
            and self._inbox is not None
            and self._process is not None
            and self._process.poll() is None
        ):
            return self._outbox, self._inbox
        self._stop()
        to_child_read, to_child_write = os.pipe()
        from_child_read, from_child_write = os.pipe()
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", _CHILD, str(to_child_read), str(from_child_write)],
                pass_fds=(to_child_read, from_child_write),
                stdin=subprocess.DEVNULL,
            )
        except OSError as exc:
            for fd in (to_child_read, to_child_write, from_child_read, from_child_write):
                os.close(fd)
            raise StoreError(f"cannot start the record sink process: {exc}") from exc
        os.close(to_child_read)
        os.close(from_child_write)
        outbox = Connection(to_child_write, readable=False)
        inbox = Connection(from_child_read, writable=False)
        self._process, self._outbox, self._inbox = process, outbox, inbox
        try:
            outbox.send_bytes(pickle.dumps(self.url))
            if not inbox.poll(self.start_timeout):
                raise StoreError(f"the record sink process did not start in {self.start_timeout} s")
            status, value = pickle.loads(inbox.recv_bytes())
        except (EOFError, OSError) as exc:
            self._stop()
            raise StoreError(f"the record sink process failed to start: {exc!r}") from exc
        except StoreError:
            self._stop()
            raise
        if status != "ready":
            self._stop()
            raise StoreError(f"the record sink process failed to start: {value}")
        return outbox, inbox

    def _stop(self) -> None:
        process, outbox, inbox = self._process, self._outbox, self._inbox
        self._process = self._outbox = self._inbox = None
        if outbox is not None:
            outbox.close()  # the child sees EOF and exits
        if inbox is not None:
            inbox.close()
        if process is not None:
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
