"""`extract run` never replaces a folder it did not write, and refuses inputs that give nothing to write."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli import app
from extractor import read_rows
from extractor._outdir import MARKER

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
runner = CliRunner()


@pytest.fixture
def one_seed(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[-1], folder)
    return folder


@pytest.fixture(autouse=True)
def no_engine_unless_allowed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record engine creation: a refused run must stop before any extraction work."""
    import extractor._pipeline as pipeline

    made: list[str] = []
    real = pipeline.build_engine

    def counting(engine: object, settings: object) -> object:
        made.append(type(engine).__name__)
        return real(engine, settings)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "build_engine", counting)
    yield made


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _refused(args: list[str], expected: str) -> str:
    result = runner.invoke(app, ["run", *args])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert expected in lines[0]
    return lines[0]


def _precious(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notes.txt").write_text("my own notes", encoding="utf-8")
    return folder


def test_a_folder_with_other_files_is_refused_and_kept(
    tmp_path: Path, one_seed: Path, no_engine_unless_allowed: list[str]
) -> None:
    target = _precious(tmp_path / "mine")
    mode = stat.S_IMODE(target.stat().st_mode)
    line = _refused([str(one_seed), "--out", str(target)], "is not empty and was not written by extract run")
    assert "give --out a new or empty folder" in line
    assert _snapshot(target) == {"notes.txt": b"my own notes"}
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert no_engine_unless_allowed == []  # refused before any extraction work
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "mine"]  # no staging folder either


