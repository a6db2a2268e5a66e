"""The dataset folder on disk: one Parquet file per config, typed from the Pydantic models.

Layout (a Hugging Face dataset repository)::

    dataset/
      README.md                      dataset card (configs + dataset_info in YAML)
      <config>/train.parquet         one file per config
      run_report.json                what the run did (inputs, skipped files, counts)

The Arrow schema of each config is derived from its model, so an empty config still
has the right columns and types, and a row read back validates into the same model.
"""

from __future__ import annotations

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
_ROW_GROUP_SIZE = 1024


def data_file(dataset_dir: Path, config: str) -> Path:
    """Path of one config's Parquet file."""
    return dataset_dir / config / DATA_FILE_NAME


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


class ConfigWriter:
    """Streams rows of one config into its Parquet file, in batches, deterministically."""

    def __init__(self, dataset_dir: Path, config: str) -> None:
        import pyarrow.parquet as pq

        self.config = config
        self.schema = arrow_schema(MODEL_OF_CONFIG[config])
        path = data_file(dataset_dir, config)
        path.parent.mkdir(parents=True, exist_ok=True)
        # No statistics timestamps or writer-dependent metadata: byte-identical output
        # for identical rows is part of the contract of `extract run`.
        self._writer = pq.ParquetWriter(path, self.schema, compression="zstd", write_statistics=False)
        self._pending: list[dict[str, Any]] = []
        self.rows = 0

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
            self._writer.write_table(pa.Table.from_pylist(self._pending, schema=self.schema))
            self.rows += len(self._pending)
            self._pending = []

    def close(self) -> int:
        self._flush()
        self._writer.close()
        return self.rows


def iter_rows(dataset_dir: Path | str, config: str) -> Iterator[dict[str, Any]]:
    """Stream the rows of one config as dicts."""
    import pyarrow.lib
    import pyarrow.parquet as pq

    _settle(Path(dataset_dir))
    path = data_file(Path(dataset_dir), config)
    if not path.is_file():
        raise InputError(f"no {config} data in this dataset folder (expected {path})", path=dataset_dir)
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

    parquet = pq.ParquetFile(data_file(Path(dataset_dir), config))
    return sum(batch.nbytes for batch in parquet.iter_batches(batch_size=_ROW_GROUP_SIZE))


def available_configs(dataset_dir: Path | str, configs: Sequence[str] = ALL_CONFIGS) -> list[str]:
    """Configs present in a dataset folder."""
    _settle(Path(dataset_dir))
    return [config for config in configs if data_file(Path(dataset_dir), config).is_file()]


def _settle(dataset_dir: Path) -> None:
    """Finish a swap of the folder that a killed ``extract run`` left half done, before reading it."""
    from extractor._outdir import settle

    settle(dataset_dir)
