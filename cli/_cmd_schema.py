"""`extract schema`: print or write the published JSON Schema files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli._render import library_errors, stdout, write_stdout

_HELP = """Print the JSON Schema of one record type, or write them all.

extract schema statement             prints the statement schema (JSON) on stdout

extract schema --out DIR             writes every TYPE.schema.json into DIR

extract schema statement --out DIR   writes only statement.schema.json into DIR

extract schema                       lists the record types, one a line

`extract schema --out schema/json` regenerates the committed schema files.
"""


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("schema", help=_HELP)(schema)


def schema(
    type_name: Annotated[
        str | None, typer.Argument(metavar="TYPE", help="Record type, e.g. statement or meetings.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write schema files into this folder instead of printing.")
    ] = None,
) -> None:
    """Print or write the published JSON Schema files."""
    import extractor

    with library_errors():
        if out is not None:
            paths = extractor.write_json_schemas(out, type_names=[type_name] if type_name else None)
            for path in paths:
                stdout.print(f"wrote {path}", markup=False, highlight=False)
        elif type_name is not None:
            write_stdout(extractor.schema_text(type_name))
        else:
            write_stdout("\n".join(extractor.record_type_names()))
