"""Record-by-record checks of a model's answer: well-formed, quoted, and about named entities.

Each proposed record is judged on its own against the chunk it was extracted from, so a
malformed or unsupported record is dropped (with a reason) while the others are kept:

- it must be a well-formed record (``parse_record``);
- at least one of its quotes must align to the text (``align_quote``; quotes that do
  not align are dropped from the record, never kept as evidence);
- the people, organisations and facilities it is about must be named in the text
  (``mentioned``, with registry and gazetteer aliases). A meeting participant who is not
  is removed from the meeting, and the meeting stays while a named participant remains;
- a facility must be named or known to the gazetteer: "air and naval bases on the
  coast" identifies no facility row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from extractor._llm._container import (
    LLMActor,
    LLMFacility,
    LLMMeeting,
    LLMRecord,
    LLMStatement,
    parse_record,
)
from extractor._llm._grounding import Alignment, align_quote
from extractor._llm._names import GENERIC_WORDS, country_of, mentioned
from extractor._registry import known_actor, known_facility

REASKABLE = frozenset({"malformed", "quote_not_found", "speaker_not_in_article", "participant_not_in_article"})
"""Reasons a re-ask can fix: the model can copy a quote again, or name people as the article does."""


@dataclass(frozen=True)
class Span:
    """A chunk-relative ``[start, end)`` range of evidence and how its quote was aligned."""

    start: int
    end: int
    method: Alignment


@dataclass(frozen=True)
class Checked:
    """A record that passed: its evidence spans, and how many names were removed from it."""

    field: str
    record: LLMRecord
    spans: tuple[Span, ...]
    names_removed: int = 0


@dataclass(frozen=True)
class Rejection:
    """A record that did not pass: a short ``reason`` key and a one-line ``detail``."""

    field: str
    item: Any
    reason: str
    detail: str

    @property
    def reaskable(self) -> bool:
        return self.reason in REASKABLE


def check_item(field: str, item: Any, text: str, *, names_text: str | None = None) -> Checked | Rejection:
    """Judge one proposed record of the list ``field`` against the chunk ``text``.

    Quotes must lie in the chunk (their offsets are the chunk's); names are looked for in
    ``names_text`` (the whole article) when given, since "he said" in one chunk may refer to
    a speaker named in the one before.
    """
    names = text if names_text is None else names_text
    record, problem = parse_record(field, item)
    if record is None:
        return Rejection(field, item, "malformed", problem or "not a record")
    spans = _spans(record, text)
    if not spans:
        quote = record.quotes[0] if record.quotes else ""
        return Rejection(field, item, "quote_not_found", f"quote not found in the article: {_clip(quote)!r}")
    removed = 0
    if isinstance(record, LLMMeeting):
        named = [actor for actor in record.participants if actor_named(names, actor)]
        removed = len(record.participants) - len(named)
        if not named:
            names = ", ".join(actor.name for actor in record.participants)
            return Rejection(
                field, item, "participant_not_in_article", f"no participant is named in the article: {names}"
            )
        record = record.model_copy(update={"participants": named})
    elif isinstance(record, LLMStatement):
        if not actor_named(names, record.speaker):
            return Rejection(
                field, item, "speaker_not_in_article", f"speaker {record.speaker.name!r} is not named in the article"
            )
    elif isinstance(record, LLMFacility):
        facility_problem = _facility_problem(record, names)
        if facility_problem is not None:
            return Rejection(field, item, *facility_problem)
    return Checked(field=field, record=record, spans=spans, names_removed=removed)


def actor_named(text: str, actor: LLMActor) -> bool:
    """Whether the article names ``actor``, by its name or a registry alias."""
    known = known_actor(actor.name)
    return mentioned(text, actor.name, known.surfaces if known is not None else ())


def facility_named(record: LLMFacility) -> bool:
    """Whether a facility has a name (or is a gazetteer entry) rather than a description."""
    if any(known_facility(name) is not None for name in (record.name, *record.aliases)):
        return True
    for name in (record.name, *record.aliases):
        for word in name.replace("-", " ").split():
            bare = word.strip(".,;:'\"()’‘“”")
            if not bare or not bare[0].isupper() or bare.lower() in GENERIC_WORDS:
                continue
            if country_of(bare.removesuffix("'s").removesuffix("’s")) is None:
                return True
    return False


def _facility_problem(record: LLMFacility, text: str) -> tuple[str, str] | None:
    if not facility_named(record):
        return "unnamed_facility", f"{record.name!r} describes a facility without naming it"
    known = known_facility(record.name)
    surfaces = (*record.aliases, *(known.surfaces if known is not None else ()))
    if not mentioned(text, record.name, surfaces):
        return "facility_not_in_article", f"facility {record.name!r} is not named in the article"
    return None


def _spans(record: LLMRecord, text: str) -> tuple[Span, ...]:
    spans = _aligned(record.quotes, text)
    if not spans and isinstance(record, LLMStatement):
        # The statement's words, when verbatim, are its evidence: a model that garbles the
        # reporting sentence but copies the words keeps its record without a re-ask.
        spans = _aligned([record.text], text)
    return spans


def _aligned(quotes: list[str], text: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    for quote in quotes:
        match = align_quote(text, quote)
        if match is None:
            continue
        for start, end in match.spans:
            span = Span(start, end, match.method)
            if all((other.start, other.end) != (start, end) for other in spans):
                spans.append(span)
    return tuple(sorted(spans, key=lambda span: (span.start, span.end)))


def _clip(quote: str, limit: int = 80) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"


__all__ = ["REASKABLE", "Checked", "Rejection", "Span", "actor_named", "check_item", "facility_named"]
