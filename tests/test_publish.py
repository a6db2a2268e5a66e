"""`extract publish`: two releases, their changelog, history, Croissant, card, refusals, dry run."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from hub_stub.sample_dataset import Sample, evidence, meeting
from typer.testing import CliRunner

from cli import app
from extractor import ConfigError, DataError, publish_dataset
from extractor._dataset import data_file

DATE = "2026-03-01"


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def _edit(sample: Sample) -> None:
    """One record added, one removed, one changed."""
    sample.meetings.append(meeting("m3", "a2", "Hakan Fidan spoke by phone", format="phone_call"))
    sample.statements = [s for s in sample.statements if s.id != "s1"]
    sample.meetings[0] = sample.meetings[0].model_copy(update={"location": "Kremlin"})


def _publish_two(tmp_path: Path) -> tuple[Path, Path]:
    dataset = Sample().write(tmp_path / "dataset")
    first = publish_dataset(dataset, version="1.0.0", release_date=DATE)
    assert first.commit is not None
    sample = Sample()
    _edit(sample)
    sample.write(dataset)
    second = publish_dataset(dataset, bump="minor", release_date=DATE)
    assert (second.version, second.previous_version) == ("1.1.0", "1.0.0")
    return dataset, tmp_path / "releases"


def _worktree(releases: Path, tag: str, dest: Path) -> Path:
    subprocess.run(["git", "-C", str(releases), "worktree", "add", "--quiet", str(dest), tag], check=True)
    return dest


def _section(changelog: str, version: str) -> str:
    return changelog.split(f"## {version} ")[1].split("\n## ", maxsplit=1)[0]


def test_two_releases_load_by_version_and_list_exactly_what_changed(tmp_path: Path) -> None:
    import datasets

    _, releases = _publish_two(tmp_path)
    tags = subprocess.run(["git", "-C", str(releases), "tag"], capture_output=True, text=True, check=True)
    assert tags.stdout.split() == ["v1.0.0", "v1.1.0"]

    old = _worktree(releases, "v1.0.0", tmp_path / "v1")
    new = _worktree(releases, "v1.1.0", tmp_path / "v2")
    old_meetings = datasets.load_dataset(str(old), "meetings", split="train")
    new_meetings = datasets.load_dataset(str(new), "meetings", split="train")
    assert sorted(old_meetings["id"]) == ["m1", "m2"]
    assert sorted(new_meetings["id"]) == ["m1", "m2", "m3"]
    assert dict(zip(new_meetings["id"], new_meetings["location"], strict=True))["m1"] == "Kremlin"
    assert sorted(datasets.load_dataset(str(old), "statements", split="train")["id"]) == ["s1", "s2"]
    assert datasets.load_dataset(str(new), "statements", split="train")["id"] == ["s2"]

    section = _section((new / "CHANGELOG.md").read_text(), "1.1.0")
    listed = sorted(line for line in section.splitlines() if line.startswith("- "))
    assert listed == ["- added `m3`", "- changed `m1`: `location`", "- removed `s1` (tombstone)"]
    assert "## 1.0.0 " in (new / "CHANGELOG.md").read_text()  # earlier sections are kept

    changes = datasets.load_dataset(str(new), "changes", split="train").to_list()
    this_release = {(c["config"], c["id"], c["change"], tuple(c["fields"])) for c in changes if c["version"] == "1.1.0"}
    assert this_release == {
        ("meetings", "m3", "added", ()),
        ("meetings", "m1", "changed", ("location",)),
        ("statements", "s1", "removed", ()),
    }
    assert {c["version"] for c in changes} == {"1.0.0", "1.1.0"}


def test_the_history_checkout_shows_the_latest_release(tmp_path: Path) -> None:
    _, releases = _publish_two(tmp_path)
    assert "This is release **1.1.0**" in (releases / "README.md").read_text()
    status = subprocess.run(
        ["git", "-C", str(releases), "status", "--porcelain"], capture_output=True, text=True, check=True
    )
    assert status.stdout == ""


# mlcroissant parses JSON-LD with rdflib, which warns about its own deprecated ConjunctiveGraph.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_croissant_validates_and_hashes_every_data_file(tmp_path: Path) -> None:
    import hashlib

    import mlcroissant as mlc

    dataset = Sample().write(tmp_path / "dataset")
    publish_dataset(dataset, version="1.0.0", release_date=DATE)
    release = tmp_path / "releases"
    metadata = mlc.Dataset(jsonld=release / "croissant.json").metadata
    assert not metadata.ctx.issues.errors
    document = json.loads((release / "croissant.json").read_text())
    hashed = {item["contentUrl"]: item["sha256"] for item in document["distribution"]}
    data_files = sorted(path.relative_to(release).as_posix() for path in release.rglob("*.parquet"))
    assert sorted(hashed) == data_files
    for path, digest in hashed.items():
        assert hashlib.sha256((release / path).read_bytes()).hexdigest() == digest


def test_card_declares_every_config_with_the_features_of_its_data(tmp_path: Path) -> None:
    import datasets
    import pyarrow.parquet as pq

    dataset = Sample().write(tmp_path / "dataset")
    publish_dataset(dataset, version="1.0.0", release_date=DATE)
    release = tmp_path / "releases"
    card = (release / "README.md").read_text()
    front = yaml.safe_load(card.split("---\n")[1])
    declared = {c["config_name"]: c["data_files"][0]["path"] for c in front["configs"]}
    on_disk = {path.parent.name: path.relative_to(release).as_posix() for path in release.rglob("*.parquet")}
    assert declared == on_disk
    for info in front["dataset_info"]:
        path = release / declared[info["config_name"]]
        features = datasets.Features.from_arrow_schema(pq.read_schema(path))._to_yaml_list()
        assert info["features"] == features
        assert info["splits"][0]["num_examples"] == pq.ParquetFile(path).metadata.num_rows
    assert front["version"] == "1.0.0"
    assert f"published {DATE}" in card


@pytest.mark.parametrize(("version", "bump"), [("1.0.0", None), ("0.9.9", None), (None, "patch")])
def test_a_version_that_does_not_increase_enough_is_refused(
    tmp_path: Path, version: str | None, bump: str | None
) -> None:
    dataset = Sample().write(tmp_path / "dataset")
    publish_dataset(dataset, version="1.0.0", release_date=DATE)
    sample = Sample()
    _edit(sample)
    sample.write(dataset)
    with pytest.raises(ConfigError, match=r"does not increase|needs at least a minor bump"):
        publish_dataset(dataset, version=version, bump=bump, release_date=DATE)
    tags = subprocess.run(["git", "-C", str(tmp_path / "releases"), "tag"], capture_output=True, text=True, check=True)
    assert tags.stdout.split() == ["v1.0.0"]


def test_an_unchanged_dataset_is_a_patch_release(tmp_path: Path) -> None:
    dataset = Sample().write(tmp_path / "dataset")
    publish_dataset(dataset, version="1.0.0", release_date=DATE)
    report = publish_dataset(dataset, bump="patch", release_date=DATE)
    assert report.version == "1.0.1"
    assert report.required_bump == "patch"
    changelog = (tmp_path / "releases" / "CHANGELOG.md").read_text()
    assert "No record was added, removed or changed." in _section(changelog, "1.0.1")


def test_broken_evidence_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    sample = Sample()
    good = sample.meetings[0].evidence[0]
    sample.meetings[0] = sample.meetings[0].model_copy(
        update={"evidence": [good.model_copy(update={"start": good.start + 1, "end": good.end + 1})]}
    )
    dataset = sample.write(tmp_path / "dataset")
    with pytest.raises(DataError) as caught:
        publish_dataset(dataset, version="1.0.0", release_date=DATE)
    assert len(caught.value.problems) == 1
    assert "meetings 'm1' evidence 0" in caught.value.problems[0]
    assert not (tmp_path / "releases").exists()


def test_rows_that_break_the_schema_are_refused_with_every_problem(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    dataset = Sample().write(tmp_path / "dataset")
    path = data_file(dataset, "meetings")
    table = pq.read_table(path)
    rows = table.to_pylist()
    for row in rows:
        row["confidence"] = 3.0
    pq.write_table(table.from_pylist(rows, schema=table.schema), path)
    with pytest.raises(DataError) as caught:
        publish_dataset(dataset, version="1.0.0", release_date=DATE)
    assert len(caught.value.problems) == 2
    assert all("confidence" in problem for problem in caught.value.problems)
    assert not (tmp_path / "releases").exists()


def test_no_text_empties_article_text_and_keeps_evidence(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    dataset = Sample().write(tmp_path / "dataset")
    publish_dataset(dataset, version="1.0.0", no_text=True, release_date=DATE)
    release = tmp_path / "releases"
    articles = pq.read_table(data_file(release, "articles")).to_pylist()
    assert [row["text"] for row in articles] == ["", ""]
    assert [row["sha256"] for row in articles] == [a.sha256 for a in Sample().articles]
    meetings = pq.read_table(data_file(release, "meetings")).to_pylist()
    assert meetings[0]["evidence"][0] == evidence("a1", Sample().meetings[0].evidence[0].text).model_dump()
    assert "Article text is not published" in (release / "README.md").read_text()
    assert pq.read_table(data_file(dataset, "articles"))["text"][0].as_py() != ""  # the input is untouched


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path: Path) -> None:
    dataset = Sample().write(tmp_path / "dataset")
    result = CliRunner().invoke(
        app, ["publish", str(dataset), "--version", "1.0.0", "--dry-run", "--repo-id", "org/events"]
    )
    assert result.exit_code == 0, result.output
    assert "would publish v1.0.0" in result.output
    for expected in ("README.md", "CHANGELOG.md", "croissant.json", "meetings/train.parquet", "org/events"):
        assert expected in result.output
    assert not (tmp_path / "releases").exists()


def test_cli_refuses_broken_data_with_exit_1_and_one_error_line(tmp_path: Path) -> None:
    sample = Sample()
    bad = sample.statements[0].evidence[0].model_copy(update={"article_id": "missing"})
    sample.statements[0] = sample.statements[0].model_copy(update={"evidence": [bad]})
    dataset = sample.write(tmp_path / "dataset")
    result = CliRunner().invoke(app, ["publish", str(dataset), "--version", "1.0.0"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "refusing to publish, 1 problem" in errors[0]
    assert "problem: statements 's1' evidence 0: unknown article 'missing'" in result.stderr
    assert "Traceback" not in result.output


def test_cli_needs_exactly_one_of_version_and_bump(tmp_path: Path) -> None:
    dataset = Sample().write(tmp_path / "dataset")
    result = CliRunner().invoke(app, ["publish", str(dataset)])
    assert result.exit_code == 2
    assert "give exactly one of a version" in result.stderr


# mlcroissant parses JSON-LD with rdflib, which warns about its own deprecated ConjunctiveGraph.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_a_sharded_dataset_publishes_its_shards_hashed_declared_and_loadable(tmp_path: Path) -> None:
    import hashlib

    import datasets
    import mlcroissant as mlc

    from extractor import read_rows, run_extraction

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    dataset = tmp_path / "dataset"
    run_extraction([seeds], out=dataset, rows_per_shard=8)
    publish_dataset(dataset, version="1.0.0", release_date=DATE)
    release = tmp_path / "releases"
    shards = sorted(path.name for path in (release / "statements").glob("*.parquet"))
    assert len(shards) == 7 and shards[0] == "train-00000-of-00007.parquet"  # 50 statements
    document = json.loads((release / "croissant.json").read_text())
    hashed = {item["contentUrl"]: item["sha256"] for item in document["distribution"] if "sha256" in item}
    assert sorted(hashed) == sorted(path.relative_to(release).as_posix() for path in release.rglob("*.parquet"))
    for path, digest in hashed.items():
        assert hashlib.sha256((release / path).read_bytes()).hexdigest() == digest
    metadata = mlc.Dataset(jsonld=release / "croissant.json")
    assert not metadata.metadata.ctx.issues.errors
    front = yaml.safe_load((release / "README.md").read_text().split("---\n")[1])
    declared = {c["config_name"]: c["data_files"][0]["path"] for c in front["configs"]}
    assert declared["statements"] == "statements/train-*-of-00007.parquet"
    assert declared["meetings"] == "meetings/train.parquet"
    loaded = datasets.load_dataset(str(release), "statements", split="train", cache_dir=str(tmp_path / "hf"))
    assert loaded.to_list() == read_rows(dataset, "statements")
