from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from ion_mentoring import ALL_KEYS, Router
from ion_mentoring.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_keys_json_has_216_rows_following_the_router(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "keys", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 216
    assert [r["key"] for r in rows] == [str(k) for k in ALL_KEYS]
    router = Router()
    for row in rows:
        decision = router.route(row["key"])
        assert row["primary"] == decision.primary
        assert row["secondary"] == decision.secondary
        assert set(row["scores"]) == {"Lua", "Elro", "Riri", "Nana"}
        assert (row["tone"], row["pace"], row["intent"]) == tuple(row["key"].split("-"))


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_keys_text_formats(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, _ = run(capsys, "keys", "--format", fmt)
    assert code == 0 and "frustrated-burst-seek_advice" in out
    if fmt == "csv":
        assert len(list(csv.reader(io.StringIO(out)))) == 217


def test_route_and_bad_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "route", "analytical-medium-learning", "--json")
    assert code == 0 and json.loads(out)["primary"] == "Elro"
    code, _, err = run(capsys, "route", "analytical-medium-dancing")
    assert code == 2 and "invalid intent 'dancing'" in err and "seek_advice" in err


def test_analyze_and_prompt(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "analyze", "왜 또 빌드가 안 돼요?!", "--json")
    data = json.loads(out)
    assert code == 0 and data["language"] == "ko" and data["resonance_key"].count("-") == 2
    code, out, _ = run(capsys, "analyze", "help me plan the sprint")
    assert code == 0 and "resonance key:" in out
    code, out, _ = run(capsys, "prompt", "explain closures", "--persona", "Elro", "--json")
    assert code == 0 and json.loads(out)["persona"] == "Elro"
    code, out, _ = run(capsys, "prompt", "explain closures", "--mode", "summary_light")
    assert code == 0 and "[system]" in out


def test_process_file_skips_bad_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "a", "text": "my tests keep failing", "extra": 1}\n'
        "not json\n"
        '{"id": "b"}\n'
        "\n"
        '{"text": "다음 주 일정 계획을 같이 세워요"}\n',
        encoding="utf-8",
    )
    target = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "process-file", str(source), str(target))
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert code == 1
    assert "line 2: invalid JSON" in err and "line 3: missing string field 'text'" in err
    assert [row["id"] for row in lines] == ["a", 5]
    assert set(lines[0]) == {
        "id",
        "resonance_key",
        "tone",
        "pace",
        "intent",
        "persona",
        "confidence",
        "language",
    }
    assert lines[1]["language"] == "ko"


def test_missing_input_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "process-file", str(tmp_path / "nope.jsonl"), "-")
    assert code == 2 and "No such file" in err and "nope.jsonl" in err
