"""What `extract run` shows: a progress bar with a total, rate and ETA, then the run's report.

Up to ``SUMMARY_ABOVE`` articles the report has one row per article; above that it is a
summary (totals, the articles with the most mentions, the articles with none), since a
table of thousands of rows helps nobody. ``run_report.json`` always has every article.
Tables fit 80 columns: ids fold onto a second line instead of being cut, headers never shrink.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Column, Table
from rich.text import Text

from cli._render import stderr, stdout

if TYPE_CHECKING:
    from extractor import RunReport

SUMMARY_ABOVE = 20
"""Above this many articles, the per-article table becomes a summary."""
_TOP = 5  # articles with the most mentions shown in the summary
_LISTED = 20  # warning lines (or ids) shown before "and N more"
_REPORT = "run_report.json"


class _RateColumn(ProgressColumn):
    """Articles per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None:
            return Text("?/s", style="progress.data.speed")
        return Text(f"{speed:.1f}/s" if speed < 10 else f"{speed:.0f}/s", style="progress.data.speed")


def progress_bar(*, quiet: bool) -> tuple[Progress, Callable[[int], None], Callable[[str], None]]:
    """The bar on stderr, and the two callbacks ``run_extraction`` feeds it through."""
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", table_column=Column(width=18, no_wrap=True, overflow="ellipsis")),
        BarColumn(bar_width=16),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        _RateColumn(),
        TimeRemainingColumn(),
        console=stderr,
        transient=True,
        disable=quiet,
    )
    task = progress.add_task("extracting", total=None)

    def on_total(total: int) -> None:
        progress.update(task, total=total)

    def on_article(label: str) -> None:
        progress.update(task, advance=1, description=label)

    return progress, on_total, on_article


def render_report(report: RunReport, *, quiet: bool) -> None:
    """Warnings on stderr; the tables (unless quiet) and the closing line on stdout."""
    where = f"{report.out}/{_REPORT}"
    _warn("skipped", report.skipped, f"more inputs skipped (all listed in {where})")
    _warn("failed", report.failed, f"more articles failed (all listed in {where})")
    if report.set_aside:
        kinds = ", ".join(sorted({reason.split(":", 1)[0] for _, reason in report.set_aside}))
        count = len(report.set_aside)
        stderr.print(
            f"note: {_plural(count, 'article')} set aside ({kinds}), no records taken from them;"
            f" listed with the reasons in {where}",
            markup=False,
            highlight=False,
        )
    if not quiet:
        heading = f"{report.out} ({report.engine} engine, {report.seconds:.1f} s)"
        stdout.print(heading, markup=False, highlight=False)
        stdout.print(_records_table(report))
        per_article = report.mentions_per_article
        if len(per_article) <= SUMMARY_ABOVE:
            if per_article:
                stdout.print(_mentions_table("mentions found per article", list(per_article.items())))
        else:
            _print_summary(report)
    stdout.print(f"wrote {report.out}: {_closing_line(report)}", markup=False, highlight=False)


def _warn(kind: str, items: Sequence[tuple[str, str]], more: str) -> None:
    for where, reason in items[:_LISTED]:
        stderr.print(f"warning: {kind} {where}: {reason}", markup=False, highlight=False)
    if len(items) > _LISTED:
        stderr.print(f"warning: ... and {len(items) - _LISTED} {more}", markup=False, highlight=False)


def _records_table(report: RunReport) -> Table:
    table = Table(
        Column("config", no_wrap=True),
        Column("rows", justify="right", no_wrap=True),
        Column("what a row is", overflow="fold"),
        box=box.SIMPLE,
    )
    for config, rows in report.rows.items():
        table.add_row(config, f"{rows:,}", _MEANING.get(config, "a canonical record, merged across articles"))
    return table


_MEANING = {
    "articles": "an article read",
    "mentions": "one record as one article reports it",
}


def _mentions_table(title: str, rows: list[tuple[str, dict[str, int]]]) -> Table:
    configs = list(rows[0][1]) if rows else []
    table = Table(title=title, box=box.SIMPLE)
    table.add_column("article", overflow="fold", min_width=12)
    for config in configs:
        header = config.removeprefix("military_")
        table.add_column(header, justify="right", no_wrap=True, min_width=len(header))
    for article_id, counts in rows:
        table.add_row(Text(article_id), *(f"{counts[config]:,}" for config in configs))
    return table


def _print_summary(report: RunReport) -> None:
    per_article = report.mentions_per_article
    totals = {article_id: sum(counts.values()) for article_id, counts in per_article.items()}
    none = [article_id for article_id, total in totals.items() if total == 0]
    stdout.print(
        f"{len(per_article):,} articles: {len(per_article) - len(none):,} with mentions, {len(none):,} with none"
        f" (every article's counts are in {report.out}/{_REPORT})",
        markup=False,
        highlight=False,
    )
    top = sorted((item for item in totals.items() if item[1]), key=lambda item: (-item[1], item[0]))[:_TOP]
    if top:
        title = f"the {len(top)} articles with the most mentions"
        stdout.print(_mentions_table(title, [(article_id, per_article[article_id]) for article_id, _ in top]))
    if none:
        shown = ", ".join(none[:_LISTED])
        more = f" and {len(none) - _LISTED:,} more" if len(none) > _LISTED else ""
        stdout.print(f"articles with no mentions: {shown}{more}", markup=False, highlight=False)
    if report.skipped:
        stdout.print(f"inputs skipped: {len(report.skipped):,} (see the warnings)", markup=False, highlight=False)


def _closing_line(report: RunReport) -> str:
    kinds = {config: rows for config, rows in report.rows.items() if config not in ("articles", "mentions")}
    records = sum(kinds.values())
    by_kind = ", ".join(f"{rows:,} {config.replace('_', ' ')}" for config, rows in kinds.items())
    line = (
        f"{_plural(report.articles, 'article')}; {_plural(records, 'record')} ({by_kind})"
        f" merged from {_plural(report.rows.get('mentions', 0), 'mention')};"
        f" {_plural(len(report.skipped), 'input')} skipped, {_plural(len(report.failed), 'article')} failed"
    )
    if report.ungrounded_dropped:
        line += f"; {_plural(report.ungrounded_dropped, 'ungrounded record')} dropped"
    return line


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
