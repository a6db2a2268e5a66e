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

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from extractor._engine import AnyRecord
from extractor._normalise import facility_key, name_key
from schema import Agreement, Conflict, Evidence, Meeting, Mention, MilitaryFacility, Statement

_CONFLICT_PENALTY = 0.8
_RECORD_TYPE: dict[type, tuple[str, str, str]] = {
    Meeting: ("meetings", "meeting", "mtg"),
    Statement: ("statements", "statement", "stmt"),
    MilitaryFacility: ("military_facilities", "military_facility", "fac"),
    Agreement: ("agreements", "agreement", "agr"),
}


@dataclass
class Merged:
    """Canonical records per config, and one mention row per extracted record."""

    records: dict[str, list[Any]] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)


def canonicalize(mentions: Iterable[AnyRecord]) -> Merged:
    """Merge per-article records into canonical rows; every mention links to its row."""
    by_type: dict[type, list[AnyRecord]] = {kind: [] for kind in _RECORD_TYPE}
    for record in mentions:
        by_type[type(record)].append(record)
    merged = Merged()
    for kind, (config, type_name, _prefix) in _RECORD_TYPE.items():
        clusters = _cluster(by_type[kind], _COMPATIBLE[kind], _SCORE[kind], _BLOCKING_KEYS[kind])
        built = sorted(((_BUILD[kind](c), c) for c in clusters), key=lambda pair: _row_order(pair[0]))
        rows = _unique_ids([row for row, _cluster_members in built])
        for row, (_row, cluster) in zip(rows, built, strict=True):
            merged.mentions.extend(_mention_rows(cluster, row.id, type_name))
        merged.records[config] = rows
    merged.mentions.sort(key=lambda m: m.id)
    return merged


# --- clustering ---------------------------------------------------------------------------------


def _content_key(record: AnyRecord) -> tuple[int, str, str, int]:
    attributes = _attributes(record)
    filled = sum(1 for value in attributes.values() if value not in (None, [], "unknown"))
    date = str(attributes.get("date") or attributes.get("date_signed") or "")
    first = record.evidence[0]
    return (-(len(date) * 10 + filled), json.dumps(attributes, sort_keys=True), first.article_id, first.start)


def _cluster(
    records: Sequence[AnyRecord],
    compatible: Callable[[list[AnyRecord], AnyRecord], bool],
    score: Callable[[list[AnyRecord], AnyRecord], int],
    blocking_keys: Callable[[AnyRecord], set[str]],
) -> list[list[AnyRecord]]:
    """Greedy clustering in content order. Two compatible records always share a blocking
    key (a participant, a facility spelling, a party...), so each record is compared only
    with the clusters that hold one of its keys: linear in practice, not quadratic."""
    clusters: list[list[AnyRecord]] = []
    clusters_by_key: dict[str, list[int]] = {}
    for record in sorted(records, key=_content_key):
        keys = blocking_keys(record) or {""}
        nearby = sorted({index for key in keys for index in clusters_by_key.get(key, [])})
        candidates = [index for index in nearby if compatible(clusters[index], record)]
        if candidates:
            chosen = max(candidates, key=lambda index: (score(clusters[index], record), -index))
            clusters[chosen].append(record)
        else:
            chosen = len(clusters)
            clusters.append([record])
        for key in keys:
            bucket = clusters_by_key.setdefault(key, [])
            if not bucket or bucket[-1] != chosen:
                bucket.append(chosen)
    return clusters


def _dates_compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _most_precise(values: Iterable[str | None]) -> str | None:
    present = [value for value in values if value]
    return max(present, key=lambda value: (len(value), value)) if present else None


# --- meetings -----------------------------------------------------------------------------------


def _participant_keys(meeting: Meeting) -> frozenset[str]:
    return _name_set(tuple(actor.name for actor in meeting.participants))


