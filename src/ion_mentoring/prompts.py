"""Prompt building (SPEC §6): system, summary, trimmed history and the user turn.

Token estimates are heuristic (no tokenizer download): about 4 ASCII characters per token
and 1.2 tokens per non-ASCII character (Hangul syllables tokenize densely), plus 4 tokens of
framing per message. History is trimmed newest-first to `history_token_budget`; dropped turns
are folded into a running summary, capped at `summary_max_chars` (oldest text goes first).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any, Literal

import attrs

from .exceptions import ConfigurationError
from .keys import ResonanceKey
from .personas import Language, PersonaRegistry, default_personas

__all__ = [
    "ChatMessage",
    "Prompt",
    "PromptBuilder",
    "PromptMode",
    "estimate_tokens",
    "resolve_language",
    "summarize_turns",
]

Role = Literal["system", "user", "assistant"]
PromptMode = Literal["full", "summary_light"]
PROMPT_MODES: tuple[PromptMode, ...] = ("full", "summary_light")
_ROLES = ("system", "user", "assistant")
COMPACT_HISTORY_TURNS = 2


@attrs.frozen
class ChatMessage:
    """One chat message."""

    role: Role = attrs.field()
    content: str

    @role.validator
    def _known_role(self, _attribute: object, value: str) -> None:
        if value not in _ROLES:
            raise ConfigurationError(
                f"unknown message role {value!r}; allowed: user, assistant, system"
            )

    def to_dict(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}

    @classmethod
    def coerce(cls, item: ChatMessage | Mapping[str, Any]) -> ChatMessage:
        """Accept a ChatMessage or a `{role, content}` mapping."""
        if isinstance(item, ChatMessage):
            return item
        try:
            return cls(item["role"], str(item["content"]))
        except (KeyError, TypeError) as exc:
            raise ConfigurationError(
                f"a history message needs 'role' and 'content', got {item!r}"
            ) from exc


@attrs.frozen
class Prompt:
    """Chat messages for one persona plus what a caller needs to know about them."""

    messages: tuple[ChatMessage, ...]
    persona: str
    key: ResonanceKey
    language: Language
    mode: PromptMode
    estimated_tokens: int
    history_turns: int
    """History messages included."""
    dropped_turns: int
    """History messages left out to fit the budget (folded into the summary)."""
    summary: str | None

    def to_openai(self) -> list[dict[str, str]]:
        """OpenAI-style `[{role, content}, ...]`."""
        return [m.to_dict() for m in self.messages]

    def render(self) -> str:
        """One string, for completion-style models and logs."""
        return "\n\n".join(f"[{m.role}]\n{m.content}" for m in self.messages)

    def to_dict(self) -> dict[str, Any]:
        return {
            "messages": self.to_openai(),
            "persona": self.persona,
            "resonance_key": str(self.key),
            "language": self.language,
            "mode": self.mode,
            "estimated_tokens": self.estimated_tokens,
            "history_turns": self.history_turns,
            "dropped_turns": self.dropped_turns,
            "summary": self.summary,
        }


def estimate_tokens(text: str) -> int:
    """Heuristic token count of a text (see the module docstring)."""
    chars = len(text)
    extra_bytes = len(text.encode("utf-8", "surrogatepass")) - chars
    non_ascii = extra_bytes / 2
    return math.ceil((chars - non_ascii) / 4 + non_ascii * 1.2)


def resolve_language(explicit: str | None, detected: str | None) -> Language:
    """The explicit language if given, else the detected one (`mixed` → Korean), else English."""
    choice = explicit or detected
    if choice in (None, "en"):
        return "en"
    if choice in ("ko", "mixed"):
        return "ko"
    raise ConfigurationError(f"unknown language {choice!r}; allowed: ko, en")


def summarize_turns(
    turns: Iterable[ChatMessage], previous: str | None = None, max_chars: int = 600
) -> str | None:
    """Fold turns into a running summary: each turn's first sentence, newest last."""
    pieces = [previous] if previous else []
    for turn in turns:
        if turn.role == "system":
            continue
        text = " ".join(turn.content.split())
        first = _first_sentence(text)
        if first:
            pieces.append(f"{turn.role}: {first}")
    if not pieces:
        return None
    summary = " | ".join(pieces)
    if len(summary) > max_chars:
        summary = "…" + summary[-(max_chars - 1) :]
    return summary


