"""Analyze, route and build a prompt for a few messages (no cache, store or generator)."""

from __future__ import annotations

from ion_mentoring import Mentor

MESSAGES = [
    "I keep getting a segfault when I load the plugin and I've tried everything!!",
    "다음 분기 로드맵을 팀이랑 같이 짜야 하는데, 누가 뭘 맡을지부터 정하면 될까요?",
    "Is a 2% drop in conversion after the redesign statistically significant with 40k users?",
]


def main() -> None:
    mentor = Mentor()
    for text in MESSAGES:
        response = mentor.process(text)
        print(f"{response.key} -> {response.persona} ({response.decision.confidence:.2f})")
        print(f"  {response.decision.reason}")
        prompt = response.prompt
        print(f"  {len(prompt.messages)} messages, ~{prompt.estimated_tokens} tokens")


if __name__ == "__main__":
    main()
