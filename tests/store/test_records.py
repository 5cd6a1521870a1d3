from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from ion_mentoring.exceptions import StoreError
from ion_mentoring.keys import parse_key
from ion_mentoring.store import RoutingRecord, Store

from .conftest import make_record


def test_record_normalizes_its_fields() -> None:
    seoul = timezone(timedelta(hours=9))
    record = make_record(
        created_at=datetime(2026, 1, 1, 9, 0, tzinfo=seoul),
        resonance_key=parse_key("urgent-burst-planning"),
        confidence=1,
    )
    assert record.created_at == datetime(2026, 1, 1, 0, 0, tzinfo=UTC)
    assert record.created_at.tzinfo is UTC
    assert record.resonance_key == "urgent-burst-planning"
    assert isinstance(record.confidence, float)
    naive = make_record(created_at=datetime(2026, 1, 1, 12, 0))
    assert naive.created_at == datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    with pytest.raises(TypeError):
        make_record(created_at="2026-01-01")


def test_write_and_count_records(store: Store) -> None:
    records = [make_record(n, session_id=f"s{n % 3}", cache_tier="l1") for n in range(1234)]
    assert store.write_records(records) == 1234
    assert store.write_records([]) == 0
    assert store.count_records() == 1234
    assert store.count_records(since=records[1000].created_at) == 234
    with store.engine.connect() as conn:
        row = (
            conn.execute(text("SELECT * FROM routing_records ORDER BY id LIMIT 1")).mappings().one()
        )
    assert row["resonance_key"] == "calm-medium-learning"
    assert row["instance"] == "test"
    assert row["cache_tier"] == "l1"


def test_write_failure_raises_store_error(database_url: str) -> None:
    with Store(database_url) as unmigrated, pytest.raises(StoreError, match="routing records"):
        unmigrated.write_records([make_record()])


def test_ping_and_from_settings(store: Store) -> None:
    from ion_mentoring.settings import Settings

    assert store.ping() is True
    with Store.from_settings(Settings(database_url=store.url)) as again:
        assert again.ping() is True
    with pytest.raises(StoreError):
        Store.from_settings(Settings(database_url=""))
    with pytest.raises(StoreError, match="invalid database URL"):
        Store("not a url")
    closed = Store("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert closed.ping() is False


def test_records_round_trip_through_report_time_filter(store: Store) -> None:
    now = datetime.now(UTC)
    store.write_records(
        [
            RoutingRecord(
                now - timedelta(days=2),
                None,
                "calm-medium-learning",
                "Lua",
                None,
                0.5,
                3.0,
                None,
                "a",
                None,
            ),
            RoutingRecord(
                now, None, "calm-medium-learning", "Elro", None, 0.5, 3.0, None, "a", "ko"
            ),
        ]
    )
    assert store.count_records(since=now - timedelta(days=1)) == 1
    assert store.report(since=timedelta(days=1)).total == 1


def test_fast_insert_stores_exactly_what_sqlalchemy_would(store: Store) -> None:
    from sqlalchemy import insert

    from ion_mentoring.store._store import _RECORDS

    seoul = timezone(timedelta(hours=9))
    record = make_record(
        created_at=datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=seoul),
        session_id="s-1",
        secondary=None,
        cache_tier="miss",
        language=None,
        confidence=0.123456789,
        latency_ms=12.5,
    )
    store.write_records([record])
    with store.engine.begin() as conn:
        conn.execute(insert(_RECORDS), [record.to_dict()])  # SQLAlchemy's own conversion
        raw = conn.execute(text("SELECT * FROM routing_records ORDER BY id")).mappings().all()
        typed = conn.execute(_RECORDS.select().order_by(_RECORDS.c.id)).mappings().all()
    assert {k: v for k, v in raw[0].items() if k != "id"} == {
        k: v for k, v in raw[1].items() if k != "id"
    }
    stored = {k: v for k, v in typed[0].items() if k != "id"}
    assert stored == record.to_dict()
    assert stored["created_at"] == datetime(2026, 3, 1, 0, 30, 15, 123456, tzinfo=UTC)


@given(st.datetimes(timezones=st.just(UTC)))
def test_sqlite_time_text_matches_sqlalchemy(moment: datetime) -> None:
    from sqlalchemy.dialects import sqlite

    from ion_mentoring.store._store import _RECORDS, _sqlite_utc_text

    dialect = sqlite.dialect()
    column_type = _RECORDS.c.created_at.type.dialect_impl(dialect)
    processor = column_type.bind_processor(dialect)
    assert processor is not None
    assert _sqlite_utc_text(moment) == processor(moment)
