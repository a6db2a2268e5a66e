"""What runs on the Ray workers: one partition of inputs, one bucket of the merge.

Every task writes its output under a name fixed by its partition or bucket number, into
a temporary folder renamed into place at the end, so a task that Ray retries after a
worker died replaces its own earlier output instead of adding to it: no article is lost
or written twice.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from extractor._canonical import RECORD_KINDS
from extractor._canonical._spill import DiskMerger, _keys, grounding_text
from extractor._canonical._window import merge_block
from extractor._config import Settings
from extractor._dataset import ConfigWriter
from extractor._engine import Engine
from extractor._engines import EngineConfig, LLMEngine, build_engine
from extractor._errors import InputError

if TYPE_CHECKING:
    import pyarrow as pa

PARTS = "parts"
MERGED = "merged"
MERGE_FILE = "merge.parquet"
SUMMARY_FILE = "summary.json"

# One running engine per worker process and configuration: the rules engine loads its
# registry once, not once per partition.
_ENGINES: dict[tuple[EngineConfig, str], Engine] = {}


def partition_dir(work: Path, index: int) -> Path:
    return work / PARTS / f"{index:06d}"


def bucket_dir(work: Path, bucket: int) -> Path:
    return work / MERGED / f"{bucket:04d}"


def extract_partitions(
    batch: dict[str, Any], *, work: str, engine: Any, cache_dir: str, max_bytes: int, limit: Any
) -> dict[str, list[int]]:
    """Ray Data ``map_batches`` function: read, extract and write each partition of ``batch``."""
    from extractor._ingest import Source

    done: list[int] = []
    for spec_text in batch["spec"]:
        spec = json.loads(spec_text)
        sources = [Source(Path(path), source_id) for path, source_id in spec["sources"]]
        # Paths stay as the user gave them (they are the articles' source_path), so they
        # are read from the driver's working folder, on the path every node shares.
        _shared(Path(spec["cwd"]), Path(work))
        with contextlib.chdir(spec["cwd"]):
            _extract_partition(Path(work), int(spec["index"]), sources, _engine(engine, cache_dir, limit), max_bytes)
        done.append(int(spec["index"]))
    return {"index": done}


def _extract_partition(work: Path, index: int, sources: list[Any], engine: Engine, max_bytes: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from extractor._ingest import SkippedFile, iter_source_articles
    from extractor._pipeline import RunReport, take_result

    report = RunReport(out=Path(), engine=engine.name)
    articles_seen: list[tuple[str, str, str | None]] = []

    def note_skip(skipped: SkippedFile) -> None:
        report.skipped.append((skipped.path, skipped.reason))

    merge_rows: dict[str, list[Any]] = {"type": [], "record": [], "grounding": [], "keys": []}
    with _written_in_place(partition_dir(work, index)) as folder:
        articles = ConfigWriter(folder, "articles")
        statements_writer = ConfigWriter(folder, "statements")
        mentions_writer = ConfigWriter(folder, "mentions")

        def read() -> Iterator[Any]:
            for article in iter_source_articles(sources, on_skip=note_skip, max_bytes=max_bytes):
                articles.add(article)
                articles_seen.append((article.id, article.sha256, article.source_path))
                yield article

        # The same steps as the local executor's, per article (see extractor._pipeline).
        for result in engine.extract_all(read()):
            for item in take_result(result, report, statements_writer, mentions_writer):
                merge_rows["type"].append(RECORD_KINDS[type(item.record)][1])
                merge_rows["record"].append(item.record.model_dump_json())
                merge_rows["grounding"].append(grounding_text(item.grounding))
                merge_rows["keys"].append(_keys(item.record))
        for writer in (articles, statements_writer, mentions_writer):
            writer.close()
        schema = pa.schema(
            [
                ("type", pa.string()),
                ("record", pa.string()),
                ("grounding", pa.string()),
                ("keys", pa.list_(pa.string())),
            ]
        )
        pq.write_table(pa.Table.from_pydict(merge_rows, schema=schema), folder / MERGE_FILE, compression="zstd")
        summary = {
            "articles": articles_seen,
            "skipped": report.skipped,
            "failed": report.failed,
            "set_aside": report.set_aside,
            "ungrounded_dropped": report.ungrounded_dropped,
            "accounting": report.accounting,
            "accounting_per_article": report.accounting_per_article,
            "mentions_per_article": report.mentions_per_article,
        }
        (folder / SUMMARY_FILE).write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")


def assign_buckets(batch: pa.Table, *, table: tuple[Any]) -> pa.Table:
    """Ray Data ``map_batches`` function: the merge bucket of each mention, by its component."""
    import pyarrow as pa
    import ray

    buckets: dict[str, int] = ray.get(table[0])
    first_keys = [keys[0] for keys in batch.column("keys").to_pylist()]
    return batch.drop_columns(["keys"]).append_column(
        "bucket", pa.array([buckets[key] for key in first_keys], pa.int64())
    )


def merge_bucket(group: pa.Table, *, work: str) -> dict[str, list[int]]:
    """Ray Data ``map_groups`` function: merge one bucket of key-connected mentions.

    The bucket is what ``DiskMerger`` merges at once, so its rows and ids are the local ones.
    """
    from extractor._dataset import RECORD_CONFIGS

    _shared(Path(work))
    bucket = int(group.column("bucket")[0].as_py())
    lines = (
        f"{type_name}\t{grounding}\t{text}"
        for type_name, grounding, text in zip(
            group.column("type").to_pylist(),
            group.column("grounding").to_pylist(),
            group.column("record").to_pylist(),
            strict=True,
        )
    )
    with _written_in_place(bucket_dir(Path(work), bucket)) as folder:
        # The local merger's windows (``merge_block``): this task holds the group Ray hands it,
        # as Arrow, plus live cluster summaries; runs, members and rows go to a local folder.
        configs = [config for config in RECORD_CONFIGS if config != "statements"]
        writers = {config: ConfigWriter(folder, config) for config in (*configs, "mentions")}
        with tempfile.TemporaryDirectory() as runs:
            merge_block(
                lines,
                Path(runs),
                on_row=lambda config, row: writers[config].add(row),
                on_mention=writers["mentions"].add,
            )
        for writer in writers.values():
            writer.close()
    return {"bucket": [bucket], "mentions": [group.num_rows]}


MERGE_BUCKETS = DiskMerger.__init__.__kwdefaults__["buckets"]  # type: ignore[index]
"""The local merger's bucket count: the same buckets give the same ``-2`` id suffixes."""


