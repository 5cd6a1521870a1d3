"""API v2 routes under `/api/v2`."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .._version import __version__
from ..exceptions import ConfigurationError, GenerationError, UnknownPersonaError
from ..routing import capabilities
from . import schemas as s
from .errors import ApiError, JSONBytesResponse, Problem, request_id_of
from .health import check_health
from .openapi import Operation, Parameter
from .state import ServerState, server_state
from .validation import decode_json, read_body, validate_value

__all__ = ["BULK_MAX_ITEMS", "PREFIX", "operations"]

log = logging.getLogger("ion_mentoring.server")

PREFIX = "/api/v2"
BULK_MAX_ITEMS = 100


def _ok(request: Request, data: dict[str, Any], status: int = 200) -> Response:
    # the middleware's id, read from the scope (`request.state` builds a State per access)
    body = {"success": True, "request_id": request_id_of(request.scope), **data}
    return JSONBytesResponse(body, status_code=status)


async def process(request: Request) -> Response:
    ion = server_state(request)
    item = await ion.read(request, s.ProcessRequest)
    _, data = await ion.process(item)
    return _ok(request, data)


async def recommend(request: Request) -> Response:
    ion = server_state(request)
    item = await ion.read(request, s.RecommendRequest)
    return _ok(request, ion.require_mentor().recommend(item.scenario).to_dict())


async def _bulk_one(ion: ServerState, index: int, item: s.BulkItem) -> dict[str, Any]:
    try:
        _, data = await ion.process(item)
    except ApiError as exc:
        error = Problem(exc.code, exc.message, exc.field).to_dict()
        return {"index": index, "id": item.id, "success": False, "result": None, "error": error}
    except Exception:
        log.exception("bulk item %d failed", index)
        error = Problem("internal_error", "processing this item failed").to_dict()
        return {"index": index, "id": item.id, "success": False, "result": None, "error": error}
    return {"index": index, "id": item.id, "success": True, "result": data, "error": None}


async def bulk_process(request: Request) -> Response:
    ion = server_state(request)
    started = time.perf_counter()
    raw = decode_json(await read_body(request))
    items = raw.get("items") if isinstance(raw, dict) else None
    if isinstance(items, list) and len(items) > BULK_MAX_ITEMS:
        raise ApiError(
            413,
            "batch_too_large",
            f"{len(items)} items in one batch; at most {BULK_MAX_ITEMS} are allowed",
            field="$.items",
        )
    bulk = validate_value(raw, s.BulkRequest, max_text_chars=ion.settings.max_text_chars)
    ion.require_mentor()
    if bulk.parallel:
        results = list(
            await asyncio.gather(*(_bulk_one(ion, n, item) for n, item in enumerate(bulk.items)))
        )
    else:
        results = [await _bulk_one(ion, n, item) for n, item in enumerate(bulk.items)]
    succeeded = sum(1 for r in results if r["success"])
    return _ok(
        request,
        {
            "total": len(results),
            "succeeded": succeeded,
            "failed": len(results) - succeeded,
            "parallel": bulk.parallel,
            "execution_time_ms": round((time.perf_counter() - started) * 1000, 4),
            "results": results,
        },
    )


async def multi_persona(request: Request) -> Response:
    ion = server_state(request)
    item = await ion.read(request, s.MultiPersonaRequest)
    mentor = ion.require_mentor()
    try:
        result = await ion.run_in_thread_if_generating(
            mentor.process_multi,
            item.text,
            force_multi=item.force_multi,
            mode=item.mode,
            merge=item.merge,
            language=item.language,
            prompt_mode=item.prompt_mode,
        )
    except ConfigurationError as exc:
        raise ApiError(422, "invalid_value", str(exc)) from None
    except GenerationError:
        ion.stats.record_generation(False)
        message = "the reply generator failed; retry later"
        raise ApiError(502, "generation_failed", message) from None
    return _ok(request, result.to_dict())


def _persona_summary(persona: Any) -> dict[str, Any]:
    data = persona.to_dict()
    data.pop("affinity")
    data.pop("prompts")
    return dict(data)


async def personas(request: Request) -> Response:
    mentor = server_state(request).require_mentor()
    items = [_persona_summary(p) for p in mentor.personas]
    return _ok(request, {"count": len(items), "personas": items})


async def persona_detail(request: Request) -> Response:
    mentor = server_state(request).require_mentor()
    name = request.path_params["name"]
    try:
        persona = mentor.personas.get(name)
    except UnknownPersonaError as exc:
        raise ApiError(404, "unknown_persona", str(exc), field="name") from None
    data = persona.to_dict()
    data["capabilities"] = capabilities(persona).to_dict()
    return _ok(request, data)


async def keys(request: Request) -> Response:
    ion = server_state(request)
    mentor = ion.require_mentor()
    return _ok(
        request,
        {
            "count": len(ion.key_rows),
            "table_version": mentor.router.table_version,
            "keys": ion.key_rows,
        },
    )


async def health(request: Request) -> Response:
    ion = server_state(request)
    status, dependencies = await check_health(ion)
    data = {
        "status": status,
        "instance": ion.settings.instance_name,
        "version": __version__,
        "dependencies": dependencies,
    }
    code = 503 if status == "down" else 200
    body = {"success": code == 200, "request_id": request.state.request_id, **data}
    return JSONBytesResponse(body, status_code=code, headers={"Cache-Control": "no-store"})


def _configuration(ion: ServerState) -> dict[str, Any]:
    settings = ion.settings
    mentor = ion.mentor
    cache = mentor.cache if mentor else None
    return {
        "cache": type(cache).__name__ if cache is not None else None,
        "database": settings.database_url.split(":", 1)[0] if settings.database_url else None,
        "redis": settings.redis_url is not None,
        "generator": settings.generator_model if mentor and mentor.generator else None,
        "auth": "open" if ion.keys.open else "api keys",
        "admin_routes": ion.keys.admin_enabled,
        "rate_limit": ion.limiter.description if ion.limiter else None,
        "rate_limit_shared": bool(ion.limiter and ion.limiter.shared),
        "max_body_bytes": settings.max_body_bytes,
        "max_bulk_body_bytes": settings.max_bulk_body_bytes,
        "max_text_chars": settings.max_text_chars,
        "sentry": ion.sentry,
    }


async def status(request: Request) -> Response:
    ion = server_state(request)
    mentor = ion.require_mentor()
    return _ok(
        request,
        {
            "service": "ion-mentoring",
            "version": __version__,
            "versions": dict(mentor.versions),
            "instance": ion.settings.instance_name,
            "started_at": ion.stats.started_at,
            "uptime_s": round(time.time() - ion.stats.started, 3),
            "embedded_defaults": ion.settings.is_embedded_default(),
            "configuration": _configuration(ion),
        },
    )


async def stats(request: Request) -> Response:
    ion = server_state(request)
    mentor = ion.require_mentor()
    data = ion.stats.to_dict(mentor.personas.names)
    store_report = None
    if mentor.store is not None:
        since = datetime.fromtimestamp(ion.stats.started, UTC)
        try:
            report = await asyncio.to_thread(mentor.store.report, since=since)
            store_report = report.to_dict()
        except Exception as exc:
            log.warning("store report failed: %s", exc)
    data["store"] = store_report
    return _ok(request, data)


async def cache_stats(request: Request) -> Response:
    mentor = server_state(request).require_mentor()
    cache = mentor.cache
    writer = mentor.record_writer
    health = await asyncio.to_thread(cache.health) if cache is not None else None
    return _ok(
        request,
        {
            "enabled": cache is not None,
            "stats": cache.stats().to_dict() if cache is not None else None,
            "health": health.to_dict() if health is not None else None,
            "record_writer": writer.stats().to_dict() if writer is not None else None,
        },
    )


def _require_admin(request: Request) -> None:
    ion = server_state(request)
    if not ion.keys.admin_enabled:
        raise ApiError(
            403,
            "admin_disabled",
            "admin routes are disabled: no admin key is configured (set ION_MENTORING_ADMIN_KEYS)",
        )
    role = request.state.role
    if role == "anonymous":
        raise ApiError(
            401,
            "unauthorized",
            "this route needs an admin key: send 'Authorization: Bearer <key>' or "
            "'X-API-Key: <key>'",
            headers={"WWW-Authenticate": 'Bearer realm="ion-mentoring"'},
        )
    if role != "admin":
        raise ApiError(403, "forbidden", "this route needs an admin key; yours is not one")


async def cache_clear(request: Request) -> Response:
    _require_admin(request)
    mentor = server_state(request).require_mentor()
    if mentor.cache is not None:
        await mentor.cache.aclear()
        log.info("cache cleared by an admin (request %s)", request.state.request_id)
    return _ok(request, {"cleared": mentor.cache is not None})


async def cache_invalidate(request: Request) -> Response:
    _require_admin(request)
    mentor = server_state(request).require_mentor()
    prefix = request.query_params.get("prefix", "")
    if not prefix:
        raise ApiError(
            422,
            "missing_field",
            "query parameter 'prefix' is required (e.g. 'process:' or 'analysis:')",
            field="prefix",
        )
    deleted = await mentor.cache.adelete_prefix(prefix) if mentor.cache is not None else 0
    log.info("cache prefix %r invalidated by an admin: %d entries", prefix, deleted)
    return _ok(request, {"prefix": prefix, "deleted": deleted})


def operations() -> list[Operation]:
    """Every v2 route, in documentation order."""
    p = PREFIX
    name = Parameter("name", "path", "Persona name (case-insensitive).")
    prefix = Parameter(
        "prefix",
        "query",
        "Cache key prefix to delete, e.g. `process:` or `analysis:`.",
        schema={"type": "string", "minLength": 1},
    )
    return [
        Operation("POST", f"{p}/process", process, "process", "Process one message",
                  s.ProcessResponse, s.ProcessRequest, errors=(502,)),
        Operation("POST", f"{p}/recommend", recommend, "recommend",
                  "Recommend a persona for a scenario", s.RecommendResponse, s.RecommendRequest),
        Operation("POST", f"{p}/bulk-process", bulk_process, "bulk_process",
                  "Process up to 100 messages", s.BulkResponse, s.BulkRequest),
        Operation("POST", f"{p}/chat/multi-persona", multi_persona, "multi_persona",
                  "Plan and run a multi-persona chain", s.MultiPersonaResponse,
                  s.MultiPersonaRequest, errors=(502,)),
        Operation("GET", f"{p}/personas", personas, "list_personas", "List personas",
                  s.PersonaListResponse),
        Operation("GET", f"{p}/personas/{{name}}", persona_detail, "get_persona",
                  "One persona with texts, affinities and capabilities", s.PersonaDetail,
                  errors=(404,), parameters=(name,)),
        Operation("GET", f"{p}/keys", keys, "list_keys", "The 216-key routing table",
                  s.KeysResponse),
        Operation("GET", f"{p}/health", health, "health", "Health of the service and each "
                  "dependency", s.HealthResponse, public=True, response_codes=(200, 503)),
        Operation("GET", f"{p}/status", status, "status", "Version and configuration",
                  s.StatusResponse),
        Operation("GET", f"{p}/stats", stats, "stats", "Statistics of this instance since start",
                  s.StatsResponse),
        Operation("GET", f"{p}/cache-stats", cache_stats, "cache_stats", "Cache statistics",
                  s.CacheStatsResponse),
        Operation("POST", f"{p}/cache/clear", cache_clear, "cache_clear",
                  "Clear the cache (admin)", s.CacheClearResponse, admin=True),
        Operation("POST", f"{p}/cache/invalidate", cache_invalidate, "cache_invalidate",
                  "Delete cache entries by key prefix (admin)", s.CacheInvalidateResponse,
                  admin=True, parameters=(prefix,), errors=(422,)),
    ]  # fmt: skip
