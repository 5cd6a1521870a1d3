"""The application factory: routes, middleware (outermost first), error handlers, lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..keys import ALL_KEYS
from ..settings import Settings
from . import routes_v1, routes_v2
from .auth import KeyRing
from .errors import JSONBytesResponse, exception_handlers
from .middleware import (
    AuthMiddleware,
    BodyLimitMiddleware,
    RateLimitMiddleware,
    RequestContextMiddleware,
)
from .observability import configure_logging, init_sentry
from .openapi import Operation, build_openapi
from .ratelimit import RateLimiter, parse_rate
from .schemas import encode
from .state import ServerState, server_state

if TYPE_CHECKING:
    from ..mentor import Mentor

__all__ = ["OPENAPI_PATH", "create_app"]

log = logging.getLogger("ion_mentoring.server")

OPENAPI_PATH = "/openapi.json"


async def _openapi(request: Request) -> Response:
    return JSONBytesResponse(server_state(request).openapi)


def _key_rows(mentor: Mentor) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for key in ALL_KEYS:
        decision = mentor.router.route(key)
        rows.append(
            {
                "resonance_key": str(key),
                "tone": key.tone.value,
                "pace": key.pace.value,
                "intent": key.intent.value,
                "primary": decision.primary,
                "secondary": decision.secondary,
                "confidence": decision.confidence,
                "scores": dict(decision.scores),
            }
        )
    return rows


def _announce(ion: ServerState) -> None:
    settings = ion.settings
    if ion.keys.open:
        log.warning(
            "the API is open: no API key is configured (set ION_MENTORING_API_KEYS to require one)"
        )
    if not ion.keys.admin_enabled:
        log.info("admin routes are disabled (set ION_MENTORING_ADMIN_KEYS to enable them)")
    if settings.is_embedded_default():
        log.info(
            "running on embedded defaults: SQLite file %s and an in-process cache; set "
            "ION_MENTORING_DATABASE_URL, ION_MENTORING_CACHE_URL and ION_MENTORING_REDIS_URL "
            "to share state between instances",
            settings.database_url.removeprefix("sqlite:///"),
        )
    limiter = ion.limiter
    log.info(
        "instance %s ready: rate limit %s%s, sentry %s",
        settings.instance_name,
        limiter.description if limiter else "off",
        " (shared through Redis)" if limiter and limiter.shared else "",
        "on" if ion.sentry else "off",
    )


def create_app(settings: Settings | None = None, *, mentor: Mentor | None = None) -> Starlette:
    """Build the ASGI app. Without `settings` they come from `ION_MENTORING_*` variables.

    The lifespan builds the `Mentor` (cache, store, record writer, generator) from the
    settings and closes it on shutdown; a `mentor` passed in is used as is and not closed.
    """
    settings = settings or Settings.from_env()
    configure_logging(settings.log_format)
    keys = KeyRing(settings.api_keys, settings.admin_keys)
    rate = parse_rate(settings.rate_limit)
    limiter = RateLimiter(rate, settings.redis_url) if rate is not None else None
    ion = ServerState(settings, keys, limiter, mentor)
    ion.sentry = init_sentry(settings)

    openapi_op = Operation(
        "GET", OPENAPI_PATH, _openapi, "openapi", "This OpenAPI 3.1 document", dict, public=True,
        tag="meta",
    )  # fmt: skip
    operations = [*routes_v2.operations(), *routes_v1.operations()]
    document = build_openapi(
        operations,
        max_text_chars=settings.max_text_chars,
        auth=not keys.open,
        admin=keys.admin_enabled,
        max_body_bytes=settings.max_body_bytes,
        max_bulk_body_bytes=settings.max_bulk_body_bytes,
    )
    document["paths"][OPENAPI_PATH] = {
        "get": {
            "operationId": "openapi",
            "summary": openapi_op.summary,
            "tags": ["meta"],
            "security": [],
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }
    ion.openapi = encode(document)
    all_ops = [*operations, openapi_op]
    routes = [Route(op.path, op.endpoint, methods=[op.method]) for op in all_ops]
    public = {op.path for op in all_ops if op.public}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if ion.mentor is None:
            from ..mentor import Mentor

            ion.mentor = await asyncio.to_thread(Mentor.from_settings, settings)
        ion.key_rows = _key_rows(ion.mentor)
        # Start-up objects (lexicons, tables, personas, SQLAlchemy metadata) live as long as
        # the process: move them out of the collector's view so full collections stay short.
        gc.collect()
        gc.freeze()
        ion.ready = True
        _announce(ion)
        try:
            yield
        finally:
            ion.ready = False
            if ion.owns_mentor and ion.mentor is not None:
                await asyncio.to_thread(ion.mentor.close)
                ion.mentor = None

    middleware = [
        Middleware(RequestContextMiddleware, stats=ion.stats),
        Middleware(AuthMiddleware, keys=keys, public=public),
    ]
    if limiter is not None:
        middleware.append(Middleware(RateLimitMiddleware, limiter=limiter, exempt=public))
    middleware.append(
        Middleware(
            BodyLimitMiddleware,
            limit=settings.max_body_bytes,
            overrides={f"{routes_v2.PREFIX}/bulk-process": settings.max_bulk_body_bytes},
        )
    )
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers=exception_handlers(),
        lifespan=lifespan,
    )
    app.state.ion = ion
    return app
