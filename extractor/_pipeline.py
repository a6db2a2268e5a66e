"""The main job: ingest articles, extract with one engine, merge, write the dataset folder atomically."""

from __future__ import annotations

import json
import shutil
import tempfile
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
from extractor._dataset import RECORD_CONFIGS, ConfigWriter, arrow_num_bytes
from extractor._engine import AnyRecord, ArticleResult, Engine
from extractor._errors import ConfigError, InputError, ModelError
from extractor._version import package_version
from schema import Article, Statement

ENGINES = ("rules", "llm")
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
            "ungrounded_dropped": self.ungrounded_dropped,
            "accounting": self.accounting,
            "accounting_per_article": self.accounting_per_article,
        }


ProgressCallback = Callable[[str], None]
"""Called with each article id once the engine is done with it."""


def run_extraction(
    inputs: Sequence[Path | str],
    *,
    out: Path | str = "dataset",
    engine: str = "rules",
    model: str | None = None,
    base_url: str | None = None,
    concurrency: int = 4,
    use_cache: bool = True,
    alias_files: Sequence[Path] = (),
    settings: Settings | None = None,
    on_article: ProgressCallback | None = None,
) -> RunReport:
    """Extract records from ``inputs`` and write the dataset folder ``out``.

    The folder is built beside ``out`` and swapped in only when complete, so a crash,
    Ctrl-C, or a run in which every article failed leaves the previous dataset whole.
    """
    from extractor._ingest import discover_inputs

    started = time.perf_counter()
    out_dir = Path(out)
    discover_inputs(inputs)  # a missing input is an error before any work starts
    extraction_engine = _make_engine(
        engine,
        model=model,
        base_url=base_url,
        concurrency=concurrency,
        use_cache=use_cache,
        alias_files=alias_files,
        settings=settings or Settings.from_env(),
    )
    report = RunReport(out=out_dir, engine=engine)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
    try:
        input_sha256 = _extract_into(staging, inputs, extraction_engine, report, on_article)
        _write_metadata(staging, extraction_engine, report, input_sha256)
        _swap_into_place(staging, out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    report.seconds = time.perf_counter() - started
    return report


def _extract_into(
    staging: Path,
    inputs: Sequence[Path | str],
    engine: Engine,
    report: RunReport,
    on_article: ProgressCallback | None,
) -> dict[str, str]:
    """Stream articles through the engine into the staging folder; returns input sha256 by article."""
    from extractor._ingest import SkippedFile, iter_articles

    def note_skip(skipped: SkippedFile) -> None:
        report.skipped.append((skipped.path, skipped.reason))

    articles_writer = ConfigWriter(staging, "articles")
    input_sha256: dict[str, str] = {}

    def written_articles() -> Iterator[Article]:
        for article in iter_articles(inputs, on_skip=note_skip):
            articles_writer.add(article)
            input_sha256[article.id] = article.sha256
            yield article

    # Statements are never merged across articles, so they are written as each article
    # is done. Meetings, facilities and agreements go to a merger on disk and are merged
    # at the end, one bucket of key-connected mentions at a time.
    statements_writer = ConfigWriter(staging, "statements")
    mentions_writer = ConfigWriter(staging, "mentions")
    with DiskMerger(staging / ".merge") as merger:
        for result in engine.extract_all(written_articles()):
            kept = _grounded_records(result, report)
            statements = canonicalize(record for record in kept if isinstance(record, Statement))
            statements_writer.add_all(statements.records["statements"])
            mentions_writer.add_all(statements.mentions)
            for record in kept:
                if not isinstance(record, Statement):
                    merger.add(record)
            if on_article is not None:
                on_article(result.article.id)
        report.rows["articles"] = articles_writer.close()
        report.articles = report.rows["articles"]
        if report.articles and len(report.failed) == report.articles:
            first_reason = report.failed[0][1]
            raise ModelError(f"every article failed ({first_reason}); the existing dataset was left untouched")

        writers = {config: ConfigWriter(staging, config) for config in RECORD_CONFIGS if config != "statements"}
        merger.merge(on_row=lambda config, row: writers[config].add(row), on_mention=mentions_writer.add)
        shutil.rmtree(staging / ".merge")
        for config in RECORD_CONFIGS:
            report.rows[config] = statements_writer.close() if config == "statements" else writers[config].close()
    report.rows["mentions"] = mentions_writer.close()
    return input_sha256


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
    )
    (staging / "README.md").write_text(render_card(card), encoding="utf-8")
    (staging / _REPORT_FILE).write_text(
        json.dumps(report.to_json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )


def _make_engine(
    name: str,
    *,
    model: str | None,
    base_url: str | None,
    concurrency: int,
    use_cache: bool,
    alias_files: Sequence[Path],
    settings: Settings,
) -> Engine:
    if name == "rules":
        if model is not None or base_url is not None:
            raise ConfigError("--model and --base-url apply to the llm engine only")
        from extractor._rules import RulesEngine

        return RulesEngine(alias_files=alias_files)
    if name == "llm":
        if not model:
            raise ConfigError("the llm engine needs --model PROVIDER/MODEL (e.g. openai/gpt-4o-mini)")
        if concurrency < 1:
            raise ConfigError("--concurrency must be at least 1")
        from extractor._llm import LLMEngine

        engine: Engine = LLMEngine(
            model=model, base_url=base_url, concurrency=concurrency, use_cache=use_cache, settings=settings
        )
        return engine
    raise ConfigError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")


def _grounded_records(result: ArticleResult, report: RunReport) -> list[AnyRecord]:
    """Keep only records whose every evidence item holds in this article; count the rest."""
    article = result.article
    for key, value in result.stats.items():
        report.accounting[key] = report.accounting.get(key, 0) + value
    if result.stats:
        report.accounting_per_article[article.id] = dict(result.stats)
    if result.error is not None:
        report.failed.append((article.id, result.error))
    kept: list[AnyRecord] = []
    for record in result.records:
        if all(
            evidence.article_id == article.id and article.text[evidence.start : evidence.end] == evidence.text
            for evidence in record.evidence
        ):
            kept.append(record)
        else:
            report.ungrounded_dropped += 1
    counts = Counter(_config_of(record) for record in kept)
    report.mentions_per_article[article.id] = {config: counts.get(config, 0) for config in RECORD_CONFIGS}
    return kept


def _config_of(record: AnyRecord) -> str:
    return RECORD_KINDS[type(record)][0]


def _swap_into_place(staging: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``staging`` with two renames; the old folder goes last."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("exists and is not a folder; refusing to replace it", path=out_dir)
    retired: Path | None = None
    if out_dir.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.previous-", dir=out_dir.parent))
        retired.rmdir()
        out_dir.rename(retired)
    try:
        staging.rename(out_dir)
    except OSError:
        if retired is not None:
            retired.rename(out_dir)
        raise
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
