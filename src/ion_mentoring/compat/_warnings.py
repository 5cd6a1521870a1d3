"""One `DeprecationWarning` per legacy class, pointing to its replacement in the new API."""

from __future__ import annotations

import threading
import warnings

__all__ = ["REPLACEMENTS", "reset_warnings", "warn_deprecated"]

_warned: set[str] = set()
_lock = threading.Lock()

REPLACEMENTS: dict[str, str] = {
    "PersonaPipeline": "ion_mentoring.mentor.Mentor (Mentor().process(text, key=...))",
    "ResonanceConverter": "ion_mentoring.analysis.analyze (analyze(text).key)",
    "PersonaRouter": "ion_mentoring.Router (Router().route(key))",
    "ChatContext": "Mentor.process(..., history=[...]) or session_id with a Store",
}
"""Legacy class name -> what to use instead."""


def warn_deprecated(name: str, *, stacklevel: int = 3) -> None:
    """Warn that the legacy class `name` is deprecated, the first time only."""
    with _lock:
        if name in _warned:
            return
        _warned.add(name)
    warnings.warn(
        f"ion_mentoring.compat.{name} is deprecated; use {REPLACEMENTS[name]} instead "
        "(see docs/migration.md)",
        DeprecationWarning,
        stacklevel=stacklevel,
    )


def reset_warnings() -> None:
    """Forget which classes already warned (for tests)."""
    with _lock:
        _warned.clear()
