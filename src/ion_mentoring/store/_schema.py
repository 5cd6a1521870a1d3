"""The store's tables as typed SQLAlchemy 2.x declarative classes (the migrations mirror them)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

__all__ = [
    "Base",
    "MessageRow",
    "ResonanceKeyRow",
    "RoutingRecordRow",
    "SessionRow",
    "UTCDateTime",
    "utcnow",
]

# Deterministic constraint names, so later migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments INTEGER PRIMARY KEY columns.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps naive UTC text).

    Naive datetimes given to the store are taken to be UTC already.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is None:
            return value
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SessionRow(Base):
    """A conversation; `summary` is the running summary of turns older than the history."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    current_persona: Mapped[str | None] = mapped_column(String(64))
    summary: Mapped[str | None] = mapped_column(Text)

    messages: Mapped[list[MessageRow]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="MessageRow.id",
    )


class MessageRow(Base):
    """One chat message; a session's messages are ordered by `id`."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_session_id_id", "session_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(
        String(255), ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False
    )
    role: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    persona: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    session: Mapped[SessionRow] = relationship(back_populates="messages")


class RoutingRecordRow(Base):
    """One processed message: what was routed where, how fast, from which cache tier."""

    __tablename__ = "routing_records"
    __table_args__ = (
        Index("ix_routing_records_created_at", "created_at"),
        Index("ix_routing_records_session_id", "session_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # No foreign key: records are written asynchronously and outlive deleted sessions
    # (deleting a session unlinks its records, see `Store.delete_session`).
    session_id: Mapped[str | None] = mapped_column(String(255))
    resonance_key: Mapped[str] = mapped_column(String(64))
    persona: Mapped[str] = mapped_column(String(64))
    secondary: Mapped[str | None] = mapped_column(String(64))
    confidence: Mapped[float] = mapped_column(Float)
    latency_ms: Mapped[float] = mapped_column(Float)
    cache_tier: Mapped[str | None] = mapped_column(String(16))
    instance: Mapped[str] = mapped_column(String(255))
    language: Mapped[str | None] = mapped_column(String(16))


class ResonanceKeyRow(Base):
    """The precomputed key-only routing of one of the 216 keys, as of `table_version`."""

    __tablename__ = "resonance_keys"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    tone: Mapped[str] = mapped_column(String(32))
    pace: Mapped[str] = mapped_column(String(32))
    intent: Mapped[str] = mapped_column(String(32))
    primary: Mapped[str] = mapped_column(String(64))
    secondary: Mapped[str | None] = mapped_column(String(64))
    scores: Mapped[dict[str, float]] = mapped_column(JSON)
    confidence: Mapped[float] = mapped_column(Float)
    table_version: Mapped[str] = mapped_column(String(64))
