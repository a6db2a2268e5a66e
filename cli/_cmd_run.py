"""`extract run`: ingest articles, extract records, write the dataset folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from cli._render import EXIT_INVALID, library_errors, stderr, stdout

if TYPE_CHECKING:
    from extractor import RunReport


def run(
    inputs: Annotated[list[Path], typer.Argument(help="Article files or folders (.txt, .md, .html, .jsonl).")],
    *,
    out: Annotated[Path, typer.Option("--out", "-o", help="Dataset folder to write.")] = Path("dataset"),
    engine: Annotated[str, typer.Option(help="Extraction engine: rules (offline) or llm.")] = "rules",
    model: Annotated[
        str | None, typer.Option(help="For --engine llm: PROVIDER/MODEL, e.g. openai/gpt-4o-mini.")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(help="For --engine llm: an OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1."),
    ] = None,
    concurrency: Annotated[int, typer.Option(help="For --engine llm: requests in flight.")] = 4,
    timeout: Annotated[
        float | None,
        typer.Option(help="For --engine llm: seconds one model request may take in all [default: 60].", min=0.001),
    ] = None,
    max_attempts: Annotated[
        int | None, typer.Option(help="For --engine llm: transport attempts per request [default: 4].", min=1)
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="For --engine llm: ignore the model cache.")] = False,
    aliases: Annotated[
        list[Path] | None, typer.Option("--aliases", help="Extra actor registry YAML file(s) to merge in.")
    ] = None,
    strict: Annotated[bool, typer.Option(help="Exit 1 when any input file was skipped, too.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary table.")] = False,
) -> None:
    """Extract meetings, statements, military facilities and agreements into a dataset folder."""
    from extractor import Settings, run_extraction

    progress = Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
        disable=quiet or not stderr.is_terminal,
    )
    with library_errors(), progress:
        task = progress.add_task("extracting", total=None)
        report = run_extraction(
            inputs,
            out=out,
            engine=engine,
            model=model,
            base_url=base_url,
            concurrency=concurrency,
            use_cache=not no_cache,
            alias_files=aliases or [],
            settings=Settings.from_env().with_llm_options(timeout=timeout, max_attempts=max_attempts),
            on_article=lambda article_id: progress.update(task, advance=1, description=article_id),
        )
    _render(report, quiet=quiet)
    if report.failed or (strict and report.skipped):
        raise typer.Exit(EXIT_INVALID)


def _render(report: RunReport, *, quiet: bool) -> None:
    for path, reason in report.skipped:
        stderr.print(f"warning: skipped {path}: {reason}", markup=False, highlight=False)
    for article_id, reason in report.failed:
        stderr.print(f"warning: failed {article_id}: {reason}", markup=False, highlight=False)
    if not quiet:
        per_type = Table(title=f"{report.out} ({report.engine} engine, {report.seconds:.1f} s)")
        per_type.add_column("config")
        per_type.add_column("rows", justify="right")
        for config, rows in report.rows.items():
            per_type.add_row(config, str(rows))
        stdout.print(per_type)
        if report.mentions_per_article:
            per_article = Table(title="mentions per article")
            per_article.add_column("article")
            configs = list(next(iter(report.mentions_per_article.values())))
            for config in configs:
                per_article.add_column(config, justify="right")
            for article_id, counts in report.mentions_per_article.items():
                per_article.add_row(article_id, *(str(counts[c]) for c in configs))
            stdout.print(per_article)
    summary = (
        f"{report.articles} articles, {sum(v for k, v in report.rows.items() if k != 'articles')} rows"
        f", {len(report.skipped)} skipped, {len(report.failed)} failed"
    )
    if report.ungrounded_dropped:
        summary += f", {report.ungrounded_dropped} ungrounded records dropped"
    stdout.print(f"wrote {report.out}: {summary}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command(name="run")(run)
