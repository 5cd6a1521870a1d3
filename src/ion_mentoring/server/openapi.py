"""The OpenAPI 3.1 document, generated from the route table and the msgspec schemas."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from http import HTTPStatus
from typing import Any

import attrs
import msgspec
from starlette.requests import Request
from starlette.responses import Response

from .._version import __version__
from .schemas import TEXT_LIMIT, ErrorResponse

__all__ = ["Operation", "Parameter", "build_openapi"]

Endpoint = Callable[[Request], Awaitable[Response]]

_REF = "#/components/schemas/{name}"


@attrs.frozen
class Parameter:
    name: str
    location: str
    """"path" or "query"."""
    description: str
    required: bool = True
    schema: dict[str, Any] = attrs.field(factory=lambda: {"type": "string"})


@attrs.frozen
class Operation:
    """One route: what serves it and how the OpenAPI document describes it."""

    method: str
    path: str
    endpoint: Endpoint
    operation_id: str
    summary: str
    response: type[Any]
    request: type[Any] | None = None
    errors: tuple[int, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    admin: bool = False
    public: bool = False
    """Never needs an API key (health, the document itself)."""
    tag: str = "v2"
    response_codes: tuple[int, ...] = (200,)


def _error_response(status: int) -> dict[str, Any]:
    return {
        "description": HTTPStatus(status).phrase,
        "content": {"application/json": {"schema": {"$ref": _REF.format(name="ErrorResponse")}}},
    }


def _limit_text(components: dict[str, Any], types: Sequence[type[Any]], limit: int) -> None:
    """Write `maxLength` on every string field marked with `TEXT_LIMIT`."""
    seen: set[type[Any]] = set()

    def visit(tp: Any) -> None:
        import typing

        if typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
        for arg in typing.get_args(tp):
            visit(arg)
        if not (isinstance(tp, type) and issubclass(tp, msgspec.Struct)) or tp in seen:
            return
        seen.add(tp)
        schema = components.get(tp.__name__, {})
        for field in msgspec.structs.fields(tp):
            ann = field.type
            metas = typing.get_args(ann)[1:] if typing.get_origin(ann) is typing.Annotated else ()
            if any(isinstance(m, msgspec.Meta) and TEXT_LIMIT in (m.extra or {}) for m in metas):
                prop = schema.get("properties", {}).get(field.encode_name)
                if isinstance(prop, dict):
                    prop["maxLength"] = limit
            visit(ann)

    for tp in types:
        visit(tp)


def build_openapi(
    operations: Sequence[Operation],
    *,
    max_text_chars: int,
    auth: bool,
    admin: bool,
    max_body_bytes: int,
    max_bulk_body_bytes: int,
) -> dict[str, Any]:
    """The document for these operations; security schemes appear only when keys are set."""
    types: list[type[Any]] = [ErrorResponse]
    for op in operations:
        types.append(op.response)
        if op.request is not None:
            types.append(op.request)
    _, components = msgspec.json.schema_components(types, ref_template=_REF)
    _limit_text(components, types, max_text_chars)
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        responses: dict[str, Any] = {
            str(code): {
                "description": HTTPStatus(code).phrase,
                "content": {
                    "application/json": {"schema": {"$ref": _REF.format(name=op.response.__name__)}}
                },
            }
            for code in op.response_codes
        }
        codes = set(op.errors) | {405, 429, 500, 503}
        if not op.public and (auth or op.admin):
            codes |= {401}
        if op.admin:
            codes |= {401, 403}
        if op.request is not None:
            codes |= {400, 413, 422}
        for code in sorted(codes):
            responses[str(code)] = _error_response(code)
        entry: dict[str, Any] = {
            "operationId": op.operation_id,
            "summary": op.summary,
            "tags": [op.tag],
            "responses": responses,
        }
        if op.parameters:
            entry["parameters"] = [
                {
                    "name": p.name,
                    "in": p.location,
                    "required": p.required,
                    "description": p.description,
                    "schema": p.schema,
                }
                for p in op.parameters
            ]
        if op.request is not None:
            entry["requestBody"] = {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": _REF.format(name=op.request.__name__)}}
                },
            }
        if op.admin and admin:
            entry["security"] = [{"bearer": []}, {"apiKey": []}]
        elif op.public or not auth:
            entry["security"] = []
        paths.setdefault(op.path, {})[op.method.lower()] = entry
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "ION Mentoring API",
            "version": __version__,
            "description": (
                "Persona routing for AI mentoring. Errors share one shape (ErrorResponse). "
                f"Request bodies are limited to {max_body_bytes} bytes "
                f"({max_bulk_body_bytes} for bulk-process); text fields to "
                f"{max_text_chars} characters."
            ),
        },
        "paths": paths,
        "components": {"schemas": components},
    }
    if auth or admin:
        document["components"]["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer"},
            "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        }
        if auth:
            document["security"] = [{"bearer": []}, {"apiKey": []}]
    return document
