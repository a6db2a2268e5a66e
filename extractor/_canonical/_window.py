"""One block of the on-disk merge in time windows: memory holds live cluster summaries, never mentions.

``canonicalize`` clusters greedily in content order (``_content_key``), whose first criterion
is the date's precision: every mention dated to the day comes before every one dated to the
month, then to the year, then the undated (the count of filled fields, added to ten times the
date's length, is below 30). A meeting or an agreement joins a cluster only if its date is
compatible (one a prefix of the other) with every member's. So, in content order:

- a day-dated mention of day D only ever meets clusters whose members are all dated D (only
  day-dated mentions came before it);
- a month-dated mention of month M meets clusters dated within M (days of M, or M), complete
  with every day-dated member they will ever have; a year-dated one of year Y, clusters
  within Y; an undated one, any cluster of its keys.

This merge therefore takes each day's day-dated mentions (in content order), then a month's
month-dated mentions after its days, a year's year-dated ones after its months, and the undated
ones last (facilities and statements, whose compatibility ignores dates, are all "undated").
Every mention then sees the same compatible clusters, with the same members, as in content
order: only clusters it can never join are missing or ahead. Ties between equally scored
clusters go to the one created first in content order, so each cluster keeps its creator's
content key and ties compare those. A cluster's members are of one day, one month and one year
per precision, so they join it in content order here too, and rows are built alike.

What is bounded: a cluster's summary is dropped at the end of the window it was last joined in
once no mention still to come looks up a key it is filed under (the keys that mentions dated
to the month, the year or not at all look up are counted beforehand; a day-dated mention looks
only at clusters of its own day). Memory then holds the clusters of the current day, those a
month-, year-dated or undated mention still to come may join, and the counted lookup keys;
mentions, members and rows stay on disk, sorted in runs of ``_RUN_LINES``. A mention with no
date may join a cluster of any date, so exactness keeps every cluster it could join alive until
the undated mentions are done: what grows is the number of such clusters, not the mentions.
"""

from __future__ import annotations

import heapq
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel

from extractor._canonical import RECORD_KINDS, _content_key, _mention_rows
from extractor._canonical._types import RULES, ClusterSummary
from extractor._engine import AnyRecord, GroundedRecord, Grounding
from schema import Agreement, Meeting, Mention

__all__ = ["merge_block", "parse_line"]

_RUN_LINES = 4096
"""Lines sorted in memory at once before they go to a run file."""

_KINDS: list[type] = list(RECORD_KINDS)
_MODEL_OF_TYPE_NAME: dict[str, type[BaseModel]] = {
    type_name: kind for kind, (_config, type_name) in RECORD_KINDS.items()
}
_UNDATED = "~"  # sorts after every digit: a month's month-dated mentions after its days


def parse_line(line: str) -> AnyRecord:
    """A record from a line ``type<TAB>grounding<TAB>json`` of the merge's files (the grounding
    is read only for mention rows, by ``parse_grounded_line``)."""
    type_name, _grounding, payload = line.rstrip("\n").split("\t", 2)
    return cast(AnyRecord, _MODEL_OF_TYPE_NAME[type_name].model_validate_json(payload))


def parse_grounded_line(line: str) -> GroundedRecord:
    """A record and its grounding (empty: none) from a line of the merge's files."""
    grounding = line.split("\t", 2)[1]
    return GroundedRecord(parse_line(line), Grounding.from_json(grounding) if grounding else None)


