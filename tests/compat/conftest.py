"""Compat fixtures: fresh deprecation state and shared-pipeline state for every test."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest

from ion_mentoring.compat import PersonaPipeline, ResonanceConverter, reset_legacy_pipeline
from ion_mentoring.compat._warnings import reset_warnings

LEGACY = "ion_mentoring.compat"
T = TypeVar("T")


@pytest.fixture(autouse=True)
def _fresh_state() -> Iterator[None]:
    reset_warnings()
    reset_legacy_pipeline()
    yield
    reset_legacy_pipeline()


def quietly(factory: Callable[[], T]) -> T:
    """Build a legacy object without its deprecation warning (tested separately)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=LEGACY, category=DeprecationWarning)
        return factory()


@pytest.fixture
def pipeline() -> PersonaPipeline:
    return quietly(PersonaPipeline)


@pytest.fixture
def converter() -> ResonanceConverter:
    return quietly(ResonanceConverter)
