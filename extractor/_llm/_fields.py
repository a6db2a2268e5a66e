"""Per-field evidence: where the article states each participant, speaker, date, place and party.

A record's evidence is the passage it rests on; this finds, for each field of an llm
record, the article's own words that state that field, so a reviewer who clicks
"participants[1]" sees where the article names that person. Only the article's text is
ever returned (``text[start:end] == text``), and a field the article does not state gets
no passage rather than a guess.

Where to look, best first: inside the record's evidence, in the sentences holding it, in
the sentence before or after them, and (names only) anywhere in the article, nearest
first. A person named in the first paragraph is the "he" of a quote three sentences on;
a date or a place further away is too likely another event's, so those stop at the
neighbouring sentences.

- Names (participants, speaker, parties, places) are found as ``_names.mentioned`` finds
  them: the name or a registry alias as a phrase, a word of it (surname, "Xi" for "Xi
  Jinping") or a transliteration fold of it, or a country word ("Russian" for "Russia").
- Dates are found from their ISO value: "13 December 2024", "Dec. 13", "December 2024",
  "2024", and, with the publication date, "Friday", "yesterday", "last month", "this year".
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence

from extractor._engine import AnyRecord
from extractor._llm._container import LLMActor, LLMAgreement, LLMMeeting, LLMRecord, LLMStatement
from extractor._llm._names import name_spans
from extractor._registry import known_actor
from extractor._text import Span, quote_fold, split_sentences
from schema import Actor, Agreement, Article, Evidence, FieldEvidence, Meeting, MilitaryFacility, Statement

# Tiers of where a passage lies, relative to the record's evidence.
_INSIDE, _SENTENCE, _NEIGHBOUR, _ANYWHERE = 0, 1, 2, 3

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ORDINAL = r"(?:st|nd|rd|th)?"
# How far from the publication date a weekday name still names one day of that week.
_WEEK = 7


def field_evidence(
    record: AnyRecord, answer: LLMRecord, article: Article, evidence: Sequence[Evidence]
) -> tuple[FieldEvidence, ...]:
    """One passage per field of ``record`` that the article states near its ``evidence``.

    ``answer`` is the model's own record, whose names may be spelled as the article spells
    them where the record carries the registry's canonical name.
    """
    finder = _Finder(article, evidence)
    found: list[FieldEvidence] = []

    def add(path: str, span: tuple[int, int] | None) -> None:
        if span is not None:
            start, end = span
            found.append(
                FieldEvidence(field=path, article_id=article.id, start=start, end=end, text=article.text[start:end])
            )

    if isinstance(record, Meeting) and isinstance(answer, LLMMeeting):
        for index, actor in enumerate(record.participants):
            add(f"participants[{index}]", finder.name(*_actor_names(actor, answer.participants)))
        add("date", finder.date(record.date))
        add("location", finder.place(record.location))
    elif isinstance(record, Statement) and isinstance(answer, LLMStatement):
        add("speaker", finder.name(*_actor_names(record.speaker, [answer.speaker])))
        add("date", finder.date(record.date))
    elif isinstance(record, MilitaryFacility):
        add("location", finder.place(record.location))
    elif isinstance(record, Agreement) and isinstance(answer, LLMAgreement):
        for index, party in enumerate(record.parties):
            known = known_actor(party)
            add(f"parties[{index}]", finder.name(party, known.surfaces if known is not None else ()))
        add("date_signed", finder.date(record.date_signed))
    return tuple(found)


def _actor_names(actor: Actor, answered: Sequence[LLMActor]) -> tuple[str, tuple[str, ...]]:
    """The actor's name, and every other name it goes by: the registry's, and the model's
    spellings that resolved to it ("Hmeimim" answered, "Khmeimim Air Base" kept)."""
    known = known_actor(actor.name)
    spelled = [
        item.name
        for item in answered
        if quote_fold((entry.name if (entry := known_actor(item.name)) is not None else item.name).strip())
        == quote_fold(actor.name)
    ]
    return actor.name, (*spelled, *(known.surfaces if known is not None else ()))


class _Finder:
    """Picks the best passage for a field among the candidates, by where it lies."""

    def __init__(self, article: Article, evidence: Sequence[Evidence]) -> None:
        self._text = article.text
        self._published = article.published
        self._evidence = [(item.start, item.end) for item in evidence]
        sentences = _sentences(article.text)
        holding = [
            index
            for index, sentence in enumerate(sentences)
            if any(sentence.start < end and start < sentence.end for start, end in self._evidence)
        ]
        self._sentences = [(sentences[index].start, sentences[index].end) for index in holding]
        neighbours = {index + step for index in holding for step in (-1, 1)} - set(holding)
        self._neighbours = [
            (sentences[index].start, sentences[index].end)
            for index in sorted(neighbours)
            if 0 <= index < len(sentences)
        ]

    def name(self, name: str, aliases: tuple[str, ...] = ()) -> tuple[int, int] | None:
        return self._best(name_spans(self._text, name, aliases), reach=_ANYWHERE)

    def place(self, place: str | None) -> tuple[int, int] | None:
        return self._best(name_spans(self._text, place), reach=_ANYWHERE) if place else None

    def date(self, value: str | None) -> tuple[int, int] | None:
        if not value:
            return None
        candidates = date_spans(self._text, value, self._published)
        # A day ("13 December 2024", "Dec. 13", or the one Friday within a week of the
        # publication date) names that day wherever it stands: a statement's date is often
        # the dateline's, a visit's the first paragraph's. A month or a year is too common
        # to be taken from anywhere but near the record.
        reach = _ANYWHERE if len(value) == len("YYYY-MM-DD") else _NEIGHBOUR
        return self._best(candidates, reach=reach)

    def _best(self, candidates: list[tuple[int, int, int]], *, reach: int) -> tuple[int, int] | None:
        ranked = []
        for start, end, quality in candidates:
            tier = self._tier(start, end)
            if tier <= reach:
                # Ties: the nearer passage, then the earlier, then the longer ("Xi Jinping"
                # over its alias "Xi" at the same place).
                ranked.append(((tier, quality, self._distance(start, end), start, start - end), (start, end)))
        return min(ranked)[1] if ranked else None

    def _tier(self, start: int, end: int) -> int:
        if any(first <= start and end <= last for first, last in self._evidence):
            return _INSIDE
        if any(first <= start and end <= last for first, last in self._sentences):
            return _SENTENCE
        if any(first <= start and end <= last for first, last in self._neighbours):
            return _NEIGHBOUR
        return _ANYWHERE

    def _distance(self, start: int, end: int) -> int:
        # A name before the evidence (the antecedent of "he said") is as near as one after it
        # at the same distance; ties go to the earlier passage.
        return min(max(first - end, start - last, 0) for first, last in self._evidence)


@functools.lru_cache(maxsize=8)
def _sentences(text: str) -> list[Span]:
    return split_sentences(text)


def date_spans(text: str, value: str, published: str | None) -> list[tuple[int, int, int]]:
    """Where ``text`` writes the ISO date ``value``: ``(start, end, quality)``, a date with
    its year first (0), without it (1), then words relative to ``published`` (2)."""
    parts = [int(part) for part in value.split("-")]
    patterns: list[tuple[str, int, int]] = []
    year = str(parts[0])
    if len(parts) == 1:
        patterns.append((rf"\b{year}\b", 0, 0))
    if len(parts) >= 2:
        month = _month(parts[1])
        if len(parts) == 2:
            patterns += [(rf"\b{month}\.?,?\s+(?:of\s+)?{year}\b", 0, 0), (rf"\b{month}\b(?!\.?\s+\d)", 1, 0)]
        else:
            day = rf"0?{parts[2]}{_ORDINAL}"
            patterns += [
                (rf"\b{day}(?:\s+of)?\s+{month}\.?,?\s+{year}\b", 0, 0),
                (rf"\b{month}\.?\s+{day},?\s+{year}\b", 0, 0),
                (rf"\b{value}\b", 0, 0),
                # Without a year, but not the start of a date with another year.
                (rf"\b{day}(?:\s+of)?\s+{month}\b(?!\.?,?\s+\d)", 1, 0),
                (rf"\b{month}\.?\s+{day}\b(?!,?\s+\d)", 1, 0),
            ]
    patterns += [(word, 2, flags) for word, flags in _relative_words(parts, published)]
    found: list[tuple[int, int, int]] = []
    for pattern, quality, flags in patterns:
        found += [(match.start(), match.end(), quality) for match in re.finditer(pattern, text, flags)]
    return sorted(set(found))


def _month(number: int) -> str:
    """A month name as news prose writes it, capitalised (so "may" the verb is not May)."""
    name = _MONTHS[number - 1]
    short = name[:3] + ("t?" if number == 9 else "")
    return f"(?:{name}|{short}\\.?)" if len(name) > 3 else name


def _relative_words(parts: list[int], published: str | None) -> list[tuple[str, int]]:
    """Words (and their regex flags) that name the date ``parts`` relative to the publication date."""
    if published is None:
        return []
    when = [int(part) for part in published.split("-")]
    words: list[tuple[str, int]] = []
    offsets = {-1: "last", 0: "this", 1: "next"}
    if len(parts) == 1:
        step = parts[0] - when[0]
        if step in offsets:
            words.append((rf"\b{offsets[step]}\s+year\b", re.IGNORECASE))
    elif len(parts) == 2 and len(when) >= 2:
        step = (parts[0] - when[0]) * 12 + parts[1] - when[1]
        if step in offsets:
            words.append((rf"\b{offsets[step]}\s+month\b", re.IGNORECASE))
    elif len(parts) == 3 and len(when) == 3:
        days = (dt.date(*parts) - dt.date(*when)).days
        named = {-1: "yesterday", 0: "today", 1: "tomorrow"}
        if days in named:
            words.append((rf"\b{named[days]}\b", re.IGNORECASE))
        if abs(days) < _WEEK:
            words.append((rf"\b{_WEEKDAYS[dt.date(*parts).weekday()]}\b", 0))
    return words


__all__ = ["date_spans", "field_evidence"]
