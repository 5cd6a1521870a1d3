"""Store commands: `migrate`, `verify`, `report`, `sessions delete ID`."""

from __future__ import annotations

import argparse
import json
import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..exceptions import StoreError
from ._output import render_table

if TYPE_CHECKING:
    from ..store import Store, UsageReport

__all__ = ["parse_since", "register", "render_report"]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str) -> datetime | timedelta:
    """`1h`, `30m`, `7d`, `2w` (a look-back) or an ISO 8601 time (naive means UTC)."""
    match = _DURATION.match(text)
    if match:
        return timedelta(**{_UNITS[match.group(2)]: float(match.group(1))})
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid --since {text!r}; use a look-back such as 30m, 1h, 7d, 2w "
            "or an ISO time such as 2026-01-31T12:00:00Z"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _parse_expected(text: str) -> dict[str, float]:
    expected: dict[str, float] = {}
    for part in text.split(","):
        name, sep, value = part.partition("=")
        try:
            if not sep or not name.strip():
                raise ValueError
            expected[name.strip()] = float(value.rstrip("% "))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"invalid --expected {text!r}; use NAME=PERCENT pairs, "
                "e.g. Lua=23,Elro=27,Riri=25,Nana=25"
            ) from None
    return expected


def _add_url(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="SQLAlchemy URL (default: ION_MENTORING_DATABASE_URL, else sqlite:///./ion_mentoring.db)",
    )


def register(subparsers: Any) -> None:
    """Add the store commands to the `ion-mentoring` parser."""
    migrate = subparsers.add_parser(
        "migrate", help="create or upgrade the database schema and sync the 216-key table"
    )
    _add_url(migrate)
    migrate.set_defaults(handler=_migrate)

    verify = subparsers.add_parser(
        "verify", help="check the store: schema, 216 keys consistent with the router, counts"
    )
    _add_url(verify)
    verify.add_argument("--format", choices=("table", "json"), default="table")
    verify.set_defaults(handler=_verify)

    report = subparsers.add_parser(
        "report", help="persona distribution and drift, latency percentiles, cache hit rates"
    )
    _add_url(report)
    report.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    report.add_argument(
        "--since", type=parse_since, metavar="WHEN", help="ISO time or look-back (1h, 7d)"
    )
    report.add_argument(
        "--expected",
        type=_parse_expected,
        metavar="NAME=PCT,...",
        help="expected distribution (default Lua=23,Elro=27,Riri=25,Nana=25)",
    )
    report.add_argument(
        "--drift-points", type=float, default=2.0, help="flag drift beyond this many points"
    )
    report.add_argument(
        "--fail-on-drift", action="store_true", help="exit 1 when any persona drifted"
    )
    report.set_defaults(handler=_report)

    sessions = subparsers.add_parser("sessions", help="manage stored sessions")
    actions = sessions.add_subparsers(dest="action", required=True, metavar="ACTION")
    delete = actions.add_parser("delete", help="delete a session and all its messages")
    delete.add_argument("session_id", metavar="ID")
    _add_url(delete)
    delete.set_defaults(handler=_delete_session)


def _open(args: argparse.Namespace, *, migrated: bool = True) -> Store:
    from ..settings import Settings
    from ..store import Store

    url = args.database_url or Settings.from_env().database_url
    store = Store(url)
    if migrated and store.schema_revision() is None:
        store.close()
        raise StoreError(
            f"the database at {store!r} has no ion_mentoring schema; run `ion-mentoring migrate`"
        )
    return store


def _migrate(args: argparse.Namespace) -> int:
    from ..routing import Router

    router = Router()
    with _open(args, migrated=False) as store:
        store.migrate()
        rows = store.sync_keys(router)
        print(
            f"schema at revision {store.schema_revision()}; "
            f"{rows} resonance keys synced (table version {router.table_version})"
        )
    return 0