@lru_cache(maxsize=65536)
def _name_set(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(name_key(name) for name in names)


def _meeting_compatible(cluster: list[AnyRecord], record: AnyRecord) -> bool:
    assert isinstance(record, Meeting)
    ours = _participant_keys(record)
    article = record.evidence[0].article_id
    for other in cluster:
        assert isinstance(other, Meeting)
        if other.evidence[0].article_id == article:
            return False  # the engine already merged one article's mentions; it kept these apart
        theirs = _participant_keys(other)
        if record.status != other.status:
            return False
        if "unknown" not in (record.format, other.format) and record.format != other.format:
            return False
        if not _dates_compatible(record.date, other.date):
            return False
        if record.location and other.location and name_key(record.location) != name_key(other.location):
            return False
        smaller = min(ours, theirs, key=len)
        if not (ours <= theirs or theirs <= ours):
            return False
        if len(smaller) < 2 and not _anchored_single(record, other):
            return False
    return True


def _anchored_single(a: Meeting, b: Meeting) -> bool:
    """A one-party mention ("X visited Moscow") joins only when place or exact day agree."""
    same_place = bool(a.location and b.location)
    same_day = bool(a.date and b.date and len(a.date) == 10 and a.date == b.date)
    return same_place or same_day


def _meeting_score(cluster: list[AnyRecord], record: AnyRecord) -> int:
    assert isinstance(record, Meeting)
    ours = _participant_keys(record)
    return sum(len(_participant_keys(other) & ours) for other in cluster if isinstance(other, Meeting))


def _build_meeting(cluster: list[AnyRecord]) -> Meeting:
    meetings = [m for m in cluster if isinstance(m, Meeting)]
    participants = _merge_actors(actor for m in meetings for actor in m.participants)
    date_source = _date_source(meetings, "date")
    conflicts: list[Conflict] = []
    location = _vote([m.location for m in meetings], "location", conflicts, key=name_key)
    fmt = _vote([m.format for m in meetings if m.format != "unknown"], "format", conflicts) or "unknown"
    identity = [sorted(name_key(a.name) for a in participants), meetings[0].status, fmt, date_source.date]
    return Meeting(
        id=_canonical_id("mtg", identity),
        participants=participants,
        date=date_source.date,
        date_text=date_source.date_text,
        date_anchor=date_source.date_anchor,
        location=location,
        format=fmt,
        status=meetings[0].status,
        **_common(meetings, conflicts),
    )


# --- statements ---------------------------------------------------------------------------------


def _statement_compatible(cluster: list[AnyRecord], record: AnyRecord) -> bool:
    assert isinstance(record, Statement)
    first = cluster[0]
    assert isinstance(first, Statement)
    if record.evidence[0].article_id != first.evidence[0].article_id:
        return False
    if name_key(record.speaker.name) != name_key(first.speaker.name):
        return False
    same_words = name_key(record.text) == name_key(first.text)
    return same_words or (_overlapping(record.evidence, first.evidence) and _text_overlaps(record, first))


def _text_overlaps(a: Statement, b: Statement) -> bool:
    shorter, longer = sorted((name_key(a.text), name_key(b.text)), key=len)
    return shorter in longer


def _overlapping(a: Sequence[Evidence], b: Sequence[Evidence]) -> bool:
    return any(x.article_id == y.article_id and x.start < y.end and y.start < x.end for x in a for y in b)


def _build_statement(cluster: list[AnyRecord]) -> Statement:
    statements = [s for s in cluster if isinstance(s, Statement)]
    chosen = max(statements, key=lambda s: (s.direct, len(s.text), s.confidence))
    identity = [chosen.evidence[0].article_id, name_key(chosen.speaker.name), name_key(chosen.text)]
    return chosen.model_copy(
        update={
            "id": _canonical_id("stmt", identity),
            "evidence": _merge_evidence(statements),
            "confidence": round(max(s.confidence for s in statements), 4),
        }
    )


# --- military facilities ------------------------------------------------------------------------


def _facility_keys(facility: MilitaryFacility) -> set[str]:
    return {facility_key(name) for name in (facility.name, *facility.aliases)}


def _facility_compatible(cluster: list[AnyRecord], record: AnyRecord) -> bool:
    assert isinstance(record, MilitaryFacility)
    ours = _facility_keys(record)
    return any(isinstance(other, MilitaryFacility) and ours & _facility_keys(other) for other in cluster)


def _facility_score(cluster: list[AnyRecord], record: AnyRecord) -> int:
    assert isinstance(record, MilitaryFacility)
    return sum(len(_facility_keys(record) & _facility_keys(f)) for f in cluster if isinstance(f, MilitaryFacility))


def _build_facility(cluster: list[AnyRecord]) -> MilitaryFacility:
    facilities = [f for f in cluster if isinstance(f, MilitaryFacility)]
    conflicts: list[Conflict] = []
    name = Counter(f.name for f in facilities).most_common()
    canonical_name = min(name, key=lambda item: (-item[1], -len(item[0]), item[0]))[0]  # ties: the fullest form
    # Only spellings the articles used: a gazetteer's canonical name is not one unless seen.
    aliases = sorted({alias for f in facilities for alias in f.aliases}) or [canonical_name]
    known_types = [f.facility_type for f in facilities if f.facility_type != "other"]
    return MilitaryFacility(
        id=_canonical_id("fac", [facility_key(canonical_name)]),
        name=canonical_name,
        aliases=aliases,
        facility_type=_vote(known_types, "facility_type", conflicts) or "other",
        operator=_vote([f.operator for f in facilities], "operator", conflicts),
        host_country=_vote([f.host_country for f in facilities], "host_country", conflicts),
        location=_vote([f.location for f in facilities], "location", conflicts, key=name_key),
        status=_vote([f.status for f in facilities if f.status != "unknown"], "status", conflicts) or "unknown",
        **_common(facilities, conflicts),
    )


# --- agreements ---------------------------------------------------------------------------------


def _agreement_compatible(cluster: list[AnyRecord], record: AnyRecord) -> bool:
    assert isinstance(record, Agreement)
    return all(isinstance(other, Agreement) and _same_agreement(record, other) for other in cluster)


def _same_agreement(a: Agreement, b: Agreement) -> bool:
    parties_a, parties_b = {name_key(p) for p in a.parties}, {name_key(p) for p in b.parties}
    if parties_a and parties_b and not (parties_a <= parties_b or parties_b <= parties_a):
        return False
    if not _dates_compatible(a.date_signed, b.date_signed):
        return False
    if "other" not in (a.agreement_type, b.agreement_type) and a.agreement_type != b.agreement_type:
        return False
    shared_facility = bool({facility_key(f) for f in a.facilities} & {facility_key(f) for f in b.facilities})
    same_duration = a.duration_years is not None and a.duration_years == b.duration_years
    same_title = bool(a.title and b.title and name_key(a.title) == name_key(b.title))
    same_date = bool(a.date_signed and a.date_signed == b.date_signed)
    return shared_facility or same_duration or same_title or (same_date and bool(parties_a & parties_b))


def _agreement_score(cluster: list[AnyRecord], record: AnyRecord) -> int:
    assert isinstance(record, Agreement)
    return sum(len(set(record.facilities) & set(a.facilities)) for a in cluster if isinstance(a, Agreement))


def _build_agreement(cluster: list[AnyRecord]) -> Agreement:
    agreements = [a for a in cluster if isinstance(a, Agreement)]
    conflicts: list[Conflict] = []
    date_source = _date_source(agreements, "date_signed")
    parties = sorted({p for a in agreements for p in a.parties})
    facilities = sorted({f for a in agreements for f in a.facilities})
    known_types = [a.agreement_type for a in agreements if a.agreement_type != "other"]
    agreement_type = _vote(known_types, "agreement_type", conflicts) or "other"
    identity = [sorted(name_key(p) for p in parties), date_source.date_signed, sorted(facilities)]
    return Agreement(
        id=_canonical_id("agr", identity),
        title=_vote([a.title for a in agreements], "title", conflicts, key=name_key),
        agreement_type=agreement_type,
        parties=parties,
        date_signed=date_source.date_signed,
        duration_years=_vote([a.duration_years for a in agreements], "duration_years", conflicts),
        status=_vote([a.status for a in agreements if a.status != "unknown"], "status", conflicts) or "unknown",
        facilities=facilities,
        **_common(agreements, conflicts),
    )


# --- shared building blocks ---------------------------------------------------------------------


def _date_source(records: Sequence[Any], field_name: str) -> Any:
    """The record whose date is most precise (ties: the earliest article), so its date_text follows."""
    best = _most_precise(getattr(r, field_name) for r in records)
    for record in sorted(records, key=lambda r: (r.evidence[0].article_id, r.evidence[0].start)):
        if getattr(record, field_name) == best:
            return record
    return records[0]


def _vote(values: Sequence[Any], field_name: str, conflicts: list[Conflict], *, key: Any = None) -> Any:
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


def _merge_actors(actors: Iterable[Any]) -> list[Any]:
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


def _merge_evidence(records: Sequence[AnyRecord]) -> list[Evidence]:
    unique = {(e.article_id, e.start, e.end): e for r in records for e in r.evidence}
    return [unique[key] for key in sorted(unique)]


def _common(records: Sequence[AnyRecord], conflicts: list[Conflict]) -> dict[str, Any]:
    """Evidence, confidence, extractor and conflicts of a canonical row."""
    disbelief = 1.0
    for record in records:
        disbelief *= 1.0 - record.confidence
    confidence = (1.0 - disbelief) * _CONFLICT_PENALTY ** len(conflicts)
    return {
        "evidence": _merge_evidence(records),
        "confidence": round(confidence, 4),
        "extractor": records[0].extractor,
        "conflicts": conflicts or None,
    }


def _canonical_id(prefix: str, identity: Any) -> str:
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()
    return f"{prefix}-{digest[:16]}"


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


def _attributes(record: AnyRecord) -> dict[str, Any]:
    return record.model_dump(mode="json", exclude={"id", "evidence", "confidence", "extractor", "conflicts"})


def _mention_rows(cluster: list[AnyRecord], canonical_id: str, type_name: str) -> list[Mention]:
    rows = []
    for record in cluster:
        attributes = json.dumps(_attributes(record), sort_keys=True, ensure_ascii=False)
        spans = [(e.article_id, e.start, e.end) for e in record.evidence]
        rows.append(
            Mention(
                id=_canonical_id("mention", [type_name, spans, attributes]),
                record_type=type_name,
                canonical_id=canonical_id,
                article_id=record.evidence[0].article_id,
                evidence=list(record.evidence),
                attributes=attributes,
                confidence=record.confidence,
                extractor=record.extractor,
            )
        )
    return rows


_COMPATIBLE: dict[type, Callable[[list[AnyRecord], AnyRecord], bool]] = {
    Meeting: _meeting_compatible,
    Statement: _statement_compatible,
    MilitaryFacility: _facility_compatible,
    Agreement: _agreement_compatible,
}


def _meeting_keys(record: AnyRecord) -> set[str]:
    """Pairs of participants; a single name only for a mention that can anchor on place or day."""
    assert isinstance(record, Meeting)
    names = sorted(_participant_keys(record))
    keys = {f"{a}\x1f{b}" for i, a in enumerate(names) for b in names[i + 1 :]}
    if record.location or (record.date and len(record.date) == 10):
        keys |= {f"solo\x1f{name}" for name in names}
    return keys


def _statement_keys(record: AnyRecord) -> set[str]:
    assert isinstance(record, Statement)
    return {f"{record.evidence[0].article_id}\x1f{name_key(record.speaker.name)}"}


def _facility_blocking_keys(record: AnyRecord) -> set[str]:
    assert isinstance(record, MilitaryFacility)
    return _facility_keys(record)


def _agreement_keys(record: AnyRecord) -> set[str]:
    assert isinstance(record, Agreement)
    keys = {f"party:{name_key(p)}" for p in record.parties}
    keys |= {f"facility:{facility_key(f)}" for f in record.facilities}
    if record.title:
        keys.add(f"title:{name_key(record.title)}")
    if record.duration_years is not None:
        keys.add(f"duration:{record.duration_years}")
    return keys


_BLOCKING_KEYS: dict[type, Callable[[AnyRecord], set[str]]] = {
    Meeting: _meeting_keys,
    Statement: _statement_keys,
    MilitaryFacility: _facility_blocking_keys,
    Agreement: _agreement_keys,
}
_SCORE: dict[type, Callable[[list[AnyRecord], AnyRecord], int]] = {
    Meeting: _meeting_score,
    Statement: lambda cluster, record: 0,
    MilitaryFacility: _facility_score,
    Agreement: _agreement_score,
}
_BUILD: dict[type, Callable[[list[AnyRecord]], Any]] = {
    Meeting: _build_meeting,
    Statement: _build_statement,
    MilitaryFacility: _build_facility,
    Agreement: _build_agreement,
}
