"""`extract publish`: a versioned release of the dataset folder, kept locally and pushed to the Hub."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.table import Table

from cli._render import library_errors, stderr, stdout

if TYPE_CHECKING:
    from extractor import PublishReport

_PROBLEMS_SHOWN = 20


def publish(
    dataset: Annotated[Path, typer.Argument(help="Dataset folder written by `extract run`.")] = Path("dataset"),
    *,
    version: Annotated[
        str | None, typer.Option("--version", metavar="X.Y.Z", help="Release version (must increase).")
    ] = None,
    bump: Annotated[
        Literal["major", "minor", "patch"] | None, typer.Option("--bump", help="Or bump the last release.")
    ] = None,
    repo_id: Annotated[
        str | None,
        typer.Option(
            "--repo-id", metavar="ORG/NAME", help="Also push to this Hub dataset repo (ORG/NAME); needs HF_TOKEN."
        ),
    ] = None,
    releases: Annotated[
        Path | None,
        typer.Option("--releases", help="Local release history (git); default: `releases` beside DATASET."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Build and check the release, print the plan, write nothing.")
    ] = False,
    no_text: Annotated[
        bool, typer.Option("--no-text", help="Publish articles without their full text (evidence stays).")
    ] = False,
) -> None:
    """Publish a new release: card, changelog, Croissant metadata, schemas; git tag, optional Hub push."""
    from extractor import DataError, publish_dataset

    with library_errors():
        try:
            report = publish_dataset(
                dataset,
                version=version,
                bump=bump,
                repo_id=repo_id,
                dry_run=dry_run,
                no_text=no_text,
                releases_dir=releases,
            )
        except DataError as e:
            for problem in e.problems[:_PROBLEMS_SHOWN]:
                stderr.print(f"problem: {problem}", markup=False, highlight=False)
            raise
    _render(report)


def _render(report: PublishReport) -> None:
    previous = f" (previous {report.previous_version})" if report.previous_version else " (first release)"
    if report.dry_run:
        stdout.print(f"Dry run: would publish {report.tag}{previous}; nothing written, nothing sent.")
    table = Table("file", "bytes", title=f"Release {report.tag}")
    for path, size in report.files:
        table.add_row(path, str(size))
    table.add_row("total", str(report.total_bytes))
    stdout.print(table)
    changes = Table("config", "added", "removed", "changed", title="Changes")
    for config, counts in report.changes.items():
        changes.add_row(config, *(str(counts[kind]) for kind in ("added", "removed", "changed")))
    stdout.print(changes)
    for reason in report.schema_changes:
        stdout.print(f"schema: {reason}", markup=False, highlight=False)
    where = f"{report.releases_dir} tag {report.tag}"
    if report.dry_run:
        target = f" and to the Hub dataset {report.repo_id} (one commit, tag {report.tag})" if report.repo_id else ""
        stdout.print(f"Would record in {where}{target}.", markup=False, highlight=False)
        return
    stdout.print(f"Published {report.tag}{previous} in {where}.", markup=False, highlight=False)
    for warning in report.warnings:
        stderr.print(f"warning: {warning}", markup=False, highlight=False)
    if report.repo_id:
        stdout.print(f"Pushed to {report.hub_url} (commit {report.hub_commit}, tag {report.tag}).", markup=False)


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("publish")(publish)
