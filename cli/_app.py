"""The typer application; each command lives in its own ``_cmd_*`` module."""

from __future__ import annotations

import typer

from cli import _cmd_eval, _cmd_publish, _cmd_review, _cmd_run, _cmd_schema, _cmd_validate

app = typer.Typer(
    name="extract",
    help="Turn news articles into a validated, provenance-tracked dataset of diplomatic and military events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _module in (_cmd_run, _cmd_validate, _cmd_schema, _cmd_eval, _cmd_review, _cmd_publish):
    _module.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
