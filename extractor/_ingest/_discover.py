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

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from extractor._errors import InputError


@dataclass(frozen=True)
class Source:
    """One input file and the article id its name gives."""

    path: Path
    id: str


def discover_inputs(paths: Sequence[Path | str]) -> list[Path]:
    """The files that ``iter_articles(paths)`` will read, in the order it reads them.

    A folder contributes every non-hidden file below it, recursively, in sorted path order
    (files of unsupported types included: they are reported as skipped). Files keep the
    order given. A file reached twice (named and inside a named folder) is read once.
    Paths stay as given, so relative inputs give relative paths.

    Raises ``InputError`` for a path that does not exist or a folder that cannot be listed.
    """
    return [source.path for source in discover_sources(paths)]


def discover_sources(paths: Sequence[Path | str]) -> list[Source]:
    """``discover_inputs`` with the id each file's name gives (see the module docstring)."""
    found: list[tuple[Path, Path | None]] = []  # (file, the named folder it was found in)
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        candidates: list[tuple[Path, Path | None]]
        if path.is_dir():
            candidates = [(candidate, path) for candidate in _files_below(path)]
        elif path.exists():
            candidates = [(path, None)]
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
