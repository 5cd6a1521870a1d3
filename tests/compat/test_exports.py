from __future__ import annotations

import ion_mentoring
import ion_mentoring.compat as compat

EXPECTED = {
    "PersonaPipeline",
    "get_legacy_pipeline",
    "reset_legacy_pipeline",
    "get_pipeline",
    "reset_pipeline",
    "ResonanceConverter",
    "RhythmPattern",
    "EmotionTone",
    "PersonaRouter",
    "RoutingResult",
    "PersonaResponse",
    "PersonaConfig",
    "ChatContext",
    "Tone",
    "Pace",
    "Intent",
}


def test_all_lists_exactly_the_legacy_names_sorted() -> None:
    assert set(compat.__all__) == EXPECTED
    assert compat.__all__ == sorted(compat.__all__)
    for name in compat.__all__:
        assert getattr(compat, name) is not None


def test_enums_are_the_core_enums_with_9_4_6_values() -> None:
    assert compat.Tone is ion_mentoring.Tone
    assert compat.Pace is ion_mentoring.Pace
    assert compat.Intent is ion_mentoring.Intent
    assert (len(compat.Tone), len(compat.Pace), len(compat.Intent)) == (9, 4, 6)
    assert compat.Intent("seek_advice") is compat.Intent.SEEK_ADVICE
