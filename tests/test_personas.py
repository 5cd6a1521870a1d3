from __future__ import annotations

import pytest

from ion_mentoring import (
    Intent,
    Pace,
    PersonaDefinitionError,
    Tone,
    UnknownPersonaError,
    default_personas,
)


def custom_persona(name: str = "Mira") -> dict[str, object]:
    return {
        "name": name,
        "korean_name": "미라",
        "role": "career coach",
        "traits": ["practical"],
        "strengths": ["career_planning"],
        "preferred_tones": ["anxious"],
        "affinity": {
            "tone": {t.value: 0.2 for t in Tone} | {"anxious": 1.0},
            "pace": {p.value: 1.0 for p in Pace},
            "intent": {i.value: 1.0 for i in Intent},
        },
        "prompts": {
            "en": {"system": "You are Mira.", "user": "{message}"},
            "ko": {"system": "당신은 미라입니다.", "user": "{message}"},
        },
    }


def test_builtins_match_the_spec() -> None:
    registry = default_personas()
    assert registry.names == ("Lua", "Elro", "Riri", "Nana")
    lua = registry.get("lua")
    assert lua.korean_name == "루아"
    assert lua.preferred_tones == (Tone.FRUSTRATED, Tone.PLAYFUL, Tone.ANXIOUS)
    assert registry.get("Elro").affinity.tone[Tone.ANALYTICAL] == 1.0
    assert registry.get("Nana").affinity.intent[Intent.PLANNING] == 1.0
    for persona in registry:
        for lang in ("ko", "en"):
            texts = persona.texts(lang)
            assert texts.system and "{message}" in texts.user


def test_unknown_persona_error_lists_available() -> None:
    with pytest.raises(UnknownPersonaError, match="Lua, Elro, Riri, Nana"):
        default_personas().get("Zed")


def test_custom_persona_and_text_override_change_the_version() -> None:
    base = default_personas()
    extended = base.with_persona(custom_persona())
    assert extended.names == ("Lua", "Elro", "Riri", "Nana", "Mira")
    assert extended.version != base.version
    overridden = base.with_texts("Lua", "en", system="Be brief and kind.")
    assert overridden.get("Lua").texts("en").system == "Be brief and kind."
    assert overridden.get("Lua").texts("ko") == base.get("Lua").texts("ko")
    assert base.get("Lua").texts("en").system != "Be brief and kind."  # immutable
    assert base.without("Riri").names == ("Lua", "Elro", "Nana")


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"affinity": {"tone": {"calm": 1.0}, "pace": {}, "intent": {}}}, "lacks tone"),
        ({"prompts": {"en": {"system": "x", "user": "no placeholder"}}}, "message"),
        ({"prompts": {"en": {"system": "x", "user": "{message} {secret}"}}}, "secret"),
    ],
)
def test_bad_definitions_are_rejected_clearly(patch: dict[str, object], message: str) -> None:
    data = custom_persona() | patch
    with pytest.raises(PersonaDefinitionError, match=message):
        default_personas().with_persona(data)


def test_out_of_range_affinity_is_rejected() -> None:
    data = custom_persona()
    data["affinity"]["pace"]["burst"] = 1.5  # type: ignore[index]
    with pytest.raises(PersonaDefinitionError, match=r"\[0, 1\]"):
        default_personas().with_persona(data)
