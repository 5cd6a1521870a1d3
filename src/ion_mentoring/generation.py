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

    def generate(self, messages: Sequence[ChatMessage]) -> str: ...


@runtime_checkable
class AsyncGenerator(Protocol):
    """Asynchronous counterpart of `Generator`."""

    async def agenerate(self, messages: Sequence[ChatMessage]) -> str: ...


class OpenAICompatibleGenerator:
    """Calls an OpenAI-compatible `/chat/completions` endpoint (sync and async)."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout: float = 30.0,
        max_retries: int = 2,
        backoff: float = 0.5,
        temperature: float = 0.7,
        max_tokens: int | None = None,
    ) -> None:
        try:
            import httpx
        except ImportError as exc:  # pragma: no cover - depends on installed extras
            raise ConfigurationError(
                "OpenAICompatibleGenerator needs httpx: pip install 'ion-mentoring[http]'"
            ) from exc
        if max_retries < 0 or timeout <= 0:
            raise ConfigurationError("max_retries must be >= 0 and timeout > 0")
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.max_retries = max_retries
        self.backoff = backoff
        self.temperature = temperature
        self.max_tokens = max_tokens
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(timeout=timeout, headers=headers)
        self._async_client = httpx.AsyncClient(timeout=timeout, headers=headers)

    def _payload(self, messages: Sequence[ChatMessage]) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": [m.to_dict() for m in messages],
            "temperature": self.temperature,
        }
        if self.max_tokens is not None:
            payload["max_tokens"] = self.max_tokens
        return payload

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
