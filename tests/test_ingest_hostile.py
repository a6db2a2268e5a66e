"""Hostile input lines: each is skipped with a reason, the rest of the run goes on."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from extractor import InputError, SkippedFile, iter_articles

GOOD = json.dumps({"id": "good", "text": "The foreign ministers met in Rome on Monday."})
DEEP = 200_000
HOSTILE_LINES = {
    "surrogate in text": '{"id": "s1", "text": "Talks in Rome \\ud800 ended."}',
    "surrogate in title": '{"id": "s2", "text": "Talks in Rome ended.", "title": "A \\udfff title"}',
    "5,000-digit number": '{"id": "n", "text": "Talks in Rome ended.", "count": ' + "9" * 5000 + "}",
    "200k deep": '{"id": "d", "text": "Talks in Rome ended.", "x": ' + "[" * DEEP + "]" * DEEP + "}",
}
REASONS = {
    "surrogate in text": "'text' holds a lone surrogate (U+D800)",
    "surrogate in title": "'title' holds a lone surrogate (U+DFFF)",
    "5,000-digit number": "a number has more than 4300 digits",
    "200k deep": "nested too deeply",
}


def _write(folder: Path) -> Path:
    path = folder / "wire.jsonl"
    path.write_text("\n".join([GOOD, *HOSTILE_LINES.values(), GOOD.replace("good", "also-good")]) + "\n")
    return path


def test_each_hostile_line_is_skipped_with_its_line_number(tmp_path: Path) -> None:
    skipped: list[SkippedFile] = []
    articles = list(iter_articles([_write(tmp_path)], on_skip=skipped.append))
    assert [a.id for a in articles] == ["good", "also-good"]
    assert [s.reason.split(":")[0] for s in skipped] == ["line 2", "line 3", "line 4", "line 5"]
    for skip, reason in zip(skipped, REASONS.values(), strict=True):
        assert reason in skip.reason and "\n" not in skip.reason


def test_a_surrogate_in_markdown_front_matter_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text('---\ntitle: "Bad \\ud800 title"\n---\nThe ministers met in Rome.\n', encoding="utf-8")
    skipped: list[SkippedFile] = []
    assert list(iter_articles([path], on_skip=skipped.append)) == []
    assert [s.reason for s in skipped] == ["'title' holds a lone surrogate (U+D800), which is not valid Unicode text"]


@pytest.mark.parametrize("name", list(HOSTILE_LINES))
def test_run_skips_the_line_writes_the_rest_and_lists_it(tmp_path: Path, name: str) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(GOOD + "\n" + HOSTILE_LINES[name] + "\n")
    out = tmp_path / "ds"
    result = CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.output
    assert f"warning: skipped {path}: line 2: " in result.output
    report = json.loads((out / "run_report.json").read_text())
    assert report["articles"] == 1
    (skipped,) = report["skipped"]
    assert skipped["path"] == str(path) and REASONS[name] in skipped["reason"]


@pytest.mark.parametrize("name", ["feed.jsonl", "feed.txt"])
def test_a_named_pipe_is_refused_or_skipped_without_waiting_for_a_writer(tmp_path: Path, name: str) -> None:
    pipe = tmp_path / "in" / name
    pipe.parent.mkdir()
    os.mkfifo(pipe)
    (tmp_path / "in" / "ok.txt").write_text("The ministers met in Rome on Monday.\n", encoding="utf-8")
    # Named as an input: refused before anything is read.
    with pytest.raises(InputError, match="named pipe"):
        list(iter_articles([pipe, tmp_path / "in" / "ok.txt"]))
    # Inside a folder: skipped with a reason, the other files read.
    skipped: list[SkippedFile] = []
    articles = list(iter_articles([tmp_path / "in"], on_skip=skipped.append))
    assert [a.id for a in articles] == ["ok"]
    assert [s.path for s in skipped] == [str(pipe)]
    assert "named pipe" in skipped[0].reason


def test_a_pipe_that_appears_after_discovery_is_skipped_by_the_reader(tmp_path: Path) -> None:
    from extractor._ingest._readers import read_input

    pipe = tmp_path / "feed.txt"
    os.mkfifo(pipe)
    [item] = list(read_input(pipe, max_bytes=1000))
    assert isinstance(item, SkippedFile)
    assert item.reason == "not a regular file (a named pipe); only regular files are read"


def test_a_device_is_refused() -> None:
    with pytest.raises(InputError, match="device"):
        list(iter_articles(["/dev/zero"]))
