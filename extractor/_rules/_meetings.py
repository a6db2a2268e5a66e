"""Meetings: met, held talks, hosted, visited, received, welcomed, phone and video calls, summits, invitations.

Participants come from the verb's subject and object (or "talks between X and Y"); at least
one must be a political actor (registry entry, titled official, organisation), so a final
between two players is not a meeting. A later sentence about the same meeting ("This
landmark meeting", "During their discussions", "the two leaders exchanged views") adds its
evidence to that meeting instead of creating another.

Real news often names one side only in the meeting's own sentence: a person named by office
("the president") is the holder the article names (``_offices``); a meeting with one side is
kept aside until the next or previous sentence gives the other (``_meeting_across``), and is
dropped if none does. Status comes from tense and modality: "will", "could", "wants to",
"ahead of X's visit" are planned, "called off" and "pulled out of" cancelled.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractor._rules._actors import ActorMatch, find_actors
from extractor._rules._context import RuleContext
from extractor._rules._meeting_across import complete_from_neighbours
from extractor._rules._meeting_merge import Draft, fold_lone_visits, merge_or_add, unique
from extractor._rules._meeting_parts import (
    cancelled,
    group_subject_or_object,
    habitual,
    is_political,
    named_pair_before,
    negated,
    object_after,
    planned,
    subject_before,
    titled_pair,
    two_sides,
)
from extractor._rules._meeting_setting import (
    date_from_lead,
    date_near,
    locate_at_dateline_host,
    locate_from_lead,
    locate_in_dateline_city,
    place_near,
    unnamed_counterpart,
    venue_before,
    visit_place,
)
from extractor._rules._meeting_sides import bodies_after, pronoun_object, separate_group, visiting_party
from extractor._rules._text import make_evidence, mention_id
from extractor._rules._topic import is_off_topic_article, is_sports_sentence
from extractor._rules._vocabulary import clause_bounds
from extractor._text import Span
from schema import Actor, Meeting, MeetingFormat, MeetingStatus

_CALL = r"(?:(?:tele)?phone|video)\s+(?:call|conversation|talks?|conference)|video-?conference|virtual\s+meeting"
_TRIGGERS: list[tuple[str, re.Pattern[str]]] = [
    ("call", re.compile(rf"\b(?:{_CALL})(?:\s+(?:with|between)\b)?|\b(?:call|conversation)\s+(?:with|between)\b|"
                        r"\bspoke\s+(?:by|over\s+the)\s+(?:tele)?phone(?:\s+(?:(?:late|early)\s+)?(?:on|last|this)\s+\w+"
                        r"(?:\s+(?:morning|afternoon|evening|night))?)?\s+(?:with|to)\b|\bphoned\b|"
                        r"\b(?:spoke|talked|talk)\s+(?:over|on|via)\s+(?:a|the)\s+(?:[\w-]+\s+)?hotline\b|"
                        r"\bhotline\s+(?:call|conversation|talks?)\b", re.IGNORECASE)),
    ("sign", re.compile(r"\bsigned\b")),
    ("invite", re.compile(r"\binvit(?:ation|ed|es|ing)\b")),
    ("passive", re.compile(r"\b(?:was|were|is|are|being)\s+(?:hosted|received|welcomed|greeted)\b")),
    ("body", re.compile(r"\b(?:meetings?|summit|session|conference)\s+of\s+(?=(?:the\s+)?[A-Z])")),
    ("noun", re.compile(r"\b(?:talks|meetings?|summit|discussions|negotiations|consultations|conversation)"
                        r"(?:\s+(?:in|at)\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})?\s+(?:with|between)\b",
                        re.IGNORECASE)),
    ("visit", re.compile(r"\b(?:visit(?:ed|s|ing)?|trip\s+to|travel(?:l?ed|s|ling)?\s+(?:on\s+)?to)\b")),
    ("verb", re.compile(r"\b(?:met|meets?|meeting|convene[sd]?)\b(?:\s+with\b)?|"
                        r"\bheld\s+(?:talks|a\s+meeting|discussions)\b(?:\s+with\b)?|\bhold\s+talks\b(?:\s+with\b)?|\b(?:hosted|hosts?|hosting|received|receives|"
                        r"welcomed|welcomes|sat\s+down\s+with)\b")),
]  # fmt: skip
# A later sentence that speaks of a meeting already extracted.
_ANAPHORA = re.compile(
    r"\b(?:(?:this|that|the)\s+(?:\w+\s+)?(?:meeting|talks|visit|call|summit|trip)|(?:their|the)\s+discussions|"
    r"(?:the\s+)?two\s+(?:leaders|sides|presidents)\s+(?:exchanged|discussed|agreed|spoke|also))\b",
    re.IGNORECASE,
)
_BETWEEN = re.compile(r"between\s*$")
_OFFER = re.compile(
    r"\b(?:ready|willing|prepared|offer(?:ed|s|ing)?|could|can|would\s+be\s+happy)\s+"
    r"(?:also\s+)?to\s+(?:host|hold|organi[sz]e|facilitate|mediate)\b[^.;]*$",
    re.IGNORECASE,
)
_BETWEEN_SIDES = re.compile(
    r"\s*(?:the\s+)?(?:two|both)\s+(?:leaders|sides|presidents|ministers|men|"
    r"heads\s+of\s+state|counterparts|delegations)\b",
    re.IGNORECASE,
)
_SUBORDINATE = re.compile(r"\b(?:as|while|whereas|although|though|but|because|without)\b")
_INVITED_VISIT = re.compile(r"\binvit\w*\b[^.;]{0,80}\bto\s+$")
_IN_PERSON = re.compile(r"\b(?:in-person|face-to-face)\s+$", re.IGNORECASE)
_RECIPROCAL = re.compile(r"met\b|meets?\b|meeting\b|held\b|hold\b|convene[sd]?\b")


def extract_meetings(ctx: RuleContext) -> list[Meeting]:
    """Meetings reported in one article, one record per meeting (merged within the article)."""
    if is_off_topic_article(ctx.text):
        return []
    drafts: list[Draft] = []
    one_sided: list[Draft] = []
    for index, sentence in enumerate(ctx.sentences):
        body = sentence.text_of(ctx.text)
        if is_sports_sentence(body):
            continue
        found = [d for d in _drafts_in(ctx, index, sentence, drafts) if d is not None]
        one_sided.extend(d for d in found if d.one_sided)
        found = [d for d in found if not d.one_sided]
        for plan in [d for d in found if d.status == "planned"]:
            # "will travel to Moscow next week for talks with Lavrov": one planned trip; a meeting of other
            # people in the same sentence ("..., unlike when X had visited Y") keeps its own tense
            names = {p.actor.name for p in plan.participants}
            for draft in found:
                if draft.status == "held" and names & {p.actor.name for p in draft.participants}:
                    draft.status = "planned"
        for draft in found:
            merge_or_add(drafts, draft)
        if not found and drafts and _ANAPHORA.search(body):
            last = max(drafts, key=lambda d: d.index)
            if index - last.index <= 4 and sentence not in last.evidence:
                last.evidence.append(sentence)
                last.index = index
    drafts = fold_lone_visits(drafts, ctx.text)
    complete_from_neighbours(ctx, [*drafts, *one_sided])
    for draft in one_sided:
        if len(draft.participants) >= 2:
            draft.one_sided = False
            merge_or_add(drafts, draft)
    locate_at_dateline_host(ctx, drafts)
    locate_from_lead(ctx, drafts)
    locate_in_dateline_city(ctx, drafts)
    date_from_lead(ctx, drafts)
    return [_record(ctx, draft) for draft in drafts]


def _drafts_in(ctx: RuleContext, index: int, sentence: Span, drafts: list[Draft]) -> list[Draft | None]:
    found: list[Draft | None] = []
    taken: list[tuple[int, int]] = []
    one_sided: list[tuple[int, Draft]] = []
    for kind, pattern in _TRIGGERS:
        for match in pattern.finditer(ctx.text, sentence.start, sentence.end):
            if any(s <= match.start() < e for s, e in taken):
                continue
            draft = _draft(ctx, index, sentence, kind=kind, match=match, drafts=drafts)
            if draft is not None and draft.one_sided:
                one_sided.append((match.start(), draft))  # kept only if no other trigger reads this spot
                continue
            if draft is not None:
                taken.append((match.start(), match.end()))
                found.append(draft)
                if draft.companion is not None:
                    found.append(draft.companion)
                    draft.companion = None
    found.extend(d for start, d in one_sided if not any(s <= start < e for s, e in taken))
    return found


def _draft(
    ctx: RuleContext, index: int, sentence: Span, *, kind: str, match: re.Match[str], drafts: list[Draft]
) -> Draft | None:
    clause = clause_bounds(ctx.text, sentence, match.start())
    if negated(ctx, match.start(), clause) or habitual(ctx, match.end(), clause):
        return None
    if _OFFER.search(ctx.text[max(clause[0], match.start() - 60) : match.start()]):
        return None  # "ready to host peace talks": an offer, not a meeting
    previous = drafts[-1].participants if drafts else []
    single_ok = False
    location: str | None = None
    companion: list[ActorMatch] = []
    if kind == "body":
        # "meetings of the IMF and World Bank": the bodies meet; one body alone is a session, not a meeting
        participants = bodies_after(ctx, match.end(), clause)
        if len(participants) < 2:
            return None
        status: MeetingStatus = _worded_status(ctx, index, match, clause, noun=True)
    elif kind == "invite":
        # "an invitation to X to visit Russia": a planned visit by the invited party.
        visit = re.compile(r"\bto\s+visit\b").search(ctx.text, match.end(), min(clause[1], match.end() + 120))
        if visit is None:
            return None
        participants = object_after(ctx, match.end(), clause, limit=50)
        if participants:
            participants = participants + subject_before(ctx, match.start(), clause)  # the host who invites
        location = visit_place(ctx, visit.end())
        single_ok = location is not None
        status = "planned"
    elif kind == "visit" and (guests := visiting_party(ctx, match, clause)):
        # "X told visiting Ukrainian officials": the visitors met the subject of the verb that governs them
        participants = guests
        status = _worded_status(ctx, index, match, clause, noun=False)
    else:
        read = _subject_and_object(ctx, index, kind=kind, match=match, clause=clause, previous=previous)
        if read is None:
            return None
        participants, status, location, single_ok, companion = read
    participants = [p for p in unique(participants) if is_political(ctx, p) or len(participants) > 1]
    if not any(is_political(ctx, p) for p in participants):
        return None
    one_sided = len(participants) < 2 and not single_ok
    if one_sided and kind not in ("verb", "noun", "passive", "call", "visit"):
        return None  # one side only: kept for now, in case the next sentence names the other
    fmt = _format(kind, match.group())
    if fmt == "unknown" and _IN_PERSON.search(ctx.text, max(clause[0], match.start() - 20), match.start()):
        fmt = "in_person"  # "one in-person meeting with him"
    if fmt in ("phone_call", "video_call"):
        location = None  # "a video call ... about the war in Ukraine": a call has no meeting place
    else:
        location = location or place_near(ctx, clause[0], clause[1], participants)
        if kind in ("noun", "verb") and not location:
            location = venue_before(ctx, match.start())
    if fmt == "unknown" and location is not None:
        fmt = "in_person"
    date = date_near(ctx, sentence, match.start())
    status = _dated_status(ctx, status, date.value if date else None)
    confidence = 0.85 if kind in ("verb", "passive", "call") else 0.7
    confidence -= 0.1 if any(p.kind != "person" for p in participants) else 0.0
    draft = Draft(
        participants, sentence, index, fmt, status, location,
        date.value if date else None, date.text if date and date.value else None,
        round(confidence, 3), [sentence], one_sided=one_sided,
    )  # fmt: skip
    if companion:
        draft.companion = replace(draft, participants=companion, evidence=[sentence], separate=True)
    return draft


_Read = tuple[list[ActorMatch], MeetingStatus, "str | None", bool, list[ActorMatch]]


def _subject_and_object(
    ctx: RuleContext,
    index: int,
    *,
    kind: str,
    match: re.Match[str],
    clause: tuple[int, int],
    previous: list[ActorMatch],
) -> _Read | None:
    """The parties of a verb or noun trigger (its subject and object, widened or completed), its
    status, the place a visit names, whether one party may stand alone, and a separate second meeting."""
    location: str | None = None
    single_ok = False
    subject = subject_before(ctx, match.start(), clause)
    if not subject and two_sides(ctx, match.start(), clause, previous):
        subject = list(previous)
    obj = _object_of(ctx, index, kind=kind, match=match, clause=clause, previous=previous)
    guests = frozenset(o.actor.name for o in obj)
    if subject and obj and {s.actor.name for s in subject} <= guests:
        # "he was received by Albanese": the pronoun is someone other than the host
        subject = subject_before(ctx, match.start(), clause, exclude=guests)
    if not obj and subject and kind in ("verb", "noun", "call"):
        obj = pronoun_object(ctx, match.end(), clause, subject)  # "he had a meeting with him"
    if not subject and obj:
        subject = _participle_subject(ctx, match.start(), obj[-1].end, clause)
    if kind == "noun" and _BETWEEN.search(match.group()):
        subject = []
    if kind == "visit":
        if _INVITED_VISIT.search(ctx.text, clause[0], match.start()):
            return None  # "invited X to visit Y": the invitation made the record
        location = visit_place(ctx, match.end())
        single_ok = location is not None and (bool(subject) or bool(obj))
    if kind == "verb" and not obj and not _RECIPROCAL.match(match.group()):
        return None  # "welcomed the decision": hosting and receiving need a guest
    subject, obj = (_signatories(subject), []) if kind == "sign" else (subject, obj)
    group = separate_group(ctx, obj[-1].end, clause) if obj and subject and kind in ("verb", "noun") else None
    companion = [*subject, group] if group is not None else []
    participants = _widened(ctx, unique(subject + obj), kind=kind, match=match, clause=clause)
    if len(participants) < 2 and kind != "visit":
        participants = _completed(ctx, participants, match, clause)
    noun = kind in ("noun", "call") or match.group() in ("visit", "trip to")  # "ahead of X's visit"
    status = _worded_status(ctx, index, match, clause, noun=noun)
    return participants, status, location, single_ok, companion


def _completed(
    ctx: RuleContext, participants: list[ActorMatch], match: re.Match[str], clause: tuple[int, int]
) -> list[ActorMatch]:
    """One named side: the pair of titles in the clause, or the unnamed group the verb takes as object."""
    pair = titled_pair(ctx, clause[0], match.start())
    if pair or len(participants) != 1:
        return pair or participants
    counterpart = unnamed_counterpart(ctx, participants[0], match.end(), clause)
    return [*participants, counterpart] if counterpart is not None else participants


def _worded_status(
    ctx: RuleContext, index: int, match: re.Match[str], clause: tuple[int, int], *, noun: bool
) -> MeetingStatus:
    """Held, planned or cancelled from the tense and modality around the trigger."""
    status: MeetingStatus = "planned" if planned(ctx, match.start(), match.end(), clause, noun=noun) else "held"
    if cancelled(ctx, clause) or (status == "planned" and _called_off_before(ctx, index, match.start())):
        status = "cancelled"
    return status


def _dated_status(ctx: RuleContext, status: MeetingStatus, value: str | None) -> MeetingStatus:
    """A "held" meeting dated after the article was written (day, month or year precision) has not
    happened yet: it is planned."""
    anchor = ctx.anchor
    if status != "held" or value is None or anchor is None:
        return status
    return "planned" if value > anchor[: len(value)] else status


def _signatories(subject: list[ActorMatch]) -> list[ActorMatch]:
    """ "A and B signed the memorandum in Addis Ababa": people of two countries who met for the signing."""
    people = [m for m in subject if m.kind == "person"]
    countries = {m.actor.country for m in people}
    return people if len(countries) >= 2 and None not in countries else []


_PARTICIPLE_OPENING = re.compile(r"\s*(?:[A-Z][a-z]+ing|After|Following|During)\b[^,;]*$")


def _participle_subject(ctx: RuleContext, start: int, end: int, clause: tuple[int, int]) -> list[ActorMatch]:
    """ "Speaking in Doha after talks with X, Y said ...": the main clause's subject comes after the comma."""
    if not _PARTICIPLE_OPENING.match(ctx.text, clause[0], start):
        return []
    comma = ctx.text.find(",", end, clause[1])
    if comma < 0:
        return []
    return object_after(ctx, comma + 1, clause, limit=50)[:1]


