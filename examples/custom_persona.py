"""Register a custom persona with its own affinity rows and override a built-in text."""

from __future__ import annotations

from ion_mentoring import Intent, Mentor, Pace, Tone, default_personas

MIRA = {
    "name": "Mira",
    "korean_name": "미라",
    "role": "career coach",
    "description": "Helps with job searches, interviews and career moves.",
    "traits": ["practical", "encouraging"],
    "strengths": ["career_planning", "interview_practice"],
    "preferred_tones": ["anxious", "curious"],
    "affinity": {
        "tone": {t.value: 0.5 for t in Tone} | {"anxious": 1.0, "curious": 0.9},
        "pace": {p.value: 0.8 for p in Pace},
        "intent": {i.value: 0.6 for i in Intent} | {"seek_advice": 1.0, "planning": 0.9},
    },
    "prompts": {
        "en": {"system": "You are Mira, a practical career coach.", "user": "{message}"},
        "ko": {"system": "당신은 실용적인 커리어 코치 미라입니다.", "user": "{message}"},
    },
}


def main() -> None:
    personas = (
        default_personas()
        .with_persona(MIRA)
        .with_texts("Lua", "en", system="You are Lua. Be warm and brief.")
    )
    mentor = Mentor(personas=personas)
    response = mentor.process("I'm nervous about my interview next week, should I prepare more?")
    print(response.persona, dict(response.decision.scores))


if __name__ == "__main__":
    main()
