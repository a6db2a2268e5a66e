"""`extract eval` and `extract review` through the real command line: output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _evaldata import write_corpus, write_jsonl
from typer.testing import CliRunner

from cli import app

runner = CliRunner()


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "dataset")


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    line = {"article_id": "a", "quote": "Putin met", "optional": False}
    write_jsonl(folder / "meetings.jsonl", [line | {"participants": [{"name": "Putin"}, {"name": "Sharaa"}]}])
    write_jsonl(folder / "statements.jsonl", [])
    return folder


def test_eval_prints_the_per_type_table(dataset: Path, gold: Path) -> None:
    result = runner.invoke(app, ["eval", str(dataset), "--gold", str(gold)])
    assert result.exit_code == 0, result.output
    meetings = next(line for line in result.stdout.splitlines() if line.strip().startswith("meetings"))
    # 1 hit in article a; m1 and m2 projected onto b are false positives.
    assert meetings.split()[1:10] == ["1", "3", "1", "2", "0", "0.333", "1.000", "0.500", "0"]
    assert "Attribute accuracy" in result.stdout
    assert "no gold file for agreements" in result.stderr


def test_eval_json_is_the_full_report(dataset: Path, gold: Path) -> None:
    result = runner.invoke(app, ["eval", str(dataset), "--gold", str(gold), "--json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["types"]["meetings"]["f1"] == 0.5
    assert report["types"]["statements"]["fp"] == 2
    assert [a["article_id"] for a in report["articles"]] == ["a", "b"]


def test_eval_per_article_table(dataset: Path, gold: Path) -> None:
    result = runner.invoke(app, ["eval", str(dataset), "--gold", str(gold), "--per-article"])
    assert result.exit_code == 0
    rows = [line.split() for line in result.stdout.splitlines() if line.strip()[:2] in {"a ", "b "}]
    assert rows == [["a", "1/0/0", "0/1/0", "0/0/0", "0/0/0"], ["b", "0/2/0", "0/1/0", "0/0/0", "0/0/0"]]


def test_min_f1_fails_the_run_when_a_type_is_below(dataset: Path, gold: Path) -> None:
    result = runner.invoke(app, ["eval", str(dataset), "--gold", str(gold), "--min-f1", "0.4"])
    assert result.exit_code == 1
    assert "F1 below 0.4: statements" in result.stderr
    assert runner.invoke(app, ["eval", str(dataset), "--gold", str(gold), "--min-f1", "0"]).exit_code == 0


@pytest.mark.parametrize("which", ["dataset", "gold"])
def test_missing_inputs_exit_2_with_one_line(dataset: Path, gold: Path, tmp_path: Path, which: str) -> None:
    args = (
        [str(tmp_path / "nope"), "--gold", str(gold)]
        if which == "dataset"
        else [str(dataset), "--gold", str(tmp_path / "nope")]
    )
    result = runner.invoke(app, ["eval", *args])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "not found" in result.stderr


def test_a_bad_gold_line_exits_2_naming_it(dataset: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    write_jsonl(folder / "meetings.jsonl", [{"article_id": "a", "participants": [{"name": "X"}], "format": "zoom"}])
    result = runner.invoke(app, ["eval", str(dataset), "--gold", str(folder)])
    assert result.exit_code == 2
    assert "meetings.jsonl:1: field `format`" in result.stderr


def test_review_writes_the_page(dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "site" / "review.html"
    result = runner.invoke(app, ["review", str(dataset), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"review page written to {out}" in result.stdout
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_review_export_gold_writes_gold_and_no_page(dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "exported.jsonl"
    result = runner.invoke(app, ["review", str(dataset), "--export-gold", str(out), "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert "gold lines written to" in result.stdout
    assert len(out.read_text().splitlines()) == 9
    assert not (tmp_path / "r.html").exists()
    back = runner.invoke(app, ["eval", str(dataset), "--gold", str(out), "--min-f1", "1"])
    assert back.exit_code == 0, back.output


def test_review_of_a_missing_dataset_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["review", str(tmp_path / "nope"), "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "dataset folder not found" in result.stderr
