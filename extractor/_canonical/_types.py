"""Per record type: when two mentions are the same thing, and how their canonical row is built."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from extractor._canonical._keys import (
    BLOCKING_KEYS,
    COMPONENT_KEYS,
    facility_key_set,
    facility_keys,
    name_set,
    participant_keys,
)
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
from extractor._text import facility_key, name_key
from schema import Agreement, Conflict, Evidence, Meeting, MilitaryFacility, Statement

# --- meetings -----------------------------------------------------------------------------------


def _meeting_compatible(cluster: list[AnyRecord], record: AnyRecord) -> bool:
    assert isinstance(record, Meeting)
    ours = participant_keys(record)
    article = record.evidence[0].article_id
    for other in cluster:
        assert isinstance(other, Meeting)
        if other.evidence[0].article_id == article:
            return False  # the engine already merged one article's mentions; it kept these apart
        theirs = participant_keys(other)
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
    ours = participant_keys(record)
    return sum(len(participant_keys(other) & ours) for other in cluster if isinstance(other, Meeting))


class ClusterSummary(Protocol):
    """What compatibility and scoring need to know of a cluster, kept up to date as members join.

    ``compatible`` and ``score`` answer exactly as the member-by-member functions of the same
    type (a property test checks it) without walking the members: a cluster that grows with the
    corpus would otherwise make the merge quadratic.
    """

    def add(self, record: AnyRecord) -> None: ...

    def compatible(self, record: AnyRecord) -> bool: ...

    def score(self, record: AnyRecord) -> int: ...


class _MeetingSummary:
    """The articles of a meeting cluster and its members' distinct compatibility signatures."""

    def __init__(self) -> None:
        self.articles: set[str] = set()
        # (status, format, date, has a place, place key, participant keys): members that agree
        # on these answer every compatibility question alike, so one check stands for all.
        self.signatures: set[tuple[str, str, str | None, bool, str | None, frozenset[str]]] = set()
        self.participant_sets: Counter[frozenset[str]] = Counter()

    def add(self, record: AnyRecord) -> None:
        assert isinstance(record, Meeting)
        keys = participant_keys(record)
        self.articles.add(record.evidence[0].article_id)
        place = name_key(record.location) if record.location else None
        self.signatures.add((record.status, record.format, record.date, bool(record.location), place, keys))
        self.participant_sets[keys] += 1

    def compatible(self, record: AnyRecord) -> bool:
        assert isinstance(record, Meeting)
        if record.evidence[0].article_id in self.articles:
            return False  # the engine already merged one article's mentions; it kept these apart
        ours, place = _meeting_probe(record)
        for status, fmt, date, has_place, their_place, theirs in self.signatures:
            if record.status != status:
                return False
            if "unknown" not in (record.format, fmt) and record.format != fmt:
                return False
            if not dates_compatible(record.date, date):
                return False
            if record.location and has_place and place != their_place:
                return False
            if not (ours <= theirs or theirs <= ours):
                return False
            if len(min(ours, theirs, key=len)) < 2:
                same_place = bool(record.location) and has_place
                same_day = bool(record.date and date and len(record.date) == 10 and record.date == date)
                if not (same_place or same_day):
                    return False
        return True

    def score(self, record: AnyRecord) -> int:
        assert isinstance(record, Meeting)
        ours = _meeting_probe(record)[0]
        return sum(count * len(keys & ours) for keys, count in self.participant_sets.items())


def _meeting_probe(record: Meeting) -> tuple[frozenset[str], str | None]:
    """A mention's participant keys and place key, computed once while it is compared with
    every candidate cluster (the memo holds the mention, so it never answers for another)."""
    memo = _PROBE[0]
    if memo is not None and memo[0] is record:
        return memo[1]
    probe = (participant_keys(record), name_key(record.location) if record.location else None)
    _PROBE[0] = (record, probe)
    return probe


_PROBE: list[tuple[Meeting, tuple[frozenset[str], str | None]] | None] = [None]


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


class _StatementSummary:
    """A statement cluster is compared through its first member only."""

    def __init__(self) -> None:
        self.first: list[AnyRecord] = []

    def add(self, record: AnyRecord) -> None:
        if not self.first:
            self.first.append(record)

    def compatible(self, record: AnyRecord) -> bool:
        return _statement_compatible(self.first, record)

    def score(self, record: AnyRecord) -> int:
        return 0


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


def _facility_compatible(cluster: list[AnyRecord], record: AnyRecord) -> bool:
    assert isinstance(record, MilitaryFacility)
    ours = facility_key_set((record.name, *record.aliases))
    return any(
        isinstance(other, MilitaryFacility) and ours & facility_key_set((other.name, *other.aliases))
        for other in cluster
    )


