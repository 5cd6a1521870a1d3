"""The OpenAI-compatible adapter against a real HTTP server on loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from ion_mentoring import GenerationError
from ion_mentoring.generation import Generator, OpenAICompatibleGenerator
from ion_mentoring.prompts import ChatMessage


class ChatServer:
    """A tiny /v1/chat/completions server whose answers a test scripts."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append(
                    {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
                )
                status = server.statuses.pop(0) if server.statuses else 200
                last = body["messages"][-1]["content"]
                payload = {
                    "choices": [{"message": {"role": "assistant", "content": f"echo: {last}"}}]
                }
                data = json.dumps(payload if status == 200 else {"error": "x"}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def chat_server() -> Iterator[ChatServer]:
    server = ChatServer()
    yield server
    server.close()


MESSAGES = [ChatMessage("system", "be nice"), ChatMessage("user", "hello")]


def test_generates_through_the_endpoint(chat_server: ChatServer) -> None:
    gen = OpenAICompatibleGenerator(chat_server.url, "m1", api_key="sk-test")
    assert isinstance(gen, Generator)
    assert gen.generate(MESSAGES) == "echo: hello"
    request = chat_server.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["body"]["model"] == "m1"
    assert request["body"]["messages"][0] == {"role": "system", "content": "be nice"}
    assert request["auth"] == "Bearer sk-test"
    gen.close()


def test_retries_server_errors_then_succeeds(chat_server: ChatServer) -> None:
    chat_server.statuses = [503, 429]
    gen = OpenAICompatibleGenerator(chat_server.url, "m", max_retries=2, backoff=0.01)
    assert gen.generate(MESSAGES) == "echo: hello"
    assert len(chat_server.requests) == 3


def test_gives_up_with_a_clear_error(chat_server: ChatServer) -> None:
    chat_server.statuses = [500, 500, 500]
    gen = OpenAICompatibleGenerator(chat_server.url, "m", max_retries=2, backoff=0.01)
    with pytest.raises(GenerationError, match="failed after 3 attempts: HTTP 500"):
        gen.generate(MESSAGES)


def test_client_errors_are_not_retried(chat_server: ChatServer) -> None:
    chat_server.statuses = [400]
    gen = OpenAICompatibleGenerator(chat_server.url, "m", max_retries=2, backoff=0.01)
    with pytest.raises(GenerationError, match="HTTP 400"):
        gen.generate(MESSAGES)
    assert len(chat_server.requests) == 1


def test_unreachable_endpoint_is_a_generation_error() -> None:
    gen = OpenAICompatibleGenerator(
        "http://127.0.0.1:9/v1", "m", max_retries=1, backoff=0.01, timeout=1.0
    )
    with pytest.raises(GenerationError, match="ConnectError"):
        gen.generate(MESSAGES)


async def test_async_generation(chat_server: ChatServer) -> None:
    gen = OpenAICompatibleGenerator(chat_server.url, "m")
    assert await gen.agenerate(MESSAGES) == "echo: hello"
    await gen.aclose()
