"""Spans of article text: sentence splitting and evidence that always satisfies the invariant."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Moved to a module both engines share; re-exported (explicitly, for mypy) to the rules
# modules that import them from here.
from extractor._evidence import make_evidence as make_evidence  # noqa: PLC0414
from extractor._evidence import mention_id as mention_id  # noqa: PLC0414


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` of an article's text."""

    start: int
    end: int

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before
# whitespace and an opening capital, digit or quote; or at a line break.
# Abbreviations that end in a full stop must not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "maj",
        "adm",
        "rep",
        "sen",
        "gov",
        "pres",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "inc",
        "ltd",
        "corp",
        "co",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
    ]
)
_BOUNDARY = re.compile(r"""[.!?]["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])|\n+""")


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of ``text``, trimmed of surrounding whitespace, in order."""
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end() if match.group().strip() else match.start()
        if match.group().startswith(".") and _ends_with_abbreviation(text, start, match.start()):
            continue
        if match.group().startswith("\n") and _line_break_inside_sentence(text, match.start(), match.end()):
            continue
        _append_trimmed(spans, text, start, end)
        start = match.end()
    _append_trimmed(spans, text, start, len(text))
    return spans


def _ends_with_abbreviation(text: str, start: int, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", text[start:dot])
    if word is None:
        return False
    token = word.group(1).lower()
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _line_break_inside_sentence(text: str, before: int, after: int) -> bool:
    # Hard-wrapped sources break sentences across lines: "... to\n\nvisit Russia."
    previous = text[:before].rstrip()[-1:]
    following = text[after:].lstrip()[:1]
    return bool(previous) and (previous.islower() or previous == ",") and following.islower()


def _append_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


# A wire dateline opening a sentence: "BERLIN (dpa/Reuters) - ", "NAIROBI, May 4 (Reuters) - ",
# "THE HAGUE, Netherlands (AP) — ", "KYIV — ". The place and agency are not part of what was said.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3}(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){0,2})?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"(?:\s*\((?P<agency>[A-Za-z][\w/&.,\- ]{0,40})\))?\s*[-–—]+\s+"
)


def without_dateline(text: str, span: Span) -> Span:
    """``span`` less a wire dateline at its start; the rest stays a verbatim slice of ``text``."""
    match = _DATELINE.match(text, span.start, span.end)
    if match is None or match.end() >= span.end:
        return span
    place = text[span.start : match.start("agency") if match.group("agency") else match.end()]
    if not match.group("agency") and len(re.sub(r"[^A-Z]", "", place.split(",")[0])) < 3:
        return span  # "US - China talks": a bare dash needs a full upper-case place name
    return Span(match.end(), span.end)


def dateline_places(text: str) -> list[str]:
    """The place words of a wire dateline opening ``text`` ("THE HAGUE", "Netherlands"), or []."""
    start = len(text) - len(text.lstrip())
    match = _DATELINE.match(text, start)
    if match is None or (not match.group("agency") and not re.search(r"\s[—–]\s", match.group())):
        return []
    head = text[match.start() : match.start("agency") if match.group("agency") else match.end()]
    head = re.sub(r",\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?", "", head)
    return [part.strip(" -–—(") for part in head.split(",") if part.strip(" -–—(")]
