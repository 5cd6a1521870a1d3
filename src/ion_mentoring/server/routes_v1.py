"""Legacy v1: `POST /chat` `{message, user_id}` → `{content, persona_used, resonance_key,
confidence, metadata}`, as the replaced service answered.

`content` is the generated reply, or the rendered prompt when no generator is configured.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from . import schemas as s
from .errors import JSONBytesResponse
from .openapi import Operation
from .state import server_state

__all__ = ["operations"]


async def chat(request: Request) -> Response:
    ion = server_state(request)
    item = await ion.read(request, s.LegacyChatRequest)
    result, _ = await ion.process(s.ProcessRequest(text=item.message, include_metadata=False))
    decision = result.decision
    body = {
        "content": result.content if result.content is not None else result.prompt.render(),
        "persona_used": decision.primary,
        "resonance_key": str(decision.key),
        "confidence": decision.confidence,
        "metadata": {
            "user_id": item.user_id,
            "secondary_persona": decision.secondary,
            "scores": dict(decision.scores),
            "reasoning": decision.reason,
            "language": result.prompt.language,
            "generated": result.content is not None,
            "cache_tier": result.cache,
            "execution_time_ms": round(result.timings.total_ms, 4),
            "request_id": request.state.request_id,
            "api_version": "v1",
        },
    }
    return JSONBytesResponse(body)


def operations() -> list[Operation]:
    return [
        Operation(
            "POST",
            "/chat",
            chat,
            "legacy_chat",
            "Legacy v1 chat",
            s.LegacyChatResponse,
            s.LegacyChatRequest,
            tag="v1",
            errors=(502,),
        )
    ]
