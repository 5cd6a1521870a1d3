"""`ProcessSink`: routing rows inserted by a child process.

A `RecordWriter` thread inside a busy server competes with the request thread for the GIL:
converting rows and driving SQLAlchemy and the database driver are Python work. Given a
`ProcessSink` instead of a `Store`, the writer only pickles each batch and waits (without the
GIL) while a child process, with its own `Store`, inserts it. Everything else — batching,
retries while the database is away, counters, flush and close — stays in `RecordWriter`.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import threading
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any, Protocol

from ..exceptions import StoreError
from ._records import RecordRow

__all__ = ["ProcessSink", "RowSink"]

log = logging.getLogger("ion_mentoring.store")


class RowSink(Protocol):
    """What `RecordWriter` writes to: a `Store` or a `ProcessSink`."""

    def write_rows(self, rows: Sequence[RecordRow]) -> int: ...

    def close(self) -> None: ...


class ProcessSink:
    """Forwards `write_rows` to a child process that owns a `Store` for `url`.

    The schema must already be migrated (the parent's `Store.migrate()` does it). A child
    that dies is restarted on the next batch; the batch in flight fails with `StoreError`,
    so the writer retries it like any database outage. `close()` stops the child.
    """

    def __init__(self, url: str, *, start_timeout: float = 60.0) -> None:
        self.url = url
        self.start_timeout = start_timeout
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._process: Any = None
        self._connection: Connection | None = None
        self._closed = False

    def __repr__(self) -> str:
        return f"ProcessSink({self.url!r})"

    def write_rows(self, rows: Sequence[RecordRow]) -> int:
        """Insert `rows` in the child; `StoreError` when the child or the database fails
        (`rejected=True` on the error when the database refused the rows themselves)."""
        if not rows:
            return 0
        payload = pickle.dumps(list(rows), protocol=pickle.HIGHEST_PROTOCOL)
        with self._lock:
            if self._closed:
                raise StoreError("the record sink is closed")
            connection = self._ensure_started()
            try:
                connection.send_bytes(payload)
                status, value = pickle.loads(connection.recv_bytes())
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

    def _ensure_started(self) -> Connection:
        if self._connection is not None and self._process.is_alive():
            return self._connection
        self._stop()
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(self.url, child), name="ion-record-sink", daemon=True
        )
        process.start()
        child.close()
        if not parent.poll(self.start_timeout):
            process.kill()
            raise StoreError(f"the record sink process did not start in {self.start_timeout} s")
        try:
            status, value = pickle.loads(parent.recv_bytes())
        except (EOFError, OSError) as exc:
            raise StoreError(f"the record sink process failed to start: {exc!r}") from exc
        if status != "ready":
            process.join(5)
            raise StoreError(f"the record sink process failed to start: {value}")
        self._process, self._connection = process, parent
        return parent

    def _stop(self) -> None:
        connection, process = self._connection, self._process
        self._connection = self._process = None
        if connection is not None:
            connection.close()  # the child sees EOF and exits
        if process is not None:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)


def _serve(url: str, connection: Connection) -> None:
    """The child: open a `Store`, then insert each batch received until the pipe closes."""
    from ._store import Store
    from ._writer import row_specific

    try:
        store = Store(url)
    except Exception as exc:
        connection.send_bytes(pickle.dumps(("error", f"{type(exc).__name__}: {exc}")))
        return
    connection.send_bytes(pickle.dumps(("ready", None)))
    try:
        while True:
            try:
                rows = pickle.loads(connection.recv_bytes())
            except (EOFError, OSError):
                return
            try:
                reply: tuple[str, Any] = ("ok", store.write_rows(rows))
            except StoreError as exc:
                reply = ("rejected" if row_specific(exc) else "error", str(exc))
            except Exception as exc:  # a bug: report it rather than die silently
                reply = ("error", f"{type(exc).__name__}: {exc}")
            connection.send_bytes(pickle.dumps(reply))
    finally:
        store.close()
