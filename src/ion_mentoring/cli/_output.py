"""Output helpers shared by CLI commands: JSON, tables (rich when installed), progress."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def render_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> str:
    """Render rows as `table`, `csv` or `markdown` text."""
    cells = [[_cell(v) for v in row] for row in rows]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(cells)
        return out.getvalue().rstrip("\n")
    if fmt == "markdown":
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += ["| " + " | ".join(row) + " |" for row in cells]
        return "\n".join(lines)
    widths = [
        max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)
    ]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


def progress(items: Iterable[T], total: int | None, description: str) -> Iterator[T]:
    """Iterate with a progress bar on an interactive terminal (rich), silently otherwise."""
    if not sys.stderr.isatty():
        yield from items
        return
    try:
        from rich.progress import track
    except ImportError:
        yield from items
        return
    yield from track(items, total=total, description=description, transient=True)
