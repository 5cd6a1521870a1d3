"""Health: each dependency `ok`, `degraded` or `down`; the service is `down` (503) only
when it cannot answer at all (not started, or shutting down).

A cache or database outage degrades the service (it computes without the cache, and
routing records wait in the writer's buffer) but does not stop it answering.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .state import ServerState

__all__ = ["check_health"]

State = Literal["ok", "degraded", "down"]


def _dep(state: State, detail: str, info: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"state": state, "detail": detail, "info": info}


async def _cache(ion: ServerState) -> dict[str, Any]:
    cache = ion.mentor.cache if ion.mentor else None
    if cache is None:
        return _dep("ok", "no cache configured")
    health = await asyncio.to_thread(cache.health)
    tiers = health.to_dict()["tiers"]
    if health.state == "ok":
        return _dep("ok", "cache answering", tiers)
    return _dep("degraded", "cache tier unavailable; computing without it", tiers)


async def _database(ion: ServerState) -> dict[str, Any]:
    mentor = ion.mentor
    store = mentor.store if mentor else None
    if store is None:
        return _dep("ok", "no database configured")
    writer = mentor.record_writer if mentor else None
    info = writer.stats().to_dict() if writer is not None else None
    if await asyncio.to_thread(store.ping):
        return _dep("ok", "database answering", info)
    return _dep("down", "database unreachable; routing records are buffered", info)


def _generator(ion: ServerState) -> dict[str, Any]:
    mentor = ion.mentor
    if mentor is None or mentor.generator is None:
        return _dep("ok", "no generator configured; responses carry the prompt")
    info = {"failures": ion.stats.generator_failures}
    if ion.stats.generator_last_failed:
        return _dep("degraded", "the last generation failed", info)
    return _dep("ok", "generator configured", info)


async def _rate_limit(ion: ServerState) -> dict[str, Any]:
    limiter = ion.limiter
    if limiter is None:
        return _dep("ok", "rate limiting off")
    info = {"failures": limiter.failures, "shared": limiter.shared}
    if limiter.shared and not await limiter.check():
        return _dep("degraded", "rate limit storage unreachable; requests are let through", info)
    return _dep("ok", f"{limiter.description} per key or client IP", info)


async def check_health(ion: ServerState) -> tuple[State, dict[str, dict[str, Any]]]:
    """The overall state and one entry per dependency."""
    if ion.mentor is None or not ion.ready:
        return "down", {"service": _dep("down", "not started or shutting down")}
    cache, database, rate_limit = await asyncio.gather(
        _cache(ion), _database(ion), _rate_limit(ion)
    )
    deps = {
        "cache": cache,
        "database": database,
        "generator": _generator(ion),
        "rate_limit": rate_limit,
    }
    overall: State = "ok" if all(d["state"] == "ok" for d in deps.values()) else "degraded"
    return overall, deps
