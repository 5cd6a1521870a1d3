"""Real servers for tests: `RedisServer` runs Debian's redis-server on a free loopback port.

Use `redis_server_or_skip()` to get a started server; when the binary is missing the test
is skipped, or fails when the environment variable CI is "true".
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest

__all__ = ["RedisServer", "free_port", "redis_server_binary", "require_redis_server"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def redis_server_binary() -> str | None:
    return shutil.which("redis-server") or (
        "/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else None
    )


def require_redis_server() -> str:
    """The redis-server path; skip the test without it (fail instead when CI=true)."""
    binary = redis_server_binary()
    if binary is None:
        message = "redis-server is not installed (apt-get install redis-server)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return binary


class RedisServer:
    """A throwaway redis-server bound to 127.0.0.1, without persistence.

    `stop()` kills it (SIGKILL, like a crash) and `start()` brings it back on the same port;
    `pause()`/`resume()` freeze and thaw it (a hung server).
    """

    def __init__(self, binary: str | None = None, port: int | None = None) -> None:
        self.binary = binary or require_redis_server()
        self.port = port or free_port()
        self.host = "127.0.0.1"
        self._dir = tempfile.mkdtemp(prefix="ion-redis-")
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://{self.host}:{self.port}/0"

    def url_for(self, db: int) -> str:
        return f"redis://{self.host}:{self.port}/{db}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, timeout: float = 10.0) -> RedisServer:
        if self.running:
            return self
        self._process = subprocess.Popen(
            [
                self.binary,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", self._dir,
                "--protected-mode", "yes",
                "--loglevel", "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                err = self._process.stderr.read().decode() if self._process.stderr else ""
                raise RuntimeError(f"redis-server exited at start: {err.strip()}")
            if self._ping():
                return self
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"redis-server did not answer on port {self.port} in {timeout} s")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()

    def pause(self) -> None:
        """Freeze the server (SIGSTOP): connections stay open but nothing answers."""
        if self._process is not None:
            self._process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self._process is not None:
            self._process.send_signal(signal.SIGCONT)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self._dir, ignore_errors=True)

    def flushall(self) -> None:
        self.command("FLUSHALL")

    def command(self, *args: str) -> bytes:
        """Send one inline command and return the raw reply (test helper, no client needed)."""
        with socket.create_connection((self.host, self.port), timeout=2) as sock:
            payload = f"*{len(args)}\r\n" + "".join(
                f"${len(arg.encode())}\r\n{arg}\r\n" for arg in args
            )
            sock.sendall(payload.encode())
            return sock.recv(65536)

    def _ping(self) -> bool:
        try:
            return self.command("PING").startswith(b"+PONG")
        except OSError:
            return False

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"RedisServer(port={self.port}, running={self.running})"
