"""The rules engine's work grows linearly with the text (issue 13, section 6).

Not timed (speed figures live in BENCHMARKS.md): these tests count the characters the date
scanner reads and check that long inputs that took minutes before now run in an ordinary test.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor._rules import RulesEngine, _dates
from extractor._text import MAX_SENTENCE_CHARS, bounded_sentences, sentence_index, split_sentences
from schema import Article

ROOT = Path(__file__).resolve().parents[1]


def _article(text: str) -> Article:
    return Article(id="long", text=text, published="2025-03-04", sha256=hashlib.sha256(text.encode()).hexdigest())


def _seed_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt")))


def _one_line(size: int) -> str:
    # The seeds with every sentence end and line break removed: one "sentence" of ``size`` characters.
    flat = " ".join(_seed_text().replace(".", " ").replace("?", " ").replace("!", " ").split())
    return (flat + " ") * (size // len(flat) + 1)


@pytest.fixture
def scanned(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Characters handed to the date scanner, summed over one run."""
    counter = [0]
    original = _dates._find

    def counting(text: str, start: int, end: int, anchor: object) -> list[_dates.DateMatch]:
        counter[0] += end - start
        return original(text, start, end, anchor)  # type: ignore[arg-type]

    monkeypatch.setattr(_dates, "_find", counting)
    yield counter


def test_no_sentence_is_longer_than_the_cap() -> None:
    text = _one_line(20_000)[:20_000]
    spans = bounded_sentences(text, split_sentences(text))
    assert len(spans) > 1
    assert all(span.end - span.start <= MAX_SENTENCE_CHARS for span in spans)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    # nothing is lost: every word is in exactly one piece, in order
    assert " ".join(span.text_of(text) for span in spans).split() == text.split()


def test_short_sentences_are_left_alone() -> None:
    text = _seed_text()
    assert bounded_sentences(text, split_sentences(text)) == split_sentences(text)


def test_sentence_index_finds_the_sentence_or_none() -> None:
    text = "One two.  Three four.\n\nFive."
    spans = split_sentences(text)
    assert [sentence_index(spans, spans[i].start) for i in range(len(spans))] == [0, 1, 2]
    assert sentence_index(spans, spans[1].end - 1) == 1
    assert sentence_index(spans, spans[0].end) is None  # the space between sentences
    assert sentence_index(spans, len(text) + 5) is None


def test_a_long_line_without_punctuation_is_scanned_a_bounded_number_of_times(scanned: list[int]) -> None:
    # Before the cap, each date lookup rescanned the whole line: 170 times its length at 32 KB.
    text = _one_line(64_000)
    result = RulesEngine().extract(_article(text))
    assert result.error is None
    assert result.records
    assert scanned[0] <= 2 * len(text)


def test_a_long_article_of_short_lines_is_scanned_a_bounded_number_of_times(scanned: list[int]) -> None:
    # 250 KB of short punctuated lines: minutes before (statement pairs, sentence lookups).
    seed = _seed_text()
    text = "\n".join([seed] * (250_000 // len(seed) + 1))
    result = RulesEngine().extract(_article(text))
    assert result.error is None
    assert len(result.records) > 500
    assert scanned[0] <= 2 * len(text)


def test_statement_words_before_a_position_are_found_as_a_search_of_the_prefix_finds_them() -> None:
    from extractor._rules._speakers import _STATEMENT_WORD, _statement_words_before

    parts = ["statement", "statements", "a statement", "xstatement", " ", ".", "The", "statement.", "state"]
    for number in range(400):
        text = "".join(parts[(number * 7 + k * 3) % len(parts)] for k in range(number % 11 + 1))
        for position in range(len(text) + 1):
            expected = [m.start() for m in _STATEMENT_WORD.finditer(text, 0, position)]
            assert _statement_words_before(text, position) == expected


def _surnames_by_rescanning(text: str) -> list[tuple[str, int, int]]:
    """The reference: ``names_used_by_surname`` as first written, one scan of the text per name."""
    import re

    from extractor._rules._names import _FULL_NAME, _NOT_GIVEN, clean_person_name, looks_like_person

    found = []
    for match in _FULL_NAME.finditer(text):
        name, tokens = match.group(), match.group().split()
        if text[match.end() : match.end() + 1] == "." and len(tokens[-1]) <= 3:
            continue
        lower = [re.search(rf"(?<![\w\-]){re.escape(t.casefold())}(?![\w\-])", text) for t in (tokens[0], tokens[-1])]
        if any(_NOT_GIVEN.search(t) for t in (tokens[0], tokens[-1])) or any(lower):
            continue
        alone = rf"(?<!{re.escape(tokens[-2])}\s)(?<![\w\-’'.]){re.escape(tokens[-1])}(?![\w\-’'])"
        if looks_like_person(name) and clean_person_name(name) == name and re.search(alone, text[match.end() :]):
            found.append((name, match.start(), match.end()))
    return found


_PIECES = [
    "Margaret Thatcher",
    "Thatcher",
    "thatcher",
    "Anna Kowalska-Nowak",
    "Kowalska-Nowak",
    "Nowak",
    "Sean O'Brien",
    "O'Brien",
    "Brien’s",
    "Mr. Ruto",
    "William Ruto",
    "Ruto.",
    ".Ruto",
    "the world",
    "Digital World",
    "World",
    " said ",
    ", ",
    ". ",
    "\n",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map(" ".join))
def test_surnames_found_with_one_index_equal_those_found_by_rescanning(text: str) -> None:
    from extractor._rules._names import names_used_by_surname

    assert names_used_by_surname(text) == _surnames_by_rescanning(text)