def _first_sentence(text: str, limit: int = 120) -> str:
    for stop in (". ", "? ", "! ", "。", "\n"):
        cut = text.find(stop)
        if 0 < cut < limit:
            return text[: cut + 1].strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


@cache
def _labels() -> Mapping[str, Any]:
    text = resources.files("ion_mentoring").joinpath("data/labels.json").read_text("utf-8")
    data: Mapping[str, Any] = json.loads(text)
    return data


class PromptBuilder:
    """Builds persona prompts from the registry's texts."""

    def __init__(
        self,
        registry: PersonaRegistry | None = None,
        *,
        history_token_budget: int = 1500,
        summary_max_chars: int = 600,
    ) -> None:
        if history_token_budget < 0 or summary_max_chars < 0:
            raise ConfigurationError("prompt budgets must be >= 0")
        self.registry = registry or default_personas()
        self.history_token_budget = history_token_budget
        self.summary_max_chars = summary_max_chars
        self._labels = _labels()
        self._systems: dict[tuple[str, str, str], tuple[ChatMessage, int]] = {}

    def build(
        self,
        message: str,
        persona: str,
        key: ResonanceKey,
        *,
        language: Language = "en",
        history: Sequence[ChatMessage | Mapping[str, Any]] = (),
        summary: str | None = None,
        mode: PromptMode = "full",
    ) -> Prompt:
        """Messages: system, optional summary, the newest history that fits, the user turn."""
        if mode not in PROMPT_MODES:
            raise ConfigurationError(f"unknown prompt mode {mode!r}; allowed: full, summary_light")
        if language not in ("ko", "en"):
            raise ConfigurationError(f"unknown language {language!r}; allowed: ko, en")
        found = self.registry.get(persona)
        texts = found.texts(language)
        labels = self._labels[language]
        system_message, system_tokens = self._system(found.name, language, mode)
        user = texts.user.format(
            message=message,
            tone=labels["tone"][key.tone],
            pace=labels["pace"][key.pace],
            intent=labels["intent"][key.intent],
        )
        turns = [ChatMessage.coerce(m) for m in history]
        turns = [t for t in turns if t.role != "system"]
        kept, dropped = self._trim(turns, mode)
        running = summarize_turns(dropped, summary, self.summary_max_chars) if dropped else summary
        messages = [system_message]
        if running:
            intro = self._labels["summary_intro"][language]
            messages.append(ChatMessage("system", f"{intro} {running}"))
        messages.extend(kept)
        messages.append(ChatMessage("user", user))
        tokens = system_tokens + sum(estimate_tokens(m.content) + 4 for m in messages[1:])
        return Prompt(  # positional: built for every message
            tuple(messages), found.name, key, language, mode, tokens, len(kept), len(dropped),
            running,
        )  # fmt: skip

    def _system(
        self, persona: str, language: Language, mode: PromptMode
    ) -> tuple[ChatMessage, int]:
        """The system message for a persona, language and mode, with its token estimate
        (memoized: the registry is immutable)."""
        cache_key = (persona, language, mode)
        found = self._systems.get(cache_key)
        if found is None:
            texts = self.registry.get(persona).texts(language)
            if mode == "full":
                content = texts.system
            else:
                compact = self._labels["compact"][language]
                content = _first_sentence(texts.system, 200) + " " + compact
            found = (ChatMessage("system", content), estimate_tokens(content) + 4)
            self._systems[cache_key] = found
        return found

    def _trim(
        self, turns: list[ChatMessage], mode: PromptMode
    ) -> tuple[list[ChatMessage], list[ChatMessage]]:
        limit = COMPACT_HISTORY_TURNS if mode == "summary_light" else len(turns)
        budget = self.history_token_budget
        kept = 0
        for turn in reversed(turns):
            cost = estimate_tokens(turn.content) + 4
            if kept >= limit or cost > budget:
                break
            budget -= cost
            kept += 1
        split = len(turns) - kept
        return turns[split:], turns[:split]
