"""Statements in a bulleted list that a reporting clause introduces: "The minister also said:" and,
on the lines below, "• C1", "• C2". Each item is one statement of the clause's speaker."""

from __future__ import annotations

import re

from extractor._rules._context import RuleContext
from extractor._rules._speakers import speaker_before
from extractor._rules._speech import REPORTING_VERB, Quote
from extractor._rules._statement_parts import FoundStatement, found_statement, inside_quote, span_if_clause
from extractor._text import Span

# A line that ends with a reporting verb and a colon ("Lindqvist also said:", "They told reporters:").
_INTRODUCES = re.compile(r"(?P<verb>\w+(?:\s+\w+)?)\s*(?:\s+\w+){0,2}\s*:[ \t]*\n")
# A list item: a bullet or a number, then the item ("• C", "- C", "2) C").
_ITEM = re.compile(r"[ \t]*(?:[-*•·–—▪►]|\d{1,2}[.)])[ \t]+(?P<item>[^\n]+)(?:\n|$)")
_QUOTED_ITEM = re.compile(r"[“\"](?P<words>.+)[”\"][.,;]?$")


def listed_statements(ctx: RuleContext, quotes: list[Quote]) -> list[FoundStatement]:
    text = ctx.text
    found: list[FoundStatement] = []
    for colon in re.finditer(r":[ \t]*\n", text):
        line_start = text.rfind("\n", 0, colon.start()) + 1
        verb = _last_reporting_verb(text, line_start, colon.start())
        if verb is None or inside_quote(quotes, verb.start()):
            continue
        guess = speaker_before(ctx, line_start, verb.start())
        if guess is None:
            continue
        position = colon.end()
        while item := _ITEM.match(text, position):
            content, direct = _item_words(text, item)
            if content is not None:
                evidence = Span(line_start, item.end("item"))
                found.append(found_statement(guess, content, evidence, direct=direct, penalty=0.05))
            position = item.end()
    return found


def _last_reporting_verb(text: str, start: int, end: int) -> re.Match[str] | None:
    """The reporting verb the line ends with, give or take an addressee ("told reporters:")."""
    verbs = list(REPORTING_VERB.finditer(text, start, end))
    if not verbs or len(text[verbs[-1].end() : end].split()) > 2:
        return None
    return verbs[-1]


def _item_words(text: str, item: re.Match[str]) -> tuple[Span | None, bool]:
    start, end = item.start("item"), item.end("item")
    quoted = _QUOTED_ITEM.search(text, start, end)
    if quoted is not None and quoted.start() == start:
        return Span(quoted.start("words"), quoted.end("words")), True
    return span_if_clause(text, start, end), False


__all__ = ["listed_statements"]
