"""Ingestion of the real seed articles: no residue, wording untouched, dates where stated."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from extractor import SkippedFile, iter_articles
from extractor._ingest._clean import strip_inline_tags
from schema import Article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

RESIDUE = [
    re.compile(r"icon", re.IGNORECASE),  # navigation icon runs
    re.compile(r"</?[a-z]+[^>]*>"),  # inline HTML tags
    re.compile(r"dear readers|commenting", re.IGNORECASE),
    re.compile(r"^podcasts?$", re.IGNORECASE | re.MULTILINE),
    re.compile(r"^\d{1,2}:\d{2}$", re.MULTILINE),
    re.compile(r"^(?:related|read more)\b", re.IGNORECASE | re.MULTILINE),
    re.compile(r"original url", re.IGNORECASE),
    re.compile(r"^https?://", re.MULTILINE),
    re.compile(r"^- ", re.MULTILINE),
]


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    skipped: list[SkippedFile] = []
    articles = list(iter_articles([SEEDS], on_skip=skipped.append))
    assert skipped == []
    return articles


def test_every_seed_is_ingested_in_sorted_order(seeds: list[Article]) -> None:
    names = sorted(path.stem for path in SEEDS.iterdir() if path.suffix == ".txt")
    assert [article.id for article in seeds] == names


@pytest.mark.parametrize("pattern", RESIDUE, ids=lambda p: p.pattern)
def test_no_boilerplate_residue(seeds: list[Article], pattern: re.Pattern[str]) -> None:
    for article in seeds:
        assert pattern.search(article.text) is None, (article.id, pattern.search(article.text))


def test_every_line_is_a_line_of_the_raw_file(seeds: list[Article]) -> None:
    for article in seeds:
        raw = (SEEDS / f"{article.id}.txt").read_text(encoding="utf-8")
        raw_lines = {line.strip() for line in raw.splitlines()}
        raw_lines |= {strip_inline_tags(line).strip() for line in raw.splitlines()}
        for line in article.text.splitlines():
            assert line in raw_lines, (article.id, line)


def test_article_lines_survive(seeds: list[Article]) -> None:
    """Cleaning removes furniture only: every long prose line of the raw file is kept."""
    for article in seeds:
        raw = (SEEDS / f"{article.id}.txt").read_text(encoding="utf-8")
        kept = set(article.text.splitlines())
        for raw_line in raw.splitlines():
            line = raw_line.strip()
            prose = len(line.split()) >= 25 and not re.search(r"icon|Dear readers", line)
            if prose:
                assert line in kept, (article.id, line[:60])


def test_hash_and_source_path(seeds: list[Article]) -> None:
    for article in seeds:
        path = SEEDS / f"{article.id}.txt"
        assert article.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert article.source_path == str(path)


def test_publication_dates_only_where_stated(seeds: list[Article]) -> None:
    published = {article.id[:3]: article.published for article in seeds}
    assert published == {
        "000": None,
        "001": "2024-12-29",
        "002": None,
        "003": None,
        "004": "2025-02-12",
    }


def test_headlines_bylines_and_urls(seeds: list[Article]) -> None:
    by_prefix = {article.id[:3]: article for article in seeds}
    for article in seeds:
        if article.title is not None:
            assert article.title in article.text.splitlines()[:3]
    assert by_prefix["003"].title is None  # the article opens with prose
    assert by_prefix["001"].title is not None and "icon" not in by_prefix["001"].title
    assert by_prefix["002"].byline is not None and by_prefix["002"].byline.startswith("Stephen Quillen")
    assert by_prefix["004"].byline == "AFP"
    url = by_prefix["004"].url
    assert url is not None and url.startswith("https://") and " " not in url
    assert by_prefix["000"].url is None
