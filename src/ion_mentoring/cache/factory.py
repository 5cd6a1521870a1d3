"""`make_cache`: build a cache backend from a URL.

Syntax (query parameters are optional):

- `""`, `none://` — no cache (`NullCache`).
- `memory://?maxsize=10000&ttl=60` — in-process only (`MemoryCache`).
- `redis://[user:password@]host:port/db?ttl=3600&namespace=ion&timeout=0.5&max_connections=64`
  (also `rediss://` for TLS and `unix:///path/redis.sock?db=0`) — Redis only (`RedisCache`).
- `memory+redis://host:port/db?ttl=3600&l1_ttl=60&l1_maxsize=10000` — tiered: L1 in
  process, L2 in Redis (`TieredCache`); `memory+rediss://` and `memory+unix://` too. With
  no host (`memory+redis://`) the L2 is `redis_url` (`ION_MENTORING_REDIS_URL`).
- `tiered://?l1=memory://...&l2=redis://...` — the same, naming each tier by its own URL
  (percent-encode `&` inside a nested URL); without `l2`, `redis_url` is used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from ..exceptions import CacheError
from ._checks import L1_MAX_TTL
from ._protocol import CacheBackend, Codec
from ._urls import REDIS_SCHEMES, redact
from .memory import MemoryCache
from .null import NullCache
from .tiered import TieredCache

if TYPE_CHECKING:
    from .redis_backend import RedisCache

__all__ = ["CACHE_SCHEMES", "make_cache"]

CACHE_SCHEMES = (
    "none",
    "memory",
    *REDIS_SCHEMES,
    *(f"memory+{scheme}" for scheme in REDIS_SCHEMES),
    "tiered",
)

_MEMORY_PARAMS = {"maxsize": "maxsize", "ttl": "ttl"}
_REDIS_PARAMS = {
    "ttl": "ttl",
    "namespace": "namespace",
    "timeout": "timeout",
    "socket_timeout": "socket_timeout",
    "connect_timeout": "connect_timeout",
    "socket_connect_timeout": "connect_timeout",
    "max_connections": "max_connections",
    "db": "db",
}
_TIERED_L1_PARAMS = {"l1_ttl": "ttl", "l1_maxsize": "maxsize"}
"""Parameters of `memory+redis://` URLs that configure the L1 (name → MemoryCache argument)."""


def make_cache(
    url: str | None = None, *, redis_url: str | None = None, codec: Codec | None = None
) -> CacheBackend:
    """Build the cache a URL describes (see the module docstring for the syntax).

    With `url=None` the URL comes from `ION_MENTORING_CACHE_URL` (and `redis_url` from
    `ION_MENTORING_REDIS_URL`) through `Settings.from_env()`. `codec` encodes L2 values.
    An invalid URL raises `CacheError` naming the problem and the allowed schemes or
    parameters; an unreachable Redis does not raise (the cache reports it instead).
    """
    if url is None:
        from ..settings import Settings

        settings = Settings.from_env()
        url = settings.cache_url
        redis_url = redis_url or settings.redis_url
    url = url.strip()
    if url in ("", "none", "none://"):
        return NullCache()
    if "://" not in url:
        raise CacheError(_scheme_message(url))
    try:
        return _dispatch(url, redis_url, codec)
    except ValueError as exc:  # urllib's own complaints about a malformed URL
        raise CacheError(f"invalid cache URL {redact(url)!r}: {exc}") from exc


def _dispatch(url: str, redis_url: str | None, codec: Codec | None) -> CacheBackend:
    scheme = url.split("://", 1)[0].lower()
    if scheme == "memory":
        return _memory(url)
    if scheme in REDIS_SCHEMES:
        return _redis(url, codec)
    if scheme.startswith("memory+") and scheme[len("memory+") :] in REDIS_SCHEMES:
        return _memory_plus_redis(url, redis_url, codec)
    if scheme == "tiered":
        return _tiered(url, redis_url, codec)
    raise CacheError(_scheme_message(url))


def _scheme_message(url: str) -> str:
    return (
        f"unsupported cache URL {redact(url)!r}; allowed schemes: "
        + ", ".join(f"{scheme}://" for scheme in CACHE_SCHEMES)
        + ' (or "" for no cache)'
    )


def _query(url: str, allowed: dict[str, str], *, passthrough: str = "") -> dict[str, str]:
    """Parse the query string: known parameters by their target name, or CacheError."""
    out: dict[str, str] = {}
    for name, values in parse_qs(urlsplit(url).query, keep_blank_values=True).items():
        if passthrough and name.startswith(passthrough):
            continue
        if name not in allowed:
            names = ", ".join(sorted(allowed))
            raise CacheError(
                f"unknown cache URL parameter {name!r} in {redact(url)!r}; allowed: {names}"
            )
        if len(values) != 1:
            raise CacheError(f"cache URL parameter {name!r} given more than once")
        out[allowed[name]] = values[0]
    return out


def _number(name: str, raw: str, kind: Callable[[str], Any] = float) -> Any:
    try:
        return kind(raw)
    except ValueError:
        expected = "an integer" if kind is int else "a number"
        raise CacheError(f"cache URL parameter {name} must be {expected}, got {raw!r}") from None


def _memory_kwargs(params: dict[str, str]) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if "maxsize" in params:
        kwargs["maxsize"] = _number("maxsize", params["maxsize"], int)
    if "ttl" in params:
        kwargs["ttl"] = _number("ttl", params["ttl"])
    return kwargs


def _memory(url: str) -> MemoryCache:
    parts = urlsplit(url)
    if parts.netloc or parts.path not in ("", "/"):
        raise CacheError(f"memory:// takes no host or path, got {url!r}; use memory://?maxsize=N")
    return MemoryCache(**_memory_kwargs(_query(url, _MEMORY_PARAMS)))


def _split_redis(url: str, *, tiered: bool = False) -> tuple[str, dict[str, Any], dict[str, str]]:
    """Split a Redis cache URL into (URL for redis-py, RedisCache kwargs, L1 parameters)."""
    allowed = dict(_REDIS_PARAMS)
    if tiered:
        allowed.update((name, name) for name in _TIERED_L1_PARAMS)
    params = _query(url, allowed, passthrough="ssl_")
    kwargs: dict[str, Any] = {}
    if "ttl" in params:
        kwargs["ttl"] = _number("ttl", params["ttl"])
    if "namespace" in params:
        kwargs["namespace"] = params["namespace"]
    if "timeout" in params:
        timeout = _number("timeout", params["timeout"])
        kwargs["socket_timeout"] = kwargs["connect_timeout"] = timeout
    for name in ("socket_timeout", "connect_timeout"):
        if name in params:
            kwargs[name] = _number(name, params[name])
    if "max_connections" in params:
        kwargs["max_connections"] = _number("max_connections", params["max_connections"], int)
    l1 = {target: params[name] for name, target in _TIERED_L1_PARAMS.items() if name in params}
    parts = urlsplit(url)
    kept = [
        (name, value)
        for name, values in parse_qs(parts.query, keep_blank_values=True).items()
        for value in values
        if name.startswith("ssl_") or name == "db"
    ]
    return urlunsplit(parts._replace(query=urlencode(kept))), kwargs, l1


def _redis_class() -> type[RedisCache]:
    try:
        from .redis_backend import RedisCache
    except ImportError as exc:
        raise CacheError(
            "Redis cache URLs need the redis client: pip install 'ion-mentoring[redis]'"
        ) from exc
    return RedisCache


def _redis(url: str, codec: Codec | None) -> RedisCache:
    clean, kwargs, _ = _split_redis(url)
    return _redis_class()(clean, codec=codec, **kwargs)


def _memory_plus_redis(url: str, redis_url: str | None, codec: Codec | None) -> TieredCache:
    parts = urlsplit(url)
    clean, kwargs, l1_params = _split_redis(url, tiered=True)
    l1 = _tiered_l1(l1_params)
    if not parts.netloc and parts.path in ("", "/") and redis_url:
        base = urlsplit(redis_url)
        clean = urlunsplit(base._replace(query=urlsplit(clean).query or base.query))
    else:
        clean = parts.scheme.lower()[len("memory+") :] + clean[len(parts.scheme) :]
    return TieredCache(l1, _redis_class()(clean, codec=codec, **kwargs))


def _tiered_l1(params: dict[str, str]) -> MemoryCache:
    kwargs = _memory_kwargs(params)
    kwargs.setdefault("ttl", L1_MAX_TTL)
    return MemoryCache(**kwargs)


def _tiered(url: str, redis_url: str | None, codec: Codec | None) -> TieredCache:
    parts = urlsplit(url)
    if parts.netloc or parts.path not in ("", "/"):
        raise CacheError(f"tiered:// takes only ?l1=...&l2=..., got {redact(url)!r}")
    params = _query(url, {"l1": "l1", "l2": "l2"})
    l1_url = params.get("l1", "memory://")
    if not l1_url.startswith("memory://"):
        raise CacheError(f"the L1 of a tiered cache must be a memory:// URL, got {l1_url!r}")
    l1 = _tiered_l1(_query(l1_url, _MEMORY_PARAMS))
    if urlsplit(l1_url).netloc:
        raise CacheError(f"memory:// takes no host or path, got {l1_url!r}")
    l2_url = params.get("l2") or redis_url
    if not l2_url:
        raise CacheError(
            "a tiered cache needs an L2 Redis URL: tiered://?l2=redis://host:port/db "
            "or ION_MENTORING_REDIS_URL"
        )
    l2 = make_cache(l2_url, codec=codec)
    if not isinstance(l2, _redis_class()):
        raise CacheError(f"the L2 of a tiered cache must be a Redis URL, got {redact(l2_url)!r}")
    return TieredCache(l1, l2)
