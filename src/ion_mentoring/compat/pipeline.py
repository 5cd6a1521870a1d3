"""The legacy `PersonaPipeline`: routing, prompts and processing through the new core."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..exceptions import ConfigurationError
from ..keys import LenientParse, parse_key_lenient
from ..personas import Language, PersonaRegistry, PromptTexts, default_personas
from ..prompts import resolve_language
from ..routing import Router, RoutingDecision
from ._warnings import warn_deprecated
from .guide import DEPRECATION_NOTICE, MIGRATION_GUIDE
from .models import ChatContext, PersonaConfig, PersonaResponse, RoutingResult
from .personas import LegacyPersona, PromptFactory, lookup_persona

if TYPE_CHECKING:
    from ..generation import AsyncGenerator, Generator
    from ..mentor import Mentor

__all__ = [
    "DEFAULT_TEXT_LANGUAGE",
    "PersonaPipeline",
    "get_legacy_pipeline",
    "get_pipeline",
    "reset_legacy_pipeline",
    "reset_pipeline",
]

DEFAULT_TEXT_LANGUAGE: Language = "ko"
"""Language of persona texts asked for without a message (the legacy service spoke Korean)."""


class PersonaPipeline:
    """The legacy pipeline over a `Mentor` (created on first use unless one is given).

    Routing methods are key-only (a pure function of the key, as in the legacy service) and
    remember routed keys in `_cache`, keyed by canonical key (at most 216 entries). Legacy
    key spellings are read with `parse_key_lenient`; an unknown key routes as
    `calm-medium-learning` and says so in the response metadata.
    """

    def __init__(
        self,
        mentor: Mentor | None = None,
        *,
        personas: PersonaRegistry | None = None,
        generator: Generator | AsyncGenerator | None = None,
        language: Language | None = None,
    ) -> None:
        warn_deprecated("PersonaPipeline")
        if mentor is not None and (personas is not None or generator is not None):
            raise ConfigurationError("pass either a mentor or personas/generator, not both")
        if language not in (None, "ko", "en"):
            raise ConfigurationError(f"unknown language {language!r}; allowed: ko, en")
        self._mentor = mentor
        self._generator = generator
        self._lock = threading.Lock()
        if mentor is not None:
            self.registry: PersonaRegistry = mentor.personas
            self.router: Router = mentor.router
        else:
            self.registry = personas or default_personas()
            self.router = Router(self.registry)
        self.language = language
        self._cache: dict[str, RoutingDecision] = {}

    # -- routing ------------------------------------------------------------------------------

    def _route(self, resonance_key: object) -> tuple[LenientParse, RoutingDecision]:
        parsed = parse_key_lenient(resonance_key)
        canonical = str(parsed.key)
        decision = self._cache.get(canonical)
        if decision is None:
            decision = self.router.route(parsed.key)
            self._cache[canonical] = decision
        return parsed, decision

    def get_persona(self, resonance_key: str) -> str:
        """Name of the persona that answers the key."""
        return self._route(resonance_key)[1].primary

    def get_confidence(self, resonance_key: str) -> float:
        return self._route(resonance_key)[1].confidence

    def get_all_scores(self, resonance_key: str) -> dict[str, float]:
        """Every persona's score for the key."""
        return dict(self._route(resonance_key)[1].scores)

    def get_secondary_persona(self, resonance_key: str) -> str | None:
        return self._route(resonance_key)[1].secondary

    def validate_resonance_key(self, resonance_key: object) -> bool:
        """True for a canonical key or a known legacy spelling of one."""
        return not parse_key_lenient(resonance_key).fallback

    def clear_cache(self) -> None:
        self._cache.clear()

    # -- processing ---------------------------------------------------------------------------

    def process(
        self,
        user_input: str,
        resonance_key: str,
        context: ChatContext | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> PersonaResponse:
        """Route by key, build the persona's prompt and generate when a generator is set.

        Without a generator `content` is the rendered prompt; a failing generator raises
        `GenerationError`. Empty input is processed like any other (an empty message).
        """
        started = time.perf_counter()
        text = user_input if isinstance(user_input, str) else str(user_input or "")
        parsed, decision = self._route(resonance_key)
        result = self.get_new_pipeline().process(
            text,
            key=parsed.key,
            persona=decision.primary,
            history=context.to_chat_messages() if context is not None else None,
            language=self.language,
        )
        info: dict[str, Any] = {
            "routing_result": RoutingResult.from_decision(decision).to_dict(),
            "original_resonance_key": parsed.original,
            "key_mappings": list(parsed.mapped),
            "key_fallback": parsed.fallback,
            "key_problem": parsed.problem,
            "generated": result.content is not None,
            "language": result.prompt.language,
            "messages": result.prompt.to_openai(),
            "estimated_tokens": result.prompt.estimated_tokens,
            "analysis": result.analysis.to_dict() if result.analysis is not None else None,
            "empty_input": not text.strip(),
            "user_provided_metadata": dict(metadata) if metadata else {},
        }
        if context is not None:
            info["user_id"] = context.user_id
            info["session_id"] = context.session_id
        return PersonaResponse(
            content=result.content or result.prompt.render(),
            persona_used=decision.primary,
            resonance_key=str(parsed.key),
            confidence=decision.confidence,
            metadata=info,
            execution_time_ms=(time.perf_counter() - started) * 1000,
        )

    def build_prompt(
        self,
        user_input: str,
        persona: str,
        context: ChatContext | None = None,
        *,
        resonance_key: str | None = None,
    ) -> str:
        """The rendered prompt of `persona` for `user_input`; the key comes from analysis
        unless given, the language follows the input unless the pipeline fixes it."""
        name = lookup_persona(self.registry, persona).name
        mentor = self.get_new_pipeline()
        analysis = mentor.analyze(user_input)
        key = analysis.key if resonance_key is None else parse_key_lenient(resonance_key).key
        prompt = mentor.prompt_builder.build(
            user_input,
            name,
            key,
            language=resolve_language(self.language, analysis.language),
            history=context.to_chat_messages() if context is not None else (),
        )
        return prompt.render()

    # -- personas -----------------------------------------------------------------------------

    def get_system_prompt(self, persona: str, language: Language | None = None) -> str:
        """The persona's system prompt; `ValueError` for an unknown persona."""
        return self._texts(persona, language).system

    def get_user_prompt_template(self, persona: str, language: Language | None = None) -> str:
        """The persona's user template, with `{message}`, `{tone}`, `{pace}`, `{intent}`."""
        return self._texts(persona, language).user

    def _texts(self, persona: str, language: Language | None) -> PromptTexts:
        chosen = language or self.language or DEFAULT_TEXT_LANGUAGE
        return lookup_persona(self.registry, persona).texts(chosen)

    def get_persona_config(self, persona: str) -> dict[str, Any]:
        """name, korean_name, role, description, traits, strengths, preferred_tones."""
        return PersonaConfig.from_persona(lookup_persona(self.registry, persona)).to_dict()

    def get_available_personas(self) -> list[str]:
        return list(self.registry.names)

    # -- introspection ------------------------------------------------------------------------

    def get_statistics(self) -> dict[str, Any]:
        return {
            "cache_size": len(self._cache),
            "cached_keys": sorted(self._cache),
            "available_personas": self.get_available_personas(),
            "total_personas": len(self.registry),
        }

    def get_debug_info(self, resonance_key: str) -> dict[str, Any]:
        """The routing of a key with everything behind it."""
        parsed, decision = self._route(resonance_key)
        return {
            "resonance_key": str(parsed.key),
            "original_resonance_key": parsed.original,
            "key_mappings": list(parsed.mapped),
            "key_fallback": parsed.fallback,
            "primary_persona": decision.primary,
            "secondary_persona": decision.secondary,
            "confidence": decision.confidence,
            "all_scores": dict(decision.scores),
            "ranking": list(decision.ranking),
            "reasoning": decision.reason,
            "timestamp": datetime.now(UTC).isoformat(),
        }

    # -- the new API behind it ----------------------------------------------------------------

    def get_new_pipeline(self) -> Mentor:
        """The `Mentor` doing the work (created on first use)."""
        if self._mentor is None:
            with self._lock:
                if self._mentor is None:
                    from ..mentor import Mentor

                    self._mentor = Mentor(personas=self.registry, generator=self._generator)
        return self._mentor

    def get_router(self) -> Router:
        return self.router

    def get_personas(self) -> dict[str, LegacyPersona]:
        """Persona objects with `generate_system_prompt()`, by name."""
        language = self.language or DEFAULT_TEXT_LANGUAGE
        return {p.name: LegacyPersona(p, language) for p in self.registry}

    def get_prompt_factory(self) -> PromptFactory:
        return PromptFactory(self)

    def migrate_to_new_api(self) -> str:
        """A guide mapping each legacy call to the new API."""
        return MIGRATION_GUIDE

    def get_deprecation_warning(self) -> str:
        return DEPRECATION_NOTICE


_shared: PersonaPipeline | None = None
_shared_lock = threading.Lock()


def get_legacy_pipeline() -> PersonaPipeline:
    """The process-wide `PersonaPipeline` (created on first call)."""
    global _shared
    warn_deprecated("PersonaPipeline")  # points at the caller, not at this module
    with _shared_lock:
        if _shared is None:
            _shared = PersonaPipeline()
        return _shared


def reset_legacy_pipeline() -> None:
    """Drop the process-wide pipeline; the next `get_legacy_pipeline()` builds a new one."""
    global _shared
    with _shared_lock:
        _shared = None


get_pipeline = get_legacy_pipeline
"""Legacy alias: in the old service both names returned the shared pipeline."""
reset_pipeline = reset_legacy_pipeline
