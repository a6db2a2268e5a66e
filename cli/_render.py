"""Shared rendering: library errors become one line on stderr and an exit code."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from extractor import NewsExtractError

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_UNUSABLE = 2
EXIT_INTERRUPTED = 130

stdout = Console(soft_wrap=True)
stderr = Console(stderr=True, soft_wrap=True)


def fail(message: str, code: int) -> typer.Exit:
    """Print ``error: message`` as one line and return the Exit to raise."""
    one_line = " ".join(message.split())
    stderr.print(f"error: {one_line}", markup=False, highlight=False)
    return typer.Exit(code)


@contextmanager
def library_errors() -> Iterator[None]:
    """Turn library exceptions into one-line messages; never show a traceback."""
    try:
        yield
    except NewsExtractError as e:
        raise fail(str(e), e.exit_code) from e
    except KeyboardInterrupt as e:
        raise fail("interrupted; nothing already written was changed", EXIT_INTERRUPTED) from e
    except (typer.Exit, typer.Abort):
        raise
    except Exception as e:  # a bug of ours: still one line, with a hint for a report
        kind = type(e).__name__
        detail = str(e) or "no detail"
        raise fail(f"internal error ({kind}): {detail}. Please report it.", EXIT_UNUSABLE) from e


def write_stdout(text: str) -> None:
    """Plain output for machine-readable results (``--json``), free of rich markup."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
