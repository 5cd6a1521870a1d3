"""API keys: kept only as SHA-256 digests, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from typing import Literal

import attrs

__all__ = ["KeyRing", "Role", "extract_key", "hash_key"]

Role = Literal["anonymous", "user", "admin"]


def hash_key(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


def extract_key(headers: Iterable[tuple[bytes, bytes]]) -> str | None:
    """The key from `Authorization: Bearer <key>` or `X-API-Key: <key>`, if any."""
    for name, value in headers:
        if name == b"x-api-key":
            return value.decode("latin-1").strip() or None
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
    return None


def _digests(keys: Iterable[str]) -> tuple[bytes, ...]:
    return tuple(hash_key(k) for k in keys if k)


@attrs.frozen
class KeyRing:
    """User and admin key digests. Admin keys are also valid user keys."""

    user: tuple[bytes, ...] = attrs.field(converter=_digests)
    admin: tuple[bytes, ...] = attrs.field(converter=_digests)

    @property
    def open(self) -> bool:
        """True when no user key is configured: the API needs no key (admin routes still do)."""
        return not self.user

    @property
    def admin_enabled(self) -> bool:
        return bool(self.admin)

    def role(self, key: str | None) -> Role | None:
        """The role a presented key grants: admin, user, anonymous (no key) or None (wrong)."""
        if key is None:
            return "anonymous"
        digest = hash_key(key)
        # Compare against every digest so the time taken does not depend on which matched.
        is_admin = False
        for known in self.admin:
            is_admin |= hmac.compare_digest(digest, known)
        is_user = False
        for known in self.user:
            is_user |= hmac.compare_digest(digest, known)
        if is_admin:
            return "admin"
        if is_user:
            return "user"
        return None

    def key_id(self, key: str) -> str:
        """A short, non-reversible id of a key for rate limiting and logs."""
        return hash_key(key).hex()[:16]
