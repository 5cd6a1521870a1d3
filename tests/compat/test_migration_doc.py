"""The examples in docs/migration.md run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "migration.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text("utf-8"), re.DOTALL)


def test_the_guide_has_examples() -> None:
    assert len(BLOCKS) >= 4


@pytest.mark.filterwarnings("ignore:ion_mentoring.compat:DeprecationWarning")
@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{n}" for n in range(len(BLOCKS))])
def test_example_runs(block: str) -> None:
    exec(compile(block, str(DOC), "exec"), {})


def test_the_guide_maps_every_legacy_call() -> None:
    text = DOC.read_text("utf-8")
    for call in (
        "process(", "get_persona(", "get_confidence(", "get_all_scores(",
        "get_secondary_persona(", "build_prompt(", "get_system_prompt(",
        "get_user_prompt_template(", "get_persona_config(", "get_available_personas(",
        "validate_resonance_key(", "clear_cache(", "get_statistics(", "get_debug_info(",
        "get_new_pipeline(", "get_router(", "get_personas(", "get_prompt_factory(",
        "migrate_to_new_api(", "get_legacy_pipeline(", "reset_legacy_pipeline(",
        "get_pipeline(", "reset_pipeline(", "analyze_rhythm(", "detect_emotion_tone(",
        "generate_resonance_key(", "convert(", "PersonaRouter(", "ChatContext",
    ):  # fmt: skip
        assert call in text, call