def merge_block(
    lines: Iterable[str],
    folder: Path,
    *,
    on_row: Callable[[str, Any], None],
    on_mention: Callable[[Mention], None],
) -> None:
    """The rows and mention rows ``canonicalize`` gives for these records, in its order.

    ``lines`` are ``type<TAB>json`` lines; ``folder`` holds the sorted runs while they are used.
    """
    folder.mkdir(parents=True, exist_ok=True)
    coarse_lookups: Counter[str] = Counter()
    order_runs = _write_runs(_ordered(lines, coarse_lookups), folder / "order")
    member_runs = _write_runs(_clustered(_merged(order_runs), coarse_lookups), folder / "member")
    row_runs = _write_runs(_built(_merged(member_runs)), folder / "row")
    previous, copies = "", 0
    for key, payload in _merged(row_runs):
        kind_index, row_id, row_json, _creator = key
        kind = _KINDS[kind_index]
        config, type_name = RECORD_KINDS[kind]
        # Rows of one id are adjacent once sorted: the second and later get -2, -3...
        copies = copies + 1 if row_id == previous else 1
        previous = row_id
        unique_id = row_id if copies == 1 else f"{row_id}-{copies}"
        row = cast(type[BaseModel], kind).model_validate_json(row_json)
        if copies > 1:
            row = row.model_copy(update={"id": unique_id})
        grounded = [parse_grounded_line(line) for line in json.loads(payload)]
        groundings = {id(item.record): item.grounding for item in grounded if item.grounding is not None}
        for mention in _mention_rows([item.record for item in grounded], unique_id, type_name, groundings):
            on_mention(mention)
        on_row(config, row)


def _ordered(lines: Iterable[str], coarse_lookups: Counter[str]) -> Iterator[tuple[list[Any], str]]:
    """Each line with its key in window order; counts the keys that coarse mentions look up."""
    for seq, line in enumerate(lines):
        record = parse_line(line)
        year, month, day = _window(record)
        if day == _UNDATED:
            look, _filed = RULES[type(record)].blocking_keys(record)
            coarse_lookups.update(look or {""})
        # seq last: equal content keys keep the block's order, as a stable sort does
        yield [_KINDS.index(type(record)), year, month, day, *_content_key(record), seq], line.rstrip("\n")


def _window(record: AnyRecord) -> tuple[str, str, str]:
    date = None
    if isinstance(record, Meeting):
        date = record.date
    elif isinstance(record, Agreement):
        date = record.date_signed
    if not date:
        return _UNDATED, _UNDATED, _UNDATED
    return date[:4], date[5:7] or _UNDATED, date[8:10] or _UNDATED


class _Live:
    """A cluster that may still gain members: what joining and retiring it need, nothing more."""

    __slots__ = ("creator", "filed", "number", "summary")

    def __init__(self, number: int, creator: str, summary: ClusterSummary) -> None:
        self.number = number
        self.creator = creator  # its first member's content key, as JSON: ties go to the earliest
        self.summary = summary
        # The keys it is filed under, each string shared with ``by_key`` (sys.intern), as a
        # tuple: a live cluster costs its summary and a few pointers, not copies of its keys.
        self.filed: tuple[str, ...] = ()


def _clustered(
    ordered: Iterator[tuple[list[Any], str]], coarse_lookups: Counter[str], live: dict[int, _Live] | None = None
) -> Iterator[tuple[list[Any], str]]:
    """The greedy clustering of ``canonicalize._cluster``, window by window (module docstring).

    Yields each line keyed by (cluster number, position), the cluster's creator in front.
    ``live`` holds the summaries of clusters that may still gain members (a test watches it).
    """
    live = {} if live is None else live
    # key -> the live clusters filed under it: one number, or a set once there are several
    # (most keys, down to the day, hold one cluster; an empty set per key would be most of it)
    by_key: dict[str, int | set[int]] = {}
    touched: set[int] = set()
    window: list[Any] = []
    for position, (order, line) in enumerate(ordered):
        if order[:4] != window:
            _retire(touched, live, by_key, coarse_lookups)
            window = order[:4]
        record = parse_line(line)
        rules = RULES[type(record)]
        look, filed = rules.blocking_keys(record)
        look, filed = look or {""}, filed or {""}
        nearby = {number for key in look for number in _holders(by_key, key)}
        candidates = [live[number] for number in nearby if live[number].summary.compatible(record)]
        if len(candidates) == 1:
            chosen = candidates[0]
        elif candidates:
            chosen = min(candidates, key=lambda c: (-c.summary.score(record), json.loads(c.creator)))
        else:
            chosen = _Live(position, json.dumps(order[4:]), rules.summary())
            live[position] = chosen
        chosen.summary.add(record)
        new = filed.difference(chosen.filed)
        if new:
            for key in new:
                _file(by_key, sys.intern(key), chosen.number)
            chosen.filed += tuple(sys.intern(key) for key in new)
        touched.add(chosen.number)
        if order[3] == _UNDATED:
            for key in look:
                coarse_lookups[key] -= 1
                if not coarse_lookups[key]:
                    del coarse_lookups[key]
                    touched.update(_holders(by_key, key))  # may have been its last lookup
        yield [chosen.number, position], chosen.creator + "\t" + line


