"""Meeting drafts and how the reports of one meeting in an article become one record.

Two drafts are one meeting when their status, date, format and place agree and their people
overlap (one side reported through a collective, the other by name, counts too); a lone visitor's
trip is folded into the meeting they hold at its place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor._countries import country_code
from extractor._rules._actors import ActorMatch
from extractor._rules._vocabulary import is_country_name
from extractor._text import Span
from schema import MeetingFormat, MeetingStatus

__all__ = ["Draft", "fold_lone_visits", "merge_or_add", "unique"]


@dataclass
class Draft:
    """A meeting as read so far, before it becomes a record."""

    participants: list[ActorMatch]
    sentence: Span
    index: int
    format: MeetingFormat
    status: MeetingStatus
    location: str | None
    date: str | None
    date_text: str | None
    confidence: float
    evidence: list[Span] = field(default_factory=list)
    # "meet X and with Y's ministers": the second meeting the same verb reports
    companion: Draft | None = None
    separate: bool = False  # a companion is its own meeting: never merged with the verb's first one
    one_sided: bool = False  # no second party in its sentence: a record only if a neighbour names one

    def names(self) -> set[str]:
        return {m.actor.name for m in self.participants}


def unique(matches: list[ActorMatch]) -> list[ActorMatch]:
    seen: dict[str, ActorMatch] = {}
    for match in matches:
        seen.setdefault(match.actor.name, match)
    return list(seen.values())


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _same_meeting(a: Draft, b: Draft) -> bool:
    if a.separate or b.separate:
        return False
    # "postponed a trip to Beijing ... had been expected to meet Qin": the plan is the cancelled trip
    if ({a.status, b.status} != {"planned", "cancelled"} and a.status != b.status) or not _compatible(a.date, b.date):
        return False
    if a.format != b.format and "unknown" not in (a.format, b.format):
        return False
    if a.location and b.location and a.location != b.location and not _country_and_place(a.location, b.location):
        return False
    people_a = {m.actor.name for m in a.participants if m.kind == "person"}
    people_b = {m.actor.name for m in b.participants if m.kind == "person"}
    if people_a and people_b and (people_a <= people_b or people_b <= people_a) and len(people_a & people_b) >= 1:
        return len(people_a | people_b) - len(people_a & people_b) <= 1 or people_a == people_b
    if a.status == b.status == "planned" and len(people_a & people_b) >= 2:
        # "X and Y are in Beijing to meet Xi" ... "He is due to meet Xi, Li and Zhao": one programme, each
        # sentence naming some of its people; two plans of the same pair in one article are one plan
        return True
    # One side reported through collectives ("talks in Damascus with Russian officials") and the
    # next sentence naming the people: the same countries on both sides, sentences adjacent.
    countries_a = {m.actor.country for m in a.participants}
    countries_b = {m.actor.country for m in b.participants}
    collective = any(m.kind != "person" for m in a.participants + b.participants)
    return collective and countries_a == countries_b and None not in countries_a and abs(a.index - b.index) <= 2


def _country_and_place(a: str, b: str) -> bool:
    """ "visit to North Korea" and "in Pyongyang" can be one trip: one side names only the country."""
    if is_country_name(a) == is_country_name(b):
        return False
    # "Beijing" is no place in "India": when the place's country is known it must be that country
    place_code, country = (
        (country_code(b), country_code(a)) if is_country_name(a) else (country_code(a), country_code(b))
    )
    return place_code is None or place_code == country


def merge_or_add(drafts: list[Draft], draft: Draft) -> None:
    for existing in drafts:
        if _same_meeting(existing, draft):
            if "cancelled" in (existing.status, draft.status):
                existing.status = "cancelled"
            if existing.location and draft.location and is_country_name(existing.location):
                existing.location = draft.location
            people = {m.actor.country for m in existing.participants + draft.participants if m.kind == "person"}
            merged = unique(existing.participants + draft.participants)
            existing.participants = [m for m in merged if m.kind == "person" or m.actor.country not in people]
            existing.evidence.extend(s for s in draft.evidence if s not in existing.evidence)
            existing.location = existing.location or draft.location
            if draft.date and (existing.date is None or len(draft.date) > len(existing.date)):
                existing.date, existing.date_text = draft.date, draft.date_text
            existing.format = existing.format if existing.format != "unknown" else draft.format
            existing.confidence = min(1.0, max(existing.confidence, draft.confidence) + 0.05)
            existing.index = max(existing.index, draft.index)
            return
    drafts.append(draft)


def fold_lone_visits(drafts: list[Draft], text: str) -> list[Draft]:
    """ "X is visiting Beijing" and "X and Y are in Beijing to meet Z": the lone visitor's trip is the
    setting of the meeting he has there, not a second event (same person, same place, no other date,
    and the same status or a trip under way)."""
    kept: list[Draft] = []
    for draft in drafts:
        host = (
            next((o for o in drafts if o is not draft and _hosts_visit(o, draft, text)), None)
            if len(draft.participants) == 1
            else None
        )
        if host is None:
            kept.append(draft)
            continue
        host.evidence.extend(s for s in draft.evidence if s not in host.evidence)
    return kept


# "is visiting Beijing", "are in Riyadh", "arrived in Canberra": the trip the planned meetings belong to
_UNDER_WAY = re.compile(r"\b(?:is|are)\s+(?:now\s+)?(?:visiting|in|on\s+a\s+(?:\w+\s+)?visit)\b|\barriv(?:ed|es)\b")


def _hosts_visit(meeting: Draft, visit: Draft, text: str) -> bool:
    if len(meeting.participants) < 2 or not visit.names() <= meeting.names():
        return False
    if meeting.location is None or visit.location is None or not _compatible(meeting.date, visit.date):
        return False
    if meeting.status != visit.status and not any(_UNDER_WAY.search(s.text_of(text)) for s in visit.evidence):
        return False  # "X visited Paris in May" is no part of the meeting X will hold there
    return meeting.location.casefold() == visit.location.casefold()
