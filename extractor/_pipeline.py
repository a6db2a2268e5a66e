"""The main job: ingest articles, extract with one engine, merge, write the dataset folder atomically."""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor._canonical import RECORD_KINDS, canonicalize
from extractor._canonical._spill import DiskMerger
from extractor._card import CardInfo, render_card
from extractor._config import Settings
from extractor._crashpoints import checkpoint
from extractor._dataset import RECORD_CONFIGS, ROWS_PER_SHARD, ConfigWriter, arrow_num_bytes, data_files_pattern
from extractor._durable import terminate_as_interrupt
from extractor._engine import AnyRecord, ArticleResult, Engine, GroundedRecord, Grounding, is_grounded
from extractor._engines import EngineConfig, RulesEngine, build_engine
from extractor._errors import ConfigError, InputError, ModelError
from extractor._executors import ExecutorConfig, LocalExecutor, RayExecutor
from extractor._ingest import DEFAULT_MAX_BYTES
from extractor._outdir import check_out_dir, new_staging, settle, swap_into_place, write_marker
from extractor._version import package_version
from schema import Article, Statement

_REPORT_FILE = "run_report.json"


@dataclass
class RunReport:
    """What one run did; rendered by the CLI and written to ``run_report.json``."""

    out: Path
    engine: str
    articles: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    mentions_per_article: dict[str, dict[str, int]] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    set_aside: list[tuple[str, str]] = field(default_factory=list)
    ungrounded_dropped: int = 0
    accounting: dict[str, int] = field(default_factory=dict)
    accounting_per_article: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when no article failed (skipped files are warnings, not failures)."""
        return not self.failed

    def to_json(self) -> dict[str, Any]:
        # Wall-clock time is left out on purpose: the report is part of the dataset
        # folder, and the same inputs must give the same folder.
        return {
            "engine": self.engine,
            "articles": self.articles,
            "rows": self.rows,
            "mentions_per_article": self.mentions_per_article,
            "skipped": [{"path": path, "reason": reason} for path, reason in self.skipped],
            "failed": [{"article_id": aid, "reason": reason} for aid, reason in self.failed],
            "set_aside": [{"article_id": aid, "reason": reason} for aid, reason in self.set_aside],
            "ungrounded_dropped": self.ungrounded_dropped,
            "accounting": self.accounting,
            "accounting_per_article": self.accounting_per_article,
        }


ProgressCallback = Callable[[str], None]
"""Called with each article id once the engine is done with it, and with each skipped input's path."""

_DEFAULT_ENGINE = RulesEngine()
_DEFAULT_EXECUTOR = LocalExecutor()


