"""Per-record differences between two releases: the ``changes`` config and ``CHANGELOG.md``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from extractor._dataset import arrow_schema, config_files, data_file, iter_rows

CHANGES_CONFIG = "changes"
CHANGELOG_NAME = "CHANGELOG.md"
_CHANGELOG_TITLE = "# Changelog\n"
ChangeKind = Literal["added", "removed", "changed"]
_KINDS: tuple[ChangeKind, ...] = ("added", "removed", "changed")


class Change(BaseModel):
    """One row of the ``changes`` config: a record added, removed (a tombstone) or changed by a release."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(description="The release that made the change, e.g. 1.1.0.")
    previous_version: str | None = Field(description="The release it is compared with, or null for the first release.")
    config: str = Field(description="Config of the record: meetings, statements, articles, ...")
    id: str = Field(description="Id of the record.")
    change: ChangeKind = Field(
        description="added, removed (the id is gone: a tombstone) or changed (same id, other values)."
    )
    fields: list[str] = Field(description="Top-level fields whose values changed; empty unless changed.")


@dataclass(frozen=True)
class ReleaseDiff:
    """The changes of one release against the previous one."""

    version: str
    previous_version: str | None
    changes: list[Change]

    def counts(self, config: str) -> dict[str, int]:
        counter = Counter(change.change for change in self.changes if change.config == config)
        return {kind: counter[kind] for kind in _KINDS}

    def released_as(self, version: str) -> ReleaseDiff:
        """The same diff, its rows stamped with the version that was chosen after seeing it."""
        stamped = [change.model_copy(update={"version": version}) for change in self.changes]
        return ReleaseDiff(version=version, previous_version=self.previous_version, changes=stamped)


def diff_releases(
    previous_dir: Path | None,
    current_dir: Path,
    configs: Sequence[str],
    *,
    previous_version: str | None,
    version: str = "unreleased",
) -> ReleaseDiff:
    """Compare every config of ``current_dir`` with ``previous_dir`` (None: the empty dataset), by id."""
    changes: list[Change] = []
    for config in configs:
        old = _rows_by_id(previous_dir, config)
        new = _rows_by_id(current_dir, config)

        def change(record_id: str, kind: ChangeKind, fields: list[str], config: str = config) -> Change:
            return Change(
                version=version,
                previous_version=previous_version,
                config=config,
                id=record_id,
                change=kind,
                fields=fields,
            )

        changes.extend(change(record_id, "added", []) for record_id in sorted(new.keys() - old.keys()))
        changes.extend(change(record_id, "removed", []) for record_id in sorted(old.keys() - new.keys()))
        for record_id in sorted(old.keys() & new.keys()):
            fields = _changed_fields(old[record_id], new[record_id])
            if fields:
                changes.append(change(record_id, "changed", fields))
    return ReleaseDiff(version=version, previous_version=previous_version, changes=changes)


def _rows_by_id(dataset_dir: Path | None, config: str) -> dict[str, dict[str, Any]]:
    if dataset_dir is None or not config_files(dataset_dir, config):
        return {}
    return {row["id"]: row for row in iter_rows(dataset_dir, config)}


def _changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [name for name in sorted(old.keys() | new.keys()) if old.get(name) != new.get(name)]


def render_changelog_section(diff: ReleaseDiff, *, release_date: str, bump_reasons: Sequence[str]) -> str:
    """The section of ``CHANGELOG.md`` for one release: counts, then every record id that changed."""
    lines = [f"## {diff.version} ({release_date})", ""]
    configs = list(dict.fromkeys(change.config for change in diff.changes))
    if diff.previous_version is None:
        lines.append("First release. Every record is new; the `changes` config lists them as added.")
    else:
        lines.append(f"Compared with {diff.previous_version}.")
    lines.extend(f"- {reason}" for reason in bump_reasons)
    lines.append("")
    if diff.previous_version is not None and not configs:
        lines.extend(["No record was added, removed or changed.", ""])
    if configs:
        lines.extend(["| config | added | removed | changed |", "|---|---|---|---|"])
        for config in configs:
            counts = diff.counts(config)
            lines.append(f"| `{config}` | {counts['added']} | {counts['removed']} | {counts['changed']} |")
        lines.append("")
    if diff.previous_version is not None:
        for config in configs:
            lines.extend([f"### {config}", ""])
            lines.extend(_change_line(change) for change in diff.changes if change.config == config)
            lines.append("")
    return "\n".join(lines)


def _change_line(change: Change) -> str:
    if change.change == "changed":
        return f"- changed `{change.id}`: {', '.join(f'`{name}`' for name in change.fields)}"
    if change.change == "removed":
        return f"- removed `{change.id}` (tombstone)"
    return f"- added `{change.id}`"


def render_changelog(section: str, previous_changelog: str | None) -> str:
    """``CHANGELOG.md``: the new section above every earlier one."""
    earlier = ""
    if previous_changelog:
        earlier = previous_changelog.removeprefix(_CHANGELOG_TITLE).lstrip("\n")
    return f"{_CHANGELOG_TITLE}\n{section.rstrip()}\n" + (f"\n{earlier}" if earlier else "")


def write_changes(release_dir: Path, diff: ReleaseDiff, previous_dir: Path | None) -> int:
    """The ``changes`` config: every earlier release's rows, then this release's; returns the row count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [change.model_dump(mode="json") for change in [*_earlier_changes(previous_dir), *diff.changes]]
    path = data_file(release_dir, CHANGES_CONFIG)
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist(rows, schema=arrow_schema(Change))
    pq.write_table(table, path, compression="zstd", write_statistics=False)
    return len(rows)


def _earlier_changes(previous_dir: Path | None) -> list[Change]:
    if previous_dir is None or not data_file(previous_dir, CHANGES_CONFIG).is_file():
        return []
    return [Change.model_validate(row) for row in iter_rows(previous_dir, CHANGES_CONFIG)]
