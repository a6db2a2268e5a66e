"""Align a model's verbatim quote to the article text it claims to come from.

A model copies text imperfectly: it straightens curly quote marks, reflows whitespace,
changes dashes or case, elides with an ellipsis, and now and then drops, inserts or
changes a word. Alignment tries three steps, and records which one found the quote:

1. ``exact``: the quote is a substring of the text;
2. ``normalised``: a comparison folded for quote marks, dashes, space and case;
3. ``fuzzy``: for quotes of at least ``FUZZY_MIN_CHARS``, the best-scoring window of
   the folded text (rapidfuzz ``partial_ratio``) when it scores ``FUZZY_THRESHOLD`` or
   more, widened to whole words.

Offsets always map back to the original text, so the evidence we keep is a true slice of
the article, never the model's wording.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from extractor._text import OffsetFold, offset_fold, quote_fold

# The shortest quote we accept as evidence: shorter strings ("the", "Russia") match
# almost any article and would ground a fabricated record.
MIN_QUOTE_CHARS = 12
_MIN_PART_CHARS = 4
# Fuzzy alignment: a window must score this much (rapidfuzz partial_ratio, 0-100) to be
# evidence. Measured with tests/llm_replay/measure_fuzzy.py over the dev-set gold quotes
# (figures in tests/llm_replay/README.md): the best window of another article scores at
# most 81.6 for an unchanged quote, while a quote with one word dropped, inserted or
# replaced keeps 77% of its variants at 88 (66% at 90, 90% at 85). 88 leaves a margin of
# six points over every negative and still refuses a two-word paraphrase (86).
FUZZY_THRESHOLD = 88.0
# Short quotes match some window of any article too easily to be trusted fuzzily.
FUZZY_MIN_CHARS = 30

Alignment = Literal["exact", "normalised", "fuzzy"]

_ELLIPSIS = re.compile(r"\s*(?:…|\.\s?\.\s?\.|\[\s*(?:…|\.\.\.)\s*\])\s*")
_WRAPPING = "\"'“”‘’«» \t\r\n"
_EDGE_PUNCTUATION = ".,;:!?\"'“”‘’«» \t\r\n"


@dataclass(frozen=True)
class Match:
    """Where a quote lies in the text: one ``(start, end)`` per ellipsis-separated part."""

    spans: tuple[tuple[int, int], ...]
    method: Alignment

    @property
    def exact(self) -> bool:
        return self.method == "exact"


def align_quote(text: str, quote: str) -> Match | None:
    """Locate ``quote`` in ``text``; ``None`` when it is not there or too short to trust."""
    quote = quote.strip(_WRAPPING)
    if len(quote) < MIN_QUOTE_CHARS:
        return None
    exact = text.find(quote)
    if exact >= 0:
        return Match(spans=((exact, exact + len(quote)),), method="exact")

    parts = [part.strip(_WRAPPING) for part in _ELLIPSIS.split(quote)]
    parts = [part for part in parts if part]
    if not parts or any(len(part) < _MIN_PART_CHARS for part in parts):
        return None
    haystack = offset_fold(text)
    spans: list[tuple[int, int]] = []
    method: Alignment = "normalised"
    cursor = 0
    for part in parts:
        span = _find_part(haystack, part, cursor)
        if span is None:
            span = _fuzzy_part(haystack, part, cursor)
            method = "fuzzy"
        if span is None:
            return None
        spans.append(span)
        cursor = span[1]
    return Match(spans=tuple(spans), method=method)


def fuzzy_score(text: str, quote: str) -> float:
    """The best partial-ratio score of ``quote`` against any window of ``text`` (folded)."""
    from rapidfuzz import fuzz

    return float(fuzz.partial_ratio(quote_fold(quote), offset_fold(text).text))


def _fuzzy_part(haystack: OffsetFold, part: str, cursor: int) -> tuple[int, int] | None:
    from rapidfuzz import fuzz

    needle = quote_fold(part).strip(_EDGE_PUNCTUATION)
    if len(needle) < FUZZY_MIN_CHARS:
        return None
    offset = bisect.bisect_left(haystack._origin, cursor)
    window = haystack.text[offset:]
    found = fuzz.partial_ratio_alignment(needle, window, score_cutoff=FUZZY_THRESHOLD)
    if found is None or found.dest_end <= found.dest_start:
        return None
    start, end = _best_bounds(window, needle, found.dest_start, found.dest_end)
    return haystack.original(offset + start, offset + end)


def _best_bounds(text: str, needle: str, start: int, end: int) -> tuple[int, int]:
    """Word boundaries near ``[start, end)`` whose span is most like ``needle``.

    partial_ratio compares windows as long as the needle, so when the quote has a word
    the text lacks (or the reverse) the window spills into a neighbouring word.
    """
    from rapidfuzz import fuzz

    reach = max(12, len(needle) // 5)
    starts = [i for i in range(max(0, start - reach), min(len(text), start + reach)) if _word_start(text, i)]
    ends = [i for i in range(max(0, end - reach), min(len(text), end + reach) + 1) if _word_end(text, i)]
    best = _whole_words(text, start, end)
    best_score = fuzz.ratio(needle, text[best[0] : best[1]])
    for first in starts:
        for last in ends:
            if last - first < len(needle) // 2:
                continue
            score = fuzz.ratio(needle, text[first:last])
            if score > best_score:
                best, best_score = (first, last), score
    return best


def _word_start(text: str, index: int) -> bool:
    return text[index].isalnum() and (index == 0 or not text[index - 1].isalnum())


def _word_end(text: str, index: int) -> bool:
    return index > 0 and text[index - 1].isalnum() and (index == len(text) or not text[index].isalnum())


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened so that it neither starts nor ends inside a word."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    while start < end and text[start] == " ":
        start += 1
    return start, end


def _find_part(haystack: OffsetFold, part: str, cursor: int) -> tuple[int, int] | None:
    needle = quote_fold(part)
    span = haystack.find(needle, cursor)
    if span is not None:
        return span
    # A model often adds or drops the sentence's final full stop or a closing quote mark.
    trimmed = needle.strip(_EDGE_PUNCTUATION)
    if len(trimmed) >= _MIN_PART_CHARS and trimmed != needle:
        return haystack.find(trimmed, cursor)
    return None
