from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ion_mentoring.exceptions import StoreError
from ion_mentoring.store import Store
from ion_mentoring.store._report import normalize_expected, percentile

from .conftest import make_record

PERSONAS = ["Lua"] * 30 + ["Elro"] * 27 + ["Riri"] * 25 + ["Nana"] * 18
TIERS = ["l1"] * 60 + ["l2"] * 20 + [None] * 10 + ["miss"] * 10  # as Mentor records them


def _known(store: Store) -> None:
    """100 records: latencies 1..100 ms; instance a has the odd ones, b the even ones."""
    now = datetime.now(UTC)
    store.write_records(
        [
            make_record(
                created_at=now - timedelta(minutes=5),
                persona=PERSONAS[n],
                latency_ms=float(n + 1),
                cache_tier=TIERS[n],
                instance="a" if n % 2 == 0 else "b",
            )
            for n in range(100)
        ]
    )
    store.write_records([make_record(created_at=now - timedelta(days=3), persona="Lua")])


def test_report_figures_on_a_known_data_set(store: Store) -> None:
    _known(store)
    report = store.report(since=timedelta(hours=1))
    assert report.total == 100
    shares = {p.persona: p for p in report.personas}
    assert [p.persona for p in report.personas] == ["Lua", "Elro", "Riri", "Nana"]
    assert shares["Lua"].percent == pytest.approx(30.0)
    assert shares["Lua"].drift_points == pytest.approx(7.0)
    assert shares["Nana"].drift_points == pytest.approx(-7.0)
    assert shares["Elro"].drift_points == pytest.approx(0.0)
    assert report.drifted == ("Lua", "Nana")
    assert report.latency is not None
    assert report.latency.p50 == pytest.approx(50.5)
    assert report.latency.p95 == pytest.approx(95.05)
    assert report.latency.p99 == pytest.approx(99.01)
    assert report.latency.max == 100.0
    assert report.latency.mean == pytest.approx(50.5)
    tiers = {t.tier: t for t in report.cache.tiers}
    assert tiers["l1"].hit_rate == pytest.approx(0.6)
    assert tiers["l2"].lookups == 40
    assert tiers["l2"].hit_rate == pytest.approx(0.5)
    assert report.cache.hit_rate == pytest.approx(0.8)
    assert [(i.instance, i.records) for i in report.instances] == [("a", 50), ("b", 50)]
    a = report.instances[0]
    assert a.latency is not None
    assert a.latency.p50 == pytest.approx(50.0)  # 1, 3, ..., 99
    assert a.personas["Lua"] == 15
    data = report.to_dict()
    assert data["drifted"] == ["Lua", "Nana"]
    assert data["instances"][1]["latency"]["max"] == 100.0


def test_report_all_time_and_custom_expectation(store: Store) -> None:
    _known(store)
    report = store.report(expected={"Lua": 0.31, "Elro": 0.26, "Riri": 0.25, "Nana": 0.18})
    assert report.total == 101
    assert report.since is None
    assert report.drifted == ()
    strict = store.report(
        since=timedelta(hours=1),
        drift_points=0.5,
        expected={"Lua": 30, "Elro": 27, "Riri": 25, "Nana": 18},
    )
    assert strict.drifted == ()


def test_unexpected_personas_count_as_drift(store: Store) -> None:
    store.write_records([make_record(n, persona="Custom") for n in range(5)])
    report = store.report()
    assert report.personas[-1].persona == "Custom"
    assert set(report.drifted) == {"Lua", "Elro", "Riri", "Nana", "Custom"}


def test_empty_report(store: Store) -> None:
    report = store.report()
    assert report.total == 0
    assert report.latency is None
    assert report.drifted == ()
    assert report.cache.hit_rate == 0.0
    assert report.instances == ()


def test_percentile_and_expected_helpers() -> None:
    assert percentile([5.0], 99) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)
    assert normalize_expected({"a": 1, "b": 3}) == {"a": 25.0, "b": 75.0}
    assert normalize_expected(None) == {"Lua": 23.0, "Elro": 27.0, "Riri": 25.0, "Nana": 25.0}
    with pytest.raises(StoreError):
        normalize_expected({"a": 0})
