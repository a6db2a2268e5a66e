"""Statements carried by a reporting noun: "X's vow that C", "his warning that C", "the minister's
claim that C". The nouns come from the same documented resource as the verbs
(``extractor/data/reporting_words.tsv``); the possessor is the speaker."""

from __future__ import annotations

import re
from functools import cache

from extractor._rules._actors import find_actors, resolve_pronoun
from extractor._rules._context import RuleContext
from extractor._rules._lexicon import reporting_words
from extractor._rules._registry import ActorKind
from extractor._rules._speakers import SpeakerGuess
from extractor._rules._speech import Quote
from extractor._rules._statement_parts import FoundStatement, found_statement, inside_quote, span_if_clause


@cache
def _noun_pattern() -> re.Pattern[str]:
    nouns = "|".join(re.escape(noun) for noun in reporting_words().nouns)
    return re.compile(
        # a date may stand before the noun: "Mr. Okafor's Oct. 11 announcement that"
        rf"(?P<owner>\b(?:his|her|their|its)|['’]s)\s+(?:[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}\s+)?"
        rf"(?:[a-z][\w-]*\s+){{0,2}}?(?P<noun>{nouns})\s+that\s+",
        re.IGNORECASE,
    )


# The reported clause ends at the next clause boundary that is not inside a quotation.
_CLAUSE_STOP = re.compile(r"[;:]|,\s+(?:which|while|as|(?:and|but)\s+(?!that\b))|\s[–—-]\s")


def noun_statements(ctx: RuleContext, quotes: list[Quote]) -> list[FoundStatement]:
    found: list[FoundStatement] = []
    for sentence in ctx.sentences:
        for match in _noun_pattern().finditer(ctx.text, sentence.start, sentence.end):
            if inside_quote(quotes, match.start()) or _opens_the_sentence(ctx.text[sentence.start : match.start()]):
                continue  # "X's vow that C was welcomed": C's end inside the subject is not knowable
            guess = _possessor(ctx, sentence.start, match)
            if guess is None:
                continue
            start = match.end()
            stop = _CLAUSE_STOP.search(ctx.text, start, sentence.end)
            end = stop.start() if stop and not inside_quote(quotes, stop.start()) else sentence.end
            content = span_if_clause(ctx.text, start, end)
            if content is not None:
                found.append(found_statement(guess, content, sentence, direct=False, penalty=0.05))
    return found


def _opens_the_sentence(before: str) -> bool:
    """Nothing but the possessor's name (or nothing) before the noun: the noun phrase is the subject."""
    return not re.search(r"\b(?!the\b|a\b|an\b)[a-z]{3,}\b", before)


def _possessor(ctx: RuleContext, floor: int, match: re.Match[str]) -> SpeakerGuess | None:
    """ "Esper's vow": the actor right before the possessive; "his vow": the person "his" refers to."""
    owner = match.group("owner")
    if owner.startswith(("'", "’")):
        before = [m for m in find_actors(ctx, floor, match.start("owner")) if m.end == match.start("owner")]
        return SpeakerGuess(before[-1], "named", before[-1].start, before[-1].end) if before else None
    kind: ActorKind = "organisation" if owner.lower() in {"its", "their"} else "person"
    resolved = resolve_pronoun(ctx, match.start(), kind=kind)
    if resolved is None:
        return None
    return SpeakerGuess(resolved, "pronoun", match.start(), match.start("owner") + len(owner))


__all__ = ["noun_statements"]
