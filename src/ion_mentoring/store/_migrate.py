"""Versioned schema migrations: Alembic, run programmatically on a connection we own.

The scripts ship inside the package (`ion_mentoring/store/migrations/versions/`); the
version stamp lives in the `alembic_version` table. Upgrading a database that is already
at the target revision does nothing. On PostgreSQL a transaction-level advisory lock
serializes instances that migrate at the same time.
"""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

__all__ = ["current_revision", "head_revision", "upgrade"]

# Any constant 64-bit number; identifies "ion_mentoring schema migration" among advisory locks.
_PG_LOCK_ID = 0x10_4D_E4_70


def _config() -> Config:
    config = Config()
    location = resources.files("ion_mentoring.store") / "migrations"
    config.set_main_option("script_location", str(location))
    config.set_main_option("path_separator", "os")
    return config


def head_revision() -> str:
    """The newest revision shipped with this version of the library."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision stamped in the database, or None for an unmigrated database."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`, in one transaction where the backend allows it."""
    config = _config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_LOCK_ID})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
