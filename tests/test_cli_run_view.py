"""`extract run`'s output: the closing line, the per-article table and its summary, 80 columns, help."""

from __future__ import annotations

import inspect
import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import cli._run_view
from cli import app
from cli._cmd_run import run
from extractor import run_extraction

runner = CliRunner()

POLITICAL = (
    "Foreign Minister {name} met President Vladimir Putin in Moscow on Tuesday, the Kremlin said. "
    '"We discussed the war in Ukraine and sanctions," {name} told reporters after the talks. '
    "Officials from both governments attended."
)
SPORTS = "The striker scored twice as the team won the cup final at the stadium. The coach praised the players."
NAMES = ["Anna Berg", "Carl Dahl", "Eva Fors", "Gustav Holm", "Ida Jonsson", "Karl Lind", "Maja Nord"]


def _scrape(root: Path, political: int, sports: int) -> list[str]:
    """Articles in dated subfolders with long slugs, as a scraper lays them out; returns their ids."""
    ids = []
    for number in range(political + sports):
        day = root / f"2025-03-{10 + number % 3:02d}"
        day.mkdir(parents=True, exist_ok=True)
        slug = f"ministers-meet-in-moscow-{number:02d}" if number < political else f"cup-final-{number:02d}"
        text = POLITICAL.format(name=NAMES[number % len(NAMES)]) if number < political else SPORTS
        (day / f"{slug}.txt").write_text(text, encoding="utf-8")
        ids.append(f"{day.name}/{slug}")
    return ids


def _article_cells(shown: str) -> list[str]:
    """The article column of every per-article table in ``shown``, a folded id joined again."""
    cells: list[str] = []
    lines = shown.splitlines()
    for number, header in enumerate(lines):
        if not re.match(r"\s*article\s+meetings", header):
            continue
        split = header.index("meetings")
        for line in lines[number + 2 :]:
            if not line.strip():
                break
            if line[split:].strip():
                cells.append(line[:split].strip())
            else:  # a folded id goes on below, with nothing in the other columns
                cells[-1] += line[:split].strip()
    return cells


def _invoke_at_80_columns(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> tuple[int, str, str]:
    shown = io.StringIO()
    monkeypatch.setattr(cli._run_view, "stdout", Console(file=shown, width=80, soft_wrap=True))
    result = runner.invoke(app, args)
    return result.exit_code, shown.getvalue(), result.output


def test_at_80_columns_ids_and_headers_are_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _scrape(tmp_path / "scrape", political=3, sports=1)
    code, shown, _ = _invoke_at_80_columns(monkeypatch, ["run", str(tmp_path / "scrape"), "-o", str(tmp_path / "ds")])
    assert code == 0
    table_lines = [line for line in shown.splitlines() if line.startswith(" ")]
    assert len(table_lines) > 10
    assert all(len(line) <= 80 for line in table_lines)
    assert "…" not in shown
    for word in ("article", "meetings", "statements", "facilities", "agreements", "military_facilities"):
        assert re.search(rf"(?<![\w-]){word}(?![\w-])", shown), word
    assert sorted(_article_cells(shown)) == sorted(ids)


def test_above_20_articles_the_table_is_a_summary_and_the_report_keeps_every_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _scrape(tmp_path / "scrape", political=22, sports=3)
    out = tmp_path / "ds"
    code, shown, output = _invoke_at_80_columns(monkeypatch, ["run", str(tmp_path / "scrape"), "-o", str(out)])
    assert code == 0
    assert "25 articles: 22 with mentions, 3 with none" in shown
    assert "the 5 articles with the most mentions" in shown
    assert "articles with no mentions: " + ", ".join(sorted(ids[22:])) in shown
    assert len(_article_cells(shown)) == 5  # the top five, not all 25
    assert set(_article_cells(shown)) <= set(ids[:22])
    written = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    assert sorted(written["mentions_per_article"]) == sorted(ids)
    # the topic gate's articles: listed with the reason in the report, one summary line on stderr
    assert [item["article_id"] for item in written["set_aside"]] == sorted(ids[22:])
    assert all(item["reason"].startswith("off topic: sports ") for item in written["set_aside"])
    assert f"note: 3 articles set aside (off topic), no records taken from them; listed with the reasons in {out}" in (
        " ".join(output.split())
    )


def test_the_closing_line_says_what_each_number_counts(tmp_path: Path) -> None:
    _scrape(tmp_path / "in", political=2, sports=0)
    (tmp_path / "in" / "notes.pdf").write_bytes(b"%PDF")
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "-o", str(tmp_path / "ds"), "-q"])
    assert result.exit_code == 0, result.output
    report = run_extraction([tmp_path / "in"], out=tmp_path / "again")
    rows = report.rows
    records = sum(rows[config] for config in ("meetings", "statements", "military_facilities", "agreements"))
    expected = (
        f"wrote {tmp_path / 'ds'}: 2 articles; {records} records ({rows['meetings']} meetings,"
        f" {rows['statements']} statements, {rows['military_facilities']} military facilities,"
        f" {rows['agreements']} agreements) merged from {rows['mentions']} mentions; 1 input skipped,"
        " 0 articles failed"
    )
    assert expected in " ".join(result.output.split())
    assert sum(sum(counts.values()) for counts in report.mentions_per_article.values()) == rows["mentions"]


