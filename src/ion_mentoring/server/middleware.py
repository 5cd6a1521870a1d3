"""Pure ASGI middleware (no `BaseHTTPMiddleware`): request id, auth, rate limit, body limit.

Each middleware stores what it learns in `scope["state"]` (`request_id`, `role`,
`identity`), which routes read through `request.state`.
"""

from __future__ import annotations

import itertools
import os
import re
import time
from collections.abc import Collection, Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .auth import KeyRing, extract_key
from .errors import error_response
from .ratelimit import RateLimiter
from .stats import ServerStats

__all__ = [
    "AuthMiddleware",
    "BodyLimitMiddleware",
    "RateLimitMiddleware",
    "RequestContextMiddleware",
]

_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_ID_PREFIX = os.urandom(8).hex()
_ID_COUNTER = itertools.count()


def new_request_id() -> str:
    """32 hex characters: a random per-process prefix and a counter (unique, not secret)."""
    return f"{_ID_PREFIX}{next(_ID_COUNTER):016x}"


def _state(scope: Scope) -> dict[str, object]:
    state = scope.get("state")
    if state is None:
        state = scope["state"] = {}
    return state


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return value  # type: ignore[no-any-return]
    return None


class RequestContextMiddleware:
    """Keeps a valid incoming `X-Request-ID` (else makes one), echoes it on every response,
    and counts status and latency in the server statistics."""

    def __init__(self, app: ASGIApp, stats: ServerStats) -> None:
        self.app = app
        self.stats = stats

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        incoming = _header(scope, b"x-request-id")
        text = incoming.decode("latin-1") if incoming is not None else ""
        request_id = text if _VALID_ID.match(text) else new_request_id()
        _state(scope)["request_id"] = request_id
        raw_id = request_id.encode("latin-1")
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = message.setdefault("headers", [])
                if not isinstance(headers, list):
                    headers = message["headers"] = list(headers)
                for name, _ in headers:
                    if name.lower() == b"x-request-id":
                        break
                else:
                    headers.append((b"x-request-id", raw_id))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self.stats.record_request(status, (time.perf_counter() - started) * 1000)


class AuthMiddleware:
    """Checks the API key (`Authorization: Bearer` or `X-API-Key`) and records the role.

    Without configured user keys the API is open; a wrong key is always refused. Paths in
    `public` (health, OpenAPI document) never need a key. Admin checks happen in the routes.
    """

    def __init__(self, app: ASGIApp, keys: KeyRing, public: Collection[str] = ()) -> None:
        self.app = app
        self.keys = keys
        self.public = frozenset(public)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = _state(scope)
        key = extract_key(scope["headers"])
        role = self.keys.role(key)
        refusal = None
        if scope["path"] in self.public:
            role = role or "anonymous"
        elif role is None:
            refusal = "invalid API key"
        elif role == "anonymous" and not self.keys.open:
            refusal = "missing API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"
        if refusal is not None:
            headers = {"WWW-Authenticate": 'Bearer realm="ion-mentoring"'}
            await error_response(scope, 401, refusal, headers=headers)(scope, receive, send)
            return
        state["role"] = role
        state["identity"] = (
            f"key:{self.keys.key_id(key)}" if key is not None and role != "anonymous" else None
        )
        await self.app(scope, receive, send)


class RateLimitMiddleware:
    """Limits requests per API key (or per client IP without one); adds `X-RateLimit-*`
    headers to every limited response and answers 429 with `Retry-After` when exceeded."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter, exempt: Collection[str] = ()) -> None:
        self.app = app
        self.limiter = limiter
        self.exempt = frozenset(exempt)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.exempt:
            await self.app(scope, receive, send)
            return
        state = _state(scope)
        identity = state.get("identity")
        if not isinstance(identity, str):
            client = scope.get("client")
            identity = f"ip:{client[0] if client else 'unknown'}"
        decision = await self.limiter.hit(identity)
        extra = [(k.lower().encode(), v.encode()) for k, v in decision.headers().items()]
        if not decision.allowed:
            response = error_response(
                scope,
                429,
                f"rate limit of {self.limiter.description} exceeded; retry in "
                f"{decision.retry_after} s",
                headers=decision.headers(),
            )
            await response(scope, receive, send)
            return

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                if not isinstance(headers, list):
                    headers = message["headers"] = list(headers)
                headers.extend(extra)
            await send(message)

        await self.app(scope, receive, send_with_limits)


class _BodyTooLargeError(Exception):
    pass


class BodyLimitMiddleware:
    """Refuses request bodies above `limit` bytes (per-path `overrides`) with 413, by
    `Content-Length` up front or by counting a streamed body."""

    def __init__(
        self, app: ASGIApp, limit: int, overrides: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.limit = limit
        self.overrides = dict(overrides or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.overrides.get(scope["path"], self.limit)
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit():
            if int(declared) > limit:
                await self._refuse(scope, receive, send, limit)
                return
            # the HTTP server delivers exactly Content-Length bytes: nothing to count
            await self.app(scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLargeError
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _BodyTooLargeError:
            if started:
                raise
            await self._refuse(scope, receive, send, limit)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = error_response(
            scope,
            413,
            f"request body larger than {limit} bytes",
            code="payload_too_large",
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)
