"""``run_extraction`` on a Ray cluster: the same dataset folder as the local executor.

Stages (each task's output is named by its partition or bucket, see ``_tasks``):

1. Ingestion and extraction: the driver lists the input files (not their contents) and
   deals them into partitions of about ``articles_per_partition`` articles (a JSONL file
   stays whole); Ray Data runs one task per partition, which reads, extracts and writes
   its articles, statements and statement mentions as Parquet shards, and its meetings,
   facilities and agreements, with their blocking keys, as one more shard.
2. Components: the driver streams only the blocking keys of the shards into a union-find
   over keys (the local merger's), giving each key-connected component its bucket.
3. Merge: Ray Data groups the mentions by bucket (a shuffle) and merges each bucket in
   one task, exactly as the local merger merges that bucket (``merge_block``: time windows,
   sorted runs on the worker's disk), so rows and ids are the same.
4. The driver concatenates the shards, batch by batch, through the local writer into the
   dataset layout (one file per config, or shards of ``rows_per_shard`` rows), so the files
   are the local ones; the card, run report and atomic swap are the local ones too.

No stage holds all mentions on the driver: it sees keys, per-article report entries (as
the local run report has them) and record batches on their way to the output file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import socket
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from extractor._config import Settings
from extractor._errors import ConfigError, InputError, NewsExtractError
from extractor._executors import RayExecutor
from extractor._ray._assemble import components, concatenate
from extractor._ray._tasks import (
    MERGE_BUCKETS,
    MERGE_FILE,
    SUMMARY_FILE,
    assign_buckets,
    extract_partitions,
    merge_bucket,
    partition_dir,
)

if TYPE_CHECKING:
    from extractor._engine import Engine
    from extractor._engines import EngineConfig
    from extractor._ingest import Source
    from extractor._pipeline import RunReport

__all__ = ["RayCluster"]

_CONNECT_TIMEOUT_S = 5.0


class RayCluster:
    """A connection to a Ray cluster for one run; ``close`` disconnects (and stops a local one)."""

    def __init__(self, executor: RayExecutor, settings: Settings | None, engine: EngineConfig | Engine) -> None:
        if isinstance(getattr(engine, "settings", None), Settings):
            # A built engine would travel to the workers with its settings, API keys included.
            raise ConfigError(
                "the Ray executor takes an engine configuration (RulesEngine(...), LLMEngine(...)), "
                "not a built engine holding settings: workers read their API keys from their own environment"
            )
        settings = settings if settings is not None else Settings.from_env()
        self._executor = executor
        self._cache_dir = settings.cache_dir.resolve()
        address = executor.address or settings.ray_address
        self.address = address or "a new local Ray instance"
        try:
            import ray
        except ImportError as e:
            raise ConfigError("--executor ray needs the ray extra: pip install 'newsextract[ray]'") from e
        if address and address not in ("auto", "local"):
            _check_reachable(address)
        self._owned = not ray.is_initialized()
        if self._owned:
            try:
                # "local" rather than None: Ray would read RAY_ADDRESS itself, and the
                # environment is read in one place (Settings.from_env).
                options: dict[str, Any] = {} if address else {"include_dashboard": False}
                ray.init(address=address or "local", log_to_driver=False, logging_level=logging.WARNING, **options)
            except (ConnectionError, RuntimeError, TimeoutError) as e:
                raise ConfigError(f"cannot connect to the Ray cluster at {self.address}: {_first_line(e)}") from e
        with warnings.catch_warnings():
            # Ray Data 2.60 builds its default context with a setting it itself deprecates
            # (use_push_based_shuffle) and warns about it on import: nothing a user can act on.
            warnings.simplefilter("ignore", DeprecationWarning)
            import ray.data

            context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        # Ray Data logs each stage and a notice that progress bars are off; the run's own
        # progress bar and report say what matters.
        logging.getLogger("ray.data").setLevel(logging.ERROR)

    def close(self) -> None:
        import ray

        if self._owned and ray.is_initialized():
            ray.shutdown()

    def extract_into(
        self,
        staging: Path,
        inputs: Sequence[Path | str],
        engine: EngineConfig | Engine,
        report: RunReport,
        on_article: Callable[[str], None] | None,
        *,
        max_bytes: int,
        rows_per_shard: int,
        check_usable: Callable[[RunReport], None],
    ) -> dict[str, str]:
        """The four stages (module docstring); returns input sha256 by article, as the local path does."""
        from extractor._ingest import SkippedFile, discover_sources

        def note_skip(skipped: SkippedFile) -> None:
            report.skipped.append((skipped.path, skipped.reason))
            if on_article is not None:
                on_article(skipped.path)

        work = staging / ".ray"
        partitions = _partitions(discover_sources(inputs, on_skip=note_skip), self._executor.articles_per_partition)
        with _ray_errors(self.address):
            self._extract(work, partitions, engine, on_article, max_bytes=max_bytes)
            input_sha256 = _fold_summaries(work, len(partitions), report)
            check_usable(report)
            buckets = components(work, len(partitions))
            if buckets:
                self._merge(work, len(partitions), buckets)
        concatenate(staging, work, len(partitions), report, rows_per_shard=rows_per_shard)
        shutil.rmtree(work)
        return input_sha256

    def _extract(
        self,
        work: Path,
        partitions: list[list[Source]],
        engine: EngineConfig | Engine,
        on_article: Callable[[str], None] | None,
        *,
        max_bytes: int,
    ) -> None:
        import ray.data

        from extractor._engines import LLMEngine

        limit = None
        if isinstance(engine, LLMEngine):
            from extractor._llm._client import parse_model
            from extractor._ray._limit import endpoint_limit

            limit = endpoint_limit(
                parse_model(engine.model, engine.base_url).label, engine.base_url, engine.concurrency
            )
        for folder in ("parts", "merged"):
            (work / folder).mkdir(parents=True, exist_ok=True)
        cwd = os.getcwd()
        specs = [
            {"spec": json.dumps({"index": index, "cwd": cwd, "sources": [[str(s.path), s.id] for s in sources]})}
            for index, sources in enumerate(partitions)
        ]
        dataset = ray.data.from_items(specs, override_num_blocks=max(1, len(specs))).map_batches(
            cast(Any, extract_partitions),  # its keyword arguments come in fn_kwargs
            batch_size=1,
            fn_kwargs={
                "work": str(work.resolve()),
                "engine": engine,
                "cache_dir": str(self._cache_dir),
                "max_bytes": max_bytes,
                "limit": limit,
            },
            # Ray Data retries a task whose worker died (without limit, by default); the
            # retry replaces that partition's output, see ``_tasks``.
            num_cpus=1,
        )
        for row in dataset.iter_rows():
            if on_article is not None:
                summary = _summary(work, int(row["index"]))
                for path, _reason in summary["skipped"]:
                    on_article(path)
                for article_id, _sha, _path in summary["articles"]:
                    on_article(article_id)

    def _merge(self, work: Path, partitions: int, buckets: dict[str, int]) -> None:
        import ray
        import ray.data

        shards = [str((partition_dir(work, index) / MERGE_FILE).resolve()) for index in range(partitions)]
        table = ray.put(buckets)
        merged = (
            ray.data.read_parquet(shards)
            .map_batches(cast(Any, assign_buckets), batch_format="pyarrow", fn_kwargs={"table": (table,)})
            # One shuffle partition per bucket: Ray Data's default (200) starts an
            # aggregator per partition, most of them idle with 32 buckets.
            .groupby("bucket", num_partitions=MERGE_BUCKETS)
            .map_groups(cast(Any, merge_bucket), batch_format="pyarrow", fn_kwargs={"work": str(work.resolve())})
        )
        for _row in merged.iter_rows():
            pass


def _partitions(sources: list[Source], per_partition: int) -> list[list[Source]]:
    """Consecutive runs of files of about ``per_partition`` articles, in input order."""
    from extractor._ingest._readers import count_items

    partitions: list[list[Source]] = []
    current: list[Source] = []
    count = 0
    for source in sources:
        items = count_items(source.path)
        if current and count + items > per_partition:
            partitions.append(current)
            current, count = [], 0
        current.append(source)
        count += items
    if current:
        partitions.append(current)
    return partitions


def _summary(work: Path, index: int) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((partition_dir(work, index) / SUMMARY_FILE).read_text(encoding="utf-8"))
    return loaded


def _fold_summaries(work: Path, partitions: int, report: RunReport) -> dict[str, str]:
    """Each partition's part of the run report, in input order, into ``report``."""
    input_sha256: dict[str, str] = {}
    # The partition of each article, not its path: an int per article instead of a string; the
    # path is read back from that partition's summary only to word a duplicate's error.
    origin: dict[str, int] = {}
    for index in range(partitions):
        summary = _summary(work, index)
        for article_id, sha256, source_path in summary["articles"]:
            if article_id in input_sha256:
                # Within a partition the reader refuses this itself, as the local one does.
                first = _source_of(work, origin[article_id], article_id)
                raise InputError(f"duplicate article id {article_id!r} (also in {first})", path=source_path)
            input_sha256[article_id] = sha256
            origin[article_id] = index
        report.skipped.extend((path, reason) for path, reason in summary["skipped"])
        report.failed.extend((aid, reason) for aid, reason in summary["failed"])
        report.set_aside.extend((aid, reason) for aid, reason in summary["set_aside"])
        report.ungrounded_dropped += summary["ungrounded_dropped"]
        for key, value in summary["accounting"].items():
            report.accounting[key] = report.accounting.get(key, 0) + value
        report.accounting_per_article.update(summary["accounting_per_article"])
        report.mentions_per_article.update(summary["mentions_per_article"])
    report.articles = len(input_sha256)
    return input_sha256


