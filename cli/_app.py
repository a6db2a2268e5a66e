"""The typer application; each command lives in its own ``_cmd_*`` module."""

from __future__ import annotations

from typing import Annotated

import typer

from cli import _cmd_eval, _cmd_publish, _cmd_review, _cmd_run, _cmd_schema, _cmd_validate
from cli._help import Command, Group
from cli._render import EXIT_OK, stdout

app = typer.Typer(
    name="extract",
    cls=Group,
    help="Turn news articles into a validated, provenance-tracked dataset of diplomatic and military events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _module in (_cmd_run, _cmd_validate, _cmd_schema, _cmd_eval, _cmd_review, _cmd_publish):
    _module.register(app)
for _command in app.registered_commands:
    _command.cls = Command  # one help style for every command (see cli._help)


def _print_version(value: bool) -> None:
    if value:
        from extractor import package_version

        stdout.print(f"extract (newsextract) {package_version()}", markup=False, highlight=False)
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Turn news articles into a validated, provenance-tracked dataset of diplomatic and military events."""


def main() -> None:
    """Console-script entry point."""
    app()
