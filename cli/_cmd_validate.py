"""`extract validate`: check third-party record files against the published JSON Schema."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli._render import EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE, library_errors, stdout, write_stdout
from schema import RECORD_TYPES

_HELP = """Check record files against the published JSON Schema (schema/json).

PATH is a .jsonl/.ndjson, .json (one object or an array) or .parquet file, or a folder
(searched recursively; hidden files and *.schema.json are left out).

The record type comes from --type, else a "type" field in the record (removed before
validating), else the file or folder name (statements.jsonl, meetings/train.parquet).

Prints every error as FILE:LINE: /json/pointer: message (Parquet: FILE:row N, 0-based),
then a summary. At most 1000 errors are listed; all are counted.

Warnings: a file with no records, a file in a folder skipped because its type cannot be
told, records tagged with another type than their file's name. --strict turns warnings
into failures.

Exit codes: 0 all records valid; 1 a record is invalid (or a warning under --strict);
2 unusable input (missing path, unsupported file type, unknown --type; a file that cannot
be read is reported and the other files are still checked).
"""

if TYPE_CHECKING:
    RecordTypeChoice = str
else:
    # The listed choices of --type: auto, then every type with a published schema.
    RecordTypeChoice = StrEnum("RecordTypeChoice", ["auto", *RECORD_TYPES])


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("validate", help=_HELP)(validate)


def validate(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help="Record files or folders.")],
    *,
    record_type: Annotated[
        RecordTypeChoice,
        typer.Option("--type", metavar="TYPE", help=f"Record type of every record: {', '.join(RecordTypeChoice)}."),
    ] = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print a machine-readable report on stdout.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Check record files against the published JSON Schema."""
    from extractor import validate_records

    with library_errors():
        report = validate_records(paths, record_type=str(record_type))
    if as_json:
        write_stdout(report.to_json())
    else:
        for error in report.errors:
            stdout.print(str(error), markup=False, highlight=False)
        for warning in report.warnings:
            stdout.print(str(warning), markup=False, highlight=False)
        for problem in report.unreadable:
            stdout.print(f"{problem.file}: error: {problem.message}", markup=False, highlight=False)
        stdout.print(report.summary(), markup=False, highlight=False)
    if report.unreadable:
        raise typer.Exit(EXIT_UNUSABLE)
    raise typer.Exit(EXIT_OK if report.passed(strict=strict) else EXIT_INVALID)