def test_max_bytes_skips_larger_inputs_in_plain_words(tmp_path: Path) -> None:
    _scrape(tmp_path / "in", political=1, sports=0)
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "-o", str(tmp_path / "ds"), "-q", "--max-bytes", "50"])
    assert result.exit_code == 2  # every input was skipped: refused, nothing written
    assert not (tmp_path / "ds").exists()
    assert "bytes; the size limit is 50 bytes)" in result.output
    assert "> max_bytes" not in result.output


def test_the_cli_defaults_are_the_librarys() -> None:
    for name in ("max_bytes", "rows_per_shard"):
        cli_default = inspect.signature(run).parameters[name].default
        assert cli_default == inspect.signature(run_extraction).parameters[name].default, name


def test_a_repeated_id_in_one_jsonl_file_is_a_warning_not_an_abort(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    text = POLITICAL.format(name="Anna Berg")
    path.write_text("".join(json.dumps({"id": "same", "text": text}) + "\n" for _ in range(2)), encoding="utf-8")
    result = runner.invoke(app, ["run", str(path), "-o", str(tmp_path / "ds"), "-q"])
    assert result.exit_code == 0, result.output
    assert f"warning: skipped {path}: line 2: duplicate article id 'same' (first on line 1)" in result.output


def test_version_is_printed() -> None:
    from extractor import package_version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"extract (newsextract) {package_version()}"


@pytest.mark.parametrize(
    ("command", "listed"),
    [
        (["run"], "[rules|llm]"),
        (["publish"], "[major|minor|patch]"),
        (["validate"], "auto, meeting, statement, military_facility, agreement, article, mention"),
    ],
)
def test_help_lists_choices_and_shows_no_python_types(command: list[str], listed: str) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"}, terminal_width=200)
    assert result.exit_code == 0
    assert listed in result.output
    assert not re.search(r"<(bool|str|int|path|list\[\w+\])>", result.output), result.output


def test_every_usage_line_names_arguments_in_capitals() -> None:
    for command in ("run", "validate", "schema", "eval", "review", "publish"):
        usage = runner.invoke(app, [command, "--help"]).output.strip().splitlines()[0]
        assert re.fullmatch(rf"Usage: extract {command} \[OPTIONS\]( [{{\[][A-Z_]+[}}\]](\.\.\.)?)*", usage.strip()), (
            usage
        )


def test_the_progress_bar_has_a_total_a_rate_and_a_time_left() -> None:
    from rich.progress import TaskProgressColumn, TimeRemainingColumn

    progress, on_total, on_article = cli._run_view.progress_bar(quiet=True)
    on_total(5)
    on_article("a")
    on_article("b")
    [task] = progress.tasks
    assert (task.total, task.completed, task.description) == (5, 2, "b")
    kinds = {type(column) for column in progress.columns}
    assert {TaskProgressColumn, TimeRemainingColumn, cli._run_view._RateColumn} <= kinds


def test_at_most_20_skip_warnings_then_a_count(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(25):
        (folder / f"scan-{number:02d}.pdf").write_bytes(b"%PDF")
    _scrape(folder, political=1, sports=0)  # one readable article, so the run is not refused
    result = runner.invoke(app, ["run", str(folder), "-o", str(tmp_path / "ds"), "-q"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 21
    assert warnings[-1] == f"warning: ... and 5 more inputs skipped (all listed in {tmp_path / 'ds'}/run_report.json)"
    written = json.loads((tmp_path / "ds" / "run_report.json").read_text(encoding="utf-8"))
    assert len(written["skipped"]) == 25
