"""Blocking keys: where a mention looks for clusters it may join, and where it files the cluster.

Two mentions can only be one thing when they share a key, so each mention is compared only
with the clusters filed under its keys (and the on-disk merge keeps key-connected mentions in
one block). The keys are as narrow as compatibility allows: a key that every mention of a
country or a month shares would make the merge compare each mention with a growing number
of clusters.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from extractor._engine import AnyRecord
from extractor._text import facility_key, name_key
from schema import Agreement, Meeting, MilitaryFacility, Statement


def participant_keys(meeting: Meeting) -> frozenset[str]:
    return name_set(tuple(actor.name for actor in meeting.participants))


@lru_cache(maxsize=65536)
def name_set(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(name_key(name) for name in names)


def facility_keys(facility: MilitaryFacility) -> set[str]:
    return set(facility_key_set((facility.name, *facility.aliases)))


@lru_cache(maxsize=65536)
def facility_key_set(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(facility_key(name) for name in names)


def _meeting_keys(record: AnyRecord) -> tuple[set[str], set[str]]:
    """Where a meeting looks for clusters, and where it files the cluster it joins.

    The base is a pair of participants (a single name only for a one-party mention or one
    that can anchor on place or day) and the status, both of which must match; the date
    refines it (``_by_date``). Every compatible cluster has a member filed under one of the
    keys looked up, so no compatible cluster is missed.
    """
    assert isinstance(record, Meeting)
    bases = _meeting_bases(record)
    # Places must agree where both are given: a placed mention looks at clusters with its
    # place or with no place yet; an unplaced one at every cluster ("@*").
    if record.location:
        place = f"@{name_key(record.location)}"
        look_bases = {f"{b}\x1f{p}" for b in bases for p in (place, "@none")}
        filed_bases = {f"{b}\x1f{p}" for b in bases for p in (place, "@*")}
    else:
        look_bases = {f"{b}\x1f@*" for b in bases}
        filed_bases = {f"{b}\x1f{p}" for b in bases for p in ("@none", "@*")}
    look, _ = _by_date(look_bases, record.date)
    _, filed = _by_date(filed_bases, record.date)
    return look, filed


def _meeting_bases(record: Meeting) -> set[str]:
    names = sorted(participant_keys(record))
    bases = {f"{a}\x1f{b}" for i, a in enumerate(names) for b in names[i + 1 :]}
    if len(names) == 1 or record.location or (record.date and len(record.date) == 10):
        bases |= {f"solo\x1f{name}" for name in names}
    return {f"{record.status}\x1f{base}" for base in bases}


def _by_date(bases: set[str], date: str | None) -> tuple[set[str], set[str]]:
    """Keys refined by a date that must be compatible (one a prefix of the other).

    A dated mention looks only at clusters with a member that is undated, or dated at a
    coarser precision that contains its date, or (down to its own precision) within its
    date; an undated one looks at every cluster of its bases ("*"). Without the day, every
    mention of a pair in one month would be compared with every cluster of that month.
    """
    if date is None:
        look = {"*"}
        filed = {"*", "none"}
    elif len(date) == 4:
        look = {"none", f"Y:{date}"}
        filed = {"*", f"Y:{date}", f"Yonly:{date}"}
    elif len(date) == 7:
        look = {"none", f"Yonly:{date[:4]}", f"M:{date}"}
        filed = {"*", f"Y:{date[:4]}", f"M:{date}", f"Monly:{date}"}
    else:
        look = {"none", f"Yonly:{date[:4]}", f"Monly:{date[:7]}", f"D:{date}"}
        filed = {"*", f"Y:{date[:4]}", f"M:{date[:7]}", f"D:{date}"}
    return {f"{b}\x1f{k}" for b in bases for k in look}, {f"{b}\x1f{k}" for b in bases for k in filed}


def _statement_keys(record: AnyRecord) -> set[str]:
    assert isinstance(record, Statement)
    return {f"{record.evidence[0].article_id}\x1f{name_key(record.speaker.name)}"}


def _facility_blocking_keys(record: AnyRecord) -> set[str]:
    assert isinstance(record, MilitaryFacility)
    return facility_keys(record)


def _agreement_keys(record: AnyRecord) -> tuple[set[str], set[str]]:
    """One key per way two agreements can be one (see ``_same_agreement_keys``): a shared
    facility, the same duration, the same title, or the same signing date and a shared party;
    refined by the signing date, which must be compatible. A party alone is not a key: every
    agreement of a country would be compared with every other."""
    assert isinstance(record, Agreement)
    ways = _agreement_ways(record)
    if not ways:
        # Undated, with no facility, duration or title: nothing can be the same agreement, so
        # a key of its own (a shared empty key would compare all such mentions with each other).
        alone = {f"alone\x1f{record.evidence[0].article_id}\x1f{record.id}"}
        return alone, alone
    return _by_date(ways, record.date_signed)


def _agreement_ways(record: Agreement) -> set[str]:
    keys = {f"facility:{facility_key(f)}" for f in record.facilities}
    if record.title:
        keys.add(f"title:{name_key(record.title)}")
    if record.duration_years is not None:
        keys.add(f"duration:{record.duration_years}")
    if record.date_signed:
        keys |= {f"party:{name_key(p)}\x1fsigned:{record.date_signed}" for p in record.parties}
    return keys


def _meeting_components(record: AnyRecord) -> set[str]:
    # Every meeting of a base files its cluster under "base *", so mentions connect through
    # their bases alone; the dates and places that narrow the lookup add no connection.
    assert isinstance(record, Meeting)
    return {f"{base}\x1f*" for base in _meeting_bases(record)}


def _agreement_components(record: AnyRecord) -> set[str]:
    # Every party, facility, title and duration: rows of one identity (parties, signing date,
    # facilities) must meet in one block, or the on-disk merge could not make their ids unique.
    assert isinstance(record, Agreement)
    keys = {f"party:{name_key(p)}" for p in record.parties}
    keys |= {f"facility:{facility_key(f)}" for f in record.facilities}
    if record.title:
        keys.add(f"title:{name_key(record.title)}")
    if record.duration_years is not None:
        keys.add(f"duration:{record.duration_years}")
    if not record.parties and not record.facilities:
        keys.add("no-party-no-facility")
    return keys


def _lookup_keys(record: AnyRecord) -> set[str]:
    look, filed = BLOCKING_KEYS[type(record)](record)
    return look | filed


def _same_keys(keys: Callable[[AnyRecord], set[str]]) -> Callable[[AnyRecord], tuple[set[str], set[str]]]:
    def both(record: AnyRecord) -> tuple[set[str], set[str]]:
        found = keys(record)
        return found, found

    return both


BLOCKING_KEYS: dict[type, Callable[[AnyRecord], tuple[set[str], set[str]]]] = {
    Meeting: _meeting_keys,
    Statement: _same_keys(_statement_keys),
    MilitaryFacility: _same_keys(_facility_blocking_keys),
    Agreement: _agreement_keys,
}

COMPONENT_KEYS: dict[type, Callable[[AnyRecord], set[str]]] = {
    Meeting: _meeting_components,
    Statement: _lookup_keys,
    MilitaryFacility: _lookup_keys,
    Agreement: _agreement_components,
}
"""Keys that join mentions into the blocks of the on-disk merge. They connect whatever the
lookup keys connect (so no block splits a possible cluster), and are the coarser keys the blocks
were named by before the lookup was narrowed, so blocks, and the order of rows, stay the same."""

__all__ = [
    "BLOCKING_KEYS",
    "COMPONENT_KEYS",
    "facility_key_set",
    "facility_keys",
    "name_set",
    "participant_keys",
]
