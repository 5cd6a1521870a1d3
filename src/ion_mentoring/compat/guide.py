"""The texts the legacy API hands out about its own replacement."""

from __future__ import annotations

__all__ = ["DEPRECATION_NOTICE", "MIGRATION_GUIDE"]

DEPRECATION_NOTICE = """\
WARNING: ion_mentoring.compat is the deprecated legacy API.
It keeps old code running as thin adapters over the new core, and will be removed in a future
major release. Use ion_mentoring.mentor.Mentor, ion_mentoring.Router and ion_mentoring.analysis
instead; PersonaPipeline.migrate_to_new_api() and docs/migration.md map each call."""

MIGRATION_GUIDE = """\
Migrating from the legacy API (ion_mentoring.compat) to the new API
===================================================================

Pipeline
  get_pipeline() / get_legacy_pipeline()   -> mentor = ion_mentoring.mentor.Mentor()
  pipeline.process(text, key)              -> mentor.process(text, key=key)
      response.content                     -> result.content (None without a generator;
                                              result.prompt.render() is the prompt)
      response.persona_used                -> result.decision.primary
      response.confidence                  -> result.decision.confidence
      metadata["routing_result"]           -> result.decision (scores, secondary, reason)
  pipeline.build_prompt(text, persona)     -> mentor.prompt_builder.build(text, persona, key)

Routing
  pipeline.get_persona(key)                -> Router().route(key).primary
  pipeline.get_confidence(key)             -> Router().route(key).confidence
  pipeline.get_all_scores(key)             -> dict(Router().route(key).scores)
  pipeline.get_secondary_persona(key)      -> Router().route(key).secondary
  PersonaRouter().route(key)               -> Router().route(key)
  legacy keys ("curious-flowing-inquiry")  -> ion_mentoring.parse_key_lenient(key).key
  pipeline.validate_resonance_key(key)     -> parse_key(key) (raises InvalidKeyError)

Personas
  pipeline.get_system_prompt(name)         -> default_personas().get(name).texts("ko").system
  pipeline.get_user_prompt_template(name)  -> default_personas().get(name).texts("ko").user
  pipeline.get_persona_config(name)        -> default_personas().get(name).to_dict()
  pipeline.get_available_personas()        -> default_personas().names

Analysis
  ResonanceConverter().convert(text)       -> ion_mentoring.analysis.analyze(text).key
  converter.detect_emotion_tone(text)      -> analyze(text).tone, .tone_confidence, .secondary_tone
  converter.analyze_rhythm(text)           -> analyze(text).rhythm and .pace

Context
  ChatContext(...).message_history         -> mentor.process(text, history=[{"role", "content"}])
                                              or mentor.process(text, session_id=...) with a Store
"""
