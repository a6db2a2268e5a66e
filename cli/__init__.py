"""The ``extract`` command line: parse, call one library function, render. No logic lives here."""

from __future__ import annotations

from cli._app import app, main

__all__ = ["app", "main"]
