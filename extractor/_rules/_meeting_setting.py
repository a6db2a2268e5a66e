"""Where and when a meeting took place: places after "in"/"at"/"visit", capitals, venues, the
dateline city, and the date closest to the verb or the lead's day."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from extractor._countries import adjective_codes, country_code, country_name
from extractor._rules._actors import ActorMatch, find_actors
from extractor._rules._context import RuleContext
from extractor._rules._dates import DateMatch, find_dates, lead_event_date
from extractor._rules._names import collective_name
from extractor._rules._text import dateline_places
from extractor._rules._vocabulary import words
from extractor._text import Span
from schema import Actor, MeetingFormat, MeetingStatus


class MeetingSetting(Protocol):
    """The parts of a meeting draft that the place and date passes read and fill."""

    participants: list[ActorMatch]
    location: str | None
    status: MeetingStatus
    format: MeetingFormat
    date: str | None
    date_text: str | None
    evidence: list[Span]

    def names(self) -> set[str]: ...


_NOT_PLACES = frozenset(
    words(
        """January February March April May June July August September October November December Monday Tuesday
        Wednesday Thursday Friday Saturday Sunday The A An His Her Their Its This That"""
    )
)
# "in Moscow", "at the Kremlin", "in the capital Brasilia", "in the Ethiopian capital"
# "the city of Wuhan", "the Chinese city of Wuhan": the adjective qualifies the kind, the place follows "of"
_PLACE_KIND = (
    r"(?:(?:[A-Z][\w'’-]+\s+(?=(?:capital|city|port|town)\s+(?:city\s+)?of\b))?"
    r"(?:capital|city|port|town)(?:\s+(?:city\s+)?of)?\s+)?"
)
_PLACE = re.compile(
    rf"\b(?:in|at)\s+(?:the\s+)?(?:(?P<adjective>[A-Z][\w'’-]+)\s+capital\b|{_PLACE_KIND}"
    r"(?P<place>[A-Z][\w'’-]+(?:\s+(?:of\s+)?[A-Z][\w'’-]+){0,2}))"
)
_VISIT_PLACE = re.compile(rf"[ \t]*(?:to\s+)?(?:the\s+)?{_PLACE_KIND}(?P<place>[A-Z][\w-]+(?:\s+[A-Z][\w-]+){{0,2}})")
# A building, not a city: "the Great Hall of the People", "the Malacanang presidential palace"
_VENUE = re.compile(
    r"\b(?:hall|palace|house|museum|cent(?:re|er)|hotel|building|castle|residence|embassy|headquarters|"
    r"office|square|pavilion|villa|estate|resort|stadium|auditorium|complex)\b",
    re.IGNORECASE,
)
_DATELINE_CITY = re.compile(r"(?m)^(?P<city>[A-Z][A-Z'’.-]+(?:\s[A-Z][A-Z'’.-]+){0,3})(?:,\s*[A-Z][\w .]{2,30})?"
                            r"\s*(?:\([^)]{1,40}\)\s*)?[-–—]\s")  # fmt: skip


def place_near(ctx: RuleContext, start: int, end: int, actors: list[ActorMatch]) -> str | None:
    """The first "in Moscow" / "at the Kremlin" in ``[start, end)`` that is not a date or an actor."""
    for match in _PLACE.finditer(ctx.text, start, end):
        if match.group("adjective"):
            code = country_code(match.group("adjective"))
            capital = capital_of(code) if code and match.group("adjective") in adjective_codes() else None
            if capital:
                return capital
            continue
        place = match.group("place")
        if place.split()[0] in _NOT_PLACES:
            continue
        # "the Chinese embassy in Manila" names the embassy; "a delegation in Santiago" says where it was
        if any(a.start <= match.start("place") < a.end and place.split()[0] in a.actor.name for a in actors):
            continue
        if _is_person(ctx, match.start("place"), match.end("place")):
            continue  # "at Erdogan's invitation", "in Marcos's words": a person is never the place
        return place.rstrip(".")
    return None


def _is_person(ctx: RuleContext, start: int, end: int) -> bool:
    """True when a person the article names is mentioned at ``[start, end)`` (or the words are their name)."""
    found = [a for a in find_actors(ctx, max(0, start - 40), end + 40) if a.kind == "person"]
    return any(a.start < end and start < a.end for a in found) or bool(re.match(r"['’]s\b", ctx.text[end : end + 3]))


# "during an Oval Office meeting with", "a State House meeting": the venue named before the meeting noun
_VENUE_BEFORE = re.compile(r"(?P<venue>(?:[A-Z][\w'’-]+\s+){1,3})$")


def venue_before(ctx: RuleContext, position: int) -> str | None:
    """The building that qualifies a meeting noun at ``position`` ("an Elysee Palace meeting")."""
    match = _VENUE_BEFORE.search(ctx.text, max(0, position - 50), position)
    if match is None:
        return None
    venue = match.group("venue").strip()
    if not _VENUE.search(venue.split()[-1]) or _is_person(ctx, match.start("venue"), match.end("venue")):
        return None
    return venue


def capital_of(code: str) -> str | None:
    """The capital city of the country ``code`` ("ETH" -> "Addis Ababa")."""
    from extractor._countries import _lookup_tables

    return next((city for city, owner in _lookup_tables()[2].items() if owner == code), None)


def is_venue(ctx: RuleContext, place: str, position: int) -> bool:
    """True for a building ("Great Hall", "Malacanang" followed by "presidential palace"), not a city."""
    after = ctx.text[position : position + 30]
    return bool(_VENUE.search(place)) or bool(re.match(r"\s+(?:[a-z]+\s+)?" + _VENUE.pattern, after, re.IGNORECASE))


def dateline_city(ctx: RuleContext) -> str | None:
    """The city of a wire dateline ("RIO DE JANEIRO (Reuters) -"), spelt as the body spells it."""
    match = _DATELINE_CITY.search(ctx.text, 0, min(len(ctx.text), 600))
    if match is None:
        return None
    city = match.group("city")
    body = re.search(re.escape(city), ctx.text[match.end() :], re.IGNORECASE)
    if body is not None and not body.group().isupper():
        return body.group()
    return " ".join(w if w.lower() in ("de", "da", "do", "al", "el") else w.capitalize() for w in city.lower().split())


def visit_place(ctx: RuleContext, position: int) -> str | None:
    """The place right after "visit"/"visited"/"trip to" ("visit Russia")."""
    match = _VISIT_PLACE.match(ctx.text, position)
    if match is None or match.group("place").split()[0] in _NOT_PLACES:
        return None
    place = match.group("place")
    if re.match(r"['’]s\b", ctx.text[match.end("place") : match.end("place") + 3]):
        return None  # "visited Syria's new rulers": a possessor, not the place visited
    # "the visiting Pakistan PM Imran Khan": a name (or the title before it) is no place
    actors = find_actors(ctx, match.start("place"), match.end("place") + 60)
    return None if any(a.start <= match.end("place") for a in actors) else place


def date_near(ctx: RuleContext, sentence: Span, position: int) -> DateMatch | None:
    """The date expression closest to the trigger; "since 2022" and "until March" describe something else."""
    candidates = []
    for match in find_dates(ctx, sentence.start, sentence.end):
        before = ctx.text[max(sentence.start, match.start - 8) : match.start].lower()
        if re.search(r"\b(?:since|until|till|before|by)\s*$", before) or re.search(
            r"^(?:since|until)", match.text.lower()
        ):
            continue
        if re.search(
            r"\bsince\s+[a-z]+ing\b[^,;]{0,40}$", ctx.text[max(sentence.start, match.start - 60) : match.start]
        ):
            continue  # "since returning to office in 2023": the date of something else
        distance = match.start - position if match.start >= position else (position - match.end) * 1.5
        candidates.append((distance, match))
    return min(candidates, key=lambda item: item[0])[1] if candidates else None


def locate_from_lead(ctx: RuleContext, drafts: Sequence[MeetingSetting]) -> None:
    """A held meeting with no place takes the place the headline or lead gives its participants."""
    for draft in drafts:
        if draft.location is not None or draft.status != "held" or draft.format != "in_person":
            continue
        for sentence in ctx.sentences[:2]:
            actors = find_actors(ctx, sentence.start, sentence.end)
            if {a.actor.name for a in actors} & draft.names():
                draft.location = place_near(ctx, sentence.start, sentence.end, actors)
                if draft.location:
                    break


_EARLIER = re.compile(r"\b(?:had\s+(?:met|held|hosted|visited|received|spoken)|earlier|previously|last\s+(?:week|"
                      r"month|year)|ago|in\s+the\s+past|former|then-)\b", re.IGNORECASE)  # fmt: skip


def date_from_lead(ctx: RuleContext, drafts: Sequence[MeetingSetting]) -> None:
    """A held meeting the article gives no date for is part of the lead's event ("Xi later held talks
    with ...", "On the sidelines, X met Y"): it takes the lead's day, unless told it was earlier."""
    undated = [d for d in drafts if d.date is None and d.status == "held"]
    lead = lead_event_date(ctx) if undated else None
    if lead is None or lead.value is None:
        return
    for draft in undated:
        if not any(_EARLIER.search(s.text_of(ctx.text)) for s in draft.evidence):
            draft.date, draft.date_text = lead.value, lead.text


