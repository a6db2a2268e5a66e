"""Expand the input paths into the ordered list of files to read, without reading them.

Each file also gets the article id it stands for (before a front-matter or JSONL ``id``):

- a file found inside a named folder: its path relative to that folder, without the
  extension, with ``/`` between parts (``scrape/2025-03-12/article.txt`` named as
  ``scrape`` gives ``2025-03-12/article``; a flat folder gives the plain file stem);
- a file named directly: its stem, unless another directly named file of the same run has
  the same stem; then each of those gets its path as given, without the extension.

So adding or removing a file never changes another file's id, except for two files
named one by one with the same stem (name their common folder instead).
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from extractor._errors import InputError
from extractor._ingest._model import SkippedFile

_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


@dataclass(frozen=True)
class Source:
    """One input file and the article id its name gives."""

    path: Path
    id: str


def discover_inputs(paths: Sequence[Path | str], *, on_skip: Callable[[SkippedFile], None] | None = None) -> list[Path]:
    """The files that ``iter_articles(paths)`` will read, in the order it reads them.

    A folder contributes every non-hidden regular file below it, recursively, in sorted
    path order (files of unsupported types included: they are reported as skipped).
    Symbolic links to folders are not followed. Files keep the order given. A file
    reached twice (named and inside a named folder) is read once. Paths stay as given,
    so relative inputs give relative paths.

    Inside a folder, a subfolder that cannot be listed and anything that is not a regular
    file (a named pipe, a socket, a device) go to ``on_skip``: reading a pipe would wait
    forever.

    Raises ``InputError`` for a path that does not exist, a named path that is not a
    regular file or a folder, and a named folder that cannot be listed.
    """
    return [source.path for source in discover_sources(paths, on_skip=on_skip)]


def discover_sources(
    paths: Sequence[Path | str], *, on_skip: Callable[[SkippedFile], None] | None = None
) -> list[Source]:
    """``discover_inputs`` with the id each file's name gives (see the module docstring)."""
    found: list[tuple[Path, Path | None]] = []  # (file, the named folder it was found in)
    seen: set[Path] = set()
    skip = on_skip if on_skip is not None else (lambda skipped: None)
    for given in paths:
        path = Path(given)
        candidates: list[tuple[Path, Path | None]]
        if path.is_dir():
            candidates = [(candidate, path) for candidate in _files_below(path, skip)]
        elif path.is_file():
            candidates = [(path, None)]
        elif path.exists():
            raise InputError(f"is {_kind(path)}, not a regular file or a folder; give a file or a folder", path=path)
        else:
            raise InputError("no such file or folder", path=path)
        for candidate, root in candidates:
            key = _identity(candidate)
            if key not in seen:
                seen.add(key)
                found.append((candidate, root))
    named_stems = Counter(path.stem for path, root in found if root is None)
    return [Source(path, _id_of(path, root, named_stems)) for path, root in found]


def _id_of(path: Path, root: Path | None, named_stems: Counter[str]) -> str:
    if root is not None:
        return path.relative_to(root).with_suffix("").as_posix()
    if named_stems[path.stem] > 1:
        return path.with_suffix("").as_posix()
    return path.stem


def _files_below(folder: Path, skip: Callable[[SkippedFile], None]) -> list[Path]:
    try:
        with os.scandir(folder):
            pass
    except OSError as error:
        raise InputError(f"cannot list folder: {error.strerror or error}", path=folder) from error
    files: list[Path] = []
    unreadable: list[tuple[Path, str]] = []

    def note_unreadable(error: OSError) -> None:
        unreadable.append((Path(error.filename) if error.filename else folder, error.strerror or str(error)))

    for root, dirs, names in os.walk(folder, onerror=note_unreadable):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        base = Path(root)
        for name in names:
            if name.startswith("."):
                continue
            candidate = base / name
            if candidate.is_file():
                files.append(candidate)
            elif candidate.exists():
                skip(SkippedFile(str(candidate), f"{_kind(candidate)}, not a regular file"))
    for path, why in sorted(unreadable):
        skip(SkippedFile(str(path), f"unreadable folder ({why}): none of its files were read"))
    return sorted(files)


def _kind(path: Path) -> str:
    try:
        mode = path.stat().st_mode
    except OSError:
        return "not readable"
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()
