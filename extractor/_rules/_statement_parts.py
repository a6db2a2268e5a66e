"""What every statement pattern shares: the candidate it yields, its confidence, and the span helpers
that direct quotes, reported speech and de-duplication all lean on."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from extractor._rules._actors import ActorMatch
from extractor._rules._context import RuleContext
from extractor._rules._speakers import SpeakerGuess
from extractor._rules._speech import Quote
from extractor._rules._text import without_dateline
from extractor._text import Span, sentence_index

_CLAUSE_END = re.compile(r"[\s,;:.!?”\"’']+$")
_MIN_WORDS = 3

# How sure a speaker is by the way it was found: a name beats a pronoun or a description.
_CONFIDENCE = {
    "named": 0.85,
    "name_pattern": 0.7,
    "collective": 0.75,
    "pronoun": 0.7,
    "description": 0.65,
    "continued": 0.65,
}


@dataclass(frozen=True)
class FoundStatement:
    speaker: ActorMatch
    content: Span  # the statement's text
    evidence: Span
    direct: bool
    confidence: float
    shared: bool = False  # one of coordinated speakers ("X and Y said C"): each keeps the same words


def found_statement(
    guess: SpeakerGuess, content: Span, evidence: Span, *, direct: bool, penalty: float = 0.0, shared: bool = False
) -> FoundStatement:
    confidence = _CONFIDENCE.get(guess.how, 0.6) + (0.07 if direct else 0.0) - penalty
    return FoundStatement(guess.match, content, evidence, direct, round(min(confidence, 0.95), 2), shared)


def sentence_at(ctx: RuleContext, position: int) -> Span:
    index = sentence_index(ctx.sentences, position)
    if index is not None:
        sentence = ctx.sentences[index]
        stripped = without_dateline(ctx.text, sentence)
        return stripped if stripped.start <= position else sentence
    return Span(max(0, position), min(len(ctx.text), position + 1))


def inside_quote(quotes: list[Quote], position: int) -> bool:
    starts, furthest = _quote_index(quotes)
    # a quote holds ``position`` when one opening at or before it closes after it
    opened = bisect.bisect_right(starts, position)
    return opened > 0 and furthest[opened - 1] > position


def _quote_index(quotes: list[Quote]) -> tuple[list[int], list[int]]:
    """Quote openings in order, and the furthest close among the quotes opened so far; kept for
    the article's quote list (the memo holds that list, so it never answers for another)."""
    memo = _QUOTE_MEMO[0]
    if memo is not None and memo[0] is quotes:
        return memo[1]
    ordered = sorted(quotes, key=lambda quote: quote.inner_start)
    starts = [quote.inner_start for quote in ordered]
    furthest = list(itertools.accumulate((quote.inner_end for quote in ordered), max))
    _QUOTE_MEMO[0] = (quotes, (starts, furthest))
    return starts, furthest


_QUOTE_MEMO: list[tuple[list[Quote], tuple[list[int], list[int]]] | None] = [None]


def only_title_words(prefix: str) -> bool:
    """Nothing but a title in front of the subject: "", "French President ", "US Secretary of State "."""
    return all(word[:1].isupper() or word in {"of", "the"} for word in prefix.split())


def span_if_clause(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start] in " ,:;":
        start += 1
    trimmed = _CLAUSE_END.search(text, start, end)
    if trimmed is not None:
        # keep a closing quote that closes a quote opened inside the clause
        end = trimmed.start()
        closing = text[end : trimmed.end()]
        if ("”" in closing and text.count("“", start, end) > text.count("”", start, end)) or (
            '"' in closing and text.count('"', start, end) % 2 == 1
        ):
            end += max(closing.find("”"), closing.find('"')) + 1
    if len(text[start:end].split()) < _MIN_WORDS:
        return None
    return Span(start, end)


__all__ = ["FoundStatement", "found_statement", "inside_quote", "only_title_words", "sentence_at", "span_if_clause"]
