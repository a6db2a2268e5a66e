"""Small pieces of crash safety shared by ``extract run`` and ``extract publish``.

fsync of files and folders, whether a process that left something behind is still alive,
SIGTERM handled like Ctrl-C, and a section in which Ctrl-C and SIGTERM wait until the
section is done (a folder swap must never stop half-way because of a signal).
"""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

__all__ = [
    "fsync_dir",
    "fsync_tree",
    "pid_alive",
    "signals_deferred",
    "terminate_as_interrupt",
    "write_json_exclusive",
]


def fsync_dir(folder: Path) -> None:
    """Make the names in ``folder`` (renames, new and removed entries) durable."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        descriptor = os.open(folder, flags)
    except OSError:  # a platform or filesystem without directory fsync: nothing more to do
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def fsync_tree(folder: Path) -> None:
    """fsync every file below ``folder``, then every folder, deepest first."""
    for root, dirs, files in os.walk(folder, topdown=False):
        for name in files:
            path = Path(root, name)
            if path.is_symlink():
                continue
            descriptor = os.open(path, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        del dirs
        fsync_dir(Path(root))


def pid_alive(pid: int) -> bool:
    """True unless process ``pid`` is known to be gone on this machine (a zombie counts as gone)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


def write_json_exclusive(path: Path, content: dict[str, Any]) -> bool:
    """Create ``path`` holding ``content``, durably and whole, or return False when it exists.

    The content is written to a private file first and linked into place, so a reader
    never sees a half-written file and two writers never both succeed.
    """
    private = path.with_name(f"{path.name}-{os.getpid()}.tmp")
    private.write_text(json.dumps(content, sort_keys=True) + "\n", encoding="utf-8")
    try:
        descriptor = os.open(private, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.link(private, path)
    except FileExistsError:
        return False
    finally:
        private.unlink(missing_ok=True)
    fsync_dir(path.parent)
    return True


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    del signum, frame
    raise KeyboardInterrupt


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Inside, SIGTERM raises ``KeyboardInterrupt`` like Ctrl-C, so cleanup code runs.

    Only from the main thread, and only where SIGTERM still has its default action (an
    application that handles SIGTERM itself keeps its handler).
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is not signal.SIG_DFL:
        yield
        return
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Inside, Ctrl-C and SIGTERM are held back and delivered when the section ends.

    Blocking the signals with a mask is not enough: another thread may receive them and
    Python would still run the handler in the main thread mid-section.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        del frame
        held.append(signum)

    numbers = [signal.SIGINT, *([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])]
    previous = {number: signal.getsignal(number) for number in numbers}
    for number in numbers:
        signal.signal(number, hold)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        for signum in dict.fromkeys(held):
            signal.raise_signal(signum)
