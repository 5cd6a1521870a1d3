"""Logging set-up and Sentry: error reporting that never carries message text.

Sentry is enabled by `ION_MENTORING_SENTRY_DSN`. Events are tagged with environment,
release, instance, and (when known) the persona and resonance key of the request; request
bodies are never attached (`max_request_body_size="never"`), PII is off, and
`before_send` / `before_breadcrumb` drop anything that could hold user text.
"""

from __future__ import annotations

import json
import logging
import sys
import warnings
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from .._version import __version__
from ..settings import Settings

__all__ = ["configure_logging", "init_sentry", "scrub_breadcrumb", "scrub_event", "tag_request"]

_TEXT_KEYS = frozenset(
    {
        "text",
        "message",
        "messages",
        "content",
        "scenario",
        "message_history",
        "history",
        "prompt",
        "summary",
        "body",
        "data",
        "user_text",
        "assistant_text",
    }
)
_REDACTED = "[redacted]"


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(log_format: str, level: int = logging.INFO) -> None:
    """Send `ion_mentoring` logs to stderr as text or JSON lines, unless the application
    already configured logging (handlers on the root or `ion_mentoring` logger)."""
    logger = logging.getLogger("ion_mentoring")
    if logger.handlers or logging.getLogger().handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        _JsonFormatter()
        if log_format == "json"
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    logger.addHandler(handler)
    if logger.level == logging.NOTSET:
        logger.setLevel(level)


def _scrub(value: Any, depth: int = 0) -> Any:
    if depth > 8:
        return _REDACTED
    if isinstance(value, Mapping):
        return {
            k: (_REDACTED if str(k).lower() in _TEXT_KEYS else _scrub(v, depth + 1))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_scrub(v, depth + 1) for v in value]
    return value


def scrub_event(event: dict[str, Any], _hint: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Drop request bodies, local variables, extras and breadcrumb data that may hold text."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            for name in list(headers):
                if name.lower() in ("authorization", "x-api-key", "cookie"):
                    headers[name] = _REDACTED
    if "extra" in event:
        event["extra"] = _scrub(event["extra"])
    for exception in (event.get("exception") or {}).get("values") or ():
        for frame in (exception.get("stacktrace") or {}).get("frames") or ():
            frame.pop("vars", None)
    crumbs = event.get("breadcrumbs")
    if isinstance(crumbs, dict):
        crumbs["values"] = [scrub_breadcrumb(c) for c in crumbs.get("values") or ()]
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        logentry.pop("params", None)
    return event


def scrub_breadcrumb(
    crumb: dict[str, Any], _hint: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Keep a breadcrumb's category and level; scrub its data."""
    if "data" in crumb:
        crumb["data"] = _scrub(crumb["data"])
    return crumb


def init_sentry(settings: Settings) -> bool:
    """Initialise sentry-sdk with the Starlette integration; False when no DSN is set."""
    if not settings.sentry_dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.starlette import StarletteIntegration

    with warnings.catch_warnings():
        # recent sentry-sdk releases prefer `data_collection`; `send_default_pii=False` means
        # the same and works on every 2.x release
        warnings.filterwarnings("ignore", "The send_default_pii option", DeprecationWarning)
        sentry_sdk.init(
            dsn=settings.sentry_dsn,
            environment=settings.sentry_environment,
            release=f"ion-mentoring@{__version__}",
            server_name=settings.instance_name,
            traces_sample_rate=settings.sentry_traces_sample_rate,
            send_default_pii=False,
            max_request_body_size="never",
            include_local_variables=False,
            before_send=scrub_event,  # type: ignore[arg-type]
            before_breadcrumb=scrub_breadcrumb,
            integrations=[StarletteIntegration(failed_request_status_codes={500, 502, 503})],
        )
    sentry_sdk.get_global_scope().set_tag("instance", settings.instance_name)
    return True


def tag_request(persona: str, resonance_key: str) -> None:
    """Tag the current Sentry scope with the routing outcome; call it only when `init_sentry`
    returned True."""
    import sentry_sdk

    scope = sentry_sdk.get_current_scope()
    scope.set_tag("persona", persona)
    scope.set_tag("resonance_key", resonance_key)
