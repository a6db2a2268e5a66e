"""Split a long article into sentence-aligned chunks that overlap by a sentence or two."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A chunk may end after a line break, or after . ! ? (and closing quotes or brackets)
# followed by space and a capital, digit or opening quote. Chunking needs only safe cut
# points, not the rules engine's full sentence splitter: a cut inside an abbreviation
# costs nothing, because neighbouring chunks overlap.
_BOUNDARY = re.compile(r"\n+|(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Chunk:
    """A half-open ``[start, end)`` range of the article text sent in one request."""

    start: int
    end: int

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


def sentences(text: str) -> list[Chunk]:
    """Sentence ranges of ``text``, trimmed of surrounding whitespace, in order."""
    spans: list[Chunk] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        _append_trimmed(spans, text, start, match.start())
        start = match.end()
    _append_trimmed(spans, text, start, len(text))
    return spans


def _append_trimmed(spans: list[Chunk], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append(Chunk(start, end))


def chunk_article(text: str, *, max_chars: int = 6000, overlap_sentences: int = 1) -> list[Chunk]:
    """Chunks covering ``text``: whole sentences, at most ``max_chars`` where a sentence allows.

    Consecutive chunks share ``overlap_sentences`` sentences so that a record whose
    evidence straddles a boundary is still seen whole by one request.
    """
    if len(text) <= max_chars:
        return [Chunk(0, len(text))] if text.strip() else []
    spans = sentences(text)
    chunks: list[Chunk] = []
    first = 0
    while first < len(spans):
        last = first
        while last + 1 < len(spans) and spans[last + 1].end - spans[first].start <= max_chars:
            last += 1
        chunks.append(Chunk(spans[first].start, spans[last].end))
        if last + 1 >= len(spans):
            break
        # Step back for the overlap but always make progress.
        first = max(first + 1, last + 1 - overlap_sentences)
    return chunks
