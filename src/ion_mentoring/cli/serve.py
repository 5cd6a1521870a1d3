"""`ion-mentoring serve`: run the HTTP API on uvicorn (needs the `server` extra)."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys

APP_FACTORY = "ion_mentoring.server:create_app"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "serve",
        help="run the HTTP API",
        description="Run the HTTP API on uvicorn. Configuration comes from ION_MENTORING_* "
        "environment variables; with none set it runs on embedded defaults.",
    )
    p.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="TCP port (default 8000)")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    p.add_argument(
        "--log-level",
        default="info",
        choices=["critical", "error", "warning", "info", "debug"],
        help="uvicorn log level (default info)",
    )
    p.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="log every request (default on)",
    )
    p.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace) -> int:
    if any(importlib.util.find_spec(name) is None for name in ("uvicorn", "starlette")):
        message = "serve needs the server extra: pip install 'ion-mentoring[server]'"
        print(f"ion-mentoring: error: {message}", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("ion-mentoring: error: --workers must be at least 1", file=sys.stderr)
        return 2
    import uvicorn

    from ..server.ratelimit import parse_rate
    from ..settings import Settings

    # The server writes routing records from a child process unless told otherwise: the
    # database driver's work then stays off the request thread's GIL. Workers inherit this.
    os.environ.setdefault("ION_MENTORING_RECORD_WRITER", "process")
    # fail early, in the parent process, on invalid configuration
    parse_rate(Settings.from_env().rate_limit)
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        access_log=args.access_log,
        lifespan="on",
    )
    return 0