def locate_at_dateline_host(ctx: RuleContext, drafts: Sequence[MeetingSetting]) -> None:
    """A held meeting with no place between a side of the dateline's country and a side of another
    ("HANOI, Vietnam - ... Esper met with several top officials") took place in the dateline city: the
    visitor came to the hosts. Run before the lead's place, which may be the topic ("in the South China Sea")."""
    places = article_dateline(ctx)
    code = next((c for p in places if (c := country_code(p)) is not None), None)
    city = dateline_city(ctx)
    if code is None or city is None:
        return
    for draft in drafts:
        if draft.location is not None or draft.status != "held" or draft.format != "in_person":
            continue
        countries = {m.actor.country for m in draft.participants}
        if code in countries and len(countries - {code, None}) >= 1:
            draft.location = city


_SIDELINES = re.compile(r"\bsidelines\b", re.IGNORECASE)


def locate_in_dateline_city(ctx: RuleContext, drafts: Sequence[MeetingSetting]) -> None:
    """A held meeting at a building ("at the Great Hall") or on a summit's sidelines, in an article
    datelined from a city, took place in that city: "Great Hall, Beijing"."""
    city = dateline_city(ctx)
    if city is None:
        return
    for draft in drafts:
        if draft.status != "held" or draft.format != "in_person":
            continue
        if draft.location is None:
            if any(_SIDELINES.search(s.text_of(ctx.text)) for s in draft.evidence):
                draft.location = city
            continue
        if city.lower() in draft.location.lower():
            continue
        for span in draft.evidence:
            at = ctx.text.find(draft.location, span.start, span.end)
            if at >= 0 and is_venue(ctx, draft.location, at + len(draft.location)):
                draft.location = f"{draft.location}, {city}"
                break


