"""Persistence: sessions and history, routing records, the 216-key table (SQLAlchemy 2.x).

`Store(url)` opens SQLite (default `sqlite:///./ion_mentoring.db`, WAL) or PostgreSQL
(`postgresql+psycopg://...`); `Store.migrate()` applies the shipped Alembic migrations;
`RecordWriter` batches routing records off the request path. See docs/store.md.
"""

from __future__ import annotations

from ._records import RecordRow, RoutingRecord, SessionState, StoredMessage
from ._report import (
    DEFAULT_EXPECTED,
    CacheSummary,
    CacheTierRate,
    InstanceUsage,
    LatencySummary,
    PersonaShare,
    UsageReport,
)
from ._sink import ProcessSink, RowSink
from ._store import DEFAULT_URL, Store
from ._verify import KeyDecision, KeyTableSource, VerifyReport
from ._writer import RecordWriter, WriterStats

__all__ = [
    "DEFAULT_EXPECTED",
    "DEFAULT_URL",
    "CacheSummary",
    "CacheTierRate",
    "InstanceUsage",
    "KeyDecision",
    "KeyTableSource",
    "LatencySummary",
    "PersonaShare",
    "ProcessSink",
    "RecordRow",
    "RecordWriter",
    "RoutingRecord",
    "RowSink",
    "SessionState",
    "Store",
    "StoredMessage",
    "UsageReport",
    "VerifyReport",
    "WriterStats",
]
