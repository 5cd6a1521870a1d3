"""Request and response schemas (msgspec Structs).

They are the single source of truth: requests are validated against them and the OpenAPI 3.1
document is generated from them (`msgspec.json.schema_components`). Request structs forbid
unknown fields. Strings marked with `TEXT_LIMIT` are capped at the configured
`max_text_chars` (default 8,000); the cap is applied by `validation` and written into the
OpenAPI document as `maxLength`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, Struct

from ..keys import Intent, Pace, Tone

__all__ = [
    "TEXT_LIMIT",
    "BulkItem",
    "BulkItemResult",
    "BulkRequest",
    "BulkResponse",
    "CacheClearResponse",
    "CacheInvalidateResponse",
    "CacheStatsResponse",
    "ErrorDetail",
    "ErrorResponse",
    "HealthResponse",
    "KeysResponse",
    "LegacyChatRequest",
    "LegacyChatResponse",
    "MultiPersonaRequest",
    "MultiPersonaResponse",
    "PersonaDetail",
    "PersonaListResponse",
    "ProcessRequest",
    "ProcessResponse",
    "RecommendRequest",
    "RecommendResponse",
    "StatsResponse",
    "StatusResponse",
]

TEXT_LIMIT = "ion_text_limit"
"""`Meta.extra` marker of strings capped at `Settings.max_text_chars`."""

_TONES = "|".join(t.value for t in Tone)
_PACES = "|".join(p.value for p in Pace)
_INTENTS = "|".join(i.value for i in Intent)

Text = Annotated[str, Meta(extra={TEXT_LIMIT: True}, description="Message text.")]
KeyString = Annotated[
    str,
    Meta(
        pattern=f"^({_TONES})-({_PACES})-({_INTENTS})$",
        description="A resonance key `tone-pace-intent`.",
        examples=["curious-flowing-learning"],
    ),
]
Identifier = Annotated[str, Meta(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._:@-]+$")]
PersonaName = Annotated[str, Meta(min_length=1, max_length=64)]
Language = Literal["ko", "en"]
PromptMode = Literal["full", "summary_light"]
CacheTier = Literal["l1", "l2", "miss"]
HealthState = Literal["ok", "degraded", "down"]


class _Request(Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of request bodies: unknown fields are rejected."""


# -- requests -------------------------------------------------------------------------------


class KeyParts(_Request):
    """A resonance key given by its parts."""

    tone: Tone
    pace: Pace
    intent: Intent


class HistoryMessage(_Request):
    role: Literal["user", "assistant", "system"]
    content: Text


class RequestContext(_Request):
    message_history: Annotated[list[HistoryMessage], Meta(max_length=100)] = []


class ProcessRequest(_Request):
    """Process one message: give `text`, or an explicit `resonance_key`, or both."""

    text: Text = ""
    resonance_key: KeyString | KeyParts | None = None
    persona: PersonaName | None = None
    """Force this persona (case-insensitive)."""
    language: Language | None = None
    prompt_mode: PromptMode = "full"
    session_id: Identifier | None = None
    context: RequestContext | None = None
    use_cache: bool = True
    include_metadata: bool = True
    """False leaves out `analysis` and `routing`."""


class BulkItem(ProcessRequest, kw_only=True):
    id: Identifier | None = None
    """Caller's identifier, echoed in the result."""


class BulkRequest(_Request):
    items: Annotated[list[BulkItem], Meta(min_length=1, max_length=100)]
    parallel: bool = False
    """Process the items concurrently instead of one after another."""


class RecommendRequest(_Request):
    scenario: Annotated[str, Meta(min_length=1, extra={TEXT_LIMIT: True})]


class MultiPersonaRequest(_Request):
    text: Annotated[str, Meta(min_length=1, extra={TEXT_LIMIT: True})]
    force_multi: bool = False
    """Add the routing runner-up when the message spans one domain only."""
    mode: Literal["sequential", "parallel"] | None = None
    merge: Literal["concatenate", "hierarchical", "weighted"] | None = None
    language: Language | None = None
    prompt_mode: PromptMode = "full"


