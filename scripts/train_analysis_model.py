"""Train the analyzer's naive Bayes second opinion and write it into the package.

    .venv/bin/python scripts/train_analysis_model.py          # rewrite the shipped model
    .venv/bin/python scripts/train_analysis_model.py --check  # exit 1 if it is out of date

Reads the labeled sets named in `ion_mentoring.analysis._learned.TRAINING_SETS` (the
project's own examples; never the held-out set nor ../shared/data) and writes
`src/ion_mentoring/data/model/naive_bayes.json`. Training is counting: the output depends only
on the training files and the tokenizer, so it is reproducible byte for byte.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ion_mentoring.analysis._learned import MODEL_FILE, TRAINING_SETS, train_model
from ion_mentoring.analysis._text import prepare, tokenize

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "ion_mentoring" / "data" / MODEL_FILE


def tokens_of(text: str) -> list[str]:
    return tokenize(prepare(text).lowered)


def read_rows(paths: list[Path]) -> list[dict[str, object]]:
    rows = []
    for path in paths:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"{path}:{number}: not JSON: {exc}") from None
    return rows


def render() -> str:
    paths = [ROOT / name for name in TRAINING_SETS]
    document = train_model(read_rows(paths), tokens_of)
    document["trained_on"] = list(TRAINING_SETS)
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the shipped file")
    args = parser.parse_args()
    text = render()
    if args.check:
        current = OUTPUT.read_text("utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        print(f"{OUTPUT.relative_to(ROOT)} is up to date")
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, "utf-8")
    size = len(text.encode())
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({size:,} bytes) from {len(TRAINING_SETS)} sets")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
