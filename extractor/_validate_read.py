"""Reading third-party record files for ``validate_records``: path expansion and streaming readers.

Every reader yields ``(position, value, raw)`` triples: ``value`` is the decoded record (any
JSON value; the caller checks that it is an object) or an ``Unreadable`` when the bytes at
that position are not a JSON value that a record can hold; ``raw`` is the line's bytes for
JSONL (so a record that fails the fast check can be decoded again exactly, see below) and
``None`` otherwise. Positions are 1-based line numbers for JSONL and JSON files and 0-based
row indices for Parquet, matching ``dataset[row]`` in ``datasets``.

- JSONL is streamed line by line in binary mode and parsed with orjson, the fastest strict
  parser; a line orjson refuses is decoded again with the standard library to say why, so
  one line that is not UTF-8 or not JSON is reported and the next line is read. Memory holds
  one line at a time.
- What ``run`` could never write is unreadable, never valid: ``NaN`` and infinite numbers
  (not JSON), numbers with more digits than Python converts (over 4300), values nested too
  deeply to decode, and strings holding a lone surrogate (``"\\ud800"``: not encodable as
  UTF-8, so not storable in Parquet).
- A ``.json`` file is read whole (it is one document); each element of a top-level array is
  reported with the line it starts on. Use JSONL for large inputs.
- Parquet is streamed in record batches of ``PARQUET_BATCH_ROWS`` rows.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from extractor._errors import InputError

FileFormat = Literal["jsonl", "json", "parquet"]

FORMAT_OF_SUFFIX: dict[str, FileFormat] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
}
"""Supported file name extensions (case-insensitive) and the format each stands for."""

PARQUET_BATCH_ROWS = 2048
_BOM = b"\xef\xbb\xbf"
_WHITESPACE = re.compile(r"[ \t\n\r]*")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to validate; ``from_directory`` is true when it was found by expanding a folder."""

    path: Path
    file_format: FileFormat
    from_directory: bool


class UnreadableFileError(InputError):
    """A file that cannot be read, or breaks off part way; ``reason`` says why, without the path."""

    def __init__(self, reason: str, *, path: Path) -> None:
        super().__init__(reason, path=path)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Bytes that could not be decoded into a record's JSON value, why, and where in the value."""

    message: str
    pointer: str = ""


def expand_paths(paths: Sequence[Path | str]) -> list[InputFile]:
    """Every file to read, in order; raises ``InputError`` before anything is read.

    A directory expands, recursively and sorted, to its supported files, leaving out
    hidden paths, ``*.schema.json`` (a published schema next to the data is not data) and
    the metadata files a dataset folder or release holds beside its records.
    """
    if not paths:
        raise InputError("no input path given")
    files: list[InputFile] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            try:
                found = [
                    InputFile(candidate, FORMAT_OF_SUFFIX[candidate.suffix.lower()], from_directory=True)
                    for candidate in sorted(path.rglob("*"))
                    if _is_data_file(candidate, root=path)
                ]
            except OSError as e:
                raise InputError(f"cannot list this directory: {e.strerror or e}", path=path) from e
            if not found:
                raise InputError(f"no {_supported()} files in this directory", path=path)
            files.extend(found)
        elif path.is_file():
            file_format = FORMAT_OF_SUFFIX.get(path.suffix.lower())
            if file_format is None:
                raise InputError(f"unsupported file type {path.suffix!r}; expected {_supported()}", path=path)
            files.append(InputFile(path, file_format, from_directory=False))
        elif path.exists():
            raise InputError("not a regular file or directory", path=path)
        else:
            raise InputError("no such file or directory", path=path)
    return files


Position = int
RawLine = bytes | None


def read_values(input_file: InputFile) -> Iterator[tuple[Position, object, RawLine]]:
    """The records of one file as ``(position, value, raw)``; see the module docstring."""
    try:
        if input_file.file_format == "jsonl":
            yield from _read_jsonl(input_file.path)
        elif input_file.file_format == "json":
            yield from _read_json(input_file.path)
        else:
            yield from _read_parquet(input_file.path)
    except OSError as e:
        raise UnreadableFileError(f"cannot read: {e.strerror or e}", path=input_file.path) from e


_DATASET_METADATA_FILES = frozenset({"run_report.json", "croissant.json"})


def _is_data_file(candidate: Path, *, root: Path) -> bool:
    relative_parts = candidate.relative_to(root).parts
    return (
        candidate.suffix.lower() in FORMAT_OF_SUFFIX
        and not candidate.name.lower().endswith(".schema.json")
        and candidate.name.lower() not in _DATASET_METADATA_FILES
        and not any(part.startswith(".") for part in relative_parts)
        and candidate.is_file()
    )


def _supported() -> str:
    return ", ".join(FORMAT_OF_SUFFIX)


def _read_jsonl(path: Path) -> Iterator[tuple[Position, object, RawLine]]:
    import orjson

    fast_loads, decode_error = orjson.loads, orjson.JSONDecodeError
    with path.open("rb") as handle:
        first = handle.readline()
        if not first:
            return
        lines = _chain_first(first.removeprefix(_BOM), handle)
        for line_number, raw in enumerate(lines, 1):
            try:
                yield line_number, fast_loads(raw), raw
            except decode_error:
                if not raw.strip():  # blank lines separate nothing in JSONL; skip them
                    continue
                yield line_number, decode_exactly(raw), raw


