"""The dataset folder ``extract run`` writes: which folders it may replace, and a swap that survives a crash.

Which folders. ``run`` replaces a folder only when it is absent, empty, or a dataset
folder this tool wrote and that holds nothing else. A folder written by ``run`` carries
the marker file ``.newsextract`` listing the files it wrote; a folder from an older
version without the marker counts as ours when it has ``run_report.json`` and the card
``README.md`` and only dataset files besides. Never replaced, whatever they hold: the
root, the home folder, the current folder or one above it, an input or a folder above
one, a git repository, and anything inside a release history of ``extract publish``.

The swap. The new folder is built beside the old one as ``.NAME.building-PID-HEX``,
fsynced, and a journal ``.NAME.swap`` naming the owner's pid is written before anything
is renamed. Where the system can exchange two folders atomically (Linux
``renameat2(RENAME_EXCHANGE)``), ``NAME`` is never missing. Elsewhere the old folder is
renamed to ``.NAME.previous-PID-HEX`` first; a crash between the two renames leaves the
journal, and ``settle`` (called by the next run and by every reader of the folder)
finishes the swap: the new folder was complete before the journal was written.
Leftovers of dead runs (their pid is in their name) are removed.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import secrets
import shutil
import socket
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extractor._crashpoints import checkpoint
from extractor._dataset import ALL_CONFIGS, data_file
from extractor._durable import fsync_dir, fsync_tree, pid_alive, signals_deferred, write_json_exclusive
from extractor._errors import InputError

__all__ = [
    "MARKER",
    "RELEASES_MARKER",
    "check_out_dir",
    "new_staging",
    "settle",
    "swap_into_place",
    "write_marker",
]

MARKER = ".newsextract"
"""The file that marks a dataset folder written by ``extract run``."""
MARKER_FORMAT = 1
RELEASES_MARKER = "newsextract-releases"
"""The file, inside ``.git/``, that marks a release history created by ``extract publish``."""

_CARD = "README.md"
_REPORT = "run_report.json"
_LITTER = frozenset({".DS_Store"})  # written by file browsers, never a user's data
_SHOWN = 3
_LEGACY_SETTLED_S = 60.0
_HOW = "give --out a new or empty folder"


def _leftover(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(name)}\.(?:building|previous)-(\d+)-[0-9a-f]+$")


def _journal(out: Path) -> Path:
    return out.parent / f".{out.name}.swap"


# --- which folders may be replaced -------------------------------------------------------


def check_out_dir(out: Path, inputs: Sequence[Path | str]) -> None:
    """Raise ``InputError`` (one line: why, and what to do) unless ``run`` may replace ``out``."""
    if out.is_symlink():
        raise InputError(f"is a symbolic link; {_HOW}, or the folder the link points to", path=out)
    if out.exists() and not out.is_dir():
        raise InputError(f"exists and is not a folder; refusing to replace it ({_HOW})", path=out)
    target = out.resolve()
    reason = _never_replaced(target, inputs)
    if reason:
        raise InputError(f"{reason}; refusing to replace it ({_HOW}, e.g. --out dataset)", path=out)
    if target.is_dir():
        _check_replaceable(out)


def _never_replaced(target: Path, inputs: Sequence[Path | str]) -> str | None:
    if target == Path(target.anchor):
        return "is the root folder"
    try:
        if target == Path.home().resolve():
            return "is your home folder"
    except RuntimeError:  # no home folder known
        pass
    cwd = Path.cwd().resolve()
    if target == cwd:
        return "is the current folder"
    if cwd.is_relative_to(target):
        return "contains the current folder"
    for given in inputs:
        source = Path(given).resolve()
        if source == target:
            return "is an input of this run"
        if source.is_relative_to(target):
            return f"contains the input {given}"
    for folder in (target, *target.parents):
        if (folder / ".git" / RELEASES_MARKER).is_file():
            return (
                "is a release history of extract publish"
                if folder == target
                else f"is inside the release history {folder}"
            )
    if (target / ".git").exists():
        return "is a git repository"
    return None


def _check_replaceable(folder: Path) -> None:
    files = _files_below(folder)
    if not files:
        return
    listed = _marked_files(folder)
    if listed is None and (folder / _CARD).is_file() and (folder / _REPORT).is_file():
        listed = {_CARD, _REPORT, *(data_file(Path(), config).as_posix() for config in ALL_CONFIGS)}
    if listed is None:
        raise InputError(
            f"is not empty and was not written by extract run; {_HOW}, or empty this one yourself", path=folder
        )
    foreign = [name for name in files if name not in listed and name.rpartition("/")[2] not in _LITTER]
    if foreign:
        shown = ", ".join(foreign[:_SHOWN]) + (f" and {len(foreign) - _SHOWN} more" if len(foreign) > _SHOWN else "")
        raise InputError(
            f"holds files that extract run did not write ({shown}); move them out of it or give --out another folder",
            path=folder,
        )


def _files_below(folder: Path) -> list[str]:
    """Every entry below ``folder`` that is not a real folder, as sorted relative POSIX paths."""
    found: list[str] = []
    for root, dirs, files in os.walk(folder, onerror=_raise):
        base = Path(root).relative_to(folder)
        found.extend((base / name).as_posix() for name in files)
        found.extend((base / name).as_posix() for name in dirs if Path(root, name).is_symlink())
    return sorted(found)


def _raise(error: OSError) -> None:
    raise InputError(f"cannot list the folder: {error.strerror or error}", path=error.filename)


def _marked_files(folder: Path) -> set[str] | None:
    """The files the marker lists (the marker included), or None for a folder without a valid marker."""
    try:
        content = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(content, dict) or content.get("kind") != "dataset" or not isinstance(content.get("files"), list):
        return None
    return {str(name) for name in content["files"]} | {MARKER}


def write_marker(folder: Path) -> None:
    """Mark ``folder`` as a dataset written by ``extract run``, listing its files."""
    files = [name for name in _files_below(folder) if name != MARKER]
    content = {"format": MARKER_FORMAT, "kind": "dataset", "files": files}
    (folder / MARKER).write_text(json.dumps(content, indent=1) + "\n", encoding="utf-8")


# --- the swap ----------------------------------------------------------------------------


def new_staging(out: Path) -> Path:
    """Create the hidden folder beside ``out`` that the new dataset is built in (mode from the umask)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = out.parent / f".{out.name}.building-{os.getpid()}-{secrets.token_hex(4)}"
        staging.mkdir()
    except OSError as e:
        raise InputError(f"cannot create a folder beside it: {e.strerror or e}", path=out) from e
    return staging


