"""The `Mentor` facade: analyze → route → build the prompt → (generate), with optional cache,
store and record writer at the edges.

The pure part (analysis, routing, prompt) is what the cache holds; generated replies are not
cached, so a configured generator is called for every message. Session history comes from the
store when a `session_id` is given (an explicit `history` argument takes precedence).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from ._codec import CachedResult, MentorCodec
from ._version import __version__
from .analysis import ANALYZER_VERSION, Analysis, Analyzer
from .cache.keys import KeyMaker
from .exceptions import ConfigurationError
from .generation import AsyncGenerator, Generator
from .keys import ResonanceKey, parse_key
from .personas import PersonaRegistry, default_personas
from .prompts import ChatMessage, Prompt, PromptBuilder, PromptMode, resolve_language
from .routing import (
    MergeStrategy,
    PersonaChain,
    Recommendation,
    Router,
    RoutingDecision,
    RoutingSettings,
    merge_replies,
    plan_chain,
    recommend,
)
from .settings import Settings

if TYPE_CHECKING:
    from .cache import CacheBackend, CacheTier
    from .store import RecordWriter, SessionState, Store

__all__ = ["Mentor", "MentorResponse", "MultiPersonaResponse", "Timings"]

log = logging.getLogger("ion_mentoring")

HISTORY_LIMIT = 50
"""Most recent stored messages loaded for a session (the prompt budget trims further)."""


@attrs.frozen
class Timings:
    """Milliseconds spent per stage; stages skipped (cache hit, no generator) are 0."""

    analysis_ms: float = 0.0
    routing_ms: float = 0.0
    prompt_ms: float = 0.0
    generation_ms: float = 0.0
    total_ms: float = 0.0

    def to_dict(self) -> dict[str, float]:
        return {
            "analysis_ms": round(self.analysis_ms, 4),
            "routing_ms": round(self.routing_ms, 4),
            "prompt_ms": round(self.prompt_ms, 4),
            "generation_ms": round(self.generation_ms, 4),
            "total_ms": round(self.total_ms, 4),
        }


@attrs.frozen
class MentorResponse:
    """The result of `Mentor.process`."""

    analysis: Analysis | None
    """None when the caller gave an explicit key and no text."""
    decision: RoutingDecision
    prompt: Prompt
    content: str | None
    """The generated reply, or None without a generator."""
    cache: CacheTier
    timings: Timings
    session_id: str | None = None

    @property
    def persona(self) -> str:
        return self.decision.primary

    @property
    def key(self) -> ResonanceKey:
        return self.decision.key

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types."""
        return {
            "persona": self.decision.primary,
            "resonance_key": str(self.decision.key),
            "confidence": self.decision.confidence,
            "content": self.content,
            "analysis": self.analysis.to_dict() if self.analysis else None,
            "routing": self.decision.to_dict(),
            "prompt": self.prompt.to_dict(),
            "cache": self.cache,
            "timings": self.timings.to_dict(),
            "session_id": self.session_id,
        }


