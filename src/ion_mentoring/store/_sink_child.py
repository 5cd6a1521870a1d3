"""The child process of `ProcessSink`: `python -m ion_mentoring.store._sink_child R W`.

Reads the database URL and then batches of rows from file descriptor R, inserts each batch
with its own `Store` and answers on file descriptor W, until R closes.
"""

from __future__ import annotations

import pickle
import sys
from multiprocessing.connection import Connection
from typing import Any

from ..exceptions import StoreError


def _serve(inbox: Connection, outbox: Connection) -> None:
    """The child: read the URL, open a `Store`, insert each batch until the pipe closes."""
    from ._store import Store
    from ._writer import row_specific

    try:
        url = pickle.loads(inbox.recv_bytes())
        store = Store(url)
    except EOFError:
        return
    except Exception as exc:
        outbox.send_bytes(pickle.dumps(("error", f"{type(exc).__name__}: {exc}")))
        return
    outbox.send_bytes(pickle.dumps(("ready", None)))
    try:
        while True:
            try:
                rows = pickle.loads(inbox.recv_bytes())
            except (EOFError, OSError):
                return
            try:
                reply: tuple[str, Any] = ("ok", store.write_rows(rows))
            except StoreError as exc:
                reply = ("rejected" if row_specific(exc) else "error", str(exc))
            except Exception as exc:  # a bug: report it rather than die silently
                reply = ("error", f"{type(exc).__name__}: {exc}")
            outbox.send_bytes(pickle.dumps(reply))
    finally:
        store.close()


if __name__ == "__main__":
    _serve(
        Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False)
    )
