from __future__ import annotations

import threading
from datetime import UTC

from sqlalchemy import text

from ion_mentoring.store import Store

from .conftest import make_record


def test_unknown_session_is_none(store: Store) -> None:
    assert store.load_session("nobody") is None


def test_history_round_trip(store: Store) -> None:
    store.append_turn("s", user_text="안녕", assistant_text="반가워요", persona="Lua", summary=None)
    store.append_turn(
        "s", user_text="design it", assistant_text="1. ...", persona="Elro", summary="greeted"
    )
    store.append_turn(
        "s", user_text="no reply yet", assistant_text=None, persona="Elro", summary=None
    )
    state = store.load_session("s")
    assert state is not None
    assert state.id == "s"
    assert state.current_persona == "Elro"
    assert state.summary == "greeted"  # None keeps the stored summary
    assert [(m.role, m.content, m.persona) for m in state.history] == [
        ("user", "안녕", "Lua"),
        ("assistant", "반가워요", "Lua"),
        ("user", "design it", "Elro"),
        ("assistant", "1. ...", "Elro"),
        ("user", "no reply yet", "Elro"),
    ]
    assert all(m.created_at.tzinfo is UTC for m in state.history)
    assert state.created_at <= state.updated_at
    recent = store.load_session("s", limit=2)
    assert recent is not None
    assert [m.content for m in recent.history] == ["1. ...", "no reply yet"]
    everything = store.load_session("s", limit=None)
    assert everything is not None
    assert everything.history == state.history


def test_delete_session_deletes_messages_and_unlinks_records(store: Store) -> None:
    store.append_turn("gone", user_text="a", assistant_text="b", persona="Riri", summary="s")
    store.append_turn("kept", user_text="c", assistant_text="d", persona="Riri", summary=None)
    store.write_records([make_record(1, session_id="gone"), make_record(2, session_id="kept")])
    assert store.delete_session("gone") is True
    assert store.load_session("gone") is None
    assert store.delete_session("gone") is False
    with store.engine.connect() as conn:
        owners = conn.execute(text("SELECT DISTINCT session_id FROM messages")).scalars().all()
        linked = (
            conn.execute(text("SELECT session_id FROM routing_records ORDER BY id")).scalars().all()
        )
    assert owners == ["kept"]
    assert linked == [None, "kept"]
    assert store.count_records() == 2


def test_database_cascades_message_deletion(store: Store) -> None:
    store.append_turn("s", user_text="a", assistant_text="b", persona="Lua", summary=None)
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM sessions WHERE id = 's'"))
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM messages")).scalar_one() == 0


def test_concurrent_first_turns_create_one_session(store: Store) -> None:
    def turn(n: int) -> None:
        store.append_turn(
            "shared", user_text=f"u{n}", assistant_text=f"a{n}", persona="Nana", summary=None
        )

    threads = [threading.Thread(target=turn, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    state = store.load_session("shared", limit=None)
    assert state is not None
    assert len(state.history) == 12
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sessions")).scalar_one() == 1
