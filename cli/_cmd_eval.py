"""`extract eval`: score a dataset against gold annotations."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.table import Table

from cli._render import EXIT_INVALID, EXIT_OK, library_errors, stderr, stdout, write_stdout

if TYPE_CHECKING:
    from extractor import EvalReport

_HELP = """Score the records of DATASET against gold annotations.

GOLD is a folder of meetings.jsonl, statements.jsonl, military_facilities.jsonl and
agreements.jsonl (a missing file: that type is not scored), or one .jsonl file whose
lines carry "type". The format and the matching rules are in tests/gold/FORMAT.md.

Prints precision, recall and F1 per record type, duplicates (extra canonical rows
for one gold item) and the grounding rate, then attribute accuracy on matched pairs.

Exit codes: 0 the evaluation ran (whatever the scores); 1 with --min-f1 when a scored
type's F1 is below it; 2 a missing or unusable dataset or gold.
"""

# report field -> column header (short, so the table fits 80 columns)
_COLUMNS = {
    "type": "type",
    "gold": "gold",
    "predicted": "pred",
    "tp": "tp",
    "fp": "fp",
    "fn": "fn",
    "precision": "P",
    "recall": "R",
    "f1": "F1",
    "duplicates": "dup",
    "grounding": "ground",
}


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("eval", help=_HELP)(eval_command)


def eval_command(
    dataset: Annotated[Path, typer.Argument(help="Dataset folder written by `extract run`.")],
    *,
    gold: Annotated[Path, typer.Option("--gold", help="Gold folder or .jsonl file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON on stdout.")] = False,
    min_f1: Annotated[
        float | None,
        typer.Option("--min-f1", min=0.0, max=1.0, help="Exit 1 when a scored type's F1 is below this."),
    ] = None,
    per_article: Annotated[bool, typer.Option("--per-article", help="Also print one line per article.")] = False,
    only_gold_articles: Annotated[
        bool,
        typer.Option("--only-gold-articles", help="Score only articles that have at least one gold line."),
    ] = False,
) -> None:
    """Score the records of a dataset against gold annotations."""
    from extractor import evaluate

    with library_errors():
        report = evaluate(dataset, gold, only_gold_articles=only_gold_articles)
    if as_json:
        write_stdout(report.to_json())
    else:
        _print_report(report, per_article=per_article)
    failing = report.below(min_f1) if min_f1 is not None else []
    if failing:
        stderr.print(f"F1 below {min_f1}: {', '.join(failing)}", markup=False, highlight=False)
    raise typer.Exit(EXIT_INVALID if failing else EXIT_OK)


def _print_report(report: EvalReport, *, per_article: bool) -> None:
    table = Table(
        title=f"{report.dataset} against {report.gold}", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True
    )
    for column, header in _COLUMNS.items():
        table.add_column(header, justify="left" if column == "type" else "right", no_wrap=True)
    for row in report.table():
        table.add_row(*(row[column] for column in _COLUMNS))
    stdout.print(table)
    attributes = Table(
        title="Attribute accuracy on matched pairs (correct/compared)",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    attributes.add_column("type")
    attributes.add_column("attributes")
    for config, score in report.types.items():
        cells = [f"{name} {c}/{n}" for name, (c, n) in score.attributes.items()]
        attributes.add_row(config, "  ".join(cells) or "-")
    stdout.print(attributes)
    if per_article:
        articles = Table(title="Per article (tp/fp/fn)", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
        articles.add_column("article")
        for config in report.types:
            articles.add_column(config, justify="right")
        for article in report.articles:
            articles.add_row(article.article_id, *(f"{c.tp}/{c.fp}/{c.fn}" for c in article.counts.values()))
        stdout.print(articles)
    for warning in report.warnings:
        stderr.print(f"warning: {warning}", markup=False, highlight=False)
