"""Decode a JSON request body into a schema struct, listing every problem on failure.

msgspec stops at the first error, so when the fast typed decode fails the body is decoded
untyped and each field is checked with `msgspec.convert` against its declared type,
recursing into nested structs and lists of structs. All checks are msgspec's; this module
only walks the schema to report each invalid field rather than the first.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from typing import Any, TypeVar

import msgspec
from starlette.requests import ClientDisconnect, Request

from .errors import ApiError, Problem
from .schemas import TEXT_LIMIT

__all__ = ["decode_body", "decode_json", "read_body", "validate_value"]

S = TypeVar("S", bound=msgspec.Struct)

_AT = re.compile(r" - at `\$(?P<path>[^`]*)`$")


async def read_body(request: Request) -> bytes:
    """The whole request body, read from `receive` directly (Starlette's `Request.body()`
    builds an async generator per request, measurable on the hot path)."""
    chunks: list[bytes] = []
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def decode_body(body: bytes, schema: type[S], *, max_text_chars: int) -> S:
    """The body as a `schema` instance; `ApiError` 400 (malformed JSON) or 422 (all problems)."""
    if not body.strip():
        raise ApiError(400, "invalid_json", "the request body is empty; send a JSON object")
    try:
        value = msgspec.json.decode(body, type=schema)
    except msgspec.ValidationError:
        pass
    except msgspec.DecodeError as exc:
        raise ApiError(400, "invalid_json", f"the request body is not valid JSON: {exc}") from None
    else:
        problems: list[Problem] = []
        _check_text(value, "$", max_text_chars, problems)
        if problems:
            raise ApiError.invalid(problems)
        return value
    return validate_value(decode_json(body), schema, max_text_chars=max_text_chars)


def decode_json(body: bytes) -> Any:
    """Untyped JSON; `ApiError` 400 when the body is empty or malformed."""
    if not body.strip():
        raise ApiError(400, "invalid_json", "the request body is empty; send a JSON object")
    try:
        return msgspec.json.decode(body)
    except msgspec.DecodeError as exc:
        raise ApiError(400, "invalid_json", f"the request body is not valid JSON: {exc}") from None


def validate_value(raw: Any, schema: type[S], *, max_text_chars: int) -> S:
    """Convert plain JSON data into `schema`, raising `ApiError` 422 listing every problem."""
    problems: list[Problem] = []
    _walk(raw, schema, "$", max_text_chars, problems)
    if problems:
        raise ApiError.invalid(problems)
    try:
        return msgspec.convert(raw, schema)
    except msgspec.ValidationError as exc:  # pragma: no cover - the walk found nothing
        raise ApiError.invalid([_problem(exc, "$")]) from None


# -- fast path: text limits on a decoded struct ---------------------------------------------


@functools.cache
def _plan(cls: type[msgspec.Struct]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(limited text fields, fields that may hold nested structs) of a struct class."""
    texts: list[str] = []
    nested: list[str] = []
    for field in msgspec.structs.fields(cls):
        base, metas = _unwrap(field.type)
        if any(TEXT_LIMIT in (m.extra or {}) for m in metas):
            texts.append(field.name)
        elif _mentions_struct(base):
            nested.append(field.name)
    return tuple(texts), tuple(nested)


def _mentions_struct(tp: Any) -> bool:
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return True
    return any(_mentions_struct(_unwrap(arg)[0]) for arg in typing.get_args(tp))


def _check_text(value: Any, path: str, limit: int, out: list[Problem]) -> None:
    if value is None:
        return
    if isinstance(value, list):
        for n, item in enumerate(value):
            _check_text(item, f"{path}[{n}]", limit, out)
        return
    if not isinstance(value, msgspec.Struct):
        return
    texts, nested = _plan(type(value))
    for name in texts:
        text = getattr(value, name)
        if isinstance(text, str) and len(text) > limit:
            out.append(_too_long(f"{path}.{name}", len(text), limit))
    for name in nested:
        _check_text(getattr(value, name), f"{path}.{name}", limit, out)


def _too_long(path: str, length: int, limit: int) -> Problem:
    return Problem(
        "text_too_long", f"text has {length} characters; at most {limit} are allowed", path
    )


# -- slow path: every problem ---------------------------------------------------------------


def _unwrap(tp: Any) -> tuple[Any, tuple[msgspec.Meta, ...]]:
    if typing.get_origin(tp) is typing.Annotated:
        base, *extra = typing.get_args(tp)
        return base, tuple(m for m in extra if isinstance(m, msgspec.Meta))
    return tp, ()


def _struct_member(tp: Any) -> type[msgspec.Struct] | None:
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return tp
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            found = _struct_member(_unwrap(arg)[0])
            if found is not None:
                return found
    return None


def _walk(value: Any, tp: Any, path: str, limit: int, out: list[Problem]) -> None:
    base, metas = _unwrap(tp)
    struct = _struct_member(base)
    if struct is not None and isinstance(value, dict):
        _walk_struct(value, struct, path, limit, out)
        return
    if typing.get_origin(base) is list and isinstance(value, list):
        (item_type,) = typing.get_args(base)
        if _struct_member(_unwrap(item_type)[0]) is not None:
            _length(value, metas, path, out)
            for n, item in enumerate(value):
                _walk(item, item_type, f"{path}[{n}]", limit, out)
            return
    limited = any(TEXT_LIMIT in (m.extra or {}) for m in metas)
    if _convert(value, tp, path, out) and limited and isinstance(value, str) and len(value) > limit:
        out.append(_too_long(path, len(value), limit))


def _walk_struct(
    value: dict[str, Any], cls: type[msgspec.Struct], path: str, limit: int, out: list[Problem]
) -> None:
    fields = {f.encode_name: f for f in msgspec.structs.fields(cls)}
    for name in value:
        if name not in fields:
            allowed = ", ".join(fields)
            message = f"unknown field; allowed fields: {allowed}"
            out.append(Problem("unknown_field", message, _join(path, name)))
    for name, field in fields.items():
        if name not in value:
            if field.required:
                out.append(Problem("missing_field", "this field is required", _join(path, name)))
            continue
        _walk(value[name], field.type, _join(path, name), limit, out)


def _length(
    value: list[Any], metas: tuple[msgspec.Meta, ...], path: str, out: list[Problem]
) -> None:
    for meta in metas:
        if meta.min_length is not None and len(value) < meta.min_length:
            out.append(Problem("invalid_value", f"expected at least {meta.min_length} items", path))
        if meta.max_length is not None and len(value) > meta.max_length:
            out.append(Problem("invalid_value", f"expected at most {meta.max_length} items", path))


def _convert(value: Any, tp: Any, path: str, out: list[Problem]) -> bool:
    """Check `value` against `tp` with msgspec; record the problem and return False if invalid."""
    try:
        msgspec.convert(value, tp)
    except msgspec.ValidationError as exc:
        out.append(_problem(exc, path))
        return False
    return True


def _problem(exc: msgspec.ValidationError, path: str) -> Problem:
    message = str(exc)
    match = _AT.search(message)
    if match:
        message = message[: match.start()]
        path = path + match.group("path")
    return Problem("invalid_value", message, path)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}"
