"""The `ion-mentoring` command line: one module per command group, each with `register()`."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .._version import __version__
from ..exceptions import IonMentoringError

# Each module defines `register(subparsers)`, adding its commands with a `handler` default
# that takes the parsed namespace and returns an exit code.
# Optional dependency -> the extra that installs it, for "missing module" errors.
_EXTRAS = {
    "sqlalchemy": "db",
    "alembic": "db",
    "psycopg": "postgres",
    "redis": "redis",
    "httpx": "http",
    "rich": "cli",
    "starlette": "server",
    "uvicorn": "server",
    "msgspec": "server",
    "limits": "server",
    "sentry_sdk": "server",
}
_COMMAND_MODULES = ("core", "store", "serve", "evaluate")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ion-mentoring", description="Persona routing for AI mentoring."
    )
    parser.add_argument("--version", action="version", version=f"ion-mentoring {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _COMMAND_MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except IonMentoringError as exc:
        print(f"ion-mentoring: error: {exc}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:
        extra = _EXTRAS.get((exc.name or "").partition(".")[0], "all")
        print(
            f"ion-mentoring: error: {args.command} needs {exc.name}: "
            f"pip install 'ion-mentoring[{extra}]'",
            file=sys.stderr,
        )
        return 2
    except OSError as exc:
        print(f"ion-mentoring: error: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code