_PAST_PLAN = re.compile(r"\bhad\s+been\s+(?:expected|due|scheduled|set|slated|supposed|planning)\s+to\s+$")


def _called_off_before(ctx: RuleContext, index: int, position: int) -> bool:
    """ "X postponed his trip. He had been expected to meet Y": a plan the article says was called off."""
    start = ctx.sentences[max(0, index - 1)].start
    if not _PAST_PLAN.search(ctx.text, max(start, position - 40), position):
        return False
    return cancelled(ctx, (start, position))


def _object_of(
    ctx: RuleContext,
    index: int,
    *,
    kind: str,
    match: re.Match[str],
    clause: tuple[int, int],
    previous: list[ActorMatch],
) -> list[ActorMatch]:
    if kind == "passive":
        by = re.compile(r"\bby\b").search(ctx.text, match.end(), clause[1])
        return object_after(ctx, by.end(), clause) if by and by.start() - match.end() < 50 else []
    obj = object_after(ctx, match.end(), clause)
    if kind == "noun" and _BETWEEN.search(match.group()) and not obj and _BETWEEN_SIDES.match(ctx.text, match.end()):
        # "talks between the two leaders": the pair the article named last
        return list(previous) or named_pair_before(ctx, index)
    return obj


def _widened(
    ctx: RuleContext, participants: list[ActorMatch], *, kind: str, match: re.Match[str], clause: tuple[int, int]
) -> list[ActorMatch]:
    """Participants the verb's own subject and object miss: "X told Y in a phone call", "leaders met"."""
    if len(participants) >= 2:
        return participants
    if kind == "call":
        return unique(participants + [a for a in find_actors(ctx, clause[0], match.start()) if a.kind == "person"])
    if kind in ("visit", "verb", "noun") and group_subject_or_object(ctx, clause, match.start(), match.end()):
        # "BRICS leaders meet in Rio as Xi and Putin stay away": a subordinate clause names absentees
        stop = _SUBORDINATE.search(ctx.text, match.end(), clause[1])
        end = stop.start() if stop else clause[1]
        return [a for a in find_actors(ctx, clause[0], end) if a.kind == "person"]
    return participants


def _format(kind: str, trigger: str) -> MeetingFormat:
    lowered = trigger.lower()
    if "video" in lowered or "virtual" in lowered:
        return "video_call"
    if kind == "call":
        return "phone_call"
    if kind in ("noun", "body") and not lowered.startswith("summit"):
        return "unknown"
    return "in_person"


def _record(ctx: RuleContext, draft: Draft) -> Meeting:
    spans = sorted(draft.evidence)
    participants: list[Actor] = [m.actor for m in draft.participants]
    key = "|".join(sorted(p.name for p in participants))
    return Meeting(
        id=mention_id("mtg", ctx.article.id, spans[0].start, spans[0].end, key),
        evidence=[make_evidence(ctx.article, s.start, s.end) for s in spans],
        confidence=draft.confidence,
        extractor=ctx.extractor,
        date=draft.date,
        date_text=draft.date_text,
        date_anchor=ctx.anchor if draft.date_text and not re.search(r"\b\d{4}\b", draft.date_text) else None,
        participants=participants,
        location=draft.location,
        format=draft.format,
        status=draft.status,
    )
