"""``extract publish``: a versioned release of a dataset folder, kept locally and pushed to the Hub.

A release is built whole in a temporary folder, then recorded in the local history (one
git commit and tag, atomically) and, with a ``repo_id``, pushed to the Hub as one commit
and one tag. Nothing is written before the dataset has passed every check.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from extractor._card import render_card
from extractor._config import Settings
from extractor._dataset import arrow_num_bytes, data_files_pattern
from extractor._durable import pid_alive, terminate_as_interrupt
from extractor._publish._build import card_info, copy_data, read_schemas, write_schemas
from extractor._publish._check import check_dataset
from extractor._publish._croissant import CROISSANT_NAME, croissant_metadata, write_croissant
from extractor._publish._diff import (
    CHANGELOG_NAME,
    CHANGES_CONFIG,
    Change,
    diff_releases,
    render_changelog,
    render_changelog_section,
    write_changes,
)
from extractor._publish._history import ReleaseHistory
from extractor._publish._hub import push_release, release_files
from extractor._publish._version import BUMPS, Bump, next_version, schema_change

__all__ = ["PublishReport", "publish_dataset"]

PRETTY_NAME = "newsextract events"
_PROJECT_URL = "https://github.com/newsextract/newsextract"
_SCRATCH_PREFIX = "newsextract-publish-"
_SCRATCH = re.compile(rf"^{_SCRATCH_PREFIX}(\d+)-")


@dataclass
class PublishReport:
    """What a publish did (or, with ``dry_run``, would do)."""

    version: str
    previous_version: str | None
    tag: str
    required_bump: str
    releases_dir: Path
    dry_run: bool
    no_text: bool
    files: list[tuple[str, int]] = field(default_factory=list)
    changes: dict[str, dict[str, int]] = field(default_factory=dict)
    schema_changes: list[str] = field(default_factory=list)
    commit: str | None = None
    repo_id: str | None = None
    hub_url: str | None = None
    hub_commit: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size in self.files)


def publish_dataset(
    dataset_dir: Path | str,
    *,
    version: str | None = None,
    bump: str | None = None,
    repo_id: str | None = None,
    dry_run: bool = False,
    no_text: bool = False,
    releases_dir: Path | str | None = None,
    release_date: str | None = None,
    settings: Settings | None = None,
) -> PublishReport:
    """Publish ``dataset_dir`` as a new release; give exactly one of ``version`` and ``bump``.

    The release goes to the local history ``releases_dir`` (default: ``releases`` beside the
    dataset folder) and, with ``repo_id``, to that Hub dataset repository. ``dry_run``
    builds and checks the release, reports its files, and writes and connects nothing.

    Raises ``DataError`` (with ``problems``) for a dataset that fails its schemas or the
    grounding invariant, ``ConfigError`` for a version that does not increase or is a
    smaller bump than the changes need, or a Hub push that fails.
    """
    with terminate_as_interrupt():
        return _publish(
            Path(dataset_dir),
            version=version,
            bump=bump,
            repo_id=repo_id,
            dry_run=dry_run,
            no_text=no_text,
            releases_dir=releases_dir,
            release_date=release_date,
            settings=settings,
        )


def _publish(
    source: Path,
    *,
    version: str | None,
    bump: str | None,
    repo_id: str | None,
    dry_run: bool,
    no_text: bool,
    releases_dir: Path | str | None,
    release_date: str | None,
    settings: Settings | None,
) -> PublishReport:
    configs = check_dataset(source)
    history = ReleaseHistory(Path(releases_dir) if releases_dir else source.resolve().parent / "releases")
    previous = history.latest()
    if not dry_run:
        history.recover()  # before the Hub push: a history that cannot take the release stops it first
    date = release_date or dt.datetime.now(dt.UTC).date().isoformat()
    _remove_dead_scratch()
    with tempfile.TemporaryDirectory(prefix=f"{_SCRATCH_PREFIX}{os.getpid()}-") as scratch:
        work = Path(scratch)
        previous_dir = history.export(previous, work / "previous") if previous else None
        release_dir = work / "release"
        copy_data(source, release_dir, configs, no_text=no_text)
        schema_level, schema_reasons = schema_change(read_schemas(previous_dir), write_schemas(release_dir))
        pending = diff_releases(
            previous_dir, release_dir, configs, previous_version=str(previous) if previous else None
        )
        required: Bump = "minor" if pending.changes else "patch"
        if schema_level is not None and BUMPS.index(schema_level) > BUMPS.index(required):
            required = schema_level
        chosen = next_version(previous, version=version, bump=bump, required=required)
        diff = pending.released_as(str(chosen))
        change_rows = write_changes(release_dir, diff, previous_dir)
        reasons = [f"schema: {reason}" for reason in schema_reasons] if previous else []
        section = render_changelog_section(diff, release_date=date, bump_reasons=reasons)
        previous_log = previous_dir / CHANGELOG_NAME if previous_dir else None
        changelog = render_changelog(
            section, previous_log.read_text(encoding="utf-8") if previous_log and previous_log.is_file() else None
        )
        (release_dir / CHANGELOG_NAME).write_text(changelog, encoding="utf-8")
        rows = {config: _row_count(release_dir, config) for config in configs}
        rows[CHANGES_CONFIG] = change_rows
        info = card_info(
            source,
            configs,
            rows,
            version=str(chosen),
            pretty_name=PRETTY_NAME,
            release_date=date,
            repo_id=repo_id,
            no_text=no_text,
            extra_configs={CHANGES_CONFIG: Change},
            release_notes=_release_notes(diff.previous_version, diff.changes),
            bytes_per_config={config: arrow_num_bytes(release_dir, config) for config in rows},
            data_files={config: data_files_pattern(release_dir, config) for config in rows},
        )
        (release_dir / "README.md").write_text(render_card(info), encoding="utf-8")
        url = f"https://huggingface.co/datasets/{repo_id}" if repo_id else _PROJECT_URL
        croissant = croissant_metadata(
            release_dir,
            [*configs, CHANGES_CONFIG],
            name="newsextract-events",
            description=f"{PRETTY_NAME}: diplomatic and military events extracted from news, with evidence.",
            version=str(chosen),
            release_date=date,
            license_url=url,
            url=url,
            cite_as=f"newsextract contributors ({date[:4]}). {PRETTY_NAME}, version {chosen}. {url}",
        )
        write_croissant(release_dir / CROISSANT_NAME, croissant)
        report = PublishReport(
            version=str(chosen),
            previous_version=str(previous) if previous else None,
            tag=chosen.tag,
            required_bump=required,
            releases_dir=history.path,
            dry_run=dry_run,
            no_text=no_text,
            files=release_files(release_dir),
            changes={config: diff.counts(config) for config in configs},
            schema_changes=schema_reasons if previous else [],
            repo_id=repo_id,
        )
        if dry_run:
            return report
        message = f"Release {chosen}"
        if repo_id:
            # The Hub first: if it refuses, nothing is recorded locally and the same command can be retried.
            pushed = push_release(
                release_dir, repo_id=repo_id, tag=chosen.tag, message=message, settings=settings or Settings.from_env()
            )
            report.hub_url, report.hub_commit = pushed.repo_url, pushed.commit_oid
        report.commit, report.warnings = history.commit(release_dir, chosen, message)
        return report


def _remove_dead_scratch() -> None:
    """Remove the scratch folders of publishes that were killed (their pid is in the name)."""
    for entry in Path(tempfile.gettempdir()).glob(f"{_SCRATCH_PREFIX}*"):
        found = _SCRATCH.match(entry.name)
        if found is not None and entry.is_dir() and not entry.is_symlink() and not pid_alive(int(found[1])):
            shutil.rmtree(entry, ignore_errors=True)


def _row_count(release_dir: Path, config: str) -> int:
    from extractor._dataset import num_rows

    return num_rows(release_dir, config)


def _release_notes(previous_version: str | None, changes: list[Change]) -> str:
    if previous_version is None:
        return "This is the first release."
    kinds = {kind: sum(1 for change in changes if change.change == kind) for kind in ("added", "removed", "changed")}
    return (
        f"Since {previous_version}: {kinds['added']} records added, {kinds['removed']} removed, "
        f"{kinds['changed']} changed (the `changes` config and `CHANGELOG.md` list them)."
    )
