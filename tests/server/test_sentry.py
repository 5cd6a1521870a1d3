"""Sentry: events reach a DSN served by a local HTTP receiver, tagged, and never carry the
message text (no request bodies, no local variables, scrubbed extras and breadcrumbs)."""

from __future__ import annotations

import gzip
import json
import threading
import time
import zlib
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from ion_mentoring.mentor import Mentor
from ion_mentoring.prompts import ChatMessage

from .conftest import MakeClient

SECRET_OK = "PINEAPPLE-SECRET-TEXT-4711"
SECRET_FAIL = "FAIL ZEPPELIN-SECRET-TEXT-0815"


class _Receiver(BaseHTTPRequestHandler):
    envelopes: list[bytes]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        self.envelopes.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[bytes]]]:
    envelopes: list[bytes] = []
    handler = type("Handler", (_Receiver,), {"envelopes": envelopes})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        yield f"http://publickey@127.0.0.1:{port}/42", envelopes
    finally:
        import sentry_sdk

        sentry_sdk.get_client().close(timeout=2)
        sentry_sdk.init(dsn=None)  # back to a disabled client for the other tests
        server.shutdown()
        server.server_close()


class FailOnMarker:
    """Replies, except for messages containing 'FAIL', where it raises."""

    def generate(self, messages: Sequence[ChatMessage]) -> str:
        if "FAIL" in messages[-1].content:
            raise RuntimeError("generator exploded")
        return "fine"


def _events(envelopes: list[bytes]) -> list[dict[str, Any]]:
    events = []
    for envelope in envelopes:
        lines = envelope.split(b"\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") in ("event", "transaction") and payload:
                events.append(json.loads(payload))
    return events


def test_sentry_events_are_tagged_and_carry_no_message_text(
    make_client: MakeClient, receiver: tuple[str, list[bytes]]
) -> None:
    dsn, envelopes = receiver
    client = make_client(
        mentor=Mentor(generator=FailOnMarker()),
        sentry_dsn=dsn,
        sentry_environment="test-env",
        sentry_traces_sample_rate=1.0,
        instance_name="sentry-instance",
    )
    assert client.get("/api/v2/status").json()["configuration"]["sentry"] is True
    # an unhandled error (500) while processing a secret message
    failed = client.post("/api/v2/process", json={"text": SECRET_FAIL})
    assert failed.status_code == 500
    # a handled per-item failure logged at error level, after a successful routed item
    items = [{"text": SECRET_OK}, {"text": SECRET_FAIL}]
    bulk = client.post("/api/v2/bulk-process", json={"items": items})
    assert bulk.json()["failed"] == 1
    ok = client.post("/chat", json={"message": SECRET_OK})
    assert ok.status_code == 200

    import sentry_sdk

    sentry_sdk.flush(timeout=5)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and len(_events(envelopes)) < 3:
        time.sleep(0.05)
    raw = b"".join(envelopes)
    assert raw, "no envelope reached the receiver"
    assert SECRET_OK.encode() not in raw
    assert b"ZEPPELIN" not in raw
    assert b"PINEAPPLE" not in raw

    events = _events(envelopes)
    errors = [e for e in events if e.get("type") != "transaction"]
    assert errors, [e.get("type") for e in events]
    exceptions = [e for e in errors if "exception" in e]
    assert any(v["type"] == "RuntimeError" for e in exceptions for v in e["exception"]["values"])
    for event in errors:
        assert event["environment"] == "test-env"
        assert event["release"].startswith("ion-mentoring@")
        assert event["tags"]["instance"] == "sentry-instance"
        assert "data" not in event.get("request", {})
    tagged = [e for e in errors if "persona" in e.get("tags", {})]
    assert tagged, "the bulk failure should carry the routed persona and key as tags"
    assert tagged[0]["tags"]["persona"] in {"Lua", "Elro", "Riri", "Nana"}
    assert tagged[0]["tags"]["resonance_key"].count("-") == 2
