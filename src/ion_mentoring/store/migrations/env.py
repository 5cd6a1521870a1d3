"""Alembic environment: runs on the connection `Store.migrate` hands over, or on a URL.

Programmatic use (the normal path) passes an open connection in
`config.attributes["connection"]`. For the `alembic` command line, the URL comes from
`-x url=...`, `sqlalchemy.url` in the ini file, or `ION_MENTORING_DATABASE_URL`.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

from ion_mentoring.store._schema import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    url = (
        context.get_x_argument(as_dictionary=True).get("url")
        or config.get_main_option("sqlalchemy.url")
        or os.environ.get("ION_MENTORING_DATABASE_URL")
    )
    if not url:
        raise RuntimeError("no database URL: pass -x url=... or set ION_MENTORING_DATABASE_URL")
    return url


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    if context.is_offline_mode():
        context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(_url())
    try:
        with engine.begin() as conn:
            _run(conn)
    finally:
        engine.dispose()


run()
