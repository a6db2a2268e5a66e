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
