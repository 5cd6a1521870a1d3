from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from ion_mentoring.cli import main
from ion_mentoring.cli.store import parse_since
from ion_mentoring.store import Store

from .conftest import make_record


@pytest.fixture
def url(database_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    """A migrated, synced database, with the `migrate` output swallowed."""
    assert main(["migrate", "--database-url", database_url]) == 0
    assert "216 resonance keys synced" in capsys.readouterr().out
    return database_url


def test_verify_ok_then_tampered(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--database-url", url]) == 0
    assert "OK: the store is consistent" in capsys.readouterr().out
    with Store(url) as store, store.engine.begin() as conn:
        conn.execute(
            text("""UPDATE resonance_keys SET secondary = 'Nobody'
                             WHERE "key" = 'anxious-flowing-reflection'""")
        )
    assert main(["verify", "--database-url", url]) == 1
    out = capsys.readouterr().out
    assert "FAILED: 1 problem(s)" in out
    assert "key anxious-flowing-reflection: secondary is 'Nobody' in the store" in out
    assert main(["verify", "--format", "json", "--database-url", url]) == 1
    assert json.loads(capsys.readouterr().out)["ok"] is False


def test_verify_unmigrated_database_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ION_MENTORING_DATABASE_URL", f"sqlite:///{tmp_path}/empty.db")
    assert main(["verify"]) == 1
    assert "never migrated" in capsys.readouterr().out


def test_report_formats(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with Store(url) as store:
        store.write_records([make_record(n, persona="Lua", cache_tier="l1") for n in range(4)])
    assert main(["report", "--database-url", url, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 4
    assert data["drifted"] == ["Lua", "Elro", "Riri", "Nana"]
    assert data["cache"]["hit_rate"] == 1.0
    assert main(["report", "--database-url", url, "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "## Persona distribution" in out
    assert "| Lua | 4 | 100.0 % | 23.0 % | +77.0 | DRIFT |" in out
    assert main(["report", "--database-url", url, "--fail-on-drift"]) == 1
    out = capsys.readouterr().out
    assert "Drift beyond ±2 points: Lua, Elro, Riri, Nana" in out
    assert main(["report", "--database-url", url, "--since", "1h", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 0  # the records are from 2026-01-01
    expected = ["--expected", "Lua=100,Elro=0,Riri=0,Nana=0", "--fail-on-drift"]
    assert main(["report", "--database-url", url, *expected]) == 0
    capsys.readouterr()


def test_report_needs_a_migrated_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--database-url", f"sqlite:///{tmp_path}/none.db"]) == 2
    assert "run `ion-mentoring migrate`" in capsys.readouterr().err


def test_sessions_delete(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with Store(url) as store:
        store.append_turn(
            "user-42", user_text="hi", assistant_text="hello", persona="Lua", summary=None
        )
    assert main(["sessions", "delete", "user-42", "--database-url", url]) == 0
    assert "deleted session 'user-42'" in capsys.readouterr().out
    with Store(url) as store, store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM messages")).scalar_one() == 0
    assert main(["sessions", "delete", "user-42", "--database-url", url]) == 1
    assert "no session 'user-42'" in capsys.readouterr().out


def test_parse_since() -> None:
    from datetime import UTC, datetime, timedelta

    assert parse_since("1h") == timedelta(hours=1)
    assert parse_since("7d") == timedelta(days=7)
    assert parse_since("30m") == timedelta(minutes=30)
    assert parse_since("2026-01-31T12:00:00Z") == datetime(2026, 1, 31, 12, tzinfo=UTC)
    assert parse_since("2026-01-31") == datetime(2026, 1, 31, tzinfo=UTC)
    with pytest.raises(SystemExit):
        main(["report", "--since", "yesterday"])