class LegacyChatRequest(_Request):
    message: Text
    user_id: Annotated[str, Meta(max_length=128)] | None = None


# -- response parts -------------------------------------------------------------------------


class ErrorDetail(Struct, kw_only=True):
    code: str
    message: str
    field: str | None = None
    """JSON path of the offending field (`$.items[2].text`), or null."""


class ErrorBody(ErrorDetail, kw_only=True):
    details: list[ErrorDetail] | None = None
    """Every problem found (422 lists all invalid fields)."""


class ErrorResponse(Struct, kw_only=True):
    success: Literal[False]
    error: ErrorBody
    request_id: str
    timestamp: str


class Rhythm(Struct, kw_only=True):
    sentence_count: int
    avg_sentence_length: float
    punctuation_density: float
    question_ratio: float
    exclamation_ratio: float


class Cue(Struct, kw_only=True):
    kind: str
    label: str
    match: str
    weight: float


class AnalysisOut(Struct, kw_only=True):
    resonance_key: str
    language: Literal["ko", "en", "mixed"]
    rhythm: Rhythm
    pace: Pace
    tone: Tone
    tone_confidence: float
    secondary_tone: Tone | None
    intent: Intent
    intent_confidence: float
    topic: dict[str, float]
    cues: list[Cue]
    length: int
    truncated: bool


class Contribution(Struct, kw_only=True):
    tone: float
    pace: float
    intent: float
    topic: float
    total: float


class RoutingOut(Struct, kw_only=True):
    resonance_key: str
    primary: str
    secondary: str | None
    confidence: float
    scores: dict[str, float]
    """Final score of every persona."""
    contributions: dict[str, Contribution]
    ranking: list[str]
    reason: str
    notes: list[str]
    """What changed the plain ranking: a forced persona, hysteresis, a fallback."""
    topic_weight: float
    forced: bool
    fallback: bool
    sticky: bool


class ChatMessage(Struct, kw_only=True):
    role: Literal["system", "user", "assistant"]
    content: str


class PromptOut(Struct, kw_only=True):
    messages: list[ChatMessage]
    persona: str
    resonance_key: str
    language: Language
    mode: PromptMode
    estimated_tokens: int
    history_turns: int
    dropped_turns: int
    summary: str | None


class Timings(Struct, kw_only=True):
    analysis_ms: float
    routing_ms: float
    prompt_ms: float
    generation_ms: float
    total_ms: float


class Performance(Struct, kw_only=True):
    execution_time_ms: float
    cache_tier: CacheTier
    timings: Timings


class ProcessResult(Struct, kw_only=True):
    """The outcome of processing one message."""

    persona: str
    resonance_key: str
    confidence: float
    content: str | None
    """The generated reply, or null without a generator."""
    routing: RoutingOut | None
    analysis: AnalysisOut | None
    prompt: PromptOut
    performance: Performance
    session_id: str | None


class ProcessResponse(ProcessResult, kw_only=True):
    success: Literal[True]
    request_id: str


class BulkItemResult(Struct, kw_only=True):
    index: int
    id: str | None
    success: bool
    result: ProcessResult | None
    error: ErrorDetail | None


class BulkResponse(Struct, kw_only=True):
    success: Literal[True]
    request_id: str
    total: int
    succeeded: int
    failed: int
    parallel: bool
    execution_time_ms: float
    results: list[BulkItemResult]


class Capabilities(Struct, kw_only=True):
    persona: str
    strengths: list[str]
    best_tones: list[str]
    best_paces: list[str]
    best_intents: list[str]


class RecommendResponse(Struct, kw_only=True):
    success: Literal[True]
    request_id: str
    persona: str
    confidence: float
    scores: dict[str, float]
    capabilities: Capabilities
    alternatives: list[str]
    reason: str


class ChainStep(Struct, kw_only=True):
    persona: str
    weight: float
    focus: str


