"""The driver's share of the Ray run: components over blocking keys, and the shards joined.

Both stream: the union-find holds keys (as ``DiskMerger`` does), never mentions, and the
shards are copied batch by batch into the one Parquet file per config of the layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor._dataset import ALL_CONFIGS, MODEL_OF_CONFIG, RECORD_CONFIGS, arrow_schema, data_file
from extractor._ray._tasks import MERGE_BUCKETS, MERGE_FILE, bucket_dir, partition_dir

if TYPE_CHECKING:
    from extractor._pipeline import RunReport

__all__ = ["components", "concatenate"]

_ROW_GROUP_SIZE = 1024  # the local writer's row groups, so the files match too


def components(work: Path, partitions: int) -> dict[str, int]:
    import pyarrow.parquet as pq

    from extractor._canonical._spill import KeyComponents

    components = KeyComponents()
    for index in range(partitions):
        shard = pq.ParquetFile(partition_dir(work, index) / MERGE_FILE)
        for batch in shard.iter_batches(columns=["keys"], batch_size=_ROW_GROUP_SIZE):
            for keys in batch.column(0).to_pylist():
                components.add(keys)
    return components.buckets(MERGE_BUCKETS)


def concatenate(staging: Path, work: Path, partitions: int, report: RunReport) -> None:
    """The shards, in input order then bucket order (the local order), into one file per config."""
    writers = {config: _Concatenation(staging, config) for config in ALL_CONFIGS}
    for index in range(partitions):
        for config in ("articles", "statements", "mentions"):
            writers[config].add(data_file(partition_dir(work, index), config))
    for bucket in range(MERGE_BUCKETS):
        folder = bucket_dir(work, bucket)
        if folder.is_dir():
            for config in (*(c for c in RECORD_CONFIGS if c != "statements"), "mentions"):
                writers[config].add(data_file(folder, config))
    for config in ("articles", *RECORD_CONFIGS, "mentions"):
        report.rows[config] = writers[config].close()


class _Concatenation:
    """One config's output file, fed shard by shard, written in the local writer's row groups."""

    def __init__(self, dataset_dir: Path, config: str) -> None:
        import pyarrow.parquet as pq

        self._schema = arrow_schema(MODEL_OF_CONFIG[config])
        path = data_file(dataset_dir, config)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = pq.ParquetWriter(path, self._schema, compression="zstd", write_statistics=False)
        self._pending: list[Any] = []
        self._pending_rows = 0
        self.rows = 0

    def add(self, shard: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(shard).iter_batches(batch_size=_ROW_GROUP_SIZE):
            self._pending.append(pa.Table.from_batches([batch]).cast(self._schema))
            self._pending_rows += batch.num_rows
            if self._pending_rows >= _ROW_GROUP_SIZE:
                self._write(final=False)

    def _write(self, *, final: bool) -> None:
        import pyarrow as pa

        table = pa.concat_tables(self._pending)
        whole = table.num_rows if final else table.num_rows - table.num_rows % _ROW_GROUP_SIZE
        if whole:
            self._writer.write_table(table.slice(0, whole), row_group_size=_ROW_GROUP_SIZE)
        rest = table.slice(whole)
        self._pending, self._pending_rows = ([rest] if rest.num_rows else []), rest.num_rows
        self.rows += whole

    def close(self) -> int:
        if self._pending:
            self._write(final=True)
        self._writer.close()
        return self.rows
