"""Each legacy class warns once, pointing to the new API."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import pytest

from ion_mentoring.compat import (
    ChatContext,
    PersonaPipeline,
    PersonaRouter,
    ResonanceConverter,
    get_legacy_pipeline,
)

FACTORIES: dict[str, tuple[Callable[[], object], str]] = {
    "PersonaPipeline": (PersonaPipeline, "Mentor"),
    "ResonanceConverter": (ResonanceConverter, "analyze"),
    "PersonaRouter": (PersonaRouter, "Router"),
    "ChatContext": (lambda: ChatContext("u1", "s1"), "history"),
}


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_first_instance_warns_with_the_replacement(name: str) -> None:
    factory, replacement = FACTORIES[name]
    with pytest.warns(DeprecationWarning, match=name) as record:
        factory()
    message = str(record[0].message)
    assert replacement in message
    assert "docs/migration.md" in message
    assert record[0].filename == __file__, "the warning points at the caller"


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_warns_only_once_per_class(name: str) -> None:
    factory, _ = FACTORIES[name]
    with pytest.warns(DeprecationWarning, match=name):
        factory()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        factory()
        factory()


def test_classes_warn_independently() -> None:
    with pytest.warns(DeprecationWarning, match="PersonaRouter"):
        PersonaRouter()
    with pytest.warns(DeprecationWarning, match="ResonanceConverter"):
        ResonanceConverter()


def test_shared_pipeline_warns_at_the_caller() -> None:
    with pytest.warns(DeprecationWarning, match="PersonaPipeline") as record:
        get_legacy_pipeline()
    assert len(record) == 1
    assert record[0].filename == __file__
