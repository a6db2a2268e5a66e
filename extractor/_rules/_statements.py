"""Statements: direct quotes and reported speech, each with an identifiable speaker.

Patterns follow English reporting syntax, not particular articles:

* ``“A,” X said.`` / ``“A,” said X.`` / ``X said: “A”`` and a quote that continues
  right after an attributed one (``“A,” he said. “B.”``) -> direct statements
  (``_statement_direct``);
* ``X also said:`` and a bulleted list below it -> one statement per item (``_statement_lists``);
* ``X (has) said/told Y (that) C`` with any reporting verb, ``C, X said/told Y``,
  ``according to X, C`` / ``C, according to X``, ``..., adding that C``,
  ``X, who praised C`` -> reported statements, partial quotes kept as worded
  (``_statement_reported``).

Pronouns ("he said") and descriptions ("the diplomat added") resolve to the person they refer
to; a statement without an identifiable speaker is not emitted. Both patterns may find the same
words; this module keeps one statement per utterance and turns it into a record.
"""

from __future__ import annotations

import bisect

from extractor._rules._actors import resolve_description, resolve_pronoun
from extractor._rules._context import RuleContext
from extractor._rules._speech import find_channel, find_quotes
from extractor._rules._statement_dates import is_relative_date, statement_date
from extractor._rules._statement_direct import direct_statements
from extractor._rules._statement_lists import listed_statements
from extractor._rules._statement_nouns import noun_statements
from extractor._rules._statement_parts import FoundStatement, only_title_words
from extractor._rules._statement_reported import reported_statements
from extractor._rules._text import make_evidence, mention_id
from extractor._text import Span
from schema import Statement


def extract_statements(ctx: RuleContext) -> list[Statement]:
    """Every statement in the article with an identifiable speaker, one per utterance."""
    quotes = find_quotes(ctx.text)
    found = (
        direct_statements(ctx, quotes)
        + reported_statements(ctx, quotes)
        + noun_statements(ctx, quotes)
        + listed_statements(ctx, quotes)
    )
    return [_record(ctx, item) for item in _dedupe(ctx, found)]


def _dedupe(ctx: RuleContext, found: list[FoundStatement]) -> list[FoundStatement]:
    # "X pledged C, the presidency said": the person is the speaker, the organisation relays.
    people = sorted((other for other in found if other.speaker.kind == "person"), key=lambda other: other.speaker.start)
    found = [item for item in found if not _relays_a_person(ctx, item, people)]
    kept: list[FoundStatement] = []
    # Kept contents by start, and the longest: only those that start within that length before
    # the item's content, and before its end, can overlap it (the others share nothing).
    by_start: list[tuple[int, int]] = []
    longest = 0
    for item in sorted(found, key=lambda f: (not f.direct, -f.confidence, f.content.start)):
        low = bisect.bisect_right(by_start, (item.content.start - longest, len(kept)))
        high = bisect.bisect_left(by_start, (item.content.end,))
        if any(_same_utterance(item, kept[index]) for _start, index in by_start[low:high]):
            continue
        bisect.insort(by_start, (item.content.start, len(kept)))
        longest = max(longest, item.content.end - item.content.start)
        kept.append(item)
    return sorted(kept, key=lambda f: (f.content.start, f.content.end))


def _relays_a_person(ctx: RuleContext, item: FoundStatement, people: list[FoundStatement]) -> bool:
    """The item's content is someone else's reported words: "X stressed C, spokesman Y said".

    ``people`` are the statements with a person speaker, by speaker position: only those whose
    speaker stands inside the item's content are looked at, and the text is sliced only for them.
    """
    first = bisect.bisect_left(people, item.content.start, key=lambda other: other.speaker.start)
    for other in people[first:]:
        if other.speaker.start > item.content.end:
            break
        if other is item or other.content.end > item.content.end or other.speaker.actor == item.speaker.actor:
            continue
        if item.speaker.kind == "organisation" or only_title_words(ctx.text[item.content.start : other.speaker.start]):
            return True
    return False


def _same_utterance(item: FoundStatement, kept: FoundStatement) -> bool:
    """Mostly the same words, unless coordinated speakers ("X and Y stressed C") each say them."""
    if item.shared and kept.shared and item.content == kept.content and item.speaker.actor != kept.speaker.actor:
        return False
    return _overlap(item.content, kept.content) > 0.5


def _overlap(a: Span, b: Span) -> float:
    shared = min(a.end, b.end) - max(a.start, b.start)
    return max(0, shared) / max(1, min(a.end - a.start, b.end - b.start))


def _record(ctx: RuleContext, item: FoundStatement) -> Statement:
    article = ctx.article
    evidence_start = min(item.evidence.start, item.content.start)
    evidence_end = max(item.evidence.end, item.content.end)
    text = ctx.text[item.content.start : item.content.end].strip()
    if item.direct:
        text = text.rstrip(",")
    outside = ctx.text[evidence_start : item.content.start] + " " + ctx.text[item.content.end : evidence_end]
    date = statement_date(ctx, item, evidence_start, evidence_end)
    relative = date is not None and is_relative_date(date.text)
    return Statement(
        id=mention_id("stmt", article.id, item.content.start, item.content.end),
        evidence=[make_evidence(article, evidence_start, evidence_end)],
        confidence=item.confidence,
        extractor=ctx.extractor,
        speaker=item.speaker.actor,
        text=text,
        direct=item.direct,
        date=date.value if date else None,
        date_text=date.text if date else None,
        date_anchor=ctx.anchor if relative else None,
        channel=find_channel(outside),
    )


__all__ = ["extract_statements", "resolve_description", "resolve_pronoun"]
