"""`extract publish --releases DIR` commits only to a release history that it created."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hub_stub.sample_dataset import Sample
from typer.testing import CliRunner

from cli import app
from extractor import publish_dataset
from extractor._outdir import RELEASES_MARKER

DATE = "2026-03-01"
runner = CliRunner()


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def _user_repo(path: Path) -> Path:
    path.mkdir()
    _git(path, "init", "--quiet", "--initial-branch=main")
    (path / "code.py").write_text("print('mine')\n", encoding="utf-8")
    _git(path, "add", "code.py")
    _git(path, "-c", "user.name=Me", "-c", "user.email=me@example.org", "commit", "--quiet", "-m", "mine")
    (path / "code.py").write_text("print('uncommitted edit')\n", encoding="utf-8")
    return path


def _refused(args: list[str], expected: str) -> None:
    result = runner.invoke(app, ["publish", *args])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], result.stderr


def test_a_users_git_repository_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    dataset = Sample().write(tmp_path / "dataset")
    repo = _user_repo(tmp_path / "project")
    head = _git(repo, "rev-parse", "HEAD")
    _refused(
        [str(dataset), "--version", "1.0.0", "--releases", str(repo)],
        "is a git repository that extract publish did not create; refusing to commit to it",
    )
    assert _git(repo, "rev-parse", "HEAD") == head and _git(repo, "tag") == ""
    assert (repo / "code.py").read_text(encoding="utf-8") == "print('uncommitted edit')\n"
    assert not (repo / ".git" / RELEASES_MARKER).exists()


def test_a_folder_with_files_and_no_history_is_refused(tmp_path: Path) -> None:
    dataset = Sample().write(tmp_path / "dataset")
    folder = tmp_path / "stuff"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    _refused([str(dataset), "--version", "1.0.0", "--releases", str(folder)], "exists but is not a release history")
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_a_history_made_by_an_older_version_is_adopted(tmp_path: Path) -> None:
    dataset = Sample().write(tmp_path / "dataset")
    publish_dataset(dataset, version="1.0.0", release_date=DATE)
    releases = tmp_path / "releases"
    (releases / ".git" / RELEASES_MARKER).unlink()  # as written before the marker existed
    result = runner.invoke(app, ["publish", str(dataset), "--bump", "patch"])
    assert result.exit_code == 0, result.output
    assert _git(releases, "tag").split() == ["v1.0.0", "v1.0.1"]
    assert (releases / ".git" / RELEASES_MARKER).is_file()


def test_a_history_with_a_foreign_commit_is_refused(tmp_path: Path) -> None:
    dataset = Sample().write(tmp_path / "dataset")
    publish_dataset(dataset, version="1.0.0", release_date=DATE)
    releases = tmp_path / "releases"
    (releases / ".git" / RELEASES_MARKER).unlink()
    _git(
        releases,
        "-c",
        "user.name=Me",
        "-c",
        "user.email=me@example.org",
        "commit",
        "--quiet",
        "--allow-empty",
        "-m",
        "x",
    )
    _refused([str(dataset), "--bump", "patch"], "did not create")


def test_a_checkout_that_fails_after_the_release_is_recorded_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extractor._errors import InputError
    from extractor._publish._history import ReleaseHistory

    dataset = Sample().write(tmp_path / "dataset")
    real_git = ReleaseHistory._git

    def failing_checkout(self: ReleaseHistory, *args: str, **kwargs: object) -> bytes:
        if "read-tree" in args:
            raise InputError("git read-tree failed: disk full", path=self.path)
        return real_git(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ReleaseHistory, "_git", failing_checkout)
    result = runner.invoke(app, ["publish", str(dataset), "--version", "1.0.0"])
    assert result.exit_code == 0, result.output
    assert "warning: release 1.0.0 is recorded, but the working tree was not refreshed" in result.stderr
    monkeypatch.setattr(ReleaseHistory, "_git", real_git)
    releases = tmp_path / "releases"
    assert _git(releases, "tag").split() == ["v1.0.0"]  # a retry must not make a second version
    again = publish_dataset(dataset, bump="patch", release_date=DATE)
    assert again.warnings == [] and _git(releases, "status", "--porcelain") == ""
