"""Values of a canonical row: votes, the most precise date, merged actors and evidence, ids."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from extractor._engine import AnyRecord
from extractor._text import name_key
from schema import Conflict, Evidence

_CONFLICT_PENALTY = 0.8


def dates_compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def most_precise(values: Iterable[str | None]) -> str | None:
    present = [value for value in values if value]
    return max(present, key=lambda value: (len(value), value)) if present else None


def date_source(records: Sequence[Any], field_name: str) -> Any:
    """The record whose date is most precise (ties: the earliest article), so its date_text follows."""
    best = most_precise(getattr(r, field_name) for r in records)
    for record in sorted(records, key=lambda r: (r.evidence[0].article_id, r.evidence[0].start)):
        if getattr(record, field_name) == best:
            return record
    return records[0]


def vote(values: Sequence[Any], field_name: str, conflicts: list[Conflict], *, key: Any = None) -> Any:
    """The most frequent non-null value (ties: the smallest); a disagreement is recorded."""
    present = [value for value in values if value is not None]
    if not present:
        return None
    normalise = key or (lambda value: value)
    counts = Counter(normalise(value) for value in present)
    winner_key = min(counts, key=lambda k: (-counts[k], str(k)))
    winner = min((v for v in present if normalise(v) == winner_key), key=str)
    if len(counts) > 1:
        others = sorted({json.dumps(v) for v in present if normalise(v) != winner_key})
        conflicts.append(Conflict(field=field_name, values=[json.dumps(winner), *others], rule="most frequent value"))
    return winner


def merge_actors(actors: Iterable[Any]) -> list[Any]:
    by_key: dict[str, Any] = {}
    for actor in actors:
        key = name_key(actor.name)
        known = by_key.get(key)
        if known is None or (known.country is None and actor.country) or (known.role is None and actor.role):
            by_key[key] = (
                actor
                if known is None
                else known.model_copy(
                    update={"country": known.country or actor.country, "role": known.role or actor.role}
                )
            )
    return [by_key[key] for key in sorted(by_key)]


def merge_evidence(records: Sequence[AnyRecord]) -> list[Evidence]:
    unique = {(e.article_id, e.start, e.end): e for r in records for e in r.evidence}
    return [unique[key] for key in sorted(unique)]


def common_fields(records: Sequence[AnyRecord], conflicts: list[Conflict]) -> dict[str, Any]:
    """Evidence, confidence, extractor and conflicts of a canonical row."""
    disbelief = 1.0
    for record in records:
        disbelief *= 1.0 - record.confidence
    confidence = (1.0 - disbelief) * _CONFLICT_PENALTY ** len(conflicts)
    return {
        "evidence": merge_evidence(records),
        "confidence": round(confidence, 4),
        "extractor": records[0].extractor,
        "conflicts": conflicts or None,
    }


def canonical_id(prefix: str, identity: Any) -> str:
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()
    return f"{prefix}-{digest[:16]}"


def attributes(record: AnyRecord) -> dict[str, Any]:
    return record.model_dump(mode="json", exclude={"id", "evidence", "confidence", "extractor", "conflicts"})
