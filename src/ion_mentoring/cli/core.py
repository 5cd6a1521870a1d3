"""Core commands: analyze, route, prompt, keys, process-file."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..analysis import analyze
from ..keys import ALL_KEYS, parse_key
from ..mentor import Mentor
from ..routing import Router, RoutingDecision
from ._output import print_json, progress, render_table


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("analyze", help="analyze a message into a resonance key")
    p.add_argument("text")
    p.add_argument("--json", action="store_true", help="print the full analysis as JSON")
    p.set_defaults(handler=_analyze)

    p = subparsers.add_parser("route", help="route a resonance key to a persona")
    p.add_argument("key", help="tone-pace-intent, e.g. curious-flowing-learning")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_route)

    p = subparsers.add_parser("prompt", help="build the chat prompt for a message")
    p.add_argument("text")
    p.add_argument("--persona", help="force a persona")
    p.add_argument("--language", choices=["ko", "en"])
    p.add_argument("--mode", choices=["full", "summary_light"], default="full")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_prompt)

    p = subparsers.add_parser("keys", help="print the 216-key routing table")
    p.add_argument(
        "--format", choices=["table", "csv", "json", "markdown"], default="table", dest="fmt"
    )
    p.set_defaults(handler=_keys)

    p = subparsers.add_parser("process-file", help="route every line of a JSONL file")
    p.add_argument("input", help="JSONL with 'text' and optional 'id' per line ('-' = stdin)")
    p.add_argument("output", help="JSONL to write ('-' = stdout)")
    p.set_defaults(handler=_process_file)


def _analyze(args: argparse.Namespace) -> int:
    result = analyze(args.text)
    if args.json:
        print_json(result.to_dict())
        return 0
    print(f"resonance key: {result.key}")
    print(f"language: {result.language}  pace: {result.pace}")
    print(
        f"tone: {result.tone} ({result.tone_confidence:.2f})  intent: {result.intent} "
        f"({result.intent_confidence:.2f})"
    )
    topic = ", ".join(f"{k} {v:.2f}" for k, v in result.topic.items() if v)
    print(f"topic evidence: {topic or 'none'}")
    for cue in result.cues:
        print(f"  cue {cue.kind:<9} {cue.label:<16} {cue.match!r} ({cue.weight:+.2f})")
    return 0


def _route(args: argparse.Namespace) -> int:
    decision = Router().route(parse_key(args.key))
    if args.json:
        print_json(decision.to_dict())
        return 0
    print(
        f"{decision.key} -> {decision.primary} (confidence {decision.confidence:.3f}, "
        f"runner-up {decision.secondary})"
    )
    for name in decision.ranking:
        print(f"  {name:<6} {decision.scores[name]:.3f}")
    print(decision.reason)
    return 0


def _prompt(args: argparse.Namespace) -> int:
    response = Mentor().process(
        args.text, persona=args.persona, language=args.language, mode=args.mode
    )
    if args.json:
        print_json(response.prompt.to_dict())
        return 0
    print(
        f"# persona {response.persona}, key {response.key}, "
        f"~{response.prompt.estimated_tokens} tokens\n"
    )
    print(response.prompt.render())
    return 0


def key_rows(router: Router) -> list[dict[str, Any]]:
    """The 216-key table as plain rows, in `ALL_KEYS` order."""
    return [_key_row(router.table[key]) for key in ALL_KEYS]


def _key_row(d: RoutingDecision) -> dict[str, Any]:
    return {
        "key": str(d.key),
        "tone": d.key.tone.value,
        "pace": d.key.pace.value,
        "intent": d.key.intent.value,
        "primary": d.primary,
        "secondary": d.secondary,
        "confidence": d.confidence,
        "scores": dict(d.scores),
    }


def _keys(args: argparse.Namespace) -> int:
    router = Router()
    rows = key_rows(router)
    if args.fmt == "json":
        print_json(rows)
        return 0
    names = router.registry.names
    headers = ["key", "primary", "secondary", "confidence", *names]
    table = [
        [r["key"], r["primary"], r["secondary"], r["confidence"], *(r["scores"][n] for n in names)]
        for r in rows
    ]
    print(render_table(headers, table, args.fmt))
    return 0


def _process_file(args: argparse.Namespace) -> int:
    source = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")  # noqa: SIM115
    with source:
        lines = source.readlines()
    mentor = Mentor()
    bad = 0
    written = 0
    sink = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    try:
        for number, line in progress(enumerate(lines, 1), len(lines), "routing"):
            if not line.strip():
                continue
            problem, item = _parse_line(line)
            if item is None:
                bad += 1
                print(f"ion-mentoring: line {number}: {problem}; skipped", file=sys.stderr)
                continue
            response = mentor.process(item["text"])
            analysis = response.analysis
            out = {
                "id": item.get("id", number),
                "resonance_key": str(response.key),
                "tone": response.key.tone.value,
                "pace": response.key.pace.value,
                "intent": response.key.intent.value,
                "persona": response.persona,
                "confidence": response.decision.confidence,
                "language": analysis.language if analysis else None,
            }
            sink.write(json.dumps(out, ensure_ascii=False) + "\n")
            written += 1
    finally:
        if sink is not sys.stdout:
            sink.close()
    print(f"ion-mentoring: wrote {written} lines, skipped {bad}", file=sys.stderr)
    return 1 if bad else 0


def _parse_line(line: str) -> tuple[str, dict[str, Any] | None]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"invalid JSON ({exc.msg} at column {exc.colno})", None
    if not isinstance(item, dict):
        return "expected a JSON object", None
    if not isinstance(item.get("text"), str):
        return "missing string field 'text'", None
    return "", item
