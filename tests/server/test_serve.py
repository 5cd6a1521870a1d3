"""`ion-mentoring serve` starts a real uvicorn process that answers over HTTP."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from ion_mentoring.cli import build_parser

from ..servers import free_port


def test_serve_arguments() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.workers, args.access_log) == ("127.0.0.1", 8000, 1, True)
    args = build_parser().parse_args(
        ["serve", "--host", "0.0.0.0", "--port", "9000", "--workers", "3", "--no-access-log"]
    )
    assert (args.host, args.port, args.workers, args.access_log) == ("0.0.0.0", 9000, 3, False)


@pytest.mark.slow
def test_serve_runs_the_api_over_http(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ION_MENTORING_")}
    env.update(
        ION_MENTORING_DATABASE_URL=f"sqlite:///{tmp_path / 'served.db'}",
        ION_MENTORING_API_KEYS="served-key",
        ION_MENTORING_INSTANCE_NAME="served",
    )
    command = [str(Path(sys.executable).parent / "ion-mentoring"), "serve", "--port", str(port)]
    process = subprocess.Popen(
        command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"{base}/api/v2/health", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"server did not start: {output}")
                time.sleep(0.1)
        assert health.status_code == 200
        assert health.json()["instance"] == "served"
        headers = {"Authorization": "Bearer served-key", "X-Request-ID": "over-http-1"}
        response = httpx.post(
            f"{base}/api/v2/process", json={"text": "How do I design this API?"}, headers=headers
        )
        assert response.status_code == 200
        assert response.headers["x-request-id"] == "over-http-1"
        assert response.json()["persona"] in {"Lua", "Elro", "Riri", "Nana"}
        assert "x-ratelimit-limit" in response.headers
        assert httpx.post(f"{base}/api/v2/process", json={"text": "x"}).status_code == 401
        assert httpx.get(f"{base}/openapi.json").json()["openapi"] == "3.1.0"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
    log = output.decode()
    assert process.returncode == 0, log
    assert "instance served ready" in log
    assert "API is open" not in log