@pytest.mark.parametrize("where", ["home", "cwd", "parent_of_cwd"])
def test_home_and_current_folders_are_refused(
    tmp_path: Path, one_seed: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    home = _precious(tmp_path / "home")
    work = _precious(home / "work")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    out, expected = {
        "home": (str(home), "is your home folder"),
        "cwd": (".", "is the current folder"),
        "parent_of_cwd": ("..", "is your home folder"),
    }[where]
    _refused([str(one_seed), "--out", out], expected)
    assert (work / "notes.txt").is_file() and (home / "notes.txt").is_file()


def test_a_folder_above_the_current_one_is_refused(
    tmp_path: Path, one_seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = _precious(tmp_path / "a" / "b")
    monkeypatch.chdir(work)
    _refused([str(one_seed), "--out", str(tmp_path / "a")], "contains the current folder")


def test_the_root_folder_is_refused(one_seed: Path) -> None:
    _refused([str(one_seed), "--out", "/"], "is the root folder")


def test_an_input_and_a_folder_above_one_are_refused(tmp_path: Path, one_seed: Path) -> None:
    before = _snapshot(one_seed)
    _refused([str(one_seed), "--out", str(one_seed)], "is an input of this run")
    _refused([str(one_seed), "--out", str(tmp_path)], f"contains the input {one_seed}")
    assert _snapshot(one_seed) == before


def test_a_git_repository_is_refused(tmp_path: Path, one_seed: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "--quiet", str(repo)], check=True)
    _refused([str(one_seed), "--out", str(repo)], "is a git repository")
    assert (repo / ".git" / "HEAD").is_file()


def test_the_release_history_and_folders_inside_it_are_refused(
    tmp_path: Path, one_seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hub_stub.sample_dataset import Sample

    from extractor import publish_dataset

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    dataset = Sample().write(tmp_path / "dataset")
    publish_dataset(dataset, version="1.0.0", release_date="2026-03-01")
    releases = tmp_path / "releases"
    before = _snapshot(releases)
    _refused([str(one_seed), "--out", str(releases)], "is a release history of extract publish")
    _refused([str(one_seed), "--out", str(releases / "meetings")], "is inside the release history")
    _refused([str(one_seed), "--out", str(releases / "new")], "is inside the release history")
    assert _snapshot(releases) == before


def test_a_file_and_a_symbolic_link_are_refused(tmp_path: Path, one_seed: Path) -> None:
    target = tmp_path / "real"
    target.mkdir()
    (tmp_path / "link").symlink_to(target)
    _refused([str(one_seed), "--out", str(tmp_path / "link")], "is a symbolic link")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    _refused([str(one_seed), "--out", str(tmp_path / "file")], "exists and is not a folder")


def test_a_dataset_folder_with_an_added_file_is_refused(tmp_path: Path, one_seed: Path) -> None:
    out = tmp_path / "ds"
    assert runner.invoke(app, ["run", str(one_seed), "--out", str(out), "-q"]).exit_code == 0
    (out / "meetings" / "my-notes.md").write_text("keep me", encoding="utf-8")
    _refused([str(one_seed), "--out", str(out)], "holds files that extract run did not write (meetings/my-notes.md)")
    assert (out / "meetings" / "my-notes.md").read_text(encoding="utf-8") == "keep me"


def test_ours_empty_and_older_datasets_are_replaced_with_the_usual_mode(tmp_path: Path, one_seed: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert runner.invoke(app, ["run", str(one_seed), "--out", str(empty), "-q"]).exit_code == 0
    marker = json.loads((empty / MARKER).read_text(encoding="utf-8"))
    assert marker["kind"] == "dataset" and "meetings/train.parquet" in marker["files"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(empty.stat().st_mode) == 0o777 & ~umask  # not 0700
    # a folder from a version before the marker: run_report.json and the card
    (empty / MARKER).unlink()
    again = runner.invoke(app, ["run", str(one_seed), "--out", str(empty), "-q"])
    assert again.exit_code == 0, again.output
    assert (empty / MARKER).is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_committed_dataset_folder_is_replaceable() -> None:
    from extractor._outdir import check_out_dir

    check_out_dir(Path(__file__).resolve().parents[1] / "dataset", [SEEDS])  # raises when refused


def test_no_input_files_or_every_input_skipped_keeps_the_old_dataset(tmp_path: Path, one_seed: Path) -> None:
    out = tmp_path / "ds"
    assert runner.invoke(app, ["run", str(one_seed), "--out", str(out), "-q"]).exit_code == 0
    before = _snapshot(out)
    empty = tmp_path / "nothing"
    empty.mkdir()
    (empty / ".hidden.txt").write_text("hidden files are not inputs", encoding="utf-8")
    _refused([str(empty), "--out", str(out)], f"no input files in {empty}; the existing dataset was left untouched")
    skipped = tmp_path / "skipped"
    skipped.mkdir()
    (skipped / "a.pdf").write_bytes(b"%PDF")
    (skipped / "b.txt").write_bytes(b"")
    line = _refused([str(skipped), "--out", str(out)], "no article could be read: every input was skipped, 2 in all")
    assert "a.pdf" in line and "the existing dataset was left untouched" in line
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds", "in", "nothing", "skipped"]


def test_a_named_pipe_is_refused_and_one_in_a_folder_is_skipped(tmp_path: Path, one_seed: Path) -> None:
    pipe = one_seed / "pipe.txt"
    os.mkfifo(pipe)
    _refused([str(pipe), "--out", str(tmp_path / "ds")], "is a named pipe, not a regular file or a folder")
    result = runner.invoke(app, ["run", str(one_seed), "--out", str(tmp_path / "ds"), "-q"])
    assert result.exit_code == 0, result.output
    assert f"warning: skipped {pipe}: a named pipe, not a regular file" in result.output
    report = json.loads((tmp_path / "ds" / "run_report.json").read_text(encoding="utf-8"))
    assert report["skipped"] == [{"path": str(pipe), "reason": "a named pipe, not a regular file"}]


def test_an_unreadable_subfolder_is_a_warning_and_in_the_run_report(
    tmp_path: Path, one_seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = one_seed / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text("President Macron met Chancellor Scholz in Berlin.", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:  # as for a folder without read permission (root reads any)
        if isinstance(path, str | os.PathLike) and Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = runner.invoke(app, ["run", str(one_seed), "--out", str(tmp_path / "ds"), "-q"])
    assert result.exit_code == 0, result.output
    reason = "unreadable folder (Permission denied): none of its files were read"
    assert f"warning: skipped {locked}: {reason}" in result.output
    report = json.loads((tmp_path / "ds" / "run_report.json").read_text(encoding="utf-8"))
    assert {"path": str(locked), "reason": reason} in report["skipped"]
    assert len(read_rows(tmp_path / "ds", "articles")) == 1
    strict = runner.invoke(app, ["run", str(one_seed), "--out", str(tmp_path / "ds"), "-q", "--strict"])
    assert strict.exit_code == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any folder")
def test_a_folder_without_read_permission_is_reported(tmp_path: Path, one_seed: Path) -> None:
    locked = one_seed / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = runner.invoke(app, ["run", str(one_seed), "--out", str(tmp_path / "ds"), "-q"])
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 0, result.output
    assert f"warning: skipped {locked}: unreadable folder" in result.output
