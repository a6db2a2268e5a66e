"""Kills inside every write window of `extract run` and `extract publish`, at named checkpoints.

A child process runs the CLI and sends itself SIGKILL (or SIGTERM) at one checkpoint
(see ``_crash_child.py``), so each window is hit deterministically. Afterwards the dataset
folder and the release history must load, and the next run or publish must succeed and
leave nothing behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hub_stub.sample_dataset import Sample, meeting
from typer.testing import CliRunner

from cli import app
from extractor import publish_dataset, read_rows, run_extraction
from extractor._dataset import ALL_CONFIGS

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CHILD = Path(__file__).with_name("_crash_child.py")
DATE = "2026-03-01"
KILLED, INTERRUPTED = -9, 130


def _child(step: str, signal: str, args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")]), **env}
    return subprocess.run(
        [sys.executable, str(CHILD), step, signal, *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], check=True, capture_output=True, text=True
    )
    return int(done.stdout)


def _ids(dataset: Path) -> list[str]:
    return sorted(row["id"] for row in read_rows(dataset, "articles"))


def _loads(folder: Path, configs: tuple[str, ...], tmp_path: Path) -> None:
    import datasets

    for config in configs:
        datasets.load_dataset(str(folder), config, split="train", cache_dir=str(tmp_path / "hf-cache"))


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))


@pytest.fixture
def old_dataset(tmp_path: Path) -> Path:
    """A dataset of one article; the crashed run writes one of two."""
    for number, seed in enumerate(SEEDS[:2]):
        folder = tmp_path / ("old" if number == 0 else "new")
        folder.mkdir()
        shutil.copy(seed, folder)
    (tmp_path / "new" / SEEDS[0].name).write_bytes(SEEDS[0].read_bytes())
    out = tmp_path / "dataset"
    run_extraction([tmp_path / "old"], out=out)
    return out


# step, two-rename swap instead of the atomic exchange, what `dataset` holds after the kill
RUN_WINDOWS = [
    ("run:extracting", False, "old"),
    ("run:staged", False, "old"),
    ("run:journal", False, "old"),
    ("run:swapped", False, "new"),
    ("run:journal-removed", False, "new"),
    ("run:journal", True, "old"),
    ("run:between-renames", True, "new"),
    ("run:swapped", True, "new"),
]


@pytest.mark.parametrize(("step", "two_renames", "holds"), RUN_WINDOWS)
def test_a_run_killed_in_any_window_leaves_a_loadable_dataset(
    tmp_path: Path, old_dataset: Path, offline: None, step: str, two_renames: bool, holds: str
) -> None:
    old_ids = _ids(old_dataset)
    env = {"CRASH_TWO_RENAMES": "1"} if two_renames else {}
    done = _child(step, "KILL", ["run", "new", "--out", "dataset", "-q"], tmp_path, **env)
    assert done.returncode == KILLED, done.stderr
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".dataset.")]
    assert leftovers, "the kill should leave the swap half done"
    if step == "run:between-renames":
        assert not old_dataset.exists()  # the window: a reader finishes the swap
    ids = _ids(old_dataset)  # any reader of the folder settles an interrupted swap first
    assert (ids == old_ids) if holds == "old" else (len(ids) == 2 and set(old_ids) < set(ids))
    _loads(old_dataset, ALL_CONFIGS, tmp_path)
    report = run_extraction([tmp_path / "new"], out=old_dataset)
    assert report.ok and report.articles == 2
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_sigterm_cleans_up_like_ctrl_c(tmp_path: Path, old_dataset: Path) -> None:
    before = {p: p.read_bytes() for p in old_dataset.rglob("*") if p.is_file()}
    done = _child("run:extracting", "TERM", ["run", "new", "--out", "dataset", "-q"], tmp_path)
    assert done.returncode == INTERRUPTED
    assert done.stderr.strip() == "error: interrupted; nothing already written was changed"
    assert {p: p.read_bytes() for p in old_dataset.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_sigterm_during_the_swap_waits_for_it_to_end(tmp_path: Path, old_dataset: Path) -> None:
    done = _child("run:journal", "TERM", ["run", "new", "--out", "dataset", "-q"], tmp_path, CRASH_TWO_RENAMES="1")
    assert done.returncode == INTERRUPTED
    assert len(_ids(old_dataset)) == 2  # the swap was finished before the signal was acted on
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_leftovers_of_dead_runs_are_removed_and_those_of_live_ones_kept(tmp_path: Path, old_dataset: Path) -> None:
    dead, live = _dead_pid(), os.getppid()
    for name in (f".dataset.building-{dead}-0a1b", f".dataset.previous-{dead}-2c3d", f".dataset.building-{live}-4e5f"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x").write_text("x", encoding="utf-8")
    (tmp_path / f".dataset.swap-{dead}.tmp").write_text("{", encoding="utf-8")
    run_extraction([tmp_path / "new"], out=old_dataset)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [f".dataset.building-{live}-4e5f"]


def test_a_swap_journal_of_a_live_run_stops_the_next_run(tmp_path: Path, old_dataset: Path) -> None:
    live = os.getppid()
    journal = tmp_path / ".dataset.swap"
    host = os.uname().nodename
    journal.write_text(
        f'{{"pid": {live}, "host": "{host}", "building": ".dataset.building-{live}-aa", '
        f'"previous": ".dataset.previous-{live}-aa"}}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["run", str(tmp_path / "new"), "--out", str(old_dataset)])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: {old_dataset}: extract run (pid {live} on {host}) is replacing this folder"
    )
    assert f"wait for it, or remove {journal} if no such run exists" in result.stderr
    assert len(_ids(old_dataset)) == 1


# --- publish -----------------------------------------------------------------------------


@pytest.fixture
def history(tmp_path: Path, offline: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A release history with v1.0.0, and the dataset edited for a v1.1.0."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    dataset = Sample().write(tmp_path / "dataset")
    publish_dataset(dataset, version="1.0.0", release_date=DATE)
    sample = Sample()
    sample.meetings.append(meeting("m3", "a2", "Hakan Fidan spoke by phone", format="phone_call"))
    sample.write(dataset)
    return tmp_path / "releases"


def _tags(releases: Path) -> list[str]:
    return subprocess.run(
        ["git", "-C", str(releases), "tag"], capture_output=True, text=True, check=True
    ).stdout.split()


def _clean(releases: Path) -> bool:
    status = subprocess.run(
        ["git", "-C", str(releases), "status", "--porcelain"], check=False, capture_output=True, text=True
    )
    return status.returncode == 0 and status.stdout == ""


# step, a git lock file held at the kill, whether v1.1.0 is recorded
PUBLISH_WINDOWS = [
    ("publish:journal", None, False),
    ("publish:objects", ".git/refs/heads/main.lock", False),
    ("publish:recorded", ".git/index.lock", True),
    ("publish:checkout", None, True),
]


@pytest.mark.parametrize(("step", "lock", "recorded"), PUBLISH_WINDOWS)
def test_a_publish_killed_in_any_window_leaves_a_loadable_history(
    tmp_path: Path, history: Path, step: str, lock: str | None, recorded: bool
) -> None:
    env = {"TMPDIR": str(tmp_path / "tmp"), **({"CRASH_LOCK": str(history / lock)} if lock else {})}
    done = _child(step, "KILL", ["publish", "dataset", "--version", "1.1.0"], tmp_path, **env)
    assert done.returncode == KILLED, done.stderr
    assert list((tmp_path / "tmp").glob("newsextract-publish-*")), "the kill should leave the scratch folder"
    assert _tags(history) == (["v1.0.0", "v1.1.0"] if recorded else ["v1.0.0"])
    _loads(history, ("meetings", "changes"), tmp_path)
    # The retry (same version when nothing was recorded) recovers the locks and the checkout.
    again = publish_dataset(tmp_path / "dataset", version="1.2.0" if recorded else "1.1.0", release_date=DATE)
    assert not again.warnings
    assert _tags(history) == ["v1.0.0", "v1.1.0", *(["v1.2.0"] if recorded else [])]
    assert _clean(history)
    assert f"This is release **{again.version}**" in (history / "README.md").read_text(encoding="utf-8")
    assert sorted(read_rows(history, "meetings"), key=lambda r: r["id"])[-1]["id"] == "m3"
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not (history / ".git" / "newsextract-publish.json").exists()


def test_sigterm_during_a_publish_records_nothing_and_leaves_no_scratch(tmp_path: Path, history: Path) -> None:
    env = {"TMPDIR": str(tmp_path / "tmp")}
    done = _child("publish:objects", "TERM", ["publish", "dataset", "--version", "1.1.0"], tmp_path, **env)
    assert done.returncode == INTERRUPTED, done.stderr
    assert _tags(history) == ["v1.0.0"]
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not (history / ".git" / "newsextract-publish.json").exists()
    assert publish_dataset(tmp_path / "dataset", version="1.1.0", release_date=DATE).version == "1.1.0"


def test_a_foreign_git_lock_is_named_and_left_alone(tmp_path: Path, history: Path) -> None:
    lock = history / ".git" / "index.lock"
    lock.write_bytes(b"")
    result = CliRunner().invoke(app, ["publish", str(tmp_path / "dataset"), "--version", "1.1.0"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {history}: {lock} exists: a git command is using the release history (or one was killed); "
        "if no git command is running there, remove that file\n"
    )
    assert lock.exists() and _tags(history) == ["v1.0.0"]


def test_a_publish_journal_of_a_live_process_stops_the_next_publish(tmp_path: Path, history: Path) -> None:
    journal = history / ".git" / "newsextract-publish.json"
    journal.write_text(f'{{"pid": {os.getppid()}, "host": "{os.uname().nodename}"}}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["publish", str(tmp_path / "dataset"), "--version", "1.1.0"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {history}: another extract publish (pid {os.getppid()} on ")
    assert f"wait for it, or remove {journal} if no such publish exists" in result.stderr
    assert _tags(history) == ["v1.0.0"]


def test_an_old_dataset_left_aside_by_an_earlier_version_is_put_back(
    tmp_path: Path, old_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import extractor._outdir as outdir

    ids = _ids(old_dataset)
    old_dataset.rename(tmp_path / ".dataset.previous-k2j4_x9q")  # as a run killed between its renames left it
    monkeypatch.setattr(outdir, "_LEGACY_SETTLED_S", -5.0)  # rather than waiting a minute
    assert _ids(old_dataset) == ids
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
