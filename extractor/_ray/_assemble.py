"""The driver's share of the Ray run: components over blocking keys, and the shards joined.

Both stream: the union-find holds keys (as ``DiskMerger`` does), never mentions, and the
shards are copied batch by batch into the dataset's files (one per config, or its shards).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from extractor._dataset import ALL_CONFIGS, RECORD_CONFIGS, ShardWriter, config_files
from extractor._ray._tasks import MERGE_BUCKETS, MERGE_FILE, bucket_dir, partition_dir

if TYPE_CHECKING:
    from extractor._pipeline import RunReport

__all__ = ["components", "concatenate"]

_ROW_GROUP_SIZE = 1024  # batches read from the shards; the writer cuts its own row groups


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


def concatenate(staging: Path, work: Path, partitions: int, report: RunReport, *, rows_per_shard: int) -> None:
    """The shards, in input order then bucket order (the local order), into the dataset's files.

    Written through the local writer, so row groups and shard boundaries (hence the files)
    are the local executor's.
    """
    writers = {config: ShardWriter(staging, config, rows_per_shard=rows_per_shard) for config in ALL_CONFIGS}
    for index in range(partitions):
        for config in ("articles", "statements", "mentions"):
            _copy(partition_dir(work, index), config, writers[config])
    for bucket in range(MERGE_BUCKETS):
        folder = bucket_dir(work, bucket)
        if folder.is_dir():
            for config in (*(c for c in RECORD_CONFIGS if c != "statements"), "mentions"):
                _copy(folder, config, writers[config])
    for config in ("articles", *RECORD_CONFIGS, "mentions"):
        report.rows[config] = writers[config].close()


def _copy(folder: Path, config: str, writer: ShardWriter) -> None:
    """One task's rows of ``config``, batch by batch."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    for path in config_files(folder, config):
        for batch in pq.ParquetFile(path).iter_batches(batch_size=_ROW_GROUP_SIZE):
            writer.write(pa.Table.from_batches([batch]))