def _facility_score(cluster: list[AnyRecord], record: AnyRecord) -> int:
    assert isinstance(record, MilitaryFacility)
    return sum(len(facility_keys(record) & facility_keys(f)) for f in cluster if isinstance(f, MilitaryFacility))


class _FacilitySummary:
    """How many members of a facility cluster carry each name key."""

    def __init__(self) -> None:
        self.members_with_key: Counter[str] = Counter()

    def add(self, record: AnyRecord) -> None:
        assert isinstance(record, MilitaryFacility)
        self.members_with_key.update(facility_keys(record))

    def compatible(self, record: AnyRecord) -> bool:
        assert isinstance(record, MilitaryFacility)
        return any(key in self.members_with_key for key in facility_keys(record))

    def score(self, record: AnyRecord) -> int:
        assert isinstance(record, MilitaryFacility)
        return sum(self.members_with_key[key] for key in facility_keys(record) if key in self.members_with_key)


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
    return _same_agreement_keys(_agreement_identity(a), _agreement_identity(b))


# (party keys, date signed, type, facility keys, duration, title key or None): all that decides
# whether two agreements are one.
_AgreementIdentity = tuple[frozenset[str], str | None, str, frozenset[str], float | None, str | None]


def _agreement_identity(a: Agreement) -> _AgreementIdentity:
    return (
        name_set(tuple(a.parties)),
        a.date_signed,
        a.agreement_type,
        facility_key_set(tuple(a.facilities)),
        a.duration_years,
        name_key(a.title) if a.title else None,
    )


def _same_agreement_keys(a: _AgreementIdentity, b: _AgreementIdentity) -> bool:
    parties_a, date_a, type_a, facilities_a, duration_a, title_a = a
    parties_b, date_b, type_b, facilities_b, duration_b, title_b = b
    if parties_a and parties_b and not (parties_a <= parties_b or parties_b <= parties_a):
        return False
    if not dates_compatible(date_a, date_b):
        return False
    if "other" not in (type_a, type_b) and type_a != type_b:
        return False
    if title_a is not None and title_b is not None and title_a != title_b and not (facilities_a & facilities_b):
        # Two named agreements with different names ("arms sales agreement", "strategic economic
        # partnership") signed the same day by the same parties are two agreements, unless they
        # cover the same facility.
        return False
    shared_facility = bool(facilities_a & facilities_b)
    same_duration = duration_a is not None and duration_a == duration_b
    same_title = title_a is not None and title_a == title_b
    same_date = bool(date_a and date_a == date_b)
    return shared_facility or same_duration or same_title or (same_date and bool(parties_a & parties_b))


class _AgreementSummary:
    """The distinct identities of an agreement cluster's members, and how many carry each facility."""

    def __init__(self) -> None:
        self.identities: set[_AgreementIdentity] = set()
        self.members_with_facility: Counter[str] = Counter()

    def add(self, record: AnyRecord) -> None:
        assert isinstance(record, Agreement)
        self.identities.add(_agreement_identity(record))
        self.members_with_facility.update(set(record.facilities))

    def compatible(self, record: AnyRecord) -> bool:
        assert isinstance(record, Agreement)
        ours = _agreement_identity(record)
        return all(_same_agreement_keys(ours, theirs) for theirs in self.identities)

    def score(self, record: AnyRecord) -> int:
        assert isinstance(record, Agreement)
        return sum(self.members_with_facility[f] for f in set(record.facilities) if f in self.members_with_facility)


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
    """The definition, member by member; ``summary`` answers the same without the members."""
    score: Callable[[list[AnyRecord], AnyRecord], int]
    blocking_keys: Callable[[AnyRecord], tuple[set[str], set[str]]]
    build: Callable[[list[AnyRecord]], Any]
    summary: Callable[[], ClusterSummary]
    component_keys: Callable[[AnyRecord], set[str]]
    """The keys that join mentions into one block of the on-disk merge."""


_SUMMARY: dict[type, Callable[[], ClusterSummary]] = {
    Meeting: _MeetingSummary,
    Statement: _StatementSummary,
    MilitaryFacility: _FacilitySummary,
    Agreement: _AgreementSummary,
}
RULES: dict[type, TypeRules] = {
    kind: TypeRules(
        _COMPATIBLE[kind], _SCORE[kind], BLOCKING_KEYS[kind], _BUILD[kind], _SUMMARY[kind], COMPONENT_KEYS[kind]
    )
    for kind in _BUILD
}
