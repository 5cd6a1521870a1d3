"""Integrity check of a store against a router: the 216-key table, schema revision, counts."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Protocol

import attrs

from ..keys import ALL_KEYS, ResonanceKey

__all__ = ["KeyDecision", "KeyTableSource", "VerifyReport", "compare_key_rows", "key_row"]

_TOLERANCE = 1e-9


class KeyDecision(Protocol):
    """What the store needs of a routing decision (`ion_mentoring.routing.RoutingDecision`)."""

    @property
    def primary(self) -> str: ...
    @property
    def secondary(self) -> str | None: ...
    @property
    def confidence(self) -> float: ...
    @property
    def scores(self) -> Mapping[str, float]: ...


class KeyTableSource(Protocol):
    """What the store needs of a router (`ion_mentoring.routing.Router`)."""

    @property
    def table(self) -> Mapping[ResonanceKey, KeyDecision]: ...
    @property
    def table_version(self) -> str: ...


def key_row(key: ResonanceKey, decision: KeyDecision, table_version: str) -> dict[str, Any]:
    """The `resonance_keys` row of one key."""
    return {
        "key": str(key),
        "tone": key.tone.value,
        "pace": key.pace.value,
        "intent": key.intent.value,
        "primary": str(decision.primary),
        "secondary": None if decision.secondary is None else str(decision.secondary),
        "scores": {str(name): float(score) for name, score in decision.scores.items()},
        "confidence": float(decision.confidence),
        "table_version": table_version,
    }


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=_TOLERANCE, abs_tol=_TOLERANCE)


def compare_key_rows(stored: Mapping[str, Mapping[str, Any]], router: KeyTableSource) -> list[str]:
    """Every difference between the stored key rows and the router's table, one line each."""
    problems: list[str] = []
    table = router.table
    missing = [str(k) for k in ALL_KEYS if str(k) not in stored]
    if missing:
        shown = ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else "")
        problems.append(
            f"{len(missing)} of {len(ALL_KEYS)} keys missing from the key table: {shown}"
        )
    known = {str(k) for k in ALL_KEYS}
    for extra in sorted(set(stored) - known):
        problems.append(f"key table has a row for unknown key {extra!r}")
    for key in ALL_KEYS:
        row = stored.get(str(key))
        if row is None:
            continue
        if key not in table:
            problems.append(f"key {key}: the router has no decision for it")
            continue
        expected = key_row(key, table[key], router.table_version)
        for field in ("tone", "pace", "intent", "primary", "secondary", "table_version"):
            if row[field] != expected[field]:
                problems.append(
                    f"key {key}: {field} is {row[field]!r} in the store, "
                    f"{expected[field]!r} in the router"
                )
        if not _close(float(row["confidence"]), expected["confidence"]):
            problems.append(
                f"key {key}: confidence is {row['confidence']!r} in the store, "
                f"{expected['confidence']!r} in the router"
            )
        scores = row["scores"] if isinstance(row["scores"], Mapping) else {}
        if set(scores) != set(expected["scores"]):
            problems.append(
                f"key {key}: scored personas are {sorted(scores)} in the store, "
                f"{sorted(expected['scores'])} in the router"
            )
        else:
            for name, value in expected["scores"].items():
                if not _close(float(scores[name]), value):
                    problems.append(
                        f"key {key}: score of {name} is {scores[name]!r} in the store, "
                        f"{value!r} in the router"
                    )
    return problems


@attrs.frozen
class VerifyReport:
    """Outcome of `Store.verify`: `ok` is True when `problems` is empty."""

    problems: tuple[str, ...]
    keys_expected: int
    keys_present: int
    table_version: str
    stored_table_versions: tuple[str, ...]
    schema_revision: str | None
    head_revision: str
    counts: Mapping[str, int]

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problems": list(self.problems),
            "keys_expected": self.keys_expected,
            "keys_present": self.keys_present,
            "table_version": self.table_version,
            "stored_table_versions": list(self.stored_table_versions),
            "schema_revision": self.schema_revision,
            "head_revision": self.head_revision,
            "counts": dict(self.counts),
        }
