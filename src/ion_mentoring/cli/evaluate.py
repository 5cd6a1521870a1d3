"""`ion-mentoring eval FILE.jsonl`: accuracy of analysis and routing on labeled messages."""

from __future__ import annotations

import argparse
import sys

from ..evaluation import EvaluationReport, LabelReport, evaluate, read_examples
from ._output import print_json, render_table


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "eval",
        help="measure tone/intent/persona/lang accuracy on a labeled JSONL file",
        description="Each line: {'text': ..., and any of 'tone', 'intent', 'persona', 'lang'}. "
        "Bad lines are reported with their line number and skipped.",
    )
    p.add_argument("dataset", metavar="FILE.jsonl", help="labeled messages, one JSON object a line")
    p.add_argument("--json", action="store_true", help="print the full report as JSON")
    p.add_argument("--worst", type=int, default=10, help="how many misses to list (default 10)")
    p.set_defaults(handler=_eval)


def _eval(args: argparse.Namespace) -> int:
    source = sys.stdin if args.dataset == "-" else open(args.dataset, encoding="utf-8")  # noqa: SIM115
    with source:
        examples, bad = read_examples(source)
    for line in bad:
        print(f"ion-mentoring: line {line.line}: {line.problem}; skipped", file=sys.stderr)
    report = evaluate(examples, worst=args.worst, bad_lines=bad)
    if args.json:
        print_json(report.to_dict())
    else:
        print(_render(report))
    if not examples:
        print("ion-mentoring: no labeled lines to evaluate", file=sys.stderr)
        return 1
    return 0


def _render(report: EvaluationReport) -> str:
    languages = sorted({lang for r in report.labels.values() for lang in r.by_language})
    rows = []
    for name, label in report.labels.items():
        row: list[object] = [name, f"{label.accuracy:.3f}", f"{label.correct}/{label.total}"]
        row += [_language_cell(label, lang) for lang in languages]
        rows.append(row)
    parts = [
        f"{report.examples} examples, {len(report.bad_lines)} bad lines skipped",
        "",
        render_table(["label", "accuracy", "correct", *languages], rows, "table"),
    ]
    for name, label in report.labels.items():
        parts += ["", f"confusion: {name} (rows expected, columns predicted)", _confusion(label)]
    if report.misses:
        parts += ["", "worst misses (most confident first):"]
        for miss in report.misses:
            text = " ".join(miss.text.split())
            text = text if len(text) <= 90 else text[:87] + "..."
            where = f"line {miss.line}" + (f" ({miss.id})" if miss.id else "")
            parts.append(
                f"  {where}: {miss.label} expected {miss.expected}, got {miss.predicted} "
                f"(confidence {miss.confidence:.2f}): {text}"
            )
    return "\n".join(parts)


def _language_cell(label: LabelReport, language: str) -> str:
    correct, total = label.by_language.get(language, (0, 0))
    return f"{correct / total:.3f} ({total})" if total else "-"


def _confusion(label: LabelReport) -> str:
    predicted = sorted({p for row in label.confusion.values() for p in row})
    rows = [
        [expected, *(row.get(p, 0) or "." for p in predicted)]
        for expected, row in label.confusion.items()
    ]
    return render_table(["expected", *predicted], rows, "table")
