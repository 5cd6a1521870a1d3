"""Value objects going in and out of the store."""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeAlias

import attrs

__all__ = ["RECORD_COLUMNS", "RecordRow", "RoutingRecord", "SessionState", "StoredMessage"]


def _utc(value: datetime) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"created_at must be a datetime, got {type(value).__name__}")
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


@attrs.frozen
class RoutingRecord:
    """One processed message, as written to `routing_records`.

    `created_at` is normalized to UTC (naive values are taken as UTC); `resonance_key`
    accepts a `ResonanceKey` or its text; `cache_tier` names the cache tier that served the
    request (`"l1"`, `"l2"`) or is None when the result was computed.
    """

    created_at: datetime = attrs.field(converter=_utc)
    session_id: str | None = attrs.field(converter=_optional_str)
    resonance_key: str = attrs.field(converter=str)
    persona: str
    secondary: str | None = attrs.field(converter=_optional_str)
    confidence: float = attrs.field(converter=float)
    latency_ms: float = attrs.field(converter=float)
    cache_tier: str | None = attrs.field(converter=_optional_str)
    instance: str
    language: str | None = attrs.field(converter=_optional_str)

    def to_dict(self) -> dict[str, Any]:
        """Plain column values (the datetime stays a datetime)."""
        return {
            "created_at": self.created_at,
            "session_id": self.session_id,
            "resonance_key": self.resonance_key,
            "persona": self.persona,
            "secondary": self.secondary,
            "confidence": self.confidence,
            "latency_ms": self.latency_ms,
            "cache_tier": self.cache_tier,
            "instance": self.instance,
            "language": self.language,
        }


RECORD_COLUMNS: tuple[str, ...] = tuple(field.name for field in attrs.fields(RoutingRecord))
"""The `routing_records` columns a record fills, in `RoutingRecord` field order."""

RecordRow: TypeAlias = tuple[
    datetime, str | None, str, str, str | None, float, float, str | None, str, str | None
]
"""A routing record as a plain tuple in `RECORD_COLUMNS` order, its values already
normalized the way `RoutingRecord` normalizes them (timezone-aware UTC `created_at`, key text).
The record writer buffers rows: building one costs a fraction of building the record."""

record_row: Callable[[RoutingRecord], RecordRow] = operator.attrgetter(*RECORD_COLUMNS)
"""The `RecordRow` of a `RoutingRecord`."""


@attrs.frozen
class StoredMessage:
    """One message of a session's history."""

    role: str
    content: str
    persona: str | None
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "content": self.content,
            "persona": self.persona,
            "created_at": self.created_at.isoformat(),
        }


@attrs.frozen
class SessionState:
    """A session as loaded: current persona, running summary, recent history (newest last)."""

    id: str
    current_persona: str | None
    summary: str | None
    history: tuple[StoredMessage, ...]
    created_at: datetime
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "current_persona": self.current_persona,
            "summary": self.summary,
            "history": [m.to_dict() for m in self.history],
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }
