"""Cross-article merging on disk, so memory does not grow with the mentions.

Two mentions can only merge when they share a blocking key (see ``_types``), so the
mentions fall apart into components connected by shared keys, and a cluster never spans
two components. The merger writes each mention to a spill file and joins its keys in a
union-find over keys (far fewer than mentions). Then it deals every mention into one of a
fixed number of bucket files by its component, and merges one bucket at a time, in time
windows, streaming from sorted runs on disk (``_window.merge_block``): the result is the same
as merging everything at once, and what is in memory is the live cluster summaries of one
bucket, never its mentions.

A component is named by its smallest key, and its bucket is a stable hash of that name,
so the buckets, and the row order they give, depend on content only, never input order."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from extractor._canonical import RECORD_KINDS
from extractor._canonical._types import RULES
from extractor._canonical._window import merge_block, parse_line
from extractor._engine import AnyRecord, GroundedRecord, Grounding
from schema import Mention


class KeyComponents:
    """Union-find over blocking keys: keys only, never mentions.

    A component is named by its smallest key and dealt into a bucket by a stable hash of that
    name, so buckets depend on content only. The local merger and the Ray executor both use
    it, which is what makes their rows and ids the same.
    """

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def add(self, keys: list[str]) -> None:
        """Join one mention's keys into one component."""
        for key in keys[1:]:
            self._union(keys[0], key)
        self.find(keys[0])

    def find(self, key: str) -> str:
        root = self._parent.setdefault(key, key)
        while self._parent[root] != root:
            root = self._parent[root]
        while key != root:  # path compression keeps later finds short
            self._parent[key], key = root, self._parent[key]
        return root

    def names(self) -> dict[str, str]:
        """Each component root -> the smallest key in the component."""
        names: dict[str, str] = {}
        for key in self._parent:
            root = self.find(key)
            if root not in names or key < names[root]:
                names[root] = key
        return names

    def buckets(self, count: int) -> dict[str, int]:
        """Each key -> the bucket (of ``count``) of its component."""
        names = self.names()
        return {key: _stable_bucket(names[self.find(key)], count) for key in self._parent}

    def _union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self._parent[max(root_a, root_b)] = min(root_a, root_b)


class DiskMerger:
    """Collects meetings, facilities and agreements on disk, then merges them bucket by bucket."""

    def __init__(self, folder: Path, *, buckets: int = 32) -> None:
        self._folder = folder
        self._folder.mkdir(parents=True, exist_ok=True)
        self._buckets = buckets
        self._spill_path = folder / "mentions.spill"
        self._spill = self._spill_path.open("w", encoding="utf-8")
        self._components = KeyComponents()

    def __enter__(self) -> DiskMerger:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._spill.close()

    def add(self, item: AnyRecord | GroundedRecord) -> None:
        """Write one mention (and its grounding) to the spill file and join its keys into one component."""
        record, grounding = (item.record, item.grounding) if isinstance(item, GroundedRecord) else (item, None)
        self._components.add(_keys(record))
        type_name = RECORD_KINDS[type(record)][1]
        self._spill.write(f"{type_name}\t{grounding_text(grounding)}\t{record.model_dump_json()}\n")

    def merge(self, *, on_row: Callable[[str, Any], None], on_mention: Callable[[Mention], None]) -> None:
        """Merge every bucket in turn, handing over canonical rows and mention rows."""
        self._spill.close()
        names = self._components.names()
        bucket_paths = [self._folder / f"bucket-{index:03d}.jsonl" for index in range(self._buckets)]
        bucket_files = [path.open("w", encoding="utf-8") for path in bucket_paths]
        try:
            for line, record in self._read(self._spill_path):
                name = names[self._components.find(_keys(record)[0])]
                bucket_files[_stable_bucket(name, self._buckets)].write(line)
        finally:
            for handle in bucket_files:
                handle.close()
        self._spill_path.unlink()
        for path in bucket_paths:
            with path.open(encoding="utf-8") as lines:
                merge_block(lines, self._folder, on_row=on_row, on_mention=on_mention)
            path.unlink()

    @staticmethod
    def _read(path: Path) -> Iterator[tuple[str, AnyRecord]]:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                yield line, parse_line(line)


def grounding_text(grounding: Grounding | None) -> str:
    """A grounding as one line of JSON (tabs and newlines are escaped by JSON), or ``""`` for none."""
    return grounding.to_json() if grounding is not None else ""


def _keys(record: AnyRecord) -> list[str]:
    """Every key the record looks up or files under, prefixed by its type."""
    type_name = RECORD_KINDS[type(record)][1]
    return sorted(f"{type_name}\x1e{key}" for key in RULES[type(record)].component_keys(record) or {""})


def _stable_bucket(name: str, buckets: int) -> int:
    return int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) % buckets
