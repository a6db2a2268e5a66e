"""The dataset folder on disk: Parquet files per config, typed from the Pydantic models.

Layout (a Hugging Face dataset repository)::

    dataset/
      README.md                              dataset card (configs + dataset_info in YAML)
      <config>/train.parquet                 a config of up to ROWS_PER_SHARD rows: one file
      <config>/train-00000-of-00003.parquet  a larger one: shards of ROWS_PER_SHARD rows
      run_report.json                        what the run did (inputs, skipped files, counts)

Shards are cut by row count only, so the same rows in the same order give the same files
whichever executor wrote them; a config that fits one shard keeps the single-file name
(datasets written before sharding read as they always did).

The Arrow schema of each config is derived from its model, so an empty config still
has the right columns and types, and a row read back validates into the same model.
"""

from __future__ import annotations

import os
import re
import types
import typing
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args, get_origin

from pydantic import BaseModel

from extractor._errors import DataError, InputError
from schema import CONFIG_OF_TYPE, RECORD_TYPES

if TYPE_CHECKING:
    import pyarrow as pa

MODEL_OF_CONFIG: dict[str, type[BaseModel]] = {
    config: RECORD_TYPES[type_name] for type_name, config in CONFIG_OF_TYPE.items()
}
"""Model of each dataset config (``meetings`` -> Meeting, ...)."""

RECORD_CONFIGS: tuple[str, ...] = ("meetings", "statements", "military_facilities", "agreements")
ALL_CONFIGS: tuple[str, ...] = ("articles", *RECORD_CONFIGS, "mentions")
DATA_FILE_NAME = "train.parquet"
ROWS_PER_SHARD = 100 * 1024
"""Rows in one Parquet shard, a multiple of the row group size (every shard but the last holds
whole row groups). Measured on 1,000 real-length articles, a full shard is about 40 MB of
statements, 60 MB of mentions and 180 MB of articles as Arrow (``num_bytes``), less on disk
(zstd): under the few hundred MB a file the Hub suggests, and few files for a large run."""
_ROW_GROUP_SIZE = 1024
_SHARD_NAME = re.compile(r"train-(\d{5,})-of-(\d{5,})\.parquet")


def data_file(dataset_dir: Path, config: str) -> Path:
    """Path of one config's single Parquet file (a config of one shard)."""
    return dataset_dir / config / DATA_FILE_NAME


def shard_name(index: int, count: int) -> str:
    """The file name of shard ``index`` of ``count`` (``train-00000-of-00003.parquet``)."""
    return f"train-{index:05d}-of-{count:05d}.parquet"


def config_files(dataset_dir: Path | str, config: str) -> list[Path]:
    """One config's Parquet files in row order: its single file, or its shards; [] when absent.

    Raises ``DataError`` for an incomplete set of shards (one missing) or shards of two sets,
    which would otherwise read as a config with fewer or repeated rows.
    """
    folder = Path(dataset_dir) / config
    single = folder / DATA_FILE_NAME
    if single.is_file():
        return [single]
    try:
        names = {entry.name for entry in os.scandir(folder) if _SHARD_NAME.fullmatch(entry.name)}
    except (FileNotFoundError, NotADirectoryError):
        return []
    if not names:
        return []
    counts = sorted({int(match[2]) for match in map(_SHARD_NAME.fullmatch, names) if match})
    if len(counts) > 1:
        shown = " and ".join(f"of {count:05d}" for count in counts)
        raise DataError(f"{folder}: the shards of {config} are of {len(counts)} sets ({shown}), one set expected")
    expected = [shard_name(index, counts[0]) for index in range(counts[0])]
    missing = sorted(set(expected) - names)
    if missing:
        raise DataError(f"{folder}: the shards of {config} are incomplete ({missing[0]} is missing)")
    return [folder / name for name in expected]


def shards_glob(count: int) -> str:
    """The file names of ``count`` shards as a glob.

    The count is part of it: a Hub repository keeps the files an earlier release had, and
    shards of another count must not be read with this release's.
    """
    return f"train-*-of-{count:05d}.parquet"


