"""Align a model's verbatim quote to the article text it claims to come from.

A model copies text imperfectly: it straightens curly quote marks, reflows whitespace,
changes dashes or case, and elides with an ellipsis. Alignment tries the exact quote
first, then a normalised comparison whose offsets map back to the original text, so the
evidence we keep is always a true slice of the article.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

# The shortest quote we accept as evidence: shorter strings ("the", "Russia") match
# almost any article and would ground a fabricated record.
MIN_QUOTE_CHARS = 12
_MIN_PART_CHARS = 4

_ELLIPSIS = re.compile(r"\s*(?:…|\.\s?\.\s?\.|\[\s*(?:…|\.\.\.)\s*\])\s*")
_TRANSLATE = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
        "–": "-", "—": "-", "‐": "-", "‑": "-", "‒": "-", "−": "-",
        "\u00a0": " ",
    }
)  # fmt: skip
_WRAPPING = "\"'“”‘’«» \t\r\n"
_EDGE_PUNCTUATION = ".,;:!?\"'“”‘’«» \t\r\n"


# Words that name a kind of thing rather than the thing: "Tartus naval base" is not
# mentioned by an article that only says "base".
_GENERIC = frozenset(
    [
        "base",
        "bases",
        "airbase",
        "naval",
        "army",
        "military",
        "forces",
        "force",
        "port",
        "station",
        "facility",
        "ministry",
        "minister",
        "president",
        "prime",
        "foreign",
        "defence",
        "defense",
        "government",
        "office",
        "council",
        "state",
        "republic",
        "kingdom",
        "federation",
        "union",
        "national",
        "agency",
        "officials",
        "official",
        "spokesman",
        "spokeswoman",
        "embassy",
    ]
)


@dataclass(frozen=True)
class Match:
    """Where a quote lies in the text: one ``(start, end)`` per ellipsis-separated part."""

    spans: tuple[tuple[int, int], ...]
    exact: bool


class _Normalised:
    """A text folded for tolerant search, with a map from folded to original offsets."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        origin: list[int] = []
        previous_space = False
        for index, char in enumerate(text):
            folded = char.translate(_TRANSLATE)
            if folded.isspace():
                if previous_space:
                    continue
                folded, previous_space = " ", True
            else:
                previous_space = False
                lowered = folded.lower()
                folded = lowered if len(lowered) == 1 else folded
            chars.append(folded)
            origin.append(index)
        self.text = "".join(chars)
        self._origin = origin

    def find(self, needle: str, start: int) -> tuple[int, int] | None:
        """Original ``(start, end)`` of ``needle`` searched from original offset ``start``."""
        folded_start = bisect.bisect_left(self._origin, start)
        position = self.text.find(needle, folded_start)
        if position < 0 or not needle:
            return None
        return self._origin[position], self._origin[position + len(needle) - 1] + 1


@functools.lru_cache(maxsize=64)
def _normalised(text: str) -> _Normalised:
    # One article is searched for many quotes and names; fold it once.
    return _Normalised(text)


def normalise(text: str) -> str:
    """The folded form used for tolerant comparison (quote marks, dashes, space, case)."""
    return _normalised(text).text.strip()


def align_quote(text: str, quote: str) -> Match | None:
    """Locate ``quote`` in ``text``; ``None`` when it is not there or too short to trust."""
    quote = quote.strip(_WRAPPING)
    if len(quote) < MIN_QUOTE_CHARS:
        return None
    exact = text.find(quote)
    if exact >= 0:
        return Match(spans=((exact, exact + len(quote)),), exact=True)

    parts = [part.strip(_WRAPPING) for part in _ELLIPSIS.split(quote)]
    parts = [part for part in parts if part]
    if not parts or any(len(part) < _MIN_PART_CHARS for part in parts):
        return None
    haystack = _normalised(text)
    spans: list[tuple[int, int]] = []
    cursor = 0
    for part in parts:
        span = _find_part(haystack, part, cursor)
        if span is None:
            return None
        spans.append(span)
        cursor = span[1]
    return Match(spans=tuple(spans), exact=False)


def _find_part(haystack: _Normalised, part: str, cursor: int) -> tuple[int, int] | None:
    needle = normalise(part)
    span = haystack.find(needle, cursor)
    if span is not None:
        return span
    # A model often adds or drops the sentence's final full stop or a closing quote mark.
    trimmed = needle.strip(_EDGE_PUNCTUATION)
    if len(trimmed) >= _MIN_PART_CHARS and trimmed != needle:
        return haystack.find(trimmed, cursor)
    return None


def mentioned(text: str, name: str) -> bool:
    """Whether some word of ``name`` (or all of a short name) appears in ``text``.

    Guards against records about entities the article never mentions, which a
    grounded-but-unrelated quote would otherwise let through.
    """
    folded_text = normalise(text)
    words = [word for word in re.findall(r"\w+", normalise(name)) if len(word) >= 4 and word not in _GENERIC]
    if not words:
        folded_name = normalise(name)
        pattern = rf"(?<!\w){re.escape(folded_name)}(?!\w)"
        return bool(folded_name) and re.search(pattern, folded_text) is not None
    return any(word in folded_text for word in words)
