"""A meeting's other side named in the sentence next to it.

News often reports a meeting with one side named and gives the other in the following (or
preceding) sentence: "Kenya's foreign minister held talks in Nairobi on Monday. His Ethiopian
counterpart, Gedion Timothewos, said ...", or "The delegation was received at the palace. 'Our
doors are open,' President X told the visitors." When a meeting has only one side, a neighbouring
sentence that speaks of the meeting (or of a counterpart, host or guest) and names a person of
another country gives the second side: the person introduced as the counterpart, else the
sentence's first person (its subject or speaker).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from extractor._rules._actors import ActorMatch, find_actors
from extractor._rules._context import RuleContext
from extractor._rules._meeting_parts import is_political
from extractor._rules._offices import office_mentions
from extractor._rules._vocabulary import sentence_at
from extractor._text import Span

__all__ = ["complete_from_neighbours"]


class OneSided(Protocol):
    """The parts of a meeting draft this pass reads and fills."""

    participants: list[ActorMatch]
    evidence: list[Span]
    one_sided: bool


# The next sentence speaks of this meeting: "the talks", "during the visit", "told the visitors".
_BACK_TO_THE_MEETING = re.compile(
    r"\b(?:the|this|that|their)\s+(?:\w+\s+)?(?:meeting|talks|visit|call|conversation|discussions?|"
    r"visitors?|guests?|delegation|hosts?)\b",
    re.IGNORECASE,
)
# "The meeting came as X warned ...": the sentence dates the meeting by someone else's act
_ONLY_TIMING = re.compile(
    r"\b(?:meeting|talks|visit|call)\s+(?:came|comes|come|took\s+place|was\s+held)\s+(?:as|amid|after|while|days?)\b",
    re.IGNORECASE,
)
# A person introduced by the role they had in the meeting: "his Ethiopian counterpart, X", "their host X".
_COUNTERPART = re.compile(r"\b(?:counterpart|host|guest)s?\b[,\s]*$", re.IGNORECASE)


def complete_from_neighbours(ctx: RuleContext, drafts: Sequence[OneSided]) -> None:
    """Give each one-sided meeting the person of another country its neighbouring sentence names."""
    for draft in drafts:
        countries = {m.actor.country for m in draft.participants}
        if not any(m.kind == "person" or m.actor.country for m in draft.participants):
            continue  # "a meeting of the UN Security Council": a body's session has no counterpart
        if not draft.participants or len(countries - {None}) > 1 or (None in countries and len(draft.participants) > 1):
            continue
        first = sentence_at(ctx, min(span.start for span in draft.evidence))
        last = sentence_at(ctx, max(span.start for span in draft.evidence))
        if first is None or last is None:
            continue
        for neighbour in (last + 1, first - 1):
            # a record that stands alone (a visit to a place) takes only a person introduced as its
            # counterpart; one that would be dropped may also take the subject of a sentence about it
            following = neighbour > last and draft.one_sided
            person = _other_side(ctx, neighbour, draft.participants, following=following)
            if person is not None:
                draft.participants.append(person)
                if ctx.sentences[neighbour] not in draft.evidence:
                    draft.evidence.append(ctx.sentences[neighbour])
                break


_OWNER = re.compile(r"(?P<owner>[A-Z][\w-]+)['’]s\s+(?:[\w-]+\s+){0,2}$")


def _introduced(ctx: RuleContext, person: ActorMatch, start: int, side: set[str]) -> bool:
    """ "his Ethiopian counterpart, X" or "Mudavadi's counterpart X" (Mudavadi one of ``side``); not
    the counterpart of someone else ("Qureshi's Chinese counterpart Wang Yi" beside a UN session)."""
    role = _COUNTERPART.search(ctx.text, max(start, person.start - 40), person.start)
    if role is None:
        return False
    owner = _OWNER.search(ctx.text, max(start, role.start() - 40), role.start())
    return owner is None or any(owner.group("owner") in name.split() for name in side)


def _other_side(ctx: RuleContext, index: int, side: list[ActorMatch], *, following: bool) -> ActorMatch | None:
    if not 0 <= index < len(ctx.sentences):
        return None
    sentence = ctx.sentences[index]
    countries = {m.actor.country for m in side}
    names = {m.actor.name for m in side}
    found = find_actors(ctx, sentence.start, sentence.end) + office_mentions(ctx, sentence.start, sentence.end)
    people = sorted(
        (
            m
            for m in found
            if m.kind == "person"
            and m.actor.name not in names
            and m.actor.country is not None
            and m.actor.country not in countries
        ),
        key=lambda m: m.start,
    )
    if not people:
        return None
    introduced = [m for m in people if _introduced(ctx, m, sentence.start, names)]
    if introduced:
        return introduced[0]
    # otherwise only a following sentence that refers back to the meeting, through its subject or speaker
    body = sentence.text_of(ctx.text)
    if not following or not _BACK_TO_THE_MEETING.search(body) or _ONLY_TIMING.search(body):
        return None
    return people[0] if is_political(ctx, people[0]) else None