@contextmanager
def _written_in_place(target: Path) -> Iterator[Path]:
    """A fresh folder that replaces ``target`` whole once the block succeeds."""
    temporary = target.parent / f".{target.name}.{uuid.uuid4().hex}"
    temporary.mkdir()  # never parents: the driver made them, on the shared path
    try:
        yield temporary
        if target.exists():  # an earlier attempt of this very task finished after all
            shutil.rmtree(target)
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            shutil.rmtree(temporary, ignore_errors=True)


def _shared(*folders: Path) -> None:
    """A node that does not see the driver's folders would read nothing and write where no one looks."""
    import socket

    for folder in folders:
        if not folder.is_dir():
            raise InputError(
                f"the Ray node {socket.gethostname()} does not see {folder}: the inputs, --out and the "
                "cache must be on a path every node shares; the existing dataset was left untouched"
            )


def _engine(engine: Any, cache_dir: str, limit: Any) -> Engine:
    """The running engine on this worker; the settings (and API keys) come from its environment."""
    if not isinstance(engine, EngineConfig):
        return cast(Engine, engine)  # an engine object the caller built: shipped as it is
    key = (engine, cache_dir)
    running = _ENGINES.get(key)
    if running is None:
        # The keys are read here, from the worker's own environment: never sent in a task.
        settings = replace(Settings.from_env(), cache_dir=Path(cache_dir))
        running = build_engine(engine, settings)
        if isinstance(engine, LLMEngine) and limit is not None:
            from extractor._ray._limit import RequestGate

            running.request_gate = RequestGate(limit)  # type: ignore[attr-defined]  # the LLM engine's hook
        _ENGINES[key] = running
    return running
