"""The Hub push, against the local stand-in server (the real Hub cannot be reached from here)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hub_stub import HubStub, online_to_the_stand_in  # noqa: F401  (an autouse fixture)
from hub_stub.sample_dataset import Sample
from pydantic import SecretStr

from extractor import ConfigError, Settings, publish_dataset

TOKEN = "hf_stand_in_secret_token"


def _settings(tmp_path: Path, url: str, token: str | None = TOKEN) -> Settings:
    return Settings(cache_dir=tmp_path / "cache", hf_token=SecretStr(token) if token else None, hf_endpoint=url)


def _tags(releases: Path) -> list[str]:
    if not releases.exists():
        return []
    done = subprocess.run(["git", "-C", str(releases), "tag"], capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_push_makes_one_commit_with_every_file_and_one_tag(tmp_path: Path) -> None:
    dataset = Sample().write(tmp_path / "dataset")
    with HubStub(TOKEN) as hub:
        report = publish_dataset(dataset, version="1.0.0", repo_id="org/events", settings=_settings(tmp_path, hub.url))
    assert len(hub.state.commits) == 1
    assert hub.state.tags == {"org/events": {"v1.0.0": report.hub_commit}}
    commit = hub.state.commits[0]
    release = tmp_path / "releases"
    local = {
        path.relative_to(release).as_posix(): path.read_bytes()
        for path in release.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(release).parts
    }
    assert commit.files == local
    assert "org/events" in (release / "README.md").read_text()  # the card says how to load it from the Hub
    assert set(hub.state.authorizations) == {f"Bearer {TOKEN}"}
    assert TOKEN not in repr(report)
    assert _tags(release) == ["v1.0.0"]


def test_a_failed_push_records_nothing_and_never_shows_the_token(tmp_path: Path) -> None:
    dataset = Sample().write(tmp_path / "dataset")
    with HubStub(TOKEN) as hub:
        hub.state.fail_commits = True
        with pytest.raises(ConfigError, match="Hub push to org/events failed") as caught:
            publish_dataset(dataset, version="1.0.0", repo_id="org/events", settings=_settings(tmp_path, hub.url))
    assert TOKEN not in str(caught.value)
    assert hub.state.tags == {}
    assert _tags(tmp_path / "releases") == []


def test_a_wrong_token_is_a_config_error(tmp_path: Path) -> None:
    dataset = Sample().write(tmp_path / "dataset")
    with HubStub(TOKEN) as hub, pytest.raises(ConfigError) as caught:
        publish_dataset(
            dataset, version="1.0.0", repo_id="org/events", settings=_settings(tmp_path, hub.url, "hf_wrong")
        )
    assert "hf_wrong" not in str(caught.value)
    assert hub.state.commits == []


def test_no_token_is_refused_before_any_connection(tmp_path: Path) -> None:
    dataset = Sample().write(tmp_path / "dataset")
    with HubStub(TOKEN) as hub:
        with pytest.raises(ConfigError, match="HF_TOKEN is not set"):
            publish_dataset(dataset, version="1.0.0", repo_id="org/events", settings=_settings(tmp_path, hub.url, None))
        assert hub.state.requests == []


def test_dry_run_with_a_repo_makes_no_connection(tmp_path: Path) -> None:
    dataset = Sample().write(tmp_path / "dataset")
    with HubStub(TOKEN) as hub:
        report = publish_dataset(
            dataset, version="1.0.0", repo_id="org/events", dry_run=True, settings=_settings(tmp_path, hub.url)
        )
        assert hub.state.requests == []
    assert report.tag == "v1.0.0"
    assert report.hub_commit is None
    assert {path for path, _ in report.files} >= {"README.md", "croissant.json", "CHANGELOG.md"}
