"""The curated public API: every exported name exists and the examples run on it."""

from __future__ import annotations

import importlib
import runpy
from pathlib import Path

import pytest

import ion_mentoring

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.py"))
SUBPACKAGES = ["analysis", "cache", "compat", "routing", "store", "server"]


def test_every_exported_name_exists() -> None:
    for name in ion_mentoring.__all__:
        assert hasattr(ion_mentoring, name), name
    assert ion_mentoring.__version__.count(".") == 2


@pytest.mark.parametrize("package", SUBPACKAGES)
def test_subpackages_export_what_they_list(package: str) -> None:
    module = importlib.import_module(f"ion_mentoring.{package}")
    for name in module.__all__:
        assert getattr(module, name) is not None, f"{package}.{name}"


def test_errors_share_one_root() -> None:
    for name in ion_mentoring.__all__:
        obj = getattr(ion_mentoring, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, ion_mentoring.IonMentoringError), name


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_run(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(path), run_name="__main__")
    assert capsys.readouterr().out.strip()
