"""Run `extract ARGS` and stop it at one named checkpoint: ``python _crash_child.py STEP SIGNAL ARGS...``.

The crash tests run this in a subprocess. At the checkpoint ``STEP`` the process sends
itself ``SIGNAL`` (KILL: no cleanup at all; TERM: as a service manager would). Environment:
``CRASH_TWO_RENAMES=1`` turns off the atomic folder exchange, to test the two-rename swap;
``CRASH_LOCK=PATH`` creates the file PATH just before the signal, as a git command holding
that lock when its caller was killed would leave it.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from extractor import _crashpoints, _outdir


def main() -> None:
    step, signal_name, *args = sys.argv[1:]
    if os.environ.get("CRASH_TWO_RENAMES") == "1":
        _outdir._EXCHANGE_DISABLED = True  # the test seam of the swap

    def hook(name: str) -> None:
        if name != step:
            return
        lock = os.environ.get("CRASH_LOCK")
        if lock:
            Path(lock).write_bytes(b"")
        os.kill(os.getpid(), getattr(signal, f"SIG{signal_name}"))

    _crashpoints.set_hook(hook)
    from cli import app

    app(args, prog_name="extract")


if __name__ == "__main__":
    main()