def decode_exactly(raw: bytes) -> object:
    """``raw`` decoded by the standard library (exact integers, its error messages), or why not.

    The fast path's parser rounds integers beyond 64 bits to floats; reports quote values,
    so a record whose report is written is decoded again here.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return Unreadable(f"not valid UTF-8: byte 0x{raw[e.start]:02x} at column {e.start + 1}")
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as e:
        return _syntax_error(e)
    except _NotJsonError as e:
        return Unreadable(f"not valid JSON: {e} is not a JSON number")
    except RecursionError:
        return Unreadable("not valid JSON here: nested too deeply")
    except ValueError:  # int() refuses over sys.get_int_max_str_digits() digits
        return Unreadable("not valid here: a number with more digits than can be converted")
    return unstorable(value) or value


class _NotJsonError(ValueError):
    """``NaN``, ``Infinity`` or ``-Infinity``: accepted by Python's parser, not JSON."""


def _refuse_constant(name: str) -> object:
    raise _NotJsonError(name)


_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def _syntax_error(error: json.JSONDecodeError) -> Unreadable:
    # Some of the standard library's messages end in "at" ("Invalid control character at").
    return Unreadable(f"not valid JSON: {error.msg.removesuffix(' at')} at column {error.colno}")


def unstorable(value: object, pointer: str = "") -> Unreadable | None:
    """The first part of a decoded value that no record can hold (a non-finite number, a lone surrogate)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as e:
            return Unreadable(f"a lone surrogate \\u{ord(value[e.start]):04x} cannot be stored as UTF-8", pointer)
    elif isinstance(value, float):
        if not math.isfinite(value):
            return Unreadable(f"{value} is not a JSON number", pointer)
    elif isinstance(value, dict):
        for key, item in value.items():
            found = unstorable(key, pointer) or unstorable(item, f"{pointer}/{_escape(str(key))}")
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = unstorable(item, f"{pointer}/{index}")
            if found is not None:
                return found
    return None


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def _chain_first(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _read_json(path: Path) -> Iterator[tuple[Position, object, RawLine]]:
    data = path.read_bytes().removeprefix(_BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        yield line, Unreadable(f"not valid UTF-8: byte 0x{data[e.start]:02x}"), None
        return
    index = _WHITESPACE.match(text).end()  # type: ignore[union-attr]
    if index == len(text):
        return
    try:
        if text[index] == "[":
            for line, value in _array_elements(text, index + 1):
                yield line, unstorable(value) or value, None
        else:
            value, end = _DECODER.raw_decode(text, index)
            _expect_end(text, end)
            yield _line_of(text, index), unstorable(value) or value, None
    except json.JSONDecodeError as e:
        yield e.lineno, _syntax_error(e), None
    except _NotJsonError as e:
        yield _line_of(text, index), Unreadable(f"not valid JSON: {e} is not a JSON number"), None
    except RecursionError:
        yield _line_of(text, index), Unreadable("not valid JSON here: nested too deeply"), None
    except ValueError:
        yield _line_of(text, index), Unreadable("not valid here: a number with more digits than can be converted"), None


def _array_elements(text: str, index: int) -> Iterator[tuple[int, object]]:
    """Decode a top-level array element by element so each can be reported with its line."""
    line, counted_to = 1 + text.count("\n", 0, index), index
    index = _WHITESPACE.match(text, index).end()  # type: ignore[union-attr]
    if text.startswith("]", index):
        _expect_end(text, index + 1)
        return
    while True:
        value, end = _DECODER.raw_decode(text, index)
        line += text.count("\n", counted_to, index)
        counted_to = index
        yield line, value
        index = _WHITESPACE.match(text, end).end()  # type: ignore[union-attr]
        if text.startswith(",", index):
            index = _WHITESPACE.match(text, index + 1).end()  # type: ignore[union-attr]
        elif text.startswith("]", index):
            _expect_end(text, index + 1)
            return
        else:
            raise json.JSONDecodeError("Expecting ',' delimiter", text, index)


def _expect_end(text: str, index: int) -> None:
    end = _WHITESPACE.match(text, index).end()  # type: ignore[union-attr]
    if end != len(text):
        raise json.JSONDecodeError("Extra data", text, end)


def _line_of(text: str, index: int) -> int:
    return 1 + text.count("\n", 0, index)


def _read_parquet(path: Path) -> Iterator[tuple[Position, object, RawLine]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet_file = pq.ParquetFile(path)
    except (pa.ArrowInvalid, pa.ArrowIOError) as e:
        raise UnreadableFileError(f"not a readable Parquet file: {e}", path=path) from e
    row = 0
    with parquet_file:
        try:
            for batch in parquet_file.iter_batches(batch_size=PARQUET_BATCH_ROWS):
                for record in batch.to_pylist():
                    # Parquet strings are UTF-8 already; a float column can still hold NaN.
                    yield row, unstorable(record) or record, None
                    row += 1
        except (pa.ArrowInvalid, pa.ArrowIOError) as e:
            raise UnreadableFileError(f"Parquet file is damaged after row {row}: {e}", path=path) from e
