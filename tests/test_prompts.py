from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ion_mentoring import ConfigurationError, parse_key
from ion_mentoring.prompts import (
    ChatMessage,
    PromptBuilder,
    estimate_tokens,
    resolve_language,
    summarize_turns,
)

KEY = parse_key("frustrated-burst-problem_solving")


def history(n: int) -> list[dict[str, str]]:
    return [
        {"role": "user" if i % 2 == 0 else "assistant", "content": f"turn {i}. More words here."}
        for i in range(n)
    ]


def test_messages_are_system_history_then_user() -> None:
    prompt = PromptBuilder().build("my build fails", "Elro", KEY, history=history(2))
    roles = [m.role for m in prompt.messages]
    assert roles == ["system", "user", "assistant", "user"]
    assert prompt.messages[-1].content.endswith("my build fails")
    assert "Elro" in prompt.messages[0].content
    assert prompt.to_openai()[0] == {"role": "system", "content": prompt.messages[0].content}
    assert prompt.render().startswith("[system]\n")
    assert prompt.estimated_tokens > 0


def test_korean_texts_and_labels() -> None:
    prompt = PromptBuilder().build("빌드가 계속 실패해요", "Lua", KEY, language="ko")
    assert "루아" in prompt.messages[0].content
    assert "답답한" in prompt.messages[-1].content


def test_history_is_trimmed_newest_first_and_summarized() -> None:
    builder = PromptBuilder(history_token_budget=30)
    prompt = builder.build("next", "Nana", KEY, history=history(10), summary="earlier stuff")
    assert prompt.history_turns + prompt.dropped_turns == 10
    assert prompt.dropped_turns > 0
    kept = [m.content for m in prompt.messages if m.role in ("user", "assistant")][:-1]
    assert kept == [t["content"] for t in history(10)][-prompt.history_turns :]
    assert prompt.summary is not None
    assert prompt.summary.startswith("earlier stuff")
    assert "turn 0." in prompt.summary
    assert any("Summary of the earlier conversation" in m.content for m in prompt.messages)


def test_summary_light_is_compact() -> None:
    full = PromptBuilder().build("hi", "Riri", KEY, history=history(6))
    light = PromptBuilder().build("hi", "Riri", KEY, history=history(6), mode="summary_light")
    assert light.history_turns <= 2
    assert "80 words" in light.messages[0].content
    assert light.estimated_tokens < full.estimated_tokens


def test_user_braces_are_not_interpreted() -> None:
    prompt = PromptBuilder().build("what is {tone} {0} {{x}}", "Elro", KEY)
    assert prompt.messages[-1].content.endswith("what is {tone} {0} {{x}}")


def test_bad_inputs_are_clear_errors() -> None:
    builder = PromptBuilder()
    with pytest.raises(ConfigurationError, match="prompt mode"):
        builder.build("x", "Elro", KEY, mode="tiny")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="role"):
        builder.build("x", "Elro", KEY, history=[{"role": "robot", "content": "x"}])
    with pytest.raises(ConfigurationError, match="'role' and 'content'"):
        builder.build("x", "Elro", KEY, history=[{"text": "x"}])
    with pytest.raises(ConfigurationError, match="language"):
        resolve_language("fr", None)


def test_language_resolution() -> None:
    assert resolve_language(None, "ko") == "ko"
    assert resolve_language(None, "mixed") == "ko"
    assert resolve_language("en", "ko") == "en"
    assert resolve_language(None, None) == "en"


def test_token_estimate_grows_with_text_and_counts_hangul_densely() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("a" * 400) == 100
    assert estimate_tokens("가" * 100) == 120


def test_summary_is_capped() -> None:
    turns = [ChatMessage("user", "x" * 100 + ".") for _ in range(20)]
    summary = summarize_turns(turns, max_chars=200)
    assert summary is not None and len(summary) <= 200


@given(
    st.text(max_size=300),
    st.lists(st.tuples(st.sampled_from(["user", "assistant"]), st.text(max_size=200)), max_size=8),
    st.sampled_from(["full", "summary_light"]),
    st.integers(min_value=0, max_value=500),
)
def test_any_text_and_history_build_a_valid_prompt(
    text: str, turns: list[tuple[str, str]], mode: str, budget: int
) -> None:
    builder = PromptBuilder(history_token_budget=budget)
    prompt = builder.build(
        text,
        "Lua",
        KEY,
        history=[{"role": r, "content": c} for r, c in turns],
        mode=mode,  # type: ignore[arg-type]
    )
    assert prompt.messages[0].role == "system"
    assert prompt.messages[-1].role == "user"
    assert prompt.history_turns + prompt.dropped_turns == len(turns)
