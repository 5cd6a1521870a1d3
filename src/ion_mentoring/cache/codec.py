"""Codecs turn cached values into bytes for Redis (L2) and back."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["JsonCodec"]

try:
    import msgspec as _msgspec
except ImportError:  # pragma: no cover - msgspec ships with the redis and server extras
    _msgspec = None  # type: ignore[assignment]


class JsonCodec:
    """Compact UTF-8 JSON for JSON-compatible values (dict, list, str, int, float, bool).

    Uses msgspec when installed (fast), else the stdlib `json`; the output is the same
    compact JSON either way. Tuples come back as lists.
    """

    __slots__ = ("_decode", "_encode")

    def __init__(self) -> None:
        if _msgspec is not None:
            self._encode = _msgspec.json.Encoder().encode
            self._decode = _msgspec.json.Decoder().decode
        else:  # pragma: no cover
            self._encode = _stdlib_dumps
            self._decode = json.loads

    def __repr__(self) -> str:
        return "JsonCodec()"

    def dumps(self, obj: Any) -> bytes:
        return self._encode(obj)

    def loads(self, data: bytes) -> Any:
        return self._decode(data)


def _stdlib_dumps(obj: Any) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()
