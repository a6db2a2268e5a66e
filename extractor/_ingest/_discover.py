"""Expand the input paths into the ordered list of files to read, without reading them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from extractor._errors import InputError


def discover_inputs(paths: Sequence[Path | str]) -> list[Path]:
    """The files that ``iter_articles(paths)`` will read, in the order it reads them.

    A folder contributes every non-hidden file below it, recursively, in sorted path order
    (files of unsupported types included: they are reported as skipped). Files keep the
    order given. A file reached twice (named and inside a named folder) is read once.
    Paths stay as given, so relative inputs give relative paths.

    Raises ``InputError`` for a path that does not exist or a folder that cannot be listed.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            candidates = _files_below(path)
        elif path.exists():
            candidates = [path]
        else:
            raise InputError("no such file or folder", path=path)
        for candidate in candidates:
            key = _identity(candidate)
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def _files_below(folder: Path) -> list[Path]:
    try:
        entries = sorted(folder.rglob("*"))
    except OSError as error:
        raise InputError(f"cannot list folder: {error.strerror or error}", path=folder) from error
    return [
        entry
        for entry in entries
        if not any(part.startswith(".") for part in entry.relative_to(folder).parts) and entry.is_file()
    ]


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()
