"""Validation of cache settings at the boundary (errors are `CacheError`)."""

from __future__ import annotations

import math

from ..exceptions import CacheError

__all__ = ["L1_MAX_TTL", "check_count", "check_positive"]

L1_MAX_TTL = 60.0
"""The longest time to live of an in-process L1 entry inside a tiered cache (SPEC §8)."""


def check_positive(name: str, value: float, *, maximum: float | None = None) -> float:
    """Return `value` if it is a finite number > 0 (and ≤ maximum), else raise CacheError."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CacheError(f"cache setting {name} must be a positive number, got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise CacheError(f"cache setting {name} must be a positive number, got {value!r}")
    if maximum is not None and value > maximum:
        raise CacheError(f"cache setting {name} must be at most {maximum:g}, got {value!r}")
    return value


def check_count(name: str, value: int) -> int:
    """Return `value` if it is an integer >= 1, else raise CacheError."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise CacheError(f"cache setting {name} must be a positive integer, got {value!r}")
    return value
