"""Statements attributed with "according to": ``according to X, C`` and ``C, according to X``, X a
named actor, an institution the registry does not know, or the one "him"/"her"/"them" refers to."""

from __future__ import annotations

import re

from extractor._rules._actors import ActorMatch, find_actors, resolve_pronoun
from extractor._rules._context import RuleContext
from extractor._rules._registry import ActorKind
from extractor._rules._speakers import INSTITUTION_NAME, SpeakerGuess
from extractor._rules._statement_parts import FoundStatement, found_statement, span_if_clause
from extractor._text import Span
from schema import Actor


def according_to(ctx: RuleContext, sentence: Span) -> list[FoundStatement]:
    text = ctx.text
    found = []
    for match in re.finditer(r"[Aa]ccording\s+to\s+", text[sentence.start : sentence.end]):
        at = sentence.start + match.end()
        before = text[sentence.start : sentence.start + match.start()]
        if match.start() > 0 and not before.rstrip().endswith(","):
            continue  # "backed by Rwanda according to UN experts": a claim nested inside a clause
        guess = _according_to_whom(ctx, at, sentence.end)
        if guess is None:
            continue
        comma = text.find(",", guess.end, sentence.end)
        if match.start() == 0 and comma > 0:
            content = span_if_clause(text, comma + 1, sentence.end)
        else:
            content = span_if_clause(text, sentence.start, sentence.start + match.start())
        if content is not None:
            found.append(found_statement(guess, content, sentence, direct=False, penalty=0.05))
    return found


def _according_to_whom(ctx: RuleContext, at: int, end: int) -> SpeakerGuess | None:
    """The named actor after "according to", or the one "him"/"her"/"them" refers to."""
    matches = find_actors(ctx, at, end)
    if matches and ctx.text[at : matches[0].start].strip() in {"", "a", "an", "the"}:
        return SpeakerGuess(matches[0], "named", matches[0].start, matches[0].end)
    institution = _INSTITUTION_AHEAD.match(ctx.text, at, end)  # "according to the American Farm Bureau Federation"
    if institution is not None and len(institution.group("org").split()) >= 2:
        actor = ActorMatch(
            Actor(name=institution.group("org")), institution.start("org"), institution.end(), "organisation"
        )
        return SpeakerGuess(actor, "collective", actor.start, actor.end)
    pronoun = re.match(r"(him|her|them)\b", ctx.text[at:end])
    if pronoun is None:
        return None
    kind: ActorKind = "organisation" if pronoun.group(1) == "them" else "person"
    resolved = resolve_pronoun(ctx, at, kind=kind)
    if resolved is None and kind == "organisation":
        resolved = resolve_pronoun(ctx, at, kind="person")
    return SpeakerGuess(resolved, "pronoun", at, at + pronoun.end()) if resolved else None


_INSTITUTION_AHEAD = re.compile(rf"(?:[Tt]he\s+)?{INSTITUTION_NAME}(?![\w\-])")


__all__ = ["according_to"]
