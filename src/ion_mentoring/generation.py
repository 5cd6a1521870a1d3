"""Reply generation: the `Generator` protocols and an OpenAI-compatible HTTP adapter.

The adapter speaks `POST {base_url}/chat/completions` (OpenAI, vLLM, Ollama and others), with a
timeout, bounded retries with exponential backoff on connection errors, 429 and 5xx, and a
`GenerationError` naming the endpoint and the last failure. It needs the `http` extra (httpx).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from .exceptions import ConfigurationError, GenerationError
from .prompts import ChatMessage

if TYPE_CHECKING:
    import httpx

__all__ = ["AsyncGenerator", "Generator", "OpenAICompatibleGenerator"]

_RETRY_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})


@runtime_checkable
class Generator(Protocol):
    """Produces a reply from chat messages."""

    def generate(self, messages: Sequence[ChatMessage]) -> str:
        import httpx

        last = "no attempt"
        for attempt in range(self.max_retries + 1):
            if attempt:
                time.sleep(self._delay(attempt))
            try:
                response = self._client.post(self.url, json=self._payload(messages))
            except httpx.HTTPError as exc:
                last = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code not in _RETRY_STATUS:
                return self._content(response)
            last = f"HTTP {response.status_code}"
        raise self._gave_up(last)

    async def agenerate(self, messages: Sequence[ChatMessage]) -> str:
        import httpx

        last = "no attempt"
        for attempt in range(self.max_retries + 1):
            if attempt:
                await asyncio.sleep(self._delay(attempt))
            try:
                response = await self._async_client.post(self.url, json=self._payload(messages))
            except httpx.HTTPError as exc:
                last = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code not in _RETRY_STATUS:
                return self._content(response)
            last = f"HTTP {response.status_code}"
        raise self._gave_up(last)

    def _delay(self, attempt: int) -> float:
        return float(self.backoff * 2 ** (attempt - 1))

    def _gave_up(self, last: str) -> GenerationError:
        return GenerationError(
            f"generator at {self.url} failed after {self.max_retries + 1} attempts: {last}"
        )

    def _content(self, response: httpx.Response) -> str:
        if response.status_code >= 400:
            raise GenerationError(
                f"generator at {self.url} answered HTTP {response.status_code}: "
                f"{response.text[:200]}"
            )
        try:
            content = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise GenerationError(
                f"generator at {self.url} sent an unexpected body: {response.text[:200]}"
            ) from exc
        if not isinstance(content, str):
            raise GenerationError(f"generator at {self.url} sent non-text content")
        return content

    def close(self) -> None:
        self._client.close()

    async def aclose(self) -> None:
        await self._async_client.aclose()
