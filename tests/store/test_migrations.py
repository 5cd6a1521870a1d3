from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from ion_mentoring.store import Store
from ion_mentoring.store._migrate import head_revision
from ion_mentoring.store._schema import Base

TABLES = {"sessions", "messages", "routing_records", "resonance_keys", "alembic_version"}


def test_migrate_from_empty(database_url: str) -> None:
    with Store(database_url) as store:
        assert store.schema_revision() is None
        store.migrate()
        assert store.schema_revision() == head_revision() == "0002"
        with store.engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) == TABLES


def test_migrate_again_is_a_no_op(store: Store) -> None:
    store.append_turn("s1", user_text="hi", assistant_text="hello", persona="Lua", summary="x")
    store.migrate()
    store.migrate()
    assert store.schema_revision() == "0002"
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    state = store.load_session("s1")
    assert state is not None
    assert [m.content for m in state.history] == ["hi", "hello"]


def test_migrate_from_previous_revision_keeps_data(database_url: str) -> None:
    with Store(database_url) as store:
        store.migrate("0001")
        assert store.schema_revision() == "0001"
        store.append_turn("old", user_text="q", assistant_text="a", persona="Nana", summary=None)
        with store.engine.connect() as conn:
            assert "routing_records" not in inspect(conn).get_table_names()
        store.migrate()
        assert store.schema_revision() == "0002"
        state = store.load_session("old")
        assert state is not None
        assert state.current_persona == "Nana"
        assert store.count_records() == 0


def test_models_match_migrations(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_alembic_command_line_uses_the_shipped_ini(tmp_path: Path) -> None:
    import ion_mentoring.store

    ini = Path(ion_mentoring.store.__file__).with_name("alembic.ini")
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    alembic = [sys.executable, "-m", "alembic", "-c", str(ini), "-x", f"url={url}"]
    subprocess.run([*alembic, "upgrade", "head"], check=True, capture_output=True)
    with Store(url) as store:
        assert store.schema_revision() == "0002"
