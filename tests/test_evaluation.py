"""The evaluation module and the `eval` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ion_mentoring.cli import main
from ion_mentoring.evaluation import LabeledExample, evaluate, read_examples

LINES = [
    json.dumps(
        {"id": "a", "text": "Prod is down!! fix the API now", "tone": "urgent", "lang": "en"}
    ),
    "",
    "{not json",
    json.dumps(
        {"text": "걱정돼요. 발표를 망칠까 봐 불안해요", "tone": "anxious", "persona": "Lua"}
    ),
    json.dumps({"text": "hello", "tone": "happy"}),
    json.dumps({"tone": "calm"}),
    json.dumps(["text"]),
    json.dumps({"text": "Can you explain what a p-value is?", "intent": "learning", "lang": "en"}),
]


def test_read_examples_reports_bad_lines_with_numbers() -> None:
    examples, bad = read_examples(LINES)
    assert [e.line for e in examples] == [1, 4, 8]
    assert examples[0].id == "a"
    assert examples[1].labels == {"tone": "anxious", "persona": "Lua"}
    assert [b.line for b in bad] == [3, 5, 6, 7]
    assert "not valid JSON" in bad[0].problem
    assert "unknown tone 'happy'" in bad[1].problem
    assert "allowed" in bad[1].problem


def test_evaluate_counts_per_label_and_language() -> None:
    examples, _ = read_examples(LINES)
    report = evaluate(examples)
    assert report.examples == 3
    assert report.labels["tone"].total == 2
    assert report.labels["tone"].correct == 2
    assert report.labels["intent"].by_language == {"en": (1, 1)}
    assert report.labels["persona"].by_language == {"ko": (1, 1)}
    assert report.labels["lang"].accuracy == 1.0
    assert report.labels["tone"].confusion == {"anxious": {"anxious": 1}, "urgent": {"urgent": 1}}
    data = report.to_dict()
    assert data["labels"]["tone"]["accuracy"] == 1.0
    json.dumps(data)


def test_worst_misses_are_most_confident_first() -> None:
    examples = [
        LabeledExample(1, "I'm so worried about tomorrow", {"tone": "playful"}),
        LabeledExample(2, "ok", {"tone": "urgent", "intent": "planning"}),
    ]
    report = evaluate(examples, worst=5)
    assert len(report.misses) == 3
    confidences = [m.confidence for m in report.misses]
    assert confidences == sorted(confidences, reverse=True)
    assert {m.label for m in report.misses} == {"tone", "intent"}
    assert evaluate(examples, worst=1).misses == report.misses[:1]


def test_labels_absent_from_the_data_are_not_reported() -> None:
    report = evaluate([LabeledExample(1, "hi", {})])
    assert report.labels == {}


def test_eval_command_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "set.jsonl"
    data.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    assert main(["eval", str(data)]) == 0
    out, err = capsys.readouterr()
    assert "3 examples, 4 bad lines skipped" in out
    assert "confusion: tone" in out
    assert "line 3:" in err
    assert "skipped" in err
    assert main(["eval", str(data), "--json", "--worst", "0"]) == 0
    out, _ = capsys.readouterr()
    report = json.loads(out)
    assert report["examples"] == 3
    assert report["worst_misses"] == []
    assert [b["line"] for b in report["bad_lines"]] == [3, 5, 6, 7]


def test_eval_command_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(tmp_path / "nope.jsonl")]) == 2
    assert "nope.jsonl" in capsys.readouterr().err


def test_eval_command_on_the_dev_set_meets_targets(capsys: pytest.CaptureFixture[str]) -> None:
    dev = Path(__file__).resolve().parents[2] / "shared" / "data" / "eval_dev.jsonl"
    if not dev.exists():
        pytest.skip("shared dev set not available")
    assert main(["eval", str(dev), "--json"]) == 0
    labels = json.loads(capsys.readouterr().out)["labels"]
    assert labels["tone"]["accuracy"] >= 0.80
    assert labels["intent"]["accuracy"] >= 0.80
    assert labels["persona"]["accuracy"] >= 0.85
    for name in ("tone", "intent", "persona"):
        for lang in labels[name]["by_language"].values():
            assert lang["accuracy"] >= 0.75
