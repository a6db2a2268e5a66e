"""Per record type: when two mentions are the same thing, and how their canonical row is built."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from extractor._canonical._values import (
    canonical_id,
    common_fields,
    date_source,
    dates_compatible,
    merge_actors,
    merge_evidence,
    vote,
)
from extractor._engine import AnyRecord
from extractor._normalise import facility_key, name_key
from schema import Agreement, Conflict, Evidence, Meeting, MilitaryFacility, Statement

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
        if not dates_compatible(record.date, other.date):
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
    participants = merge_actors(actor for m in meetings for actor in m.participants)
    dated = date_source(meetings, "date")
    conflicts: list[Conflict] = []
    location = vote([m.location for m in meetings], "location", conflicts, key=name_key)
    fmt = vote([m.format for m in meetings if m.format != "unknown"], "format", conflicts) or "unknown"
    identity = [sorted(name_key(a.name) for a in participants), meetings[0].status, fmt, dated.date]
    return Meeting(
        id=canonical_id("mtg", identity),
        participants=participants,
        date=dated.date,
        date_text=dated.date_text,
        date_anchor=dated.date_anchor,
        location=location,
        format=fmt,
        status=meetings[0].status,
        **common_fields(meetings, conflicts),
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
            "id": canonical_id("stmt", identity),
            "evidence": merge_evidence(statements),
            "confidence": round(max(s.confidence for s in statements), 4),
        }
    )


# --- military facilities ------------------------------------------------------------------------


def _facility_keys(facility: MilitaryFacility) -> set[str]:
    return set(_facility_key_set((facility.name, *facility.aliases)))


@lru_cache(maxsize=65536)
def _facility_key_set(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(facility_key(name) for name in names)


def _facility_compatible(cluster: list[AnyRecord], record: AnyRecord) -> bool:
    assert isinstance(record, MilitaryFacility)
    ours = _facility_key_set((record.name, *record.aliases))
    return any(
        isinstance(other, MilitaryFacility) and ours & _facility_key_set((other.name, *other.aliases))
        for other in cluster
    )


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
        id=canonical_id("fac", [facility_key(canonical_name)]),
        name=canonical_name,
        aliases=aliases,
        facility_type=vote(known_types, "facility_type", conflicts) or "other",
        operator=vote([f.operator for f in facilities], "operator", conflicts),
        host_country=vote([f.host_country for f in facilities], "host_country", conflicts),
        location=vote([f.location for f in facilities], "location", conflicts, key=name_key),
        status=vote([f.status for f in facilities if f.status != "unknown"], "status", conflicts) or "unknown",
        **common_fields(facilities, conflicts),
    )


# --- agreements ---------------------------------------------------------------------------------


def _agreement_compatible(cluster: list[AnyRecord], record: AnyRecord) -> bool:
    assert isinstance(record, Agreement)
    return all(isinstance(other, Agreement) and _same_agreement(record, other) for other in cluster)


def _same_agreement(a: Agreement, b: Agreement) -> bool:
    parties_a, parties_b = {name_key(p) for p in a.parties}, {name_key(p) for p in b.parties}
    if parties_a and parties_b and not (parties_a <= parties_b or parties_b <= parties_a):
        return False
    if not dates_compatible(a.date_signed, b.date_signed):
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
    dated = date_source(agreements, "date_signed")
    parties = sorted({p for a in agreements for p in a.parties})
    facilities = sorted({f for a in agreements for f in a.facilities})
    known_types = [a.agreement_type for a in agreements if a.agreement_type != "other"]
    agreement_type = vote(known_types, "agreement_type", conflicts) or "other"
    identity = [sorted(name_key(p) for p in parties), dated.date_signed, sorted(facilities)]
    return Agreement(
        id=canonical_id("agr", identity),
        title=vote([a.title for a in agreements], "title", conflicts, key=name_key),
        agreement_type=agreement_type,
        parties=parties,
        date_signed=dated.date_signed,
        duration_years=vote([a.duration_years for a in agreements], "duration_years", conflicts),
        status=vote([a.status for a in agreements if a.status != "unknown"], "status", conflicts) or "unknown",
        facilities=facilities,
        **common_fields(agreements, conflicts),
    )


_COMPATIBLE: dict[type, Callable[[list[AnyRecord], AnyRecord], bool]] = {
    Meeting: _meeting_compatible,
    Statement: _statement_compatible,
    MilitaryFacility: _facility_compatible,
    Agreement: _agreement_compatible,
}


def _meeting_keys(record: AnyRecord) -> tuple[set[str], set[str]]:
    """Where a meeting looks for clusters, and where it files the cluster it joins.

    The base is a pair of participants (a single name only for a one-party mention or one
    that can anchor on place or day) and the status, both of which must match. Dates refine it: a dated
    mention looks only at clusters with a null, same-year-only or same-month date, while
    an undated one looks at every cluster of its base ("*"). Every compatible cluster has
    a member filed under one of the keys looked up, so no compatible cluster is missed.
    """
    assert isinstance(record, Meeting)
    names = sorted(_participant_keys(record))
    bases = {f"{a}\x1f{b}" for i, a in enumerate(names) for b in names[i + 1 :]}
    if len(names) == 1 or record.location or (record.date and len(record.date) == 10):
        bases |= {f"solo\x1f{name}" for name in names}
    bases = {f"{record.status}\x1f{base}" for base in bases}
    date = record.date
    if date is None:
        look = {"*"}
        filed = {"*", "none"}
    elif len(date) == 4:
        look = {"none", f"Y:{date}"}
        filed = {"*", f"Y:{date}", f"Yonly:{date}"}
    else:
        look = {"none", f"Yonly:{date[:4]}", f"M:{date[:7]}"}
        filed = {"*", f"Y:{date[:4]}", f"M:{date[:7]}"}
    return {f"{b}\x1f{k}" for b in bases for k in look}, {f"{b}\x1f{k}" for b in bases for k in filed}


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
    if not record.parties and not record.facilities:
        # Rows of such agreements can share an identity, so they must meet in one block
        # (the on-disk merge relies on it to keep ids unique).
        keys.add("no-party-no-facility")
    return keys


def _same_keys(keys: Callable[[AnyRecord], set[str]]) -> Callable[[AnyRecord], tuple[set[str], set[str]]]:
    def both(record: AnyRecord) -> tuple[set[str], set[str]]:
        found = keys(record)
        return found, found

    return both


_BLOCKING_KEYS: dict[type, Callable[[AnyRecord], tuple[set[str], set[str]]]] = {
    Meeting: _meeting_keys,
    Statement: _same_keys(_statement_keys),
    MilitaryFacility: _same_keys(_facility_blocking_keys),
    Agreement: _same_keys(_agreement_keys),
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


@dataclass(frozen=True)
class TypeRules:
    """How one record type is clustered and merged."""

    compatible: Callable[[list[AnyRecord], AnyRecord], bool]
    score: Callable[[list[AnyRecord], AnyRecord], int]
    blocking_keys: Callable[[AnyRecord], tuple[set[str], set[str]]]
    build: Callable[[list[AnyRecord]], Any]


RULES: dict[type, TypeRules] = {
    kind: TypeRules(_COMPATIBLE[kind], _SCORE[kind], _BLOCKING_KEYS[kind], _BUILD[kind]) for kind in _BUILD
}
