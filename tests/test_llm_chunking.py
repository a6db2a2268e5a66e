"""Sentence-aware chunks with overlap."""

from __future__ import annotations

import itertools

from extractor._llm._chunking import chunk_article


def test_a_short_article_is_one_chunk() -> None:
    text = "One sentence. Another one."
    chunks = chunk_article(text, max_chars=100)
    assert [(c.start, c.end) for c in chunks] == [(0, len(text))]
    assert chunk_article("   ", max_chars=100) == []


def test_long_articles_split_at_sentences_with_overlap() -> None:
    sentences = [f"Sentence number {index} says something new." for index in range(30)]
    text = " ".join(sentences)
    chunks = chunk_article(text, max_chars=200, overlap_sentences=1)
    assert len(chunks) > 1
    assert chunks[0].start == 0 and chunks[-1].end == len(text)
    for chunk in chunks:
        piece = chunk.text_of(text)
        assert len(piece) <= 200
        assert piece.startswith("Sentence number") and piece.endswith(".")
    for before, after in itertools.pairwise(chunks):
        assert after.start < before.end  # one sentence shared
        assert after.start > before.start  # always progress


def test_a_sentence_longer_than_the_limit_is_still_covered() -> None:
    text = "Short one. " + "word " * 100 + "end. Tail sentence here."
    chunks = chunk_article(text, max_chars=50)
    covered = set()
    for chunk in chunks:
        covered.update(range(chunk.start, chunk.end))
    assert all(index in covered for index, char in enumerate(text) if not char.isspace())
