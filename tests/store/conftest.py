"""Store fixtures: every `store` test runs on SQLite and on a real, throwaway PostgreSQL."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from ion_mentoring.routing import Router
from ion_mentoring.store import RoutingRecord, Store
from tests.pg_server import PostgresServer, find_pg_bindir

_databases = itertools.count()


def require_pg() -> None:
    """Skip (or fail when CI=true) without PostgreSQL server binaries."""
    if find_pg_bindir() is None:
        message = "PostgreSQL server binaries (initdb, pg_ctl) not found"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the session; tests each get their own database."""
    require_pg()
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'store.db'}"
    server: PostgresServer = request.getfixturevalue("pg_server")
    return server.create_database(f"store_test_{next(_databases)}")


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A migrated store on an empty database."""
    with Store(database_url) as opened:
        opened.migrate()
        yield opened


@pytest.fixture(scope="session")
def router() -> Router:
    return Router()


def make_record(n: int = 0, **changes: object) -> RoutingRecord:
    """A valid routing record; `changes` override fields."""
    values: dict[str, object] = {
        "created_at": datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=n),
        "session_id": None,
        "resonance_key": "calm-medium-learning",
        "persona": "Elro",
        "secondary": "Riri",
        "confidence": 0.8,
        "latency_ms": 1.0 + n % 7,
        "cache_tier": None,
        "instance": "test",
        "language": "en",
    }
    values.update(changes)
    return RoutingRecord(**values)  # type: ignore[arg-type]
