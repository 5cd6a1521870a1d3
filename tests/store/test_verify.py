from __future__ import annotations

import attrs
from sqlalchemy import text

from ion_mentoring.keys import parse_key
from ion_mentoring.routing import Router
from ion_mentoring.store import Store

from .conftest import make_record


def _synced(store: Store, router: Router) -> Store:
    assert store.sync_keys(router) == 216
    return store


def test_consistent_store_verifies(store: Store, router: Router) -> None:
    _synced(store, router)
    assert store.sync_keys(router) == 216  # re-sync replaces, never duplicates
    store.append_turn("s", user_text="a", assistant_text="b", persona="Lua", summary=None)
    store.write_records([make_record(n) for n in range(3)])
    report = store.verify(router)
    assert report.ok, report.problems
    assert report.keys_present == report.keys_expected == 216
    assert report.stored_table_versions == (router.table_version,)
    assert report.schema_revision == report.head_revision
    assert report.counts["sessions"] == 1
    assert report.counts["messages"] == 2
    assert report.counts["routing_records"] == 3
    assert report.counts["resonance_keys"] == 216
    assert report.to_dict()["ok"] is True


def test_verify_catches_a_tampered_key_row(store: Store, router: Router) -> None:
    _synced(store, router)
    key = "calm-medium-learning"
    primary = router.table[parse_key(key)].primary
    other = next(name for name in ("Lua", "Elro", "Riri", "Nana") if name != primary)
    with store.engine.begin() as conn:
        conn.execute(
            text('UPDATE resonance_keys SET "primary" = :p WHERE "key" = :k'),
            {"p": other, "k": key},
        )
    report = store.verify(router)
    assert not report.ok
    assert report.problems == (
        f"key {key}: primary is {other!r} in the store, {primary!r} in the router",
    )


def test_verify_lists_every_inconsistency(store: Store, router: Router) -> None:
    _synced(store, router)
    with store.engine.begin() as conn:
        conn.execute(text("""DELETE FROM resonance_keys WHERE "key" = 'urgent-burst-planning'"""))
        conn.execute(text("UPDATE resonance_keys SET confidence = 0.01 WHERE tone = 'playful'"))
        conn.execute(
            text("""INSERT INTO resonance_keys VALUES
                    ('bogus-key-here', 'bogus', 'key', 'here', 'Lua', NULL, '{}', 0.5, 'v')""")
        )
    store.write_records([make_record(resonance_key="made-up-key")])
    report = store.verify(router)
    problems = "\n".join(report.problems)
    assert report.keys_present == 215
    assert "1 of 216 keys missing from the key table: urgent-burst-planning" in problems
    assert "unknown key 'bogus-key-here'" in problems
    assert sum("confidence is 0.01" in p for p in report.problems) == 24  # 4 paces x 6 intents
    assert "1 routing records carry a key outside the 216-key vocabulary" in problems


def test_verify_flags_a_stale_table_version(store: Store, router: Router) -> None:
    _synced(store, router)

    @attrs.frozen
    class Newer:
        table: object
        table_version: str

    report = store.verify(Newer(router.table, "f" * 12))  # type: ignore[arg-type]
    assert len(report.problems) == 216
    assert all("table_version" in p for p in report.problems)


def test_verify_unsynced_and_unmigrated(database_url: str, router: Router) -> None:
    with Store(database_url) as store:
        report = store.verify(router)
        assert not report.ok
        assert report.schema_revision is None
        assert "never migrated" in report.problems[0]
        store.migrate()
        report = store.verify(router)
        assert report.problems == (
            "the resonance-key table is empty; expected 216 rows (run sync_keys)",
        )