def _retire(
    touched: set[int], live: dict[int, _Live], by_key: dict[str, int | set[int]], lookups: Counter[str]
) -> None:
    """Drop the summaries no mention to come can reach: none looks up a key they are filed under."""
    for number in touched:
        cluster = live.get(number)
        if cluster is None or any(key in lookups for key in cluster.filed):
            continue
        del live[number]
        for key in cluster.filed:
            holders = by_key[key]
            if isinstance(holders, int):
                del by_key[key]
            else:
                holders.discard(number)
                if len(holders) == 1:
                    by_key[key] = holders.pop()
    touched.clear()


def _holders(by_key: dict[str, int | set[int]], key: str) -> Iterable[int]:
    holders = by_key.get(key, ())
    return (holders,) if isinstance(holders, int) else holders


def _file(by_key: dict[str, int | set[int]], key: str, number: int) -> None:
    holders = by_key.get(key)
    if holders is None:
        by_key[key] = number
    elif isinstance(holders, int):
        if holders != number:
            by_key[key] = {holders, number}
    else:
        holders.add(number)


def _built(members: Iterator[tuple[list[Any], str]]) -> Iterator[tuple[list[Any], str]]:
    """One canonical row per cluster, keyed as ``canonicalize`` orders rows, with its members."""
    cluster: list[str] = []
    number, creator = -1, ""
    for (cluster_number, _position), payload in members:
        if cluster_number != number and cluster:
            yield _row(cluster, creator)
            cluster = []
        number = cluster_number
        creator, line = payload.split("\t", 1)
        cluster.append(line)
    if cluster:
        yield _row(cluster, creator)


def _row(lines: list[str], creator: str) -> tuple[list[Any], str]:
    records = [parse_line(line) for line in lines]
    kind = type(records[0])
    row = RULES[kind].build(records)
    return [_KINDS.index(kind), row.id, row.model_dump_json(), json.loads(creator)], json.dumps(lines)


# --- sorting on disk ----------------------------------------------------------------------------


def _write_runs(items: Iterable[tuple[list[Any], str]], stem: Path) -> list[Path]:
    """All of ``items``, in sorted runs of at most ``_RUN_LINES`` on disk."""
    runs: list[Path] = []
    chunk: list[tuple[list[Any], str]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= _RUN_LINES:
            runs.append(_write_run(chunk, stem.with_name(f"{stem.name}-{len(runs):05d}")))
            chunk = []
    if chunk:
        runs.append(_write_run(chunk, stem.with_name(f"{stem.name}-{len(runs):05d}")))
    return runs


def _write_run(chunk: list[tuple[list[Any], str]], path: Path) -> Path:
    chunk.sort(key=lambda item: item[0])
    with path.open("w", encoding="utf-8") as run:
        for key, payload in chunk:
            # json.dumps escapes tabs and newlines in the key, so the first tab ends it; the
            # payload's own tabs (a spill line's type<TAB>grounding<TAB>json) stay after it
            run.write(f"{json.dumps(key)}\t{payload}\n")
    return path


def _merged(runs: list[Path]) -> Iterator[tuple[list[Any], str]]:
    """The runs merged into one sorted stream; each run file is removed once read."""
    files = [path.open(encoding="utf-8") for path in runs]
    try:
        yield from heapq.merge(*(_read_run(lines) for lines in files), key=lambda item: item[0])
    finally:
        for handle, path in zip(files, runs, strict=True):
            handle.close()
            path.unlink(missing_ok=True)


def _read_run(lines: Iterable[str]) -> Iterator[tuple[list[Any], str]]:
    for line in lines:
        key, payload = line.rstrip("\n").split("\t", 1)
        yield json.loads(key), payload