def run_extraction(
    inputs: Sequence[Path | str],
    *,
    out: Path | str = "dataset",
    engine: EngineConfig | Engine = _DEFAULT_ENGINE,
    executor: ExecutorConfig = _DEFAULT_EXECUTOR,
    settings: Settings | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    rows_per_shard: int = ROWS_PER_SHARD,
    on_total: Callable[[int], None] | None = None,
    on_article: ProgressCallback | None = None,
) -> RunReport:
    """Extract records from ``inputs`` with ``engine`` and write the dataset folder ``out``.

    ``engine`` is ``RulesEngine(...)`` or ``LLMEngine(model=...)`` (or any object with the
    ``Engine`` protocol). ``max_bytes`` limits the size of one input file (one line for
    JSONL). ``executor`` is ``LocalExecutor()`` (this process) or ``RayExecutor(address=...)``
    (a Ray cluster; the same dataset, see ``extractor._ray``). ``on_total`` gets, once before
    any work, about how many articles and skipped inputs ``on_article`` will be called for
    (files counted, JSONL lines counted unparsed, Parquet rows from the file footers).

    A config of more than ``rows_per_shard`` rows is written as shards of that many rows
    (``<config>/train-00000-of-00003.parquet``, ...), the same files with either executor.

    The folder is built beside ``out`` and swapped in only when complete, so a crash,
    Ctrl-C, SIGTERM, or a run in which every article failed or no article could be read
    leaves the previous dataset whole. ``out`` must be absent, empty, or a dataset folder
    this tool wrote (see ``extractor._outdir``); anything else is refused before any work.
    """
    from extractor._ingest import count_inputs, discover_inputs

    started = time.perf_counter()
    out_dir = Path(out)
    if rows_per_shard < 1:
        raise ConfigError(f"rows_per_shard must be at least 1, got {rows_per_shard}")
    with terminate_as_interrupt():
        # A missing or unusable input, or an output folder that must not be replaced, is an
        # error before any work starts.
        files = discover_inputs(inputs)
        if not files:
            shown = ", ".join(str(path) for path in inputs) or "(none given)"
            raise InputError(f"no input files in {shown}; the existing dataset was left untouched")
        check_out_dir(out_dir, inputs)
        settle(out_dir, strict=True)
        total = count_inputs(files)
        if on_total is not None:
            on_total(total)
        extraction_engine = build_engine(engine, settings)
        report = RunReport(out=out_dir, engine=extraction_engine.name)
        cluster = None
        if isinstance(executor, RayExecutor):
            from extractor._ray import RayCluster

            # Connected before the staging folder exists: an unreachable cluster changes nothing.
            cluster = RayCluster(executor, settings, engine)
        staging = new_staging(out_dir)
        try:
            if cluster is None:
                input_sha256 = _extract_into(
                    staging,
                    inputs,
                    extraction_engine,
                    report,
                    on_article,
                    max_bytes=max_bytes,
                    rows_per_shard=rows_per_shard,
                )
            else:
                # The workers get the configuration, not the engine built here, so no
                # setting (API keys included) travels in a task.
                input_sha256 = cluster.extract_into(
                    staging,
                    inputs,
                    engine,
                    report,
                    on_article,
                    max_bytes=max_bytes,
                    rows_per_shard=rows_per_shard,
                    check_usable=_check_usable,
                )
            _write_metadata(staging, extraction_engine, report, input_sha256)
            write_marker(staging)
            swap_into_place(staging, out_dir)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
            if cluster is not None:
                cluster.close()
    report.seconds = time.perf_counter() - started
    return report


def _extract_into(
    staging: Path,
    inputs: Sequence[Path | str],
    engine: Engine,
    report: RunReport,
    on_article: ProgressCallback | None,
    *,
    max_bytes: int,
    rows_per_shard: int,
) -> dict[str, str]:
    """Stream articles through the engine into the staging folder; returns input sha256 by article."""
    from extractor._ingest import SkippedFile, iter_articles

    def note_skip(skipped: SkippedFile) -> None:
        report.skipped.append((skipped.path, skipped.reason))
        if on_article is not None:
            on_article(skipped.path)

    def writer(config: str) -> ConfigWriter:
        return ConfigWriter(staging, config, rows_per_shard=rows_per_shard)

    articles_writer = writer("articles")
    input_sha256: dict[str, str] = {}

    def written_articles() -> Iterator[Article]:
        for article in iter_articles(inputs, on_skip=note_skip, max_bytes=max_bytes):
            articles_writer.add(article)
            input_sha256[article.id] = article.sha256
            yield article

    # Statements are never merged across articles, so they are written as each article
    # is done. Meetings, facilities and agreements go to a merger on disk and are merged
    # at the end, one bucket of key-connected mentions at a time.
    statements_writer = writer("statements")
    mentions_writer = writer("mentions")
    with DiskMerger(staging / ".merge") as merger:
        for result in engine.extract_all(written_articles()):
            for record in take_result(result, report, statements_writer, mentions_writer):
                merger.add(record)
            if on_article is not None:
                on_article(result.article.id)
            checkpoint("run:extracting")
        report.rows["articles"] = articles_writer.close()
        report.articles = report.rows["articles"]
        _check_usable(report)

        writers = {config: writer(config) for config in RECORD_CONFIGS if config != "statements"}
        merger.merge(on_row=lambda config, row: writers[config].add(row), on_mention=mentions_writer.add)
        shutil.rmtree(staging / ".merge")
        for config in RECORD_CONFIGS:
            report.rows[config] = statements_writer.close() if config == "statements" else writers[config].close()
    report.rows["mentions"] = mentions_writer.close()
    return input_sha256