class Chain(Struct, kw_only=True):
    personas: list[str]
    steps: list[ChainStep]
    mode: Literal["sequential", "parallel"]
    merge: Literal["concatenate", "hierarchical", "weighted"]
    reason: str


class ChainStepOut(Struct, kw_only=True):
    persona: str
    prompt: PromptOut
    content: str | None


class MultiPersonaResponse(Struct, kw_only=True):
    success: Literal[True]
    request_id: str
    chain: Chain
    resonance_key: str
    routing: RoutingOut
    analysis: AnalysisOut
    steps: list[ChainStepOut]
    content: str | None


class PersonaSummary(Struct, kw_only=True):
    name: str
    korean_name: str
    role: str
    description: str
    traits: list[str]
    strengths: list[str]
    preferred_tones: list[str]
    prompt_style: str


class PersonaListResponse(Struct, kw_only=True):
    success: Literal[True]
    request_id: str
    count: int
    personas: list[PersonaSummary]


class PromptTexts(Struct, kw_only=True):
    system: str
    user: str


class PersonaDetail(PersonaSummary, kw_only=True):
    success: Literal[True]
    request_id: str
    affinity: dict[str, dict[str, float]]
    prompts: dict[str, PromptTexts]
    capabilities: Capabilities


class KeyRow(Struct, kw_only=True):
    resonance_key: str
    tone: Tone
    pace: Pace
    intent: Intent
    primary: str
    secondary: str | None
    confidence: float
    scores: dict[str, float]


class KeysResponse(Struct, kw_only=True):
    success: Literal[True]
    request_id: str
    count: int
    table_version: str
    keys: list[KeyRow]


class DependencyHealth(Struct, kw_only=True):
    state: HealthState
    detail: str
    info: dict[str, Any] | None = None


class HealthResponse(Struct, kw_only=True):
    success: bool
    request_id: str
    status: HealthState
    """ok, degraded (answering with reduced function) or down (503: cannot answer)."""
    instance: str
    version: str
    dependencies: dict[str, DependencyHealth]


class StatusResponse(Struct, kw_only=True):
    success: Literal[True]
    request_id: str
    service: str
    version: str
    versions: dict[str, str]
    instance: str
    started_at: str
    uptime_s: float
    embedded_defaults: bool
    configuration: dict[str, Any]


class LatencyStats(Struct, kw_only=True):
    count: int
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    max_ms: float | None


class StatsResponse(Struct, kw_only=True):
    success: Literal[True]
    request_id: str
    instance: str
    started_at: str
    uptime_s: float
    requests: int
    errors: int
    """Responses with a 5xx status."""
    client_errors: int
    """Responses with a 4xx status."""
    error_rate: float
    """errors / requests since start."""
    processed: int
    """Messages processed (process, bulk items, legacy chat)."""
    persona_distribution: dict[str, int]
    persona_share: dict[str, float]
    latency: LatencyStats
    """Of processed messages, since start (log-bucketed, within 2 %)."""
    request_latency: LatencyStats
    """Of every request, since start."""
    cache_tiers: dict[str, int]
    store: dict[str, Any] | None
    """Usage report from the store since this instance started (every instance), if any."""


class CacheStatsResponse(Struct, kw_only=True):
    success: Literal[True]
    request_id: str
    enabled: bool
    stats: dict[str, Any] | None
    health: dict[str, Any] | None
    record_writer: dict[str, Any] | None


class CacheClearResponse(Struct, kw_only=True):
    success: Literal[True]
    request_id: str
    cleared: bool


class CacheInvalidateResponse(Struct, kw_only=True):
    success: Literal[True]
    request_id: str
    prefix: str
    deleted: int


class LegacyChatResponse(Struct, kw_only=True):
    content: str
    """The generated reply, or the rendered prompt without a generator."""
    persona_used: str
    resonance_key: str
    confidence: float
    metadata: dict[str, Any]


def encode(obj: Any) -> bytes:
    """Encode a response body."""
    return _ENCODER.encode(obj)


_ENCODER = msgspec.json.Encoder()
