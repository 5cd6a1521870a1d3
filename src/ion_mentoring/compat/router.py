"""The legacy `PersonaRouter`: key -> `RoutingResult`, through the core `Router`."""

from __future__ import annotations

from typing import Any

from ..keys import parse_key_lenient
from ..routing import Router
from ._warnings import warn_deprecated
from .models import RoutingResult

__all__ = ["PersonaRouter"]


class PersonaRouter:
    """Routes legacy or canonical keys with the core `Router`.

    The legacy feature flags are accepted and kept as attributes; they change nothing (memory
    and multi-persona chains live in `Mentor` now; rune and phases no longer exist).
    """

    def __init__(
        self,
        enable_memory: bool = False,
        enable_rune: bool = False,
        enable_phases: bool = False,
        enable_multi_persona: bool = False,
        *,
        router: Router | None = None,
        **ignored: Any,
    ) -> None:
        warn_deprecated("PersonaRouter")
        self.enable_memory = enable_memory
        self.enable_rune = enable_rune
        self.enable_phases = enable_phases
        self.enable_multi_persona = enable_multi_persona
        self.ignored_options = dict(ignored)
        self.router = router or Router()

    def route(self, resonance_key: str) -> RoutingResult:
        """Route a key; legacy spellings are mapped, an unknown key routes the default key."""
        return RoutingResult.from_decision(self.router.route(parse_key_lenient(resonance_key).key))