def _check_usable(report: RunReport) -> None:
    """No dataset when no article could be read or every article failed."""
    if not report.articles:
        raise InputError(_nothing_read(report.skipped))
    if len(report.failed) == report.articles:
        first_reason = report.failed[0][1]
        raise ModelError(f"every article failed ({first_reason}); the existing dataset was left untouched")


def _write_metadata(staging: Path, engine: Engine, report: RunReport, input_sha256: dict[str, str]) -> None:
    provenance = getattr(engine, "provenance", None)
    card = CardInfo(
        rows_per_config=dict(report.rows),
        engine=report.engine,
        package_version=package_version(),
        model=getattr(provenance, "model", None),
        prompt_hash=getattr(provenance, "prompt_hash", None),
        input_sha256=input_sha256,
        accounting=dict(report.accounting),
        bytes_per_config={config: arrow_num_bytes(staging, config) for config in report.rows},
        data_files={config: data_files_pattern(staging, config) for config in report.rows},
    )
    (staging / "README.md").write_text(render_card(card), encoding="utf-8")
    # Written as it is encoded: with per-article entries, the whole text at once would be the
    # run's peak memory on a large corpus (about 55 MiB at 50,000 articles).
    with (staging / _REPORT_FILE).open("w", encoding="utf-8") as out:
        json.dump(report.to_json(), out, indent=2, sort_keys=True, ensure_ascii=False)
        out.write("\n")


def take_result(
    result: ArticleResult, report: RunReport, statements_writer: ConfigWriter, mentions_writer: ConfigWriter
) -> list[GroundedRecord]:
    """One article's result, as both executors handle it: its grounded statements (never merged
    across articles) and their mentions are written now; the other records are returned, with
    their grounding, for the cross-article merge."""
    kept = [
        GroundedRecord(item.record, _held(item.grounding, result.article))
        for item in result.grounded_records(_grounded_records(result, report))
    ]
    statements = canonicalize(item for item in kept if isinstance(item.record, Statement))
    statements_writer.add_all(statements.records["statements"])
    mentions_writer.add_all(statements.mentions)
    return [item for item in kept if not isinstance(item.record, Statement)]


def _held(grounding: Grounding | None, article: Article) -> Grounding | None:
    """The grounding without any field passage that is not this article's text at its offsets."""
    if grounding is None:
        return None
    fields = tuple(
        item
        for item in grounding.fields
        if item.article_id == article.id and article.text[item.start : item.end] == item.text
    )
    return grounding if len(fields) == len(grounding.fields) else Grounding(grounding.alignment, fields)


def _grounded_records(result: ArticleResult, report: RunReport) -> list[AnyRecord]:
    """Keep only records whose every evidence item holds in this article; count the rest."""
    article = result.article
    for key, value in result.stats.items():
        report.accounting[key] = report.accounting.get(key, 0) + value
    if result.stats:
        report.accounting_per_article[article.id] = dict(result.stats)
    if result.error is not None:
        report.failed.append((article.id, result.error))
    if result.set_aside is not None:
        report.set_aside.append((article.id, result.set_aside))
    kept: list[AnyRecord] = []
    for record in result.records:
        if is_grounded(record, article):
            kept.append(record)
        else:
            report.ungrounded_dropped += 1
    counts = Counter(_config_of(record) for record in kept)
    report.mentions_per_article[article.id] = {config: counts.get(config, 0) for config in RECORD_CONFIGS}
    return kept


def _config_of(record: AnyRecord) -> str:
    return RECORD_KINDS[type(record)][0]


def _nothing_read(skipped: list[tuple[str, str]]) -> str:
    first = f" (first: {skipped[0][0]}: {skipped[0][1]})" if skipped else ""
    return (
        f"no article could be read: every input was skipped, {len(skipped)} in all{first}; "
        "the existing dataset was left untouched"
    )
