"""`extract review`: a self-contained HTML page of a dataset, or its records as gold lines."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli._render import library_errors, stdout

_HELP = """Write one self-contained HTML page to review DATASET.

The page (no network access, nothing fetched) shows counts, every article with its
evidence passages highlighted by record type (click one to see its records), and a
filterable table per record type.

With --export-gold, writes the records in the gold format instead (one line per record
and article), to be corrected by hand into a gold file for `extract eval`: a FILE ending
in .jsonl gets every type (lines carry "type"); anything else is a folder of one file
per type.

Exit codes: 0 written; 2 a missing or unusable dataset or output path.
"""


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("review", help=_HELP)(review)


def review(
    dataset: Annotated[Path, typer.Argument(help="Dataset folder written by `extract run`.")],
    *,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("review.html"),
    export_gold_to: Annotated[
        Path | None,
        typer.Option("--export-gold", metavar="FILE_OR_DIR", help="Write the records as gold lines instead."),
    ] = None,
) -> None:
    """Write a review page of a dataset, or export its records as gold."""
    from extractor import export_gold, render_review

    with library_errors():
        if export_gold_to is not None:
            written = export_gold(dataset, out=export_gold_to)
            stdout.print(f"gold lines written to {written}", markup=False, highlight=False)
        else:
            written = render_review(dataset, out=out)
            stdout.print(f"review page written to {written}", markup=False, highlight=False)