def swap_into_place(staging: Path, out: Path) -> None:
    """Replace ``out`` by the complete folder ``staging``; a crash at any point leaves a loadable ``out``."""
    fsync_tree(staging)
    checkpoint("run:staged")
    journal = _journal(out)
    retired = out.parent / staging.name.replace(".building-", ".previous-", 1)
    owner = {"pid": os.getpid(), "host": socket.gethostname(), "building": staging.name, "previous": retired.name}
    swapped = False
    try:
        with signals_deferred():
            if out.is_dir():
                _check_replaceable(out)  # files may have been added to it while the run was going
            if not write_json_exclusive(journal, owner):
                raise InputError(f"another extract run is replacing this folder (journal {journal}); wait", path=out)
            try:
                checkpoint("run:journal")
                if not out.exists():
                    staging.rename(out)
                elif _exchange(staging, out):
                    retired = staging  # the old dataset now has the staging folder's name
                else:
                    out.rename(retired)
                    checkpoint("run:between-renames")
                    try:
                        staging.rename(out)
                    except OSError:
                        retired.rename(out)
                        raise
                swapped = True
                fsync_dir(out.parent)
                checkpoint("run:swapped")
            finally:
                if out.exists():  # swapped or rolled back: either way nothing is left to finish
                    journal.unlink(missing_ok=True)
                    fsync_dir(out.parent)
        checkpoint("run:journal-removed")
    finally:
        if swapped:  # also when a held-back Ctrl-C or SIGTERM is delivered at the end of the section
            shutil.rmtree(retired, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders' names in one atomic step; False where the system cannot."""
    if sys.platform != "linux" or _EXCHANGE_DISABLED:
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return bool(done == 0)


_EXCHANGE_DISABLED = False  # the crash tests turn the exchange off to test the two-rename path


def settle(out: Path, *, strict: bool = False) -> None:
    """Finish a swap of ``out`` that a dead process left half done; remove dead runs' leftovers.

    Cheap when there is nothing to do (one ``stat``). With ``strict``, a swap that a live
    process is doing is an ``InputError``; otherwise it is left alone.
    """
    journal = _journal(out)
    try:
        if journal.exists():
            _settle_journal(out, journal, strict=strict)
        if not out.exists() or strict:
            _settle_legacy(out)
        if strict:
            _remove_dead_leftovers(out)
    except OSError as e:
        raise InputError(f"cannot finish an interrupted write of this folder: {e.strerror or e}", path=out) from e


def _settle_journal(out: Path, journal: Path, *, strict: bool) -> None:
    owner = _read_owner(journal)
    if owner is None:
        journal.unlink(missing_ok=True)  # only an empty or partial file can be unreadable: nothing was renamed
        return
    if owner["host"] != socket.gethostname() or pid_alive(owner["pid"]):
        if strict:
            raise InputError(
                f"extract run (pid {owner['pid']} on {owner['host']}) is replacing this folder; wait for it, "
                f"or remove {journal} if no such run exists",
                path=out,
            )
        return
    building, previous = out.parent / owner["building"], out.parent / owner["previous"]
    if not out.exists():
        # The journal is written only once the new folder is complete, so finishing is safe.
        restore = next((folder for folder in (building, previous) if folder.is_dir()), None)
        if restore is not None:
            restore.rename(out)
            fsync_dir(out.parent)
    journal.unlink()
    fsync_dir(out.parent)
    for leftover in (building, previous):
        shutil.rmtree(leftover, ignore_errors=True)


def _read_owner(journal: Path) -> dict[str, Any] | None:
    try:
        content = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    keys = {"pid": int, "host": str, "building": str, "previous": str}
    if not isinstance(content, dict) or any(not isinstance(content.get(k), t) for k, t in keys.items()):
        return None
    if any("/" in content[k] or not content[k].startswith(".") for k in ("building", "previous")):
        return None  # names beside the folder only: a journal never points anywhere else
    return content


def _settle_legacy(out: Path) -> None:
    """Versions before the journal named the old folder ``.NAME.previous-XXXXXXXX`` and kept it
    there only for the instant between two renames. One that has sat there for a minute
    was left by a killed run: put it back when ``out`` is missing, remove it otherwise.
    """
    if not out.parent.is_dir():
        return
    pattern = re.compile(rf"^\.{re.escape(out.name)}\.previous-[a-z0-9_]{{8}}$")
    settled = time.time() - _LEGACY_SETTLED_S
    found = sorted(
        (entry for entry in out.parent.iterdir() if pattern.match(entry.name) and entry.is_dir()),
        key=lambda entry: entry.lstat().st_ctime,
        reverse=True,  # newest first: the most recent dataset is the one put back
    )
    for entry in found:
        if entry.lstat().st_ctime > settled or entry.is_symlink():
            continue
        if not out.exists():
            entry.rename(out)
            fsync_dir(out.parent)
        else:
            shutil.rmtree(entry, ignore_errors=True)


def _remove_dead_leftovers(out: Path) -> None:
    pattern = _leftover(out.name)
    journal_private = re.compile(rf"^\.{re.escape(out.name)}\.swap-(\d+)\.tmp$")
    if not out.parent.is_dir():
        return
    for entry in out.parent.iterdir():
        found = pattern.match(entry.name) or journal_private.match(entry.name)
        if found is None or pid_alive(int(found[1])):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
