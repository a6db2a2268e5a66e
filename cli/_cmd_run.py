"""`extract run`: ingest articles, extract records, write the dataset folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from cli._render import EXIT_INVALID, EXIT_UNUSABLE, fail, library_errors, stderr
from cli._run_view import progress_bar, render_report

if TYPE_CHECKING:
    from extractor import LLMEngine, RulesEngine

EngineName = Literal["rules", "llm"]
ExecutorName = Literal["local", "ray"]

_LLM_ONLY = ("--model", "--base-url", "--concurrency", "--no-cache", "--timeout", "--max-attempts")
_DEFAULT_CONCURRENCY = 4


def run(
    inputs: Annotated[
        list[Path], typer.Argument(help="Article files or folders (.txt, .md, .html, .jsonl, .parquet).")
    ],
    *,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Dataset folder to write.")] = Path("dataset"),
    engine: Annotated[EngineName, typer.Option(help="Extraction engine: rules (offline) or llm.")] = "rules",
    model: Annotated[
        str | None,
        typer.Option(metavar="PROVIDER/MODEL", help="For --engine llm (required): e.g. openai/gpt-4o-mini."),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            metavar="URL", help="For --engine llm: an OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1."
        ),
    ] = None,
    concurrency: Annotated[
        int | None,
        typer.Option(
            metavar="N", min=1, help=f"For --engine llm: requests in flight (default {_DEFAULT_CONCURRENCY})."
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            metavar="SECONDS", min=0.001, help="For --engine llm: seconds a model request may take in all (default 60)."
        ),
    ] = None,
    max_attempts: Annotated[
        int | None,
        typer.Option(metavar="N", min=1, help="For --engine llm: transport attempts per request (default 4)."),
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="For --engine llm: ignore the model cache.")] = False,
    aliases: Annotated[
        list[Path] | None,
        typer.Option("--aliases", metavar="FILE", help="For --engine rules: an extra actor registry YAML file."),
    ] = None,
    executor: Annotated[
        ExecutorName, typer.Option(help="Where to run: local (this process) or ray (a Ray cluster).")
    ] = "local",
    ray_address: Annotated[
        str | None,
        typer.Option(
            metavar="HOST:PORT", help="For --executor ray: the cluster's head (default: RAY_ADDRESS, else a local Ray)."
        ),
    ] = None,
    max_bytes: Annotated[
        int,
        typer.Option(
            metavar="BYTES", min=1, help="Skip an input file (for JSONL, a line; for Parquet, a row) larger than this."
        ),
    ] = 20_000_000,  # the library's default (a test keeps the two equal)
    rows_per_shard: Annotated[
        int,
        typer.Option(metavar="N", min=1, help="Write a config of more rows as Parquet shards of N rows."),
    ] = 102_400,  # the library's default (a test keeps the two equal)
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when any input file was skipped, too.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary tables.")] = False,
) -> None:
    """Extract meetings, statements, military facilities and agreements into a dataset folder.

    Exit codes: 0 written; 1 an article failed (with --strict, also a skipped file); 2 unusable input or options.
    """
    from extractor import LocalExecutor, RayExecutor, run_extraction

    given_llm_only = [
        name
        for name, value in zip(
            _LLM_ONLY, (model, base_url, concurrency, no_cache or None, timeout, max_attempts), strict=True
        )
        if value is not None
    ]
    with library_errors():
        config = _engine_config(
            engine,
            given_llm_only,
            model=model,
            base_url=base_url,
            concurrency=concurrency,
            no_cache=no_cache,
            aliases=aliases or [],
            timeout=timeout,
            max_attempts=max_attempts,
        )
        if ray_address is not None and executor != "ray":
            raise fail("--ray-address applies to --executor ray only", EXIT_UNUSABLE)
        where = RayExecutor(address=ray_address) if executor == "ray" else LocalExecutor()
        progress, on_total, on_article = progress_bar(quiet=quiet or not stderr.is_terminal)
        with progress:
            report = run_extraction(
                inputs,
                out=out,
                engine=config,
                executor=where,
                on_total=on_total,
                on_article=on_article,
                max_bytes=max_bytes,
                rows_per_shard=rows_per_shard,
            )
    render_report(report, quiet=quiet)
    if report.failed or (strict and report.skipped):
        raise typer.Exit(EXIT_INVALID)


def _engine_config(
    engine: EngineName,
    given_llm_only: list[str],
    *,
    model: str | None,
    base_url: str | None,
    concurrency: int | None,
    no_cache: bool,
    aliases: list[Path],
    timeout: float | None,
    max_attempts: int | None,
) -> RulesEngine | LLMEngine:
    """The engine configuration the options describe; an option of the other engine is refused."""
    from extractor import LLMEngine, RulesEngine

    if engine == "rules":
        if given_llm_only:
            verb = "applies" if len(given_llm_only) == 1 else "apply"
            raise fail(f"{' and '.join(given_llm_only)} {verb} to --engine llm only", EXIT_UNUSABLE)
        return RulesEngine(aliases=tuple(aliases))
    if aliases:
        raise fail(
            "--aliases applies to --engine rules only (the llm engine does not use the actor registry)", EXIT_UNUSABLE
        )
    if not model:
        raise fail("--engine llm needs --model PROVIDER/MODEL, e.g. openai/gpt-4o-mini", EXIT_UNUSABLE)
    return LLMEngine(
        model=model,
        base_url=base_url,
        concurrency=concurrency if concurrency is not None else _DEFAULT_CONCURRENCY,
        use_cache=not no_cache,
        request_timeout=timeout,
        max_attempts=max_attempts,
    )


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command(name="run")(run)
