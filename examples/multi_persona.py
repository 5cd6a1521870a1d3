"""Plan a multi-persona chain for a message that spans domains and merge scripted replies."""

from __future__ import annotations

from collections.abc import Sequence

from ion_mentoring import Mentor
from ion_mentoring.prompts import ChatMessage


class EchoGenerator:
    """A stand-in for an LLM that says which persona answered (replace with a real one)."""

    def generate(self, messages: Sequence[ChatMessage]) -> str:
        return f"(reply to a {len(messages)}-message prompt: {messages[0].content[:40]}…)"


def main() -> None:
    mentor = Mentor(generator=EchoGenerator())
    result = mentor.process_multi(
        "Help me design the REST API for the billing service and align the team on the rollout "
        "schedule."
    )
    print(
        "chain:", " -> ".join(result.chain.personas), f"({result.chain.mode}, {result.chain.merge})"
    )
    print(result.content)


if __name__ == "__main__":
    main()
