"""When a statement was made: a date in its attribution, else the article's main event for a
participant's undated past-tense remark."""

from __future__ import annotations

import re

from extractor._rules._actors import find_actors
from extractor._rules._context import RuleContext
from extractor._rules._dates import DateMatch, find_dates, lead_event_date, resolve_date
from extractor._rules._statement_parts import FoundStatement, sentence_at

_PRESENT_OR_FUTURE = re.compile(r"\b(?:says|say|tells|will|would|plans?\s+to|is\s+due|are\s+due)\b")
_REPORTED_EARLIER = re.compile(r"\b(?:earlier|previously|last\s+(?:week|month|year)|had\s+(?:said|told))\b")


def statement_date(ctx: RuleContext, item: FoundStatement, start: int, end: int) -> DateMatch | None:
    """The date in the evidence outside the statement's own words (a date it quotes is what it is
    about, not when it was said)."""
    dates = [date for date in find_dates(ctx, start, end) if not (item.content.start <= date.start < item.content.end)]
    date = next((d for d in dates if d.value is not None), None)
    if date is None and not dates:
        date = _made_at_the_main_event(ctx, item, start, end)
    return date


def is_relative_date(words: str) -> bool:
    """ "on Monday" needs the article's anchor to resolve; "12 March 2025" does not."""
    return resolve_date(words, None) is None


def _made_at_the_main_event(ctx: RuleContext, item: FoundStatement, start: int, end: int) -> DateMatch | None:
    """An undated remark, reported in the past tense, by someone taking part in the article's main
    event (a participant named in the lead) was made at that event: it takes the event's date."""
    lead = lead_event_date(ctx)
    if lead is None or lead.start >= start:
        return None
    outside = ctx.text[start : item.content.start] + " " + ctx.text[item.content.end : end]
    if _PRESENT_OR_FUTURE.search(outside) or _REPORTED_EARLIER.search(outside):
        return None
    sentence = sentence_at(ctx, lead.start)
    following = next((s for s in ctx.sentences if s.start >= sentence.end), sentence)
    participants = {match.actor.name for match in find_actors(ctx, sentence.start, following.end)}
    if item.speaker.actor.name not in participants:
        return None
    return lead


__all__ = ["is_relative_date", "statement_date"]