@attrs.frozen
class MultiPersonaResponse:
    """A chain of personas for one message: each step's prompt and reply, and the merge."""

    analysis: Analysis
    decision: RoutingDecision
    chain: PersonaChain
    prompts: tuple[Prompt, ...]
    replies: tuple[str | None, ...]
    content: str | None
    """Merged reply, or None without a generator."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "chain": self.chain.to_dict(),
            "resonance_key": str(self.decision.key),
            "routing": self.decision.to_dict(),
            "analysis": self.analysis.to_dict(),
            "steps": [
                {"persona": p.persona, "prompt": p.to_dict(), "content": reply}
                for p, reply in zip(self.prompts, self.replies, strict=True)
            ],
            "content": self.content,
        }


class _Request(NamedTuple):
    """Normalized inputs of one `process` call (a named tuple: built once per message)."""

    text: str
    key: ResonanceKey | None
    persona: str | None
    language: str | None
    mode: PromptMode
    history: tuple[ChatMessage, ...]
    summary: str | None
    current_persona: str | None
    session_id: str | None


class Mentor:
    """Composes analyzer, router and prompt builder, plus optional cache, store, record
    writer and generator. Thread-safe for concurrent `process` calls."""

    def __init__(
        self,
        *,
        personas: PersonaRegistry | None = None,
        routing: RoutingSettings | None = None,
        analyzer: Analyzer | None = None,
        prompt_builder: PromptBuilder | None = None,
        cache: CacheBackend | None = None,
        store: Store | None = None,
        record_writer: RecordWriter | None = None,
        generator: Generator | AsyncGenerator | None = None,
        instance_name: str = "local",
    ) -> None:
        self.personas = personas or default_personas()
        self.router = Router(self.personas, routing)
        self.analyzer = analyzer or Analyzer()
        self.prompt_builder = prompt_builder or PromptBuilder(self.personas)
        self.cache = cache
        self.store = store
        self.record_writer = record_writer
        self.generator = generator
        self.instance_name = instance_name
        self.versions: Mapping[str, str] = {
            "library": __version__,
            "analyzer": ANALYZER_VERSION,
            "personas": self.personas.version,
            "routing": self.router.table_version,
        }
        self._analysis_keys = KeyMaker("analysis", self.versions)
        self._process_keys = KeyMaker("process", self.versions)

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **kwargs: Any) -> Mentor:
        """Build a Mentor with the cache, store, writer and generator the settings name."""
        settings = settings or Settings.from_env()
        if "cache" not in kwargs and settings.cache_url:
            from .cache import make_cache

            kwargs["cache"] = make_cache(
                settings.cache_url, redis_url=settings.redis_url, codec=MentorCodec()
            )
        if "store" not in kwargs and settings.database_url:
            from .store import Store

            store = Store(settings.database_url)
            store.migrate()
            kwargs["store"] = store
            if "record_writer" not in kwargs:
                kwargs["record_writer"] = _record_writer(settings, store)
        if "generator" not in kwargs and settings.generator_url:
            from .generation import OpenAICompatibleGenerator

            kwargs["generator"] = OpenAICompatibleGenerator(
                settings.generator_url,
                settings.generator_model,
                api_key=settings.generator_api_key,
                timeout=settings.generator_timeout,
            )
        kwargs.setdefault("instance_name", settings.instance_name)
        mentor = cls(**kwargs)
        if mentor.store is not None:
            mentor.store.sync_keys(mentor.router)
        return mentor

    # -- pure building blocks -------------------------------------------------------------

    def analyze(self, text: str) -> Analysis:
        """Analyze a message (cached when a cache is configured)."""
        if self.cache is None:
            return self.analyzer.analyze(text)
        key = self._analysis_keys({"text": text})
        value, _tier = self.cache.get_or_compute(key, lambda: self.analyzer.analyze(text))
        return value

    def route(
        self,
        key: ResonanceKey | str,
        *,
        topic: Mapping[str, float] | None = None,
        current_persona: str | None = None,
        force: str | None = None,
    ) -> RoutingDecision:
        return self.router.route(key, topic=topic, current_persona=current_persona, force=force)

    def recommend(self, scenario: str) -> Recommendation:
        """Recommend a persona for a free-text scenario description."""
        analysis = self.analyzer.analyze(scenario)
        decision = self.router.route(analysis.key, topic=analysis.topic)
        return recommend(decision, self.personas.get(decision.primary))

    # -- processing -------------------------------------------------------------------------

    def process(
        self,
        text: str = "",
        *,
        key: ResonanceKey | str | None = None,
        persona: str | None = None,
        history: Sequence[ChatMessage | Mapping[str, Any]] | None = None,
        session_id: str | None = None,
        language: str | None = None,
        mode: PromptMode = "full",
        use_cache: bool = True,
    ) -> MentorResponse:
        """Analyze, route and build the prompt for one message; generate when configured."""
        started = time.perf_counter()
        state = (
            self.store.load_session(session_id, limit=HISTORY_LIMIT)
            if (self.store is not None and session_id)
            else None
        )
        request = self._request(text, key, persona, history, session_id, language, mode, state)
        result, tier, stages = self._cached_core(request, use_cache)
        content = None
        generation_ms = 0.0
        if self.generator is not None:
            t = time.perf_counter()
            content = self._generate_sync(result.prompt.messages)
            generation_ms = (time.perf_counter() - t) * 1000
        if self.store is not None and session_id:
            self._save_turn(request, result, content)
        return self._finish(request, result, tier, stages, content, generation_ms, started)

    async def aprocess(
        self,
        text: str = "",
        *,
        key: ResonanceKey | str | None = None,
        persona: str | None = None,
        history: Sequence[ChatMessage | Mapping[str, Any]] | None = None,
        session_id: str | None = None,
        language: str | None = None,
        mode: PromptMode = "full",
        use_cache: bool = True,
    ) -> MentorResponse:
        """Async `process`: store and generator I/O are awaited or run in a thread."""
        started = time.perf_counter()
        state = None
        if self.store is not None and session_id:
            store = self.store
            state = await asyncio.to_thread(
                lambda: store.load_session(session_id, limit=HISTORY_LIMIT)
            )
        request = self._request(text, key, persona, history, session_id, language, mode, state)
        stages: list[float] = []
        if self.cache is not None and use_cache:
            result, tier = await self.cache.aget_or_compute(
                self._cache_key(request), lambda: self._core(request, stages)
            )
        else:
            result, tier = self._core(request, stages), "miss"
        content = None
        generation_ms = 0.0
        if self.generator is not None:
            t = time.perf_counter()
            if isinstance(self.generator, AsyncGenerator):
                content = await self.generator.agenerate(result.prompt.messages)
            else:
                content = await asyncio.to_thread(self._generate_sync, result.prompt.messages)
            generation_ms = (time.perf_counter() - t) * 1000
        if self.store is not None and session_id:
            await asyncio.to_thread(self._save_turn, request, result, content)
        return self._finish(request, result, tier, stages, content, generation_ms, started)

    def process_multi(
        self,
        text: str,
        *,
        force_multi: bool = False,
        mode: str | None = None,
        merge: MergeStrategy | str | None = None,
        language: str | None = None,
        prompt_mode: PromptMode = "full",
    ) -> MultiPersonaResponse:
        """Plan a persona chain for a message spanning domains; build and run each step."""
        analysis = self.analyze(text)
        decision = self.router.route(analysis.key, topic=analysis.topic)
        chain = plan_chain(
            decision,
            analysis.topic,
            self.personas,
            force_multi=force_multi,
            mode=mode,
            merge=merge,
        )
        lang = resolve_language(language, analysis.language)
        prompts: list[Prompt] = []
        replies: list[str | None] = []
        previous: list[ChatMessage] = []
        for step in chain.steps:
            prompt = self.prompt_builder.build(
                text,
                step.persona,
                analysis.key,
                language=lang,
                history=previous,
                mode=prompt_mode,
            )
            reply = self._generate_sync(prompt.messages) if self.generator else None
            prompts.append(prompt)
            replies.append(reply)
            if chain.mode == "sequential" and reply is not None:
                previous = [*previous, ChatMessage("assistant", f"[{step.persona}] {reply}")]
        merged = merge_replies(chain, [r or "" for r in replies]) if self.generator else None
        return MultiPersonaResponse(
            analysis, decision, chain, tuple(prompts), tuple(replies), merged
        )

    def close(self) -> None:
        """Flush the record writer and close cache and store connections."""
        if self.record_writer is not None:
            self.record_writer.close()
        if self.cache is not None:
            self.cache.close()
        if self.store is not None:
            self.store.close()

    # -- internals --------------------------------------------------------------------------

    def _request(
        self,
        text: str,
        key: ResonanceKey | str | None,
        persona: str | None,
        history: Sequence[ChatMessage | Mapping[str, Any]] | None,
        session_id: str | None,
        language: str | None,
        mode: PromptMode,
        state: SessionState | None,
    ) -> _Request:
        if not isinstance(text, str):
            raise ConfigurationError(f"text must be a string, got {type(text).__name__}")
        if isinstance(key, str):
            key = parse_key(key)
        if persona is not None:
            persona = self.personas.get(persona).name
        if language is not None:
            resolve_language(language, None)
        if history is not None:
            turns = tuple(ChatMessage.coerce(m) for m in history)
        elif state is not None:
            turns = tuple(ChatMessage(m.role, m.content) for m in state.history)  # type: ignore[arg-type]
        else:
            turns = ()
        if state is None:
            return _Request(text, key, persona, language, mode, turns, None, None, session_id)
        return _Request(
            text, key, persona, language, mode, turns, state.summary, state.current_persona,
            session_id,
        )  # fmt: skip

    def _cache_key(self, request: _Request) -> str:
        # Every field that changes the result; the request tuple itself, minus the session id
        # (sessions with the same history and summary share results).
        return self._process_keys({"request": request[:-1]})

    def _cached_core(
        self, request: _Request, use_cache: bool
    ) -> tuple[CachedResult, CacheTier, list[float]]:
        stages: list[float] = []
        if self.cache is None or not use_cache:
            return self._core(request, stages), "miss", stages
        result, tier = self.cache.get_or_compute(
            self._cache_key(request), lambda: self._core(request, stages)
        )
        return result, tier, stages

    def _core(self, request: _Request, stages: list[float]) -> CachedResult:
        """The pure pipeline; appends per-stage milliseconds to `stages`."""
        t0 = time.perf_counter()
        analysis = self.analyzer.analyze(request.text) if request.text or not request.key else None
        t1 = time.perf_counter()
        key = request.key or (analysis.key if analysis else parse_key("calm-medium-learning"))
        decision = self.router.route(
            key,
            topic=analysis.topic if analysis else None,
            current_persona=request.current_persona,
            force=request.persona,
        )
        t2 = time.perf_counter()
        language = resolve_language(request.language, analysis.language if analysis else None)
        prompt = self.prompt_builder.build(
            request.text,
            decision.primary,
            key,
            language=language,
            history=request.history,
            summary=request.summary,
            mode=request.mode,
        )
        t3 = time.perf_counter()
        stages.extend(((t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000))
        return CachedResult(analysis, decision, prompt, None)

    def _generate_sync(self, messages: Sequence[ChatMessage]) -> str:
        if isinstance(self.generator, Generator):
            return self.generator.generate(messages)
        if isinstance(self.generator, AsyncGenerator):
            return asyncio.run(self.generator.agenerate(messages))
        raise ConfigurationError("the generator has neither generate() nor agenerate()")

    def _save_turn(self, request: _Request, result: CachedResult, content: str | None) -> None:
        assert self.store is not None
        assert request.session_id
        self.store.append_turn(
            request.session_id,
            user_text=request.text,
            assistant_text=content,
            persona=result.decision.primary,
            summary=result.prompt.summary,
        )

    def _finish(
        self,
        request: _Request,
        result: CachedResult,
        tier: CacheTier,
        stages: list[float],
        content: str | None,
        generation_ms: float,
        started: float,
    ) -> MentorResponse:
        analysis_ms, routing_ms, prompt_ms = stages if len(stages) == 3 else (0.0, 0.0, 0.0)
        total_ms = (time.perf_counter() - started) * 1000
        timings = Timings(analysis_ms, routing_ms, prompt_ms, generation_ms, total_ms)
        response = MentorResponse(
            result.analysis, result.decision, result.prompt, content, tier, timings,
            request.session_id,
        )  # fmt: skip
        if self.record_writer is not None:
            self._record(response, total_ms)
        return response

    def _record(self, response: MentorResponse, latency_ms: float) -> None:
        assert self.record_writer is not None
        decision = response.decision
        self.record_writer.submit_row(
            (
                datetime.now(UTC),
                response.session_id,
                str(decision.key),
                decision.primary,
                decision.secondary,
                decision.confidence,
                latency_ms,
                response.cache,
                self.instance_name,
                response.prompt.language,
            )
        )


def _record_writer(settings: Settings, store: Store) -> RecordWriter:
    """The writer the settings ask for; an in-memory SQLite database cannot be shared with a
    child process, so it always gets the in-process writer."""
    from .store import ProcessSink, RecordWriter

    if settings.record_writer == "process":
        if store.in_memory:
            log.warning("an in-memory SQLite store is written by a thread, not a process")
        else:
            return RecordWriter(ProcessSink(settings.database_url), close_store=True)
    return RecordWriter(store)
