"""Who is speaking: the subject in front of a reporting verb, or the attribution after a quote."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor._rules._actors import ActorMatch, find_actors, resolve_description, resolve_pronoun
from extractor._rules._context import RuleContext
from extractor._rules._countries import country_code
from extractor._rules._names import PERSON_NAME, clean_person_name
from extractor._rules._registry import ActorKind
from extractor._rules._speech import AUXILIARIES, DESCRIPTION, PARTICIPLE, PRONOUN, REPORTING_VERB
from schema import Actor

_APPOSITIVE = re.compile(r",\s*(?:who\s+)?[^,;“”\"]{2,90},?\s*$")
_INTERVIEW_PHRASE = re.compile(r"\s+(?:in|during)\s+an?\s+(?:\w+\s+)?interview\b[^,.;]{0,60}$")
_RELATIVE = re.compile(r",?\s+who(?:\s+\w+ly)?\s*$")
_BARE_NAME = re.compile(rf"(?:^|(?<=[\s,(]))(?P<name>{PERSON_NAME})$")
_NOT_PEOPLE = re.compile(
    r"(?:Ministry|Council|Office|Department|Agency|Union|Nations|Assembly|Party|Army|Forces|Group|News|Post|"
    r"Times|Press|Reuters|Journal|Organization|Organisation|Committee|Court|Bank|Fund|Government|State|"
    r"Republic|Kingdom|Emirates|House|Sources?|Officials|Media)\b"
)


@dataclass(frozen=True)
class SpeakerGuess:
    """A speaker and how sure we are: named, name_pattern, collective, pronoun, description, continued."""

    match: ActorMatch
    how: str
    start: int
    end: int


def speaker_before(ctx: RuleContext, floor: int, verb_start: int) -> SpeakerGuess | None:
    """The subject that ends right before a reporting verb at ``verb_start`` (not before ``floor``)."""
    text = ctx.text
    head = text[floor:verb_start]
    interview = _INTERVIEW_PHRASE.search(head)
    if interview:
        head = head[: interview.start()]
    aux = AUXILIARIES.search(head)
    end = floor + (aux.start() if aux else len(head))
    relative = _RELATIVE.search(text, floor, end)
    if relative:
        end = relative.start()
    guess = _subject_ending_at(ctx, floor, end)
    if guess is None:
        appositive = _APPOSITIVE.search(text, floor, end)
        if appositive:
            start = appositive.start()
            guess = _subject_ending_at(ctx, floor, start)
    return guess


def speaker_after(ctx: RuleContext, quote_end: int, limit: int) -> SpeakerGuess | None:
    """The attribution right after a quote: ``,” he said`` / ``,” said X`` / ``,” the envoy added``."""
    text = ctx.text
    window = text[quote_end:limit]
    inverted = re.match(r"^\s*,?\s*(?P<verb>\w+)\s+", window)
    if inverted and REPORTING_VERB.fullmatch(inverted.group("verb")):
        at = quote_end + inverted.end()
        matches = find_actors(ctx, at, limit)
        if matches and not text[at : matches[0].start].strip():
            return _guess(matches[0], ctx)
    for verb in REPORTING_VERB.finditer(window):
        if PARTICIPLE.fullmatch(verb.group()):
            continue
        between = window[: verb.start()]
        if len(between) > 100 or re.search(r"[.!?;]", between):
            return None
        return speaker_before(ctx, quote_end, quote_end + verb.start())
    return None


def _subject_ending_at(ctx: RuleContext, floor: int, end: int) -> SpeakerGuess | None:
    text = ctx.text
    while end > floor and text[end - 1] == " ":
        end -= 1
    if text[end - 1 : end] == ",":  # "X, underscores": X closes a subordinate phrase, not the subject
        return None
    matches = find_actors(ctx, floor, end)
    if matches and matches[-1].end == end:
        return _guess(matches[-1], ctx)
    head = text[floor:end]
    pronoun = PRONOUN.search(head)
    if pronoun:
        position = floor + pronoun.start()
        word = pronoun.group("pronoun").lower()
        kind: ActorKind = "organisation" if word in {"it", "they"} else "person"
        resolved = resolve_pronoun(ctx, position, kind=kind)
        if resolved is None and word == "they":
            resolved = resolve_pronoun(ctx, position, kind="person")
        return SpeakerGuess(resolved, "pronoun", position, floor + pronoun.end()) if resolved else None
    description = DESCRIPTION.search(head)
    if description:
        position = floor + description.start()
        resolved = resolve_description(ctx, position, description.group("description"))
        if resolved is not None:
            return SpeakerGuess(resolved, "description", position, floor + description.end())
        return None
    bare = _BARE_NAME.search(head)
    if bare:
        name = clean_person_name(bare.group("name"))
        if _looks_like_person(name) and head.endswith(name):
            start = end - len(name)
            return SpeakerGuess(ActorMatch(Actor(name=name), start, end), "name_pattern", start, end)
    return None


def _looks_like_person(name: str) -> bool:
    tokens = name.split()
    if len(tokens) < 2 or len(tokens) > 5 or _NOT_PEOPLE.search(name):
        return False
    return not any(country_code(token) for token in tokens)


def _guess(match: ActorMatch, ctx: RuleContext) -> SpeakerGuess:
    how = "named" if match.kind == "person" else "collective"
    return SpeakerGuess(match, how, match.start, match.end)
