"""Direct statements: quoted words attributed to a speaker before or after the quote
(``“A,” X said.``, ``X said: “A”``, ``according to X, “A”``), and a bare quote continuing one
(``“A,” he said. “B.”``)."""

from __future__ import annotations

import re

from extractor._rules._actors import find_actors
from extractor._rules._context import RuleContext
from extractor._rules._speakers import SpeakerGuess, speaker_after, speaker_before
from extractor._rules._speech import PARTICIPLE, REPORTING_VERB, Quote
from extractor._rules._statement_parts import FoundStatement, found_statement, sentence_at
from extractor._text import Span


def direct_statements(ctx: RuleContext, quotes: list[Quote]) -> list[FoundStatement]:
    found: list[FoundStatement] = []
    previous: FoundStatement | None = None
    for quote in quotes:
        if not _is_utterance(ctx.text, quote):
            continue
        item = _attributed_quote(ctx, quote) or _continued_quote(ctx, quote, previous)
        if item is not None:
            found.append(item)
        previous = item
    return found


def _is_utterance(text: str, quote: Quote) -> bool:
    words = text[quote.inner_start : quote.inner_end].split()
    if len(words) < 4:
        return False
    capitalised = sum(1 for word in words if word[:1].isupper())
    return capitalised < 0.7 * len(words)  # a headline or a work's title, not speech


def _attributed_quote(ctx: RuleContext, quote: Quote) -> FoundStatement | None:
    text = ctx.text
    sentence = sentence_at(ctx, quote.end - 1)
    inner = text[quote.inner_start : quote.inner_end].rstrip()
    tail_end = max(sentence.end, min(len(text), quote.end + 160))
    tail_end = text.find("\n", quote.end) if 0 <= text.find("\n", quote.end) < tail_end else tail_end
    after = text[quote.end : tail_end]
    # a quotation closing a quotation inside it ("... ‘do it?’”) ends where the inner one does
    quote_ends_clause = inner.rstrip("’'")[-1:] in {",", "?", "!", "—", "-"} or after.lstrip().startswith(",")
    opens_sentence = not text[sentence_at(ctx, quote.start).start : quote.start].strip(" —–-:")
    if quote_ends_clause and opens_sentence:
        guess = speaker_after(ctx, quote.end, tail_end)
        if guess is not None:
            evidence = Span(sentence_at(ctx, quote.start).start, max(guess.end, sentence_at(ctx, guess.end - 1).end))
            return found_statement(guess, Span(quote.inner_start, quote.inner_end), evidence, direct=True)
    head_start = sentence_at(ctx, quote.start).start
    head = text[head_start : quote.start]
    opener = re.search(r"(?P<verb>\w+)\s*[:,]\s*$", head)
    if opener and (REPORTING_VERB.fullmatch(opener.group("verb")) or PARTICIPLE.fullmatch(opener.group("verb"))):
        guess = speaker_before(ctx, head_start, head_start + opener.start("verb"))
        if guess is not None:
            evidence = Span(head_start, sentence_at(ctx, quote.end - 1).end)
            return found_statement(guess, Span(quote.inner_start, quote.inner_end), evidence, direct=True)
    according = re.search(r"[Aa]ccording\s+to\s+(?P<who>[^,]{2,80}),\s*$", head)
    if according:
        matches = find_actors(ctx, head_start + according.start("who"), head_start + according.end("who"))
        if matches:
            guess = SpeakerGuess(matches[0], "named", matches[0].start, matches[0].end)
            evidence = Span(head_start, sentence_at(ctx, quote.end - 1).end)
            return found_statement(guess, Span(quote.inner_start, quote.inner_end), evidence, direct=True)
    return None


def _continued_quote(ctx: RuleContext, quote: Quote, previous: FoundStatement | None) -> FoundStatement | None:
    """“A,” he said. “B.” — B has no attribution of its own and follows A's attribution directly."""
    if previous is None or not previous.direct:
        return None
    gap = ctx.text[previous.evidence.end : quote.start]
    if gap.strip() or "\n\n" in gap:
        return None
    sentence = sentence_at(ctx, quote.end - 1)
    if sentence.end - quote.end > 3:  # more text after the quote: not a bare continuation
        return None
    guess = SpeakerGuess(previous.speaker, "continued", previous.speaker.start, previous.speaker.end)
    evidence = Span(sentence_at(ctx, quote.start).start, sentence.end)
    return found_statement(guess, Span(quote.inner_start, quote.inner_end), evidence, direct=True)


__all__ = ["direct_statements"]