def _source_of(work: Path, index: int, article_id: str) -> str | None:
    for found, _sha256, source_path in _summary(work, index)["articles"]:
        if found == article_id:
            return cast(str | None, source_path)
    return None


def _check_reachable(address: str) -> None:
    """Fail in seconds, not after Ray's minutes of retries, when nothing listens at ``address``."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise ConfigError(f"the Ray address {address!r} is not HOST:PORT")
    try:
        with socket.create_connection((host, int(port)), timeout=_CONNECT_TIMEOUT_S):
            pass
    except OSError as e:
        raise ConfigError(
            f"cannot reach the Ray cluster at {address} ({e.strerror or e}); the existing dataset was left untouched"
        ) from e


@contextlib.contextmanager
def _ray_errors(address: str) -> Iterator[None]:
    """Our own errors raised in a task come back as themselves; a lost cluster is one line."""
    import ray.exceptions

    try:
        yield
    except NewsExtractError:
        raise
    except Exception as e:
        ours = _our_cause(e)
        if ours is not None:
            raise ours from e
        if isinstance(e, ray.exceptions.RayError) and not isinstance(e, ray.exceptions.RayTaskError):
            raise ConfigError(
                f"the Ray cluster at {address} failed: {_first_line(e)}; the existing dataset was left untouched"
            ) from e
        raise


def _our_cause(error: BaseException) -> NewsExtractError | None:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, NewsExtractError):
            return current
        seen.add(id(current))
        cause = getattr(current, "cause", None)
        current = cause if isinstance(cause, BaseException) else (current.__cause__ or current.__context__)
    return None


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
