"""Settings from keyword arguments or `ION_MENTORING_*` environment variables."""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from typing import Any

import attrs

from .exceptions import ConfigurationError

__all__ = ["ENV_PREFIX", "Settings"]

ENV_PREFIX = "ION_MENTORING_"


def _csv(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return tuple(value)


def _optional(value: str | None) -> str | None:
    return value or None


@attrs.frozen
class Settings:
    """Every setting has an embedded default; nothing is required.

    Each field can also come from the environment as `ION_MENTORING_<FIELD NAME IN CAPS>`
    (see `Settings.from_env`); keyword arguments win over the environment.
    """

    database_url: str = "sqlite:///./ion_mentoring.db"
    """SQLAlchemy URL of the store; `postgresql+psycopg://...` for shared state; "" disables."""
    cache_url: str = "memory://"
    """Cache backend URL (see `ion_mentoring.cache.make_cache`)."""
    redis_url: str | None = attrs.field(default=None, converter=_optional)
    """Redis used for shared rate limits (and the cache L2 when cache_url does not name one)."""
    api_keys: tuple[str, ...] = attrs.field(default=(), converter=_csv)
    admin_keys: tuple[str, ...] = attrs.field(default=(), converter=_csv)
    rate_limit: str = "100/minute"
    max_body_bytes: int = attrs.field(default=64 * 1024, converter=int)
    max_bulk_body_bytes: int = attrs.field(default=1024 * 1024, converter=int)
    max_text_chars: int = attrs.field(default=8000, converter=int)
    sentry_dsn: str | None = attrs.field(default=None, converter=_optional)
    sentry_environment: str = "production"
    sentry_traces_sample_rate: float = attrs.field(default=0.0, converter=float)
    generator_url: str | None = attrs.field(default=None, converter=_optional)
    """Base URL of an OpenAI-compatible endpoint (e.g. http://127.0.0.1:11434/v1)."""
    generator_model: str = "gpt-4o-mini"
    generator_api_key: str | None = attrs.field(default=None, converter=_optional)
    generator_timeout: float = attrs.field(default=30.0, converter=float)
    instance_name: str = attrs.field(factory=socket.gethostname)
    log_format: str = "text"
    record_writer: str = "thread"
    """Where routing records are inserted: "thread" (a writer thread in this process) or
    "process" (the writer thread hands batches to a child process, keeping the database
    driver's work off the GIL; `ion-mentoring serve` uses it unless this is set)."""

    def __attrs_post_init__(self) -> None:
        if self.log_format not in ("text", "json"):
            raise ConfigurationError(
                f"log_format must be 'text' or 'json', got {self.log_format!r}"
            )
        if self.record_writer not in ("thread", "process"):
            raise ConfigurationError(
                f"record_writer must be 'thread' or 'process', got {self.record_writer!r}"
            )
        for name in ("max_body_bytes", "max_bulk_body_bytes", "max_text_chars"):
            if getattr(self, name) <= 0:
                raise ConfigurationError(f"{name} must be positive, got {getattr(self, name)}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read `ION_MENTORING_*` variables, then apply keyword overrides."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for field in attrs.fields(cls):
            raw = env.get(ENV_PREFIX + field.name.upper())
            if raw is not None:
                values[field.name] = raw
        values.update(overrides)
        try:
            return cls(**values)
        except (TypeError, ValueError) as exc:
            if isinstance(exc, ConfigurationError):
                raise
            raise ConfigurationError(f"invalid setting: {exc}") from exc

    def is_embedded_default(self) -> bool:
        """True when neither a database nor a cache server was configured."""
        default = Settings()
        return (
            self.database_url == default.database_url
            and self.cache_url == default.cache_url
            and self.redis_url is None
        )
