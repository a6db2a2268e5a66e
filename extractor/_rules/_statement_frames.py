"""Clause frames around a reporting verb that the reported-speech patterns share: what cannot open
the reported content, where a relative clause ends it, and a subject of two coordinated speakers."""

from __future__ import annotations

import re

from extractor._rules._actors import ActorMatch, find_actors
from extractor._rules._context import RuleContext
from extractor._rules._speakers import SpeakerGuess
from extractor._rules._statement_parts import only_title_words
from extractor._text import Span

# Words after a reporting verb that open no reported content: a source ("said, according to the
# Gazette"), a list continuing the clause before the attribution ("..., X said, including ...").
_NOT_CONTENT = re.compile(r"\s*(?:according\s+to|including|such\s+as)\b", re.IGNORECASE)
# A subordinate clause standing alone is no statement: "Though many remain calm, X have responded".
_SUBORDINATE = re.compile(
    r"\s*(?:though|although|while|whereas|if|unless|when|whenever|because|since|as|after|before|once|until)\b",
    re.IGNORECASE,
)
# "X, who denies the charge, has left": the verb stands in a relative clause set off by commas.
_RELATIVE_BEFORE = re.compile(r",\s*who\s+(?:(?:has|have|had|also|\w+ly)\s+)*$")
# Between two coordinated subjects: "The United Nations and the European Union stressed".
_CONJUNCTION = re.compile(r"\s*(?:,\s*)?(?:and|&)\s+(?:the\s+)?$")
# An office between an organisation and the person who holds it: "White House press secretary".
_OFFICE_WORDS = re.compile(r"\s+(?:[a-z][\w\-]*\s+){1,3}$")


# The opening words of a clause: a that, a quote, or a finite auxiliary soon after its subject.
_CLAUSE_START = re.compile(
    r"\s*(?:that\b|[“\"]|(?:[\w’'\-]+\s+){0,5}?[“\"]?(?:will|would|is|was|are|were|has|have|had|could|should|must|can|may|"
    r"might|did|does)\b)"
)


def opens_a_clause(text: str, content: Span) -> bool:
    """ "continued to insist his tactics will work" reports a clause; "continued to maintain its
    presence" has an object: a verb after "continue to" or "did" reports speech only with a clause."""
    return _CLAUSE_START.match(text, content.start, content.end) is not None


def opens_no_content(text: str, start: int, end: int) -> bool:
    return _NOT_CONTENT.match(text, start, end) is not None


def is_subordinate(text: str, content: Span) -> bool:
    """The content is one subordinate clause and nothing else ("If it holds, growth slows" is not)."""
    opening = _SUBORDINATE.match(text, content.start, content.end)
    return opening is not None and "," not in text[content.start : content.end]


def in_relative_clause(ctx: RuleContext, sentence: Span, verb_start: int, content: Span) -> Span | None:
    """The content of a verb inside ", who denies C, ..." ends at the clause's closing comma."""
    if _RELATIVE_BEFORE.search(ctx.text, sentence.start, verb_start) is None:
        return content
    comma = ctx.text.find(",", content.start, content.end)
    if comma < 0:
        return content
    return Span(content.start, comma) if len(ctx.text[content.start : comma].split()) >= 3 else None


def coordinated_speakers(ctx: RuleContext, sentence: Span, guess: SpeakerGuess) -> list[SpeakerGuess]:
    """ "The United Nations and the European Union stressed C": the subject before "and" speaks too."""
    before = find_actors(ctx, sentence.start, guess.start)
    if not before or _CONJUNCTION.fullmatch(ctx.text, before[-1].end, guess.start) is None:
        return []
    first = before[-1]
    if first.kind != guess.match.kind or first.actor == guess.match.actor:
        return []
    if not only_title_words(ctx.text[sentence.start : first.start]):
        return []
    return [SpeakerGuess(first, guess.how, first.start, first.end)]


def person_after_organisation(ctx: RuleContext, subjects: list[ActorMatch]) -> ActorMatch:
    """The person an office names right after its organisation ("White House press secretary Josh
    Earnest"), else the first subject."""
    first = subjects[0]
    if len(subjects) > 1 and first.kind == "organisation" and subjects[1].kind == "person":
        between = ctx.text[first.end : subjects[1].start] + " "
        if _OFFICE_WORDS.fullmatch(" " + between.lstrip()) is not None:
            return subjects[1]
    return first


__all__ = [
    "coordinated_speakers",
    "in_relative_clause",
    "is_subordinate",
    "opens_a_clause",
    "opens_no_content",
    "person_after_organisation",
]
