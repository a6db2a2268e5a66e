"""`extract run`: exit codes and one-line messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
runner = CliRunner()


def _one_seed(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[-1], folder)
    return folder


def test_run_writes_the_dataset_and_summarises(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(_one_seed(tmp_path)), "--out", str(tmp_path / "ds")])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "1 article;" in result.output
    assert (tmp_path / "ds" / "meetings" / "train.parquet").is_file()


def test_a_missing_input_is_unusable_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "nope"), "--out", str(tmp_path / "ds")])
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "ds").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--engine", "magic"], "error: Invalid value for '--engine': 'magic' is not one of 'rules', 'llm'."),
        (["--engine", "llm"], "error: --engine llm needs --model PROVIDER/MODEL"),
        (["--model", "openai/x"], "error: --model applies to --engine llm only"),
        (["--concurrency", "8"], "error: --concurrency applies to --engine llm only"),
        (["--no-cache", "--base-url", "http://x"], "error: --base-url and --no-cache apply to --engine llm only"),
        (
            ["--engine", "llm", "--model", "openai/x", "--aliases", "a.yaml"],
            "error: --aliases applies to --engine rules",
        ),
        (["--max-bytes", "0"], "error: Invalid value for '--max-bytes': Input should be greater than or equal to 1"),
        (["--nope"], "error: No such option: --nope"),
    ],
)
def test_misconfiguration_is_one_line_and_exit_2(tmp_path: Path, options: list[str], message: str) -> None:
    result = runner.invoke(app, ["run", str(_one_seed(tmp_path)), "--out", str(tmp_path / "ds"), *options])
    assert result.exit_code == 2
    assert result.output.startswith(message)
    assert result.output.count("\n") == 1
    assert "Traceback" not in result.output


def test_skipped_files_warn_and_strict_makes_them_fail(tmp_path: Path) -> None:
    folder = _one_seed(tmp_path)
    (folder / "broken.txt").write_bytes(b"\xff\xfe\x00\x01 not text")
    result = runner.invoke(app, ["run", str(folder), "--out", str(tmp_path / "ds"), "-q"])
    assert result.exit_code == 0, result.output
    assert "warning: skipped" in result.output and "broken.txt" in result.output
    strict = runner.invoke(app, ["run", str(folder), "--out", str(tmp_path / "ds"), "-q", "--strict"])
    assert strict.exit_code == 1


def test_an_output_path_that_is_a_file_is_refused_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "ds"
    target.write_text("precious", encoding="utf-8")
    result = runner.invoke(app, ["run", str(_one_seed(tmp_path)), "--out", str(target)])
    assert result.exit_code == 2
    assert "not a folder" in result.output
    assert target.read_text(encoding="utf-8") == "precious"


def test_a_parquet_input_runs_to_a_sharded_dataset_that_validate_review_and_eval_read(tmp_path: Path) -> None:
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    from extractor import read_rows, run_extraction

    seeds = sorted(SEEDS.glob("*.txt"))
    rows = [{"id": path.stem, "text": path.read_text(encoding="utf-8")} for path in seeds]
    rows.append({"id": "bad", "text": ""})
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "seeds.parquet", row_group_size=2)
    out = tmp_path / "ds"
    result = runner.invoke(app, ["run", str(tmp_path / "seeds.parquet"), "--out", str(out), "--rows-per-shard", "8"])
    assert result.exit_code == 0, result.output
    assert f"{len(seeds)} articles;" in result.output and "1 input skipped" in result.output
    assert (out / "statements" / "train-00000-of-00007.parquet").is_file()  # the seeds give 50 statements
    report = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    assert report["skipped"] == [
        {"path": str(tmp_path / "seeds.parquet"), "reason": f"row {len(rows)}: 'text' must be a non-empty string"}
    ]
    # The same rows as the seed files give (the ids are their stems; sha256 differs by design).
    expected = run_extraction([SEEDS], out=tmp_path / "files")
    assert {config: len(read_rows(out, config)) for config in expected.rows} == expected.rows
    assert read_rows(out, "statements") == read_rows(tmp_path / "files", "statements")

    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0
    gold = tmp_path / "gold.jsonl"
    exported = runner.invoke(app, ["review", str(out), "--export-gold", str(gold)])
    assert exported.exit_code == 0, exported.output
    scored = runner.invoke(app, ["eval", str(out), "--gold", str(gold), "--json"])
    assert scored.exit_code == 0, scored.output
    assert json.loads(scored.output)["overall"]["f1"] == 1.0
    page = runner.invoke(app, ["review", str(out), "--out", str(tmp_path / "review.html")])
    assert page.exit_code == 0 and (tmp_path / "review.html").stat().st_size > 0
