"""What the routes share: settings, the Mentor, statistics, and how one message is processed."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import msgspec
from starlette.requests import Request

from ..exceptions import (
    ConfigurationError,
    GenerationError,
    InvalidKeyError,
    UnknownPersonaError,
)
from ..settings import Settings
from .auth import KeyRing
from .errors import ApiError
from .observability import tag_request
from .ratelimit import RateLimiter
from .schemas import KeyParts, ProcessRequest, encode
from .stats import ServerStats
from .validation import decode_body, read_body

if TYPE_CHECKING:
    from ..mentor import Mentor, MentorResponse

__all__ = ["ServerState", "server_state"]

S = TypeVar("S", bound=msgspec.Struct)

_FRAGMENTS_MAX = 1024
_FRAGMENT_MAX_BYTES = 32 * 1024
"""Larger results are encoded per request rather than kept (bounds memory to ~32 MiB)."""


@attrs.frozen
class _Encoded:
    """The JSON of one result's parts, and the objects it was made from."""

    prompt: object
    decision: object
    analysis: object
    resonance_key: str
    routing: msgspec.Raw
    analysis_json: msgspec.Raw | None
    prompt_json: msgspec.Raw


class _Fragments:
    """Encoded JSON of the routing, analysis and prompt parts of recent results.

    A cache hit in the in-process tier returns the same objects, so their JSON is encoded
    once and reused (by identity; entries hold the objects so their ids stay unique).
    """

    def __init__(self) -> None:
        self._entries: dict[int, _Encoded] = {}

    def get(self, result: MentorResponse) -> _Encoded:
        prompt, decision, analysis = result.prompt, result.decision, result.analysis
        entry = self._entries.get(id(prompt))
        if (
            entry is not None
            and entry.prompt is prompt
            and entry.decision is decision
            and entry.analysis is analysis
        ):
            return entry
        entry = _Encoded(
            prompt,
            decision,
            analysis,
            str(decision.key),
            msgspec.Raw(encode(decision.to_dict())),
            msgspec.Raw(encode(analysis.to_dict())) if analysis else None,
            msgspec.Raw(encode(prompt.to_dict())),
        )
        size = len(entry.routing) + len(entry.prompt_json) + len(entry.analysis_json or b"")
        if size <= _FRAGMENT_MAX_BYTES:
            if len(self._entries) >= _FRAGMENTS_MAX:
                self._entries.clear()
            self._entries[id(prompt)] = entry
        return entry


class ServerState:
    """Created by `create_app`; the lifespan fills in `mentor` and the key table."""

    def __init__(
        self,
        settings: Settings,
        keys: KeyRing,
        limiter: RateLimiter | None,
        mentor: Mentor | None = None,
    ) -> None:
        self.settings = settings
        self.keys = keys
        self.limiter = limiter
        self.mentor = mentor
        self.owns_mentor = mentor is None
        self.stats = ServerStats(settings.instance_name)
        self.ready = False
        self.key_rows: list[dict[str, Any]] = []
        self.openapi: bytes = b""
        self.sentry = False
        self._fragments = _Fragments()

    async def read(self, request: Request, schema: type[S]) -> S:
        """The request body decoded into `schema` (errors as in `decode_body`)."""
        body = await read_body(request)
        return decode_body(body, schema, max_text_chars=self.settings.max_text_chars)

    def require_mentor(self) -> Mentor:
        if self.mentor is None or not self.ready:
            raise ApiError(503, "unavailable", "the service is starting or stopping; retry shortly")
        return self.mentor

    async def process(
        self, request: ProcessRequest, *, history: list[dict[str, str]] | None = None
    ) -> tuple[MentorResponse, dict[str, Any]]:
        """Process one message; returns the Mentor response and the `ProcessResult` data."""
        mentor = self.require_mentor()
        key = request.resonance_key
        if isinstance(key, KeyParts):
            key = f"{key.tone.value}-{key.pace.value}-{key.intent.value}"
        if history is None and request.context is not None:
            turns = request.context.message_history
            history = [{"role": m.role, "content": m.content} for m in turns]
        generating = mentor.generator is not None
        try:
            result = await mentor.aprocess(
                request.text,
                key=key,
                persona=request.persona,
                history=history,
                session_id=request.session_id,
                language=request.language,
                mode=request.prompt_mode,
                use_cache=request.use_cache,
            )
        except UnknownPersonaError as exc:
            raise ApiError(422, "unknown_persona", str(exc), field="$.persona") from None
        except InvalidKeyError as exc:
            raise ApiError(422, "invalid_value", str(exc), field="$.resonance_key") from None
        except ConfigurationError as exc:
            raise ApiError(422, "invalid_value", str(exc)) from None
        except GenerationError:
            if generating:
                self.stats.record_generation(False)
            raise ApiError(
                502, "generation_failed", "the reply generator failed; retry later"
            ) from None
        except Exception:
            if generating:
                self.stats.record_generation(False)
            raise
        if generating:
            self.stats.record_generation(True)
        timings = result.timings
        parts = self._fragments.get(result)
        self.stats.record_processed(result.persona, result.cache, timings.total_ms)
        if self.sentry:
            tag_request(result.persona, parts.resonance_key)
        meta = request.include_metadata
        data = {
            "persona": result.persona,
            "resonance_key": parts.resonance_key,
            "confidence": result.decision.confidence,
            "content": result.content,
            "routing": parts.routing if meta else None,
            "analysis": parts.analysis_json if meta else None,
            "prompt": parts.prompt_json,
            "performance": {
                "execution_time_ms": round(timings.total_ms, 4),
                "cache_tier": result.cache,
                "timings": timings.to_dict(),
            },
            "session_id": result.session_id,
        }
        return result, data

    async def run_in_thread_if_generating(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        """Run short CPU work inline; calls that may hit the generator go to a thread."""
        mentor = self.require_mentor()
        if mentor.generator is None:
            return func(*args, **kwargs)
        return await asyncio.to_thread(func, *args, **kwargs)


def server_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.ion
    return state