# "met with several top government officials": a counterpart the article leaves unnamed
_UNNAMED_GROUP = re.compile(
    r"\s+(?:with\s+)?(?:(?:several|senior|top|local|government|other|military|defen[cs]e|security|high-ranking|"
    r"the|a|group\s+of)\s+){0,4}(?P<noun>officials|leaders|ministers|authorities|delegation|delegates|"
    r"representatives|commanders|lawmakers|counterparts)\b",
    re.IGNORECASE,
)


def article_dateline(ctx: RuleContext) -> list[str]:
    """The dateline's place words, on the first line or, below a headline, on the second ("HANOI, Vietnam (AP) -")."""
    lines = ctx.text[:600].split("\n")[:3]
    offset = 0
    for line in lines:
        places = dateline_places(ctx.text[offset:])
        if places:
            return places
        offset += len(line) + 1
    return []


def unnamed_counterpart(
    ctx: RuleContext, named: ActorMatch, position: int, clause: tuple[int, int]
) -> ActorMatch | None:
    """ "X met with several top officials in Hanoi": the group the verb at ``position`` takes as object,
    of the country where they met (named in the clause, else the dateline's) when that is not X's own."""
    group = _UNNAMED_GROUP.match(ctx.text, position, clause[1])
    if group is None:
        return None
    place = place_near(ctx, clause[0], clause[1], [named])
    places = [place] if place else article_dateline(ctx)
    code = next((c for p in places if (c := country_code(p)) is not None), None)
    if code is None or code == named.actor.country:
        return None
    name, code = collective_name(country_name(code), group.group("noun"))
    return ActorMatch(Actor(name=name, country=code), group.start("noun"), group.end("noun"), "organisation")
