"""JSON codec for `Mentor` results stored in an out-of-process cache tier (Redis)."""

from __future__ import annotations

import json
from typing import Any

import attrs

from .analysis import Analysis, Cue, Rhythm
from .keys import Intent, Pace, Tone, parse_key
from .prompts import ChatMessage, Prompt
from .routing import Contribution, RoutingDecision

__all__ = ["CachedResult", "MentorCodec"]


@attrs.frozen
class CachedResult:
    """The cacheable part of a processed message (everything but timings and session)."""

    analysis: Analysis | None
    decision: RoutingDecision
    prompt: Prompt
    content: str | None


def _analysis(data: dict[str, Any]) -> Analysis:
    return Analysis(
        language=data["language"],
        rhythm=Rhythm(**data["rhythm"]),
        pace=Pace(data["pace"]),
        tone=Tone(data["tone"]),
        tone_confidence=data["tone_confidence"],
        secondary_tone=Tone(data["secondary_tone"]) if data["secondary_tone"] else None,
        intent=Intent(data["intent"]),
        intent_confidence=data["intent_confidence"],
        topic=data["topic"],
        cues=tuple(Cue(**cue) for cue in data["cues"]),
        length=data["length"],
        truncated=data["truncated"],
    )


def _decision(data: dict[str, Any]) -> RoutingDecision:
    return RoutingDecision(
        key=parse_key(data["resonance_key"]),
        primary=data["primary"],
        secondary=data["secondary"],
        confidence=data["confidence"],
        scores=data["scores"],
        contributions={p: Contribution(**c) for p, c in data["contributions"].items()},
        ranking=tuple(data["ranking"]),
        notes=tuple(data["notes"]),
        topic_weight=data["topic_weight"],
        forced=data["forced"],
        fallback=data["fallback"],
        sticky=data["sticky"],
    )


def _prompt(data: dict[str, Any]) -> Prompt:
    return Prompt(
        messages=tuple(ChatMessage(m["role"], m["content"]) for m in data["messages"]),
        persona=data["persona"],
        key=parse_key(data["resonance_key"]),
        language=data["language"],
        mode=data["mode"],
        estimated_tokens=data["estimated_tokens"],
        history_turns=data["history_turns"],
        dropped_turns=data["dropped_turns"],
        summary=data["summary"],
    )


class MentorCodec:
    """Encodes `CachedResult` and `Analysis` values as tagged JSON (no pickle: a shared Redis
    must not be able to run code in the service)."""

    def dumps(self, obj: Any) -> bytes:
        if isinstance(obj, CachedResult):
            payload: dict[str, Any] = {
                "type": "result",
                "analysis": obj.analysis.to_dict() if obj.analysis else None,
                "decision": obj.decision.to_dict(),
                "prompt": obj.prompt.to_dict(),
                "content": obj.content,
            }
        elif isinstance(obj, Analysis):
            payload = {"type": "analysis", "analysis": obj.to_dict()}
        else:
            payload = {"type": "json", "value": obj}
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()

    def loads(self, data: bytes) -> Any:
        payload = json.loads(data)
        kind = payload["type"]
        if kind == "result":
            analysis = payload["analysis"]
            return CachedResult(
                analysis=_analysis(analysis) if analysis else None,
                decision=_decision(payload["decision"]),
                prompt=_prompt(payload["prompt"]),
                content=payload["content"],
            )
        if kind == "analysis":
            return _analysis(payload["analysis"])
        return payload["value"]
