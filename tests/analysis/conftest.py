from __future__ import annotations

import pytest

from ion_mentoring.analysis import Analyzer


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer()
