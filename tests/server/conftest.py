"""Fixtures for the server tests: settings on a temporary SQLite file and an in-process
cache, apps built by `create_app`, and clients that run the lifespan."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():  # starlette 1.x suggests httpx2; httpx works the same here
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from ion_mentoring.prompts import ChatMessage
from ion_mentoring.server import create_app
from ion_mentoring.settings import Settings

MakeSettings = Callable[..., Settings]
MakeClient = Callable[..., TestClient]


class EchoGenerator:
    """A generator that answers with the persona's first system line (deterministic)."""

    def __init__(self) -> None:
        self.calls = 0

    def generate(self, messages: Sequence[ChatMessage]) -> str:
        self.calls += 1
        return f"reply #{self.calls} to {len(messages)} messages"


class BrokenGenerator:
    """A generator whose failure carries internals that must never reach a client."""

    def generate(self, messages: Sequence[ChatMessage]) -> str:
        raise RuntimeError("db password is hunter2; /srv/secret/path.py line 42")


@pytest.fixture
def make_settings(tmp_path: Path) -> MakeSettings:
    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "database_url": f"sqlite:///{tmp_path / 'server.db'}",
            "cache_url": "memory://",
            "instance_name": "test-instance",
            "rate_limit": "10000/minute",
        }
        values.update(overrides)
        return Settings(**values)

    return make


@pytest.fixture
def make_client(make_settings: MakeSettings) -> Iterator[MakeClient]:
    """Build an app and enter its TestClient (lifespan runs); all are closed at the end."""
    clients: list[TestClient] = []

    def make(*, mentor: Any = None, **overrides: Any) -> TestClient:
        app = create_app(make_settings(**overrides), mentor=mentor)
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in reversed(clients):
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    return make_client()
