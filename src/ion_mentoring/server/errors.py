"""One error shape for every failure, and the exception handlers that produce it.

`{"success": false, "error": {"code", "message", "field", "details"}, "request_id",
"timestamp"}`; 500 responses never carry exception text or tracebacks.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any

import attrs
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope

from .schemas import encode

__all__ = [
    "ApiError",
    "JSONBytesResponse",
    "Problem",
    "error_body",
    "error_response",
    "exception_handlers",
    "request_id_of",
]

log = logging.getLogger("ion_mentoring.server")

_CODES: Mapping[int, str] = {
    400: "invalid_json",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    422: "invalid_request",
    429: "rate_limited",
    500: "internal_error",
    502: "generation_failed",
    503: "unavailable",
}


@attrs.frozen
class Problem:
    """One thing wrong with a request."""

    code: str
    message: str
    field: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "field": self.field}


class ApiError(Exception):
    """An error answered in the standard shape with `status`."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        field: str | None = None,
        details: Sequence[Problem] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.details = tuple(details) if details else None
        self.headers = dict(headers or {})

    @classmethod
    def invalid(cls, problems: Sequence[Problem]) -> ApiError:
        """422 listing every problem; the first one fills `code`, `message` and `field`."""
        first = problems[0]
        count = len(problems)
        summary = first.message if count == 1 else f"{count} invalid fields; first: {first.message}"
        return cls(422, first.code, summary, field=first.field, details=problems)


class JSONBytesResponse(Response):
    """A JSON response encoded with msgspec (or given as bytes), with its headers built
    directly: the hot path skips `Response.init_headers`."""

    media_type = "application/json"

    def __init__(
        self,
        content: Any,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.status_code = status_code
        self.background = None
        self.body = content if isinstance(content, bytes) else encode(content)
        raw = [
            (b"content-length", str(len(self.body)).encode("latin-1")),
            (b"content-type", b"application/json"),
        ]
        if headers:
            raw.extend(
                (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()
            )
        self.raw_headers = raw


def request_id_of(scope: Scope) -> str:
    state = scope.get("state")
    return str(state.get("request_id", "")) if isinstance(state, dict) else ""


def error_body(
    request_id: str,
    status: int,
    code: str | None,
    message: str,
    field: str | None = None,
    details: Sequence[Problem] | None = None,
) -> dict[str, Any]:
    error: dict[str, Any] = {
        "code": code or _CODES.get(status, "error"),
        "message": message,
        "field": field,
    }
    if details:
        error["details"] = [p.to_dict() for p in details]
    return {
        "success": False,
        "error": error,
        "request_id": request_id,
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }


def error_response(
    scope: Scope,
    status: int,
    message: str,
    *,
    code: str | None = None,
    field: str | None = None,
    details: Sequence[Problem] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONBytesResponse:
    request_id = request_id_of(scope)
    all_headers = {"X-Request-ID": request_id} if request_id else {}
    all_headers.update(headers or {})
    body = error_body(request_id, status, code, message, field, details)
    return JSONBytesResponse(body, status_code=status, headers=all_headers)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(
        request.scope,
        exc.status,
        exc.message,
        code=exc.code,
        field=exc.field,
        details=exc.details,
        headers=exc.headers,
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    if status == 404:
        message = f"no route for {request.method} {request.url.path}; see /openapi.json"
    elif status == 405:
        message = f"method {request.method} is not allowed on {request.url.path}"
    else:
        message = exc.detail or HTTPStatus(status).phrase
    return error_response(request.scope, status, message, headers=exc.headers)


async def _internal_error(request: Request, exc: Exception) -> Response:
    # The exception is re-raised by Starlette after this response, so it is logged (and
    # reported to Sentry) once, with its traceback, by the server; nothing leaks to clients.
    return error_response(
        request.scope,
        500,
        "internal server error; quote the request id when reporting it",
    )


def exception_handlers() -> dict[Any, Any]:
    return {ApiError: _api_error, HTTPException: _http_error, Exception: _internal_error}
