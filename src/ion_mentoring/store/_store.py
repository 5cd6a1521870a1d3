"""`Store`: sessions, history, routing records and the key table on one SQLAlchemy engine."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import cached_property
from itertools import chain
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, bindparam, delete, func, insert, inspect, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..exceptions import StoreError
from ..keys import ALL_KEYS
from . import _migrate
from ._engine import is_in_memory, make_engine
from ._records import (
    RECORD_COLUMNS,
    RecordRow,
    RoutingRecord,
    SessionState,
    StoredMessage,
    record_row,
)
from ._report import UsageReport, build_usage_report
from ._schema import Base, MessageRow, ResonanceKeyRow, RoutingRecordRow, SessionRow, utcnow
from ._verify import KeyTableSource, VerifyReport, compare_key_rows, key_row

if TYPE_CHECKING:
    from ..settings import Settings

__all__ = ["DEFAULT_URL", "Store"]

DEFAULT_URL = "sqlite:///./ion_mentoring.db"

_SESSIONS = Base.metadata.tables[SessionRow.__tablename__]
_MESSAGES = Base.metadata.tables[MessageRow.__tablename__]
_RECORDS = Base.metadata.tables[RoutingRecordRow.__tablename__]
_KEYS = Base.metadata.tables[ResonanceKeyRow.__tablename__]


class Store:
    """Synchronous access to the database behind `url` (SQLite file by default).

    Every method is safe to call from several threads; failures raise `StoreError` with the
    underlying SQLAlchemy error as its cause. Call `migrate()` once before use.
    """

    def __init__(self, url: str = DEFAULT_URL) -> None:
        self.url = url
        self.engine: Engine = make_engine(url)

    @classmethod
    def from_settings(cls, settings: Settings) -> Store:
        """The store at `settings.database_url`."""
        if not settings.database_url:
            raise StoreError("no database configured (ION_MENTORING_DATABASE_URL is empty)")
        return cls(settings.database_url)

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    @property
    def in_memory(self) -> bool:
        """True for an in-memory SQLite database, which no other process can open."""
        return is_in_memory(self.engine.url)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _begin(self, action: str) -> Iterator[Connection]:
        try:
            with self.engine.begin() as connection:
                yield connection
        except SQLAlchemyError as exc:
            raise StoreError(f"could not {action}: {_describe(exc)}") from exc

    # -- schema -----------------------------------------------------------------------------

    def migrate(self, revision: str = "head") -> None:
        """Create or upgrade the schema to `revision` (default: newest); a no-op when current."""
        try:
            _migrate.upgrade(self.engine, revision)
        except SQLAlchemyError as exc:
            raise StoreError(f"could not migrate the schema: {_describe(exc)}") from exc

    def schema_revision(self) -> str | None:
        """The migration revision of the database, None when it was never migrated."""
        with self._begin("read the schema revision") as conn:
            return _migrate.current_revision(conn)

    # -- resonance keys ---------------------------------------------------------------------

    def sync_keys(self, router: KeyTableSource) -> int:
        """Replace the key table with the router's 216 decisions; returns the rows written."""
        version = router.table_version
        table = router.table
        rows = [key_row(key, table[key], version) for key in ALL_KEYS if key in table]
        with self._begin("sync the resonance-key table") as conn:
            conn.execute(delete(_KEYS))
            if rows:
                conn.execute(insert(_KEYS), rows)
        return len(rows)

    # -- sessions ---------------------------------------------------------------------------

    def load_session(self, session_id: str, *, limit: int | None = 50) -> SessionState | None:
        """The session with its `limit` most recent messages (all when None), newest last."""
        with self._begin(f"load session {session_id!r}") as conn:
            session = conn.execute(select(_SESSIONS).where(_SESSIONS.c.id == session_id)).first()
            if session is None:
                return None
            query = (
                select(
                    _MESSAGES.c.role,
                    _MESSAGES.c.content,
                    _MESSAGES.c.persona,
                    _MESSAGES.c.created_at,
                )
                .where(_MESSAGES.c.session_id == session_id)
                .order_by(_MESSAGES.c.id.desc())
            )
            if limit is not None:
                query = query.limit(max(limit, 0))
            rows = conn.execute(query).all()
        history = tuple(
            StoredMessage(r.role, r.content, r.persona, r.created_at) for r in reversed(rows)
        )
        return SessionState(
            id=session.id,
            current_persona=session.current_persona,
            summary=session.summary,
            history=history,
            created_at=session.created_at,
            updated_at=session.updated_at,
        )

    def append_turn(
        self,
        session_id: str,
        *,
        user_text: str,
        assistant_text: str | None,
        persona: str,
        summary: str | None,
    ) -> None:
        """Append a user message (and the reply, when there is one) to the session.

        Creates the session if it does not exist; sets its current persona; replaces the
        running summary unless `summary` is None (then the stored summary is kept).
        """
        now = utcnow()
        turns = [("user", user_text)]
        if assistant_text is not None:
            turns.append(("assistant", assistant_text))
        messages = [
            {
                "session_id": session_id,
                "role": role,
                "content": content,
                "persona": persona,
                "created_at": now,
            }
            for role, content in turns
        ]
        changes: dict[str, Any] = {"current_persona": persona, "updated_at": now}
        if summary is not None:
            changes["summary"] = summary
        with self._begin(f"append a turn to session {session_id!r}") as conn:
            self._ensure_session(conn, session_id, now)
            conn.execute(update(_SESSIONS).where(_SESSIONS.c.id == session_id).values(**changes))
            conn.execute(insert(_MESSAGES), messages)

    def _ensure_session(self, conn: Connection, session_id: str, now: datetime) -> None:
        values = {"id": session_id, "created_at": now, "updated_at": now}
        dialect = conn.dialect.name
        if dialect == "sqlite":
            conn.execute(sqlite_insert(_SESSIONS).values(**values).on_conflict_do_nothing())
            return
        if dialect == "postgresql":
            conn.execute(pg_insert(_SESSIONS).values(**values).on_conflict_do_nothing())
            return
        exists = conn.execute(select(_SESSIONS.c.id).where(_SESSIONS.c.id == session_id)).first()
        if exists is None:
            try:
                with conn.begin_nested():
                    conn.execute(insert(_SESSIONS).values(**values))
            except IntegrityError:
                pass  # created concurrently

    def delete_session(self, session_id: str) -> bool:
        """Delete the session and all its messages; its routing records lose the session id.

        Returns False when there was no such session.
        """
        with self._begin(f"delete session {session_id!r}") as conn:
            conn.execute(delete(_MESSAGES).where(_MESSAGES.c.session_id == session_id))
            deleted = conn.execute(delete(_SESSIONS).where(_SESSIONS.c.id == session_id)).rowcount
            conn.execute(
                update(_RECORDS).where(_RECORDS.c.session_id == session_id).values(session_id=None)
            )
        return bool(deleted)

    # -- routing records --------------------------------------------------------------------

    def write_records(self, records: Sequence[RoutingRecord]) -> int:
        """Insert the records in one batched statement and transaction; returns how many."""
        return self.write_rows([record_row(record) for record in records])

    def write_rows(self, rows: Sequence[RecordRow]) -> int:
        """`write_records` for records given as normalized `RecordRow` tuples."""
        if not rows:
            return 0
        statement = self._record_insert
        params = statement.parameters(rows)
        with self._begin(f"write {len(params)} routing records") as conn:
            if statement.multi_row:
                for start in range(0, len(params), statement.rows_per_statement):
                    chunk = params[start : start + statement.rows_per_statement]
                    flat = tuple(chain.from_iterable(chunk))
                    conn.exec_driver_sql(statement.multi_row_sql(len(chunk)), flat)
            else:
                conn.exec_driver_sql(statement.sql, params)
        return len(params)

    @cached_property
    def _record_insert(self) -> _RecordInsert:
        return _RecordInsert(self.engine.dialect)

    def count_records(self, *, since: datetime | None = None) -> int:
        """Number of routing records (created at or after `since`, when given)."""
        query = select(func.count()).select_from(_RECORDS)
        if since is not None:
            query = query.where(_RECORDS.c.created_at >= since)
        with self._begin("count routing records") as conn:
            return int(conn.execute(query).scalar_one())

    # -- checks and reports -----------------------------------------------------------------

    def verify(self, router: KeyTableSource) -> VerifyReport:
        """Check the schema revision, the 216-key table against `router`, and the counts."""
        head = _migrate.head_revision()
        problems: list[str] = []
        with self._begin("verify the store") as conn:
            revision = _migrate.current_revision(conn)
            tables = set(inspect(conn).get_table_names())
            if revision != head:
                problems.append(
                    f"schema revision is {revision or 'none (never migrated)'}, expected {head}; "
                    "run `Store.migrate()`"
                )
            missing_tables = sorted(
                {"sessions", "messages", "routing_records", "resonance_keys"} - tables
            )
            if missing_tables:
                problems.append(f"missing tables: {', '.join(missing_tables)}")
                return VerifyReport(
                    problems=tuple(problems),
                    keys_expected=len(ALL_KEYS),
                    keys_present=0,
                    table_version=router.table_version,
                    stored_table_versions=(),
                    schema_revision=revision,
                    head_revision=head,
                    counts={},
                )
            stored = {row["key"]: dict(row) for row in conn.execute(select(_KEYS)).mappings()}
            counts = {
                name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                for name, table in (
                    ("sessions", _SESSIONS),
                    ("messages", _MESSAGES),
                    ("routing_records", _RECORDS),
                    ("resonance_keys", _KEYS),
                )
            }
            orphans = int(
                conn.execute(
                    select(func.count())
                    .select_from(_MESSAGES)
                    .where(~_MESSAGES.c.session_id.in_(select(_SESSIONS.c.id)))
                ).scalar_one()
            )
            valid = [str(k) for k in ALL_KEYS]
            bad_keys = int(
                conn.execute(
                    select(func.count())
                    .select_from(_RECORDS)
                    .where(_RECORDS.c.resonance_key.not_in(valid))
                ).scalar_one()
            )
        if not stored:
            problems.append(
                f"the resonance-key table is empty; expected {len(ALL_KEYS)} rows (run sync_keys)"
            )
        else:
            problems.extend(compare_key_rows(stored, router))
        if orphans:
            problems.append(f"{orphans} messages belong to no session")
        if bad_keys:
            problems.append(
                f"{bad_keys} routing records carry a key outside the 216-key vocabulary"
            )
        counts["orphan_messages"] = orphans
        counts["records_with_unknown_key"] = bad_keys
        versions = tuple(sorted({str(row["table_version"]) for row in stored.values()}))
        return VerifyReport(
            problems=tuple(problems),
            keys_expected=len(ALL_KEYS),
            keys_present=sum(1 for k in ALL_KEYS if str(k) in stored),
            table_version=router.table_version,
            stored_table_versions=versions,
            schema_revision=revision,
            head_revision=head,
            counts=counts,
        )

    def report(
        self,
        *,
        since: datetime | timedelta | None = None,
        expected: Mapping[str, float] | None = None,
        drift_points: float = 2.0,
    ) -> UsageReport:
        """Persona distribution vs `expected` (default Lua 23, Elro 27, Riri 25, Nana 25 %),
        drift flags beyond `drift_points`, latency percentiles and cache hit rates, overall and
        per instance, over the records created at or after `since` (a time or a look-back)."""
        now = utcnow()
        if isinstance(since, timedelta):
            since = now - since
        elif since is not None and since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        where = [] if since is None else [_RECORDS.c.created_at >= since]
        grouped = (
            select(_RECORDS.c.persona, _RECORDS.c.instance, _RECORDS.c.cache_tier, func.count())
            .where(*where)
            .group_by(_RECORDS.c.persona, _RECORDS.c.instance, _RECORDS.c.cache_tier)
        )
        latency_query = select(_RECORDS.c.instance, _RECORDS.c.latency_ms).where(*where)
        latencies: defaultdict[str, list[float]] = defaultdict(list)
        with self._begin("build the usage report") as conn:
            groups = [(r[0], r[1], r[2], int(r[3])) for r in conn.execute(grouped)]
            result = conn.execution_options(yield_per=20_000).execute(latency_query)
            for instance, latency in result:
                latencies[instance].append(float(latency))
        return build_usage_report(
            groups,
            latencies,
            generated_at=now,
            since=since,
            expected=expected,
            drift_points=drift_points,
        )

    # -- lifecycle --------------------------------------------------------------------------

    def ping(self) -> bool:
        """True when the database answers a trivial query."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


_SQLITE_MAX_VARIABLES = 999
"""Bound parameters per SQLite statement (the lowest limit any SQLite build has)."""


class _RecordInsert:
    """The routing-record INSERT, compiled once for a dialect; rows are converted with the
    columns' own bind processors, without SQLAlchemy's generic per-row machinery (the hot
    path: this doubles the batched write rate)."""

    def __init__(self, dialect: Dialect) -> None:
        statement = insert(_RECORDS).values({name: bindparam(name) for name in RECORD_COLUMNS})
        compiled = statement.compile(dialect=dialect, for_executemany=True)
        self.sql = str(compiled)
        self.positional = compiled.positional
        self.names = tuple(compiled.positiontup or ()) if self.positional else RECORD_COLUMNS
        order = tuple(RECORD_COLUMNS.index(name) for name in self.names)
        # None when the statement takes the columns in `RecordRow` order (then a row is copied)
        self._order = None if order == tuple(range(len(order))) else order
        self._convert = [
            (index, processor)
            for index, name in enumerate(self.names)
            if (processor := _bind_processor(name, dialect))
        ]
        # SQLite's driver releases the GIL once per row of an executemany; under a busy
        # request thread every re-acquisition waits a switch interval, so a batch crawls.
        # One multi-row INSERT per chunk releases it once per statement instead.
        self.multi_row = self.positional and dialect.name == "sqlite"
        self.rows_per_statement = max(1, _SQLITE_MAX_VARIABLES // len(self.names))
        head, _, group = self.sql.partition(" VALUES ")
        self._head, self._group = head + " VALUES ", group

    def multi_row_sql(self, count: int) -> str:
        """The INSERT with `count` value groups (positional parameters, flattened)."""
        return self._head + ", ".join([self._group] * count)

    def parameters(self, rows: Sequence[RecordRow]) -> list[Any]:
        """Driver-level parameters: tuples for positional paramstyles, dicts otherwise."""
        order, convert, names = self._order, self._convert, self.names
        params: list[Any] = []
        for row in rows:
            values = list(row) if order is None else [row[index] for index in order]
            for index, processor in convert:
                values[index] = processor(values[index])
            params.append(
                tuple(values) if self.positional else dict(zip(names, values, strict=True))
            )
        return params


def _sqlite_utc_text(value: datetime) -> str:
    """A record's UTC `created_at` as SQLite's DATETIME text (what SQLAlchemy's own
    processor writes, `2026-01-02 03:04:05.000006`), in one C-level call."""
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")


def _bind_processor(column: str, dialect: Dialect) -> Any:
    """The column's bind processor; SQLite's `created_at` gets the faster equivalent above
    (records always carry timezone-aware UTC times, see `RoutingRecord`)."""
    if column == "created_at" and dialect.name == "sqlite":
        return _sqlite_utc_text
    return _RECORDS.c[column].type.dialect_impl(dialect).bind_processor(dialect)


def _describe(exc: SQLAlchemyError) -> str:
    original = getattr(exc, "orig", None)
    message = str(original if original is not None else exc).strip().splitlines()
    return f"{type(original or exc).__name__}: {message[0] if message else ''}"
