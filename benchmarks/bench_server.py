"""Load benchmark of the HTTP API with wrk: POST /api/v2/process, 1 then 2 workers, and a
bare Starlette JSON "hello" app on the same machine for the ratio.

    .venv/bin/python benchmarks/bench_server.py [--duration 10] [--connections 64] [--rounds 3]

Each server runs under uvicorn on 127.0.0.1 (embedded defaults but a temporary SQLite file,
no access log, rate limiting off) and is loaded by `wrk` with a Lua script for the POST
body. Every server runs once per round and rounds are interleaved, so a slow spell of this
shared machine hits all of them; medians over the rounds are printed (the ratio is the median
of the per-round ratios). Targets (SPEC/issue 6): 1 worker >= 4,000 requests/s with p99 <= 20
ms, and at least half of bare Starlette's throughput.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BODY = '{"text": "I am stuck on this bug and so frustrated, what should I try next?"}'


def hello_app() -> object:
    """A bare Starlette app answering JSON, the baseline."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def hello(request: Request) -> JSONResponse:
        await request.body()
        return JSONResponse({"hello": "world"})

    return Starlette(routes=[Route("/hello", hello, methods=["POST"])])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, data=BODY.encode(), method="POST")
            request.add_header("Content-Type", "application/json")
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not become ready")


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, duration: int, connections: int, threads: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            'wrk.method = "POST"\n'
            f"wrk.body = [[{BODY}]]\n"
            'wrk.headers["Content-Type"] = "application/json"\n'
        )
    try:
        out = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",
             "-s", script.name, url],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": p50, "p99": p99, "non2xx": float(errors.group(1)) if errors else 0}


def serve(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_server(
    args: list[str], env: dict[str, str], url: str, options: argparse.Namespace
) -> dict[str, float]:
    """Start one server, warm it up, load it once with wrk, stop it."""
    process = serve(args, env)
    try:
        wait_ready(url)
        run_wrk(url, 2, options.connections, options.threads)  # warm-up
        return run_wrk(url, options.duration, options.connections, options.threads)
    finally:
        stop(process)


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {field: statistics.median(run[field] for run in runs) for field in runs[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of every server; medians are reported"
    )
    parser.add_argument(
        "--diagnose",
        action="store_true",
        help="also run 1 worker with the store disabled, to show the record writer's cost",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    bindir = Path(sys.executable).parent
    results: dict[str, list[dict[str, float]]] = {}
    bare_name = "bare Starlette hello, 1 worker"
    with tempfile.TemporaryDirectory(prefix="ion-bench-") as tmp:
        env = {
            **os.environ,
            "ION_MENTORING_DATABASE_URL": f"sqlite:///{tmp}/bench.db",
            "ION_MENTORING_CACHE_URL": "memory://",
            "ION_MENTORING_RATE_LIMIT": "none",
            "ION_MENTORING_INSTANCE_NAME": "bench",
        }
        for name in [k for k in env if k.startswith("ION_MENTORING_") and k.endswith("KEYS")]:
            env.pop(name)
        runs = [(f"ion-mentoring, {w} worker(s)", w, env) for w in args.workers]
        if args.diagnose:
            # Not the benchmark configuration: shows the cost of the store's record writer.
            no_store = {**env, "ION_MENTORING_DATABASE_URL": ""}
            runs.append(("1 worker, store off (diagnostic)", 1, no_store))
        for _ in range(args.rounds):  # interleaved, so a slow spell of the machine hits all
            for name, workers, run_env in runs:
                port = free_port()
                command = [
                    str(bindir / "ion-mentoring"), "serve", "--port", str(port),
                    "--workers", str(workers), "--no-access-log", "--log-level", "warning",
                ]  # fmt: skip
                url = f"http://127.0.0.1:{port}/api/v2/process"
                results.setdefault(name, []).append(run_server(command, run_env, url, args))
            port = free_port()
            command = [
                str(bindir / "uvicorn"), "--factory", "--app-dir", str(HERE),
                "bench_server:hello_app", "--port", str(port), "--no-access-log",
                "--log-level", "warning",
            ]  # fmt: skip
            url = f"http://127.0.0.1:{port}/hello"
            results.setdefault(bare_name, []).append(run_server(command, env, url, args))
    print(
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, {os.cpu_count()} CPUs, "
        f"median of {args.rounds} interleaved round(s)"
    )
    header = f"{'server':<34} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}"
    print(f"{header}  req/s per round")
    for name, runs_of in results.items():
        r = median_of(runs_of)
        each = " ".join(f"{run['rps']:.0f}" for run in runs_of)
        print(
            f"{name:<34} {r['rps']:>10.0f} {r['p50']:>8.2f} {r['p99']:>8.2f} "
            f"{r['non2xx']:>8.0f}  {each}"
        )
    bare_runs = results.get(bare_name)
    one_runs = results.get("ion-mentoring, 1 worker(s)")
    if bare_runs and one_runs:
        ratios = [one["rps"] / bare["rps"] for one, bare in zip(one_runs, bare_runs, strict=True)]
        print(
            f"ratio 1 worker / bare Starlette: {statistics.median(ratios):.2f} median "
            f"(per round {', '.join(f'{r:.2f}' for r in ratios)}; target >= 0.5)"
        )
        one = median_of(one_runs)
        ok = one["rps"] >= 4000 and one["p99"] <= 20
        print(f"1 worker target (>= 4,000 req/s, p99 <= 20 ms): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