def _verify(args: argparse.Namespace) -> int:
    from ..routing import Router

    with _open(args, migrated=False) as store:
        result = store.verify(Router())
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2))
        return 0 if result.ok else 1
    counts = ", ".join(f"{name} {value}" for name, value in result.counts.items())
    print(f"schema revision: {result.schema_revision or 'none'} (expected {result.head_revision})")
    print(
        f"resonance keys: {result.keys_present}/{result.keys_expected} present, "
        f"router table version {result.table_version}, "
        f"stored {', '.join(result.stored_table_versions) or 'none'}"
    )
    print(f"counts: {counts or 'unavailable'}")
    if result.ok:
        print("OK: the store is consistent")
        return 0
    print(f"FAILED: {len(result.problems)} problem(s)")
    for problem in result.problems:
        print(f"  - {problem}")
    return 1


def _report(args: argparse.Namespace) -> int:
    with _open(args) as store:
        result = store.report(
            since=args.since, expected=args.expected, drift_points=args.drift_points
        )
    print(render_report(result, args.format))
    return 1 if args.fail_on_drift and result.drifted else 0


def _delete_session(args: argparse.Namespace) -> int:
    with _open(args) as store:
        deleted = store.delete_session(args.session_id)
    if not deleted:
        print(f"no session {args.session_id!r}")
        return 1
    print(f"deleted session {args.session_id!r} and its messages")
    return 0


# -- rendering ------------------------------------------------------------------------------


def _ms(value: float) -> str:
    return f"{value:.1f} ms"


def _pct(value: float) -> str:
    return f"{value:.1f} %"


def _heading(title: str, markdown: bool) -> str:
    return f"## {title}" if markdown else f"{title}\n{'=' * len(title)}"


def render_report(report: UsageReport, fmt: str = "table") -> str:
    """A `UsageReport` as `table` (plain text), `markdown` or `json`."""
    if fmt == "json":
        return json.dumps(report.to_dict(), indent=2)
    md = fmt == "markdown"
    window = f"since {report.since.isoformat()}" if report.since else "all time"
    out = [
        _heading("Routing report", md),
        "",
        f"{report.total} routing records, {window} "
        f"(generated {report.generated_at:%Y-%m-%d %H:%M:%S} UTC)",
        "",
        _heading("Persona distribution", md),
        "",
    ]
    rows = [
        [
            p.persona,
            str(p.count),
            _pct(p.percent),
            _pct(p.expected_percent),
            f"{p.drift_points:+.1f}",
            "DRIFT" if p.drifted else "ok",
        ]
        for p in report.personas
    ]
    out += render_table(
        ["persona", "records", "share", "expected", "drift (pts)", "status"], rows, fmt
    ).splitlines()
    if report.drifted:
        out += ["", f"Drift beyond ±{report.drift_threshold:g} points: {', '.join(report.drifted)}"]
    out += ["", _heading("Latency", md), ""]
    lat = report.latency
    if lat is None:
        out.append("no records")
    else:
        out += render_table(
            ["p50", "p95", "p99", "mean", "max"],
            [[_ms(lat.p50), _ms(lat.p95), _ms(lat.p99), _ms(lat.mean), _ms(lat.max)]],
            fmt,
        ).splitlines()
    out += ["", _heading("Cache", md), ""]
    cache_rows = [
        [t.tier, str(t.hits), str(t.lookups), _pct(100 * t.hit_rate), _pct(100 * t.share)]
        for t in report.cache.tiers
    ]
    combined = _pct(100 * report.cache.hit_rate)
    cache_rows.append(
        ["combined", str(report.cache.hits), str(report.cache.total), combined, combined]
    )
    out += render_table(
        ["tier", "hits", "lookups", "hit rate", "of all"], cache_rows, fmt
    ).splitlines()
    out += ["", _heading("Instances", md), ""]
    instance_rows = [
        [
            i.instance,
            str(i.records),
            _pct(i.percent),
            _ms(i.latency.p50) if i.latency else "-",
            _ms(i.latency.p95) if i.latency else "-",
            _ms(i.latency.p99) if i.latency else "-",
            _pct(100 * i.cache.hit_rate),
        ]
        for i in report.instances
    ]
    if instance_rows:
        headers = ["instance", "records", "share", "p50", "p95", "p99", "cache hit rate"]
        out += render_table(headers, instance_rows, fmt).splitlines()
    else:
        out.append("no records")
    return "\n".join(out)
