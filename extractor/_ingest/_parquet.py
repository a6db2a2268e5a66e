"""Parquet input: one article per row, read in record batches, never the whole file at once.

A row follows the rules of a JSONL line (``_rows``): the columns are its fields, only the
known ones are read (``_rows.ROW_FIELDS``; others, a page's raw HTML say, stay on disk),
and a ``date``/``timestamp`` column counts as a ``published`` string. Rows are numbered
from 1 across the file, so a row without an id gets ``<file id>-<row number>`` whoever
reads it. ``sha256`` is that of the row's known columns as canonical JSON (sorted keys,
no spaces): a row has no bytes of its own, and this changes exactly when what is read does.
``max_bytes`` limits that JSON, as it limits a JSONL line.

A file that is not Parquet (or has no ``text`` column, or no rows) is one skipped input;
a row group that cannot be decoded skips its rows, naming them, and the next one is read.
Memory is bounded by one row group of the read columns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extractor._ingest._model import RawArticle, SkippedFile
from extractor._ingest._rows import ROW_FIELDS, row_article, too_large

PARQUET_SUFFIXES = frozenset({".parquet"})
_BATCH_ROWS = 64  # articles can be large: a few at a time into Python objects


def count_rows(path: Path) -> int:
    """Rows of the Parquet file at ``path``, from its footer (1 when it cannot be read)."""
    import pyarrow.lib
    import pyarrow.parquet as pq

    try:
        return max(1, int(pq.ParquetFile(path).metadata.num_rows))
    except (OSError, pyarrow.lib.ArrowException):
        return 1


def read_parquet(path: Path, file_id: str, *, max_bytes: int) -> Iterator[RawArticle | SkippedFile]:
    """The rows of ``path`` as raw articles, in file order, with a ``SkippedFile`` for each problem."""
    import pyarrow.lib
    import pyarrow.parquet as pq

    shown = str(path)
    try:
        parquet = pq.ParquetFile(path)
        names = set(parquet.schema_arrow.names)
        metadata = parquet.metadata
    except OSError as error:
        yield SkippedFile(shown, f"unreadable: {error.strerror or _first_line(error)}")
        return
    except pyarrow.lib.ArrowException as error:
        yield SkippedFile(shown, f"not a readable Parquet file ({_first_line(error)})")
        return
    if "text" not in names:
        yield SkippedFile(shown, "no 'text' column")
        return
    if metadata.num_rows == 0:
        yield SkippedFile(shown, "empty file (no rows)")
        return
    columns = [name for name in ROW_FIELDS if name in names]
    number = 0
    for group in range(metadata.num_row_groups):
        end = number + metadata.row_group(group).num_rows
        try:
            for batch in parquet.iter_batches(batch_size=_BATCH_ROWS, row_groups=[group], columns=columns):
                for row in batch.to_pylist():
                    number += 1
                    yield _row_item(shown, file_id, number, row, max_bytes=max_bytes)
        except (OSError, ValueError, pyarrow.lib.ArrowException) as error:
            # A damaged row group: its other rows are unreadable too, the next ones may not be.
            first = number + 1
            yield SkippedFile(shown, f"rows {first}-{end}: not readable ({_first_line(error)})")
        number = end


def _row_item(
    shown: str, file_id: str, number: int, row: dict[str, Any], *, max_bytes: int
) -> RawArticle | SkippedFile:
    plain = {name: _plain(value) for name, value in row.items()}
    canonical = json.dumps(plain, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=repr)
    data = canonical.encode("utf-8", "surrogatepass")
    if len(data) > max_bytes:
        return SkippedFile(shown, f"row {number}: {too_large(len(data), max_bytes)}")
    return row_article(plain, shown=shown, file_id=file_id, number=number, sha256=hashlib.sha256(data).hexdigest())


def _plain(value: Any) -> Any:
    """A date or timestamp column's value as the ISO string a JSONL line would hold."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
