"""Redis URL constants and helpers that need no Redis client installed."""

from __future__ import annotations

import re

__all__ = ["REDIS_SCHEMES", "SCHEMA_VERSION", "redact"]

SCHEMA_VERSION = "v1"
"""Version of the Redis key layout and value encoding; part of every Redis key."""

REDIS_SCHEMES = ("redis", "rediss", "unix")

_PASSWORD = re.compile(r"(://[^:/@]*:)[^@/]*@")


def redact(url: str) -> str:
    """The URL without its password, for reprs and messages."""
    return _PASSWORD.sub(r"\1***@", url)
