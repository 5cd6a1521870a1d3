"""Stable cache keys: a short sha256 of the normalized payload and the versions it depends on."""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any

import attrs

__all__ = ["KEY_HEX_CHARS", "KeyMaker", "make_key"]

KEY_HEX_CHARS = 32
"""Hex characters of the digest kept in a key (128 bits)."""

_SEPARATOR = b"\n"


def _default(obj: Any) -> Any:
    if isinstance(obj, set | frozenset):
        try:
            return sorted(obj)
        except TypeError:
            return sorted(obj, key=_sort_key)
    if isinstance(obj, enum.Enum):
        return obj.value
    if attrs.has(type(obj)):
        return attrs.asdict(obj, recurse=False)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    raise TypeError(f"cannot build a cache key from a {type(obj).__name__}")


def _sort_key(item: Any) -> str:
    return _stdlib_encode(item).decode()


def _stdlib_encode(obj: Any) -> bytes:
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default
    ).encode()


_encode: Callable[[Any], bytes]
try:
    import msgspec as _msgspec
except ImportError:  # pragma: no cover - msgspec ships with the redis and server extras
    _encode = _stdlib_encode
else:
    _encode = _msgspec.json.Encoder(order="sorted").encode


def make_key(kind: str, payload: Mapping[str, Any], versions: Mapping[str, str]) -> str:
    """Return `"<kind>:<32 hex chars>"`, a stable hash of `payload` under `versions`.

    The payload is normalized structurally (mapping keys sorted, tuples as lists, sets
    sorted, enums by value, attrs/dataclass instances as mappings) and encoded as compact
    JSON; text is hashed as given, so normalize it before. Any change in `versions`
    (library, persona set, analyzer, routing table) yields new keys: old entries are never
    read again and expire on their own. Entries of one kind share the prefix `kind + ":"`
    for `delete_prefix`.
    """
    digest = hashlib.sha256(_encode(versions))
    digest.update(_SEPARATOR)
    digest.update(_encode(payload))
    return f"{kind}:{digest.hexdigest()[:KEY_HEX_CHARS]}"


class KeyMaker:
    """`make_key` with `kind` and `versions` bound once: `KeyMaker(k, v)(p) == make_key(k, p, v)`.

    The versions are encoded and hashed at construction, so each call hashes only the
    payload.
    """

    __slots__ = ("_base", "_prefix", "kind", "versions")

    def __init__(self, kind: str, versions: Mapping[str, str]) -> None:
        self.kind = kind
        self.versions = dict(versions)
        self._prefix = kind + ":"
        self._base = hashlib.sha256(_encode(self.versions))
        self._base.update(_SEPARATOR)

    def __repr__(self) -> str:
        return f"KeyMaker({self.kind!r}, {self.versions!r})"

    def __call__(self, payload: Mapping[str, Any]) -> str:
        digest = self._base.copy()
        digest.update(_encode(payload))
        return self._prefix + digest.hexdigest()[:KEY_HEX_CHARS]
