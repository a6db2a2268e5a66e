"""Split a long article into sentence-aligned chunks that overlap by a sentence or two."""

from __future__ import annotations

from dataclasses import dataclass

from extractor._text import cut_sentences


@dataclass(frozen=True)
class Chunk:
    """A half-open ``[start, end)`` range of the article text sent in one request."""

    start: int
    end: int

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


def chunk_article(text: str, *, max_chars: int = 6000, overlap_sentences: int = 1) -> list[Chunk]:
    """Chunks covering ``text``: whole sentences, at most ``max_chars`` where a sentence allows.

    Consecutive chunks share ``overlap_sentences`` sentences so that a record whose
    evidence straddles a boundary is still seen whole by one request.
    """
    if len(text) <= max_chars:
        return [Chunk(0, len(text))] if text.strip() else []
    spans = cut_sentences(text)
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