def data_files_pattern(dataset_dir: Path | str, config: str) -> str:
    """The path the card's ``configs:`` gives for one config: its file, or a glob over its shards."""
    files = config_files(dataset_dir, config)
    if len(files) > 1:
        return f"{config}/{shards_glob(len(files))}"
    return f"{config}/{DATA_FILE_NAME}"


def num_rows(dataset_dir: Path | str, config: str) -> int:
    """Rows of one config, from the Parquet footers (no row is read)."""
    import pyarrow.parquet as pq

    return sum(int(pq.ParquetFile(path).metadata.num_rows) for path in config_files(dataset_dir, config))


def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    """The Arrow schema of ``model``'s rows, field order as declared."""
    import pyarrow as pa

    return pa.schema(
        [pa.field(name, _arrow_type(info.annotation), nullable=True) for name, info in model.model_fields.items()]
    )


def _arrow_type(annotation: Any) -> pa.DataType:
    import pyarrow as pa

    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(members) != 1:
            raise TypeError(f"unsupported union in schema: {annotation!r}")
        return _arrow_type(members[0])
    if origin is typing.Annotated:
        return _arrow_type(get_args(annotation)[0])
    if origin is Literal:
        return pa.string()
    if origin is list:
        return pa.list_(_arrow_type(get_args(annotation)[0]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct([pa.field(n, _arrow_type(i.annotation)) for n, i in annotation.model_fields.items()])
    simple = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}
    if annotation in simple:
        return simple[annotation]
    raise TypeError(f"unsupported annotation in schema: {annotation!r}")


def to_row(record: BaseModel) -> dict[str, Any]:
    """A record as a JSON-compatible row (the form Parquet stores)."""
    return record.model_dump(mode="json")


class ShardWriter:
    """Writes one config's rows as Arrow tables, in row groups of 1024 and shards of ``rows_per_shard``.

    Both executors write through it, so the same rows in the same order give byte-identical
    files. Shards get their final names at ``close``, once their count is known; a config
    of one shard is the single ``train.parquet``. ``rows_per_shard=None`` never shards.
    """

    def __init__(self, dataset_dir: Path, config: str, *, rows_per_shard: int | None = None) -> None:
        if rows_per_shard is not None and rows_per_shard < 1:
            raise ValueError(f"rows_per_shard must be at least 1, got {rows_per_shard}")
        self.config = config
        self.schema = arrow_schema(MODEL_OF_CONFIG[config])
        self._folder = dataset_dir / config
        self._folder.mkdir(parents=True, exist_ok=True)
        self._rows_per_shard = rows_per_shard
        self._shards: list[Path] = []
        self._writer: Any = None
        self._in_shard = 0
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        self.rows = 0
        self._open_shard()

    def write(self, table: pa.Table) -> None:
        """Append ``table``'s rows (cast to the config's schema)."""
        if table.num_rows:
            self._pending.append(table.cast(self.schema))
            self._pending_rows += table.num_rows
        while self._pending_rows >= self._next_cut():
            self._write_rows(self._next_cut())

    def _next_cut(self) -> int:
        """Rows of the next row group: a whole one, or what is left of the current shard."""
        if self._rows_per_shard is None:
            return _ROW_GROUP_SIZE
        # A full shard: the next group opens the next shard.
        left = self._rows_per_shard - self._in_shard or self._rows_per_shard
        return min(_ROW_GROUP_SIZE, left)

    def _write_rows(self, count: int) -> None:
        import pyarrow as pa

        table = pa.concat_tables(self._pending)
        # One contiguous chunk per row group: how the input was chunked never shows in the file.
        group = table.slice(0, count).combine_chunks()
        rest = table.slice(count)
        self._pending, self._pending_rows = ([rest] if rest.num_rows else []), rest.num_rows
        if self._rows_per_shard is not None and self._in_shard == self._rows_per_shard:
            self._writer.close()
            self._open_shard()
        self._writer.write_table(group, row_group_size=count)
        self._in_shard += count
        self.rows += count

    def _open_shard(self) -> None:
        import pyarrow.parquet as pq

        path = self._folder / f".shard-{len(self._shards):05d}.parquet"
        # No statistics timestamps or writer-dependent metadata: byte-identical output
        # for identical rows is part of the contract of `extract run`.
        self._writer = pq.ParquetWriter(path, self.schema, compression="zstd", write_statistics=False)
        self._shards.append(path)
        self._in_shard = 0

    def close(self) -> int:
        """Write what is pending, name the shards; returns the rows written."""
        if self._pending_rows:
            self._write_rows(self._pending_rows)
        self._writer.close()
        count = len(self._shards)
        for index, path in enumerate(self._shards):
            os.replace(path, self._folder / (DATA_FILE_NAME if count == 1 else shard_name(index, count)))
        return self.rows


class ConfigWriter:
    """Streams records of one config into its Parquet file or shards, in batches, deterministically."""

    def __init__(self, dataset_dir: Path, config: str, *, rows_per_shard: int | None = None) -> None:
        self.config = config
        self._shards = ShardWriter(dataset_dir, config, rows_per_shard=rows_per_shard)
        self.schema = self._shards.schema
        self._pending: list[dict[str, Any]] = []

    @property
    def rows(self) -> int:
        return self._shards.rows + len(self._pending)

    def add(self, record: BaseModel) -> None:
        self._pending.append(to_row(record))
        if len(self._pending) >= _ROW_GROUP_SIZE:
            self._flush()

    def add_all(self, records: Iterable[BaseModel]) -> None:
        for record in records:
            self.add(record)

    def _flush(self) -> None:
        import pyarrow as pa

        if self._pending:
            self._shards.write(pa.Table.from_pylist(self._pending, schema=self.schema))
            self._pending = []

    def close(self) -> int:
        self._flush()
        return self._shards.close()


def iter_rows(dataset_dir: Path | str, config: str) -> Iterator[dict[str, Any]]:
    """Stream the rows of one config as dicts."""
    import pyarrow.lib
    import pyarrow.parquet as pq

    _settle(Path(dataset_dir))
    paths = config_files(Path(dataset_dir), config)
    if not paths:
        expected = data_file(Path(dataset_dir), config)
        raise InputError(f"no {config} data in this dataset folder (expected {expected})", path=dataset_dir)
    for path in paths:
        try:
            parquet = pq.ParquetFile(path)
            for batch in parquet.iter_batches(batch_size=_ROW_GROUP_SIZE):
                yield from batch.to_pylist()
        except pyarrow.lib.ArrowException as e:
            raise DataError(f"{path}: not a readable Parquet file ({e})") from e


def read_rows(dataset_dir: Path | str, config: str) -> list[dict[str, Any]]:
    """All rows of one config (``articles``, ``meetings``, ...) as dicts."""
    return list(iter_rows(dataset_dir, config))


def read_records(dataset_dir: Path | str, config: str) -> list[BaseModel]:
    """All rows of one config validated back into their Pydantic model."""
    from pydantic import ValidationError

    model = MODEL_OF_CONFIG[config]
    records: list[BaseModel] = []
    for number, row in enumerate(iter_rows(dataset_dir, config)):
        try:
            records.append(model.model_validate(row))
        except ValidationError as e:
            raise DataError(f"{config} row {number}: does not match the schema: {_first_error(e)}") from e
    return records


def _first_error(error: Any) -> str:
    first = error.errors()[0]
    location = "/".join(str(part) for part in first["loc"])
    return f"/{location}: {first['msg']}"


def arrow_num_bytes(dataset_dir: Path | str, config: str) -> int:
    """Size of one config's rows held in memory as Arrow: what ``datasets`` calls a split's ``num_bytes``."""
    import pyarrow.parquet as pq

    return sum(
        batch.nbytes
        for path in config_files(dataset_dir, config)
        for batch in pq.ParquetFile(path).iter_batches(batch_size=_ROW_GROUP_SIZE)
    )


def available_configs(dataset_dir: Path | str, configs: Sequence[str] = ALL_CONFIGS) -> list[str]:
    """Configs present in a dataset folder."""
    _settle(Path(dataset_dir))
    return [config for config in configs if config_files(Path(dataset_dir), config)]


def _settle(dataset_dir: Path) -> None:
    """Finish a swap of the folder that a killed ``extract run`` left half done, before reading it."""
    from extractor._outdir import settle

    settle(dataset_dir)
