"""Cross-article merging: one canonical row per real-world thing, and an auditable mention per report.

Rules (documented in the README, section "Canonical records"):

- Mentions are processed in an order fixed by their content, never by input order, and
  each joins the one compatible cluster (or the best-scoring of several, ties broken by
  content), so reordering inputs or adding an unrelated article changes no cluster.
- Compatibility is identity, not wording: meetings by participants, status, format,
  date and place; facilities by any shared normalised name; agreements by parties,
  signing date, type, and a shared facility, duration or title.
- Values: the most precise consistent date wins; other fields take the most frequent
  value. Disagreements are listed in ``conflicts`` and lower the confidence.
- Statements are never merged across articles; the same utterance twice in one
  article is one row. Two meetings from one article are never merged here: the engine
  already merged that article's mentions of one meeting, so two left apart are two.
- A facility's ``aliases`` are the spellings the articles used, nothing else.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from extractor._canonical._types import RULES, ClusterSummary
from extractor._canonical._values import attributes, canonical_id
from extractor._engine import AnyRecord, GroundedRecord, Grounding
from schema import CONFIG_OF_TYPE, RECORD_TYPES, Mention

RECORD_KINDS: dict[type, tuple[str, str]] = {
    RECORD_TYPES[type_name]: (CONFIG_OF_TYPE[type_name], type_name)
    for type_name in ("meeting", "statement", "military_facility", "agreement")
}
"""Each record model, with its dataset config and schema type name."""


@dataclass
class Merged:
    """Canonical records per config, and one mention row per extracted record."""

    records: dict[str, list[Any]] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)


def canonicalize(
    mentions: Iterable[AnyRecord | GroundedRecord], *, on_mention: Callable[[Mention], None] | None = None
) -> Merged:
    """Merge per-article records into canonical rows; every mention links to its row.

    A ``GroundedRecord`` brings its grounding (alignment methods, per-field evidence) to its
    mention row. With ``on_mention``, mention rows are handed over one at a time (in
    canonical row order) instead of being collected, so a large run need not hold them all.
    """
    by_type: dict[type, list[AnyRecord]] = {kind: [] for kind in RECORD_KINDS}
    # By object identity: two records may share an id, never an object, and the records
    # stay alive in by_type for as long as this map is used.
    groundings: dict[int, Grounding] = {}
    for item in mentions:
        record = item.record if isinstance(item, GroundedRecord) else item
        if isinstance(item, GroundedRecord) and item.grounding is not None:
            groundings[id(record)] = item.grounding
        by_type[type(record)].append(record)
    merged = Merged()
    emit = on_mention or merged.mentions.append
    for kind, (config, type_name) in RECORD_KINDS.items():
        rules = RULES[kind]
        clusters = _cluster(by_type.pop(kind), rules.summary, rules.blocking_keys)
        built = sorted(((rules.build(c), c) for c in clusters), key=lambda pair: _row_order(pair[0]))
        rows = _unique_ids([row for row, _cluster_members in built])
        for row, (_row, cluster) in zip(rows, built, strict=True):
            for mention in _mention_rows(cluster, row.id, type_name, groundings):
                emit(mention)
        merged.records[config] = rows
    merged.mentions.sort(key=lambda m: m.id)
    return merged


# --- clustering ---------------------------------------------------------------------------------


def _content_key(record: AnyRecord) -> tuple[int, str, str, int]:
    fields = attributes(record)
    filled = sum(1 for value in fields.values() if value not in (None, [], "unknown"))
    date = str(fields.get("date") or fields.get("date_signed") or "")
    first = record.evidence[0]
    return (-(len(date) * 10 + filled), json.dumps(fields, sort_keys=True), first.article_id, first.start)


def _cluster(
    records: Sequence[AnyRecord],
    summary: Callable[[], ClusterSummary],
    blocking_keys: Callable[[AnyRecord], tuple[set[str], set[str]]],
) -> list[list[AnyRecord]]:
    """Greedy clustering in content order. Two compatible records always share a blocking
    key (a participant, a facility spelling, a party...), so each record is compared only
    with the clusters that hold one of its keys, and through each cluster's summary, never
    member by member: a cluster that grows with the corpus does not make the merge quadratic."""
    clusters: list[list[AnyRecord]] = []
    summaries: list[ClusterSummary] = []
    clusters_by_key: dict[str, list[int]] = {}
    for record in sorted(records, key=_content_key):
        look, filed = blocking_keys(record)
        look, filed = look or {""}, filed or {""}
        nearby = sorted({index for key in look for index in clusters_by_key.get(key, [])})
        candidates = [index for index in nearby if summaries[index].compatible(record)]
        if candidates:
            chosen = candidates[0]
            if len(candidates) > 1:
                chosen = max(candidates, key=lambda index: (summaries[index].score(record), -index))
            clusters[chosen].append(record)
        else:
            chosen = len(clusters)
            clusters.append([record])
            summaries.append(summary())
        summaries[chosen].add(record)
        for key in filed:
            bucket = clusters_by_key.setdefault(key, [])
            if not bucket or bucket[-1] != chosen:
                bucket.append(chosen)
    return clusters


def _row_order(row: Any) -> tuple[str, str]:
    return (row.id, row.model_dump_json())


def _unique_ids(rows: list[Any]) -> list[Any]:
    """Two clusters with the same identity (e.g. two undated calls) get ``-2``, ``-3``... suffixes."""
    seen: Counter[str] = Counter()
    unique = []
    for row in rows:
        seen[row.id] += 1
        unique.append(row if seen[row.id] == 1 else row.model_copy(update={"id": f"{row.id}-{seen[row.id]}"}))
    return unique


def _mention_rows(
    cluster: list[AnyRecord], row_id: str, type_name: str, groundings: dict[int, Grounding]
) -> list[Mention]:
    rows = []
    for record in cluster:
        own = json.dumps(attributes(record), sort_keys=True, ensure_ascii=False)
        spans = [(e.article_id, e.start, e.end) for e in record.evidence]
        grounding = groundings.get(id(record))
        if grounding is not None and len(grounding.alignment) != len(record.evidence):
            raise ValueError(f"the grounding of {record.id} does not match its {len(record.evidence)} evidence items")
        rows.append(
            Mention(
                id=canonical_id("mention", [type_name, spans, own]),
                record_type=type_name,
                canonical_id=row_id,
                article_id=record.evidence[0].article_id,
                evidence=list(record.evidence),
                attributes=own,
                confidence=record.confidence,
                extractor=record.extractor,
                # Without a grounding the engine took its spans from the text itself.
                alignment=list(grounding.alignment) if grounding is not None else ["span"] * len(record.evidence),
                field_evidence=list(grounding.fields) if grounding is not None else None,
            )
        )
    return rows
