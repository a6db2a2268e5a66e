"""Metadata lines of plain-text articles: dates, bylines, URLs, headlines."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor._ingest._article import clean_article
from extractor._ingest._metadata import (
    looks_like_headline,
    normalize_date,
    parse_byline,
    parse_date_line,
    usable_byline,
)

BODY = "The defence ministers met in Warsaw on Tuesday and agreed to hold joint exercises next spring."


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("29 Dec, 2024 15:53", "2024-12-29"),
        ("February 12, 2025", "2025-02-12"),
        ("2025-02-12", "2025-02-12"),
        ("12 February 2025", "2025-02-12"),
        ("Published: 3 March 2023", "2023-03-03"),
        ("Published On 7 Jan 2025", "2025-01-07"),
        ("Wednesday, February 12, 2025 at 3:04 PM", "2025-02-12"),
        ("Posted 12 Feb 2025, 10:00 GMT", "2025-02-12"),
        ("Published 12 Feb 2025 | Updated 13 Feb 2025", "2025-02-12"),
    ],
)
def test_date_lines_parse(line: str, iso: str) -> None:
    found = parse_date_line(line)
    assert found is not None
    assert found.date == iso


@pytest.mark.parametrize(
    "line",
    [
        "yesterday",
        "Updated 2 hours ago",
        "February 2025",
        "The talks were held on February 12, 2025 in Warsaw.",
        "In 2025 the lease will be reviewed",
        "March 1, 2025 deadline looms for the transition",
        "2025",
    ],
)
def test_non_date_lines_do_not_parse(line: str) -> None:
    assert parse_date_line(line) is None


def test_update_label_is_marked() -> None:
    found = parse_date_line("Updated: Feb 13, 2025")
    assert found is not None and found.is_update and found.labelled


def test_published_beats_updated_in_any_order() -> None:
    cleaned = clean_article(f"Updated: 14 March 2024\nPublished: 12 March 2024\n{BODY}")
    assert cleaned.published == "2024-03-12"
    assert clean_article(f"Updated: 14 March 2024\n{BODY}").published == "2024-03-14"


def test_date_in_article_sentences_is_not_the_publication_date() -> None:
    cleaned = clean_article(f"{BODY}\nThe accord was signed on 12 February 2025 in Warsaw.")
    assert cleaned.published is None


def test_unlabelled_date_line_below_the_header_stays_text() -> None:
    lines = [f"{BODY} ({n})" for n in range(10)]
    cleaned = clean_article("\n".join([*lines, "12 February 2025", BODY]))
    assert cleaned.published is None
    assert "12 February 2025" in cleaned.text
    labelled = clean_article("\n".join([*lines, "Published: 12 February 2025"]))
    assert labelled.published == "2025-02-12"
    assert "Published" not in labelled.text


def test_date_line_is_lifted_out_of_the_text() -> None:
    cleaned = clean_article(f"Ministers Meet in Warsaw\n29 Dec, 2024 15:53\n\n{BODY}")
    assert cleaned.published == "2024-12-29"
    assert cleaned.text == f"Ministers Meet in Warsaw\n\n{BODY}"


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Stephen Quillen and News Agencies", "Stephen Quillen and News Agencies"),
        ("By AFP", "AFP"),
        ("BY Jane Doe, Reuters", "Jane Doe, Reuters"),
        ("Written by Ana María de la Cruz", "Ana María de la Cruz"),
        ("By Staff Writer J. K.", "Staff Writer J. K."),
    ],
)
def test_bylines(line: str, names: str) -> None:
    assert parse_byline(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the week the two sides had agreed.",
        "By signing the accord, both nations committed to talks",
        "Bypass roads were closed.",
    ],
)
def test_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


def test_byline_only_in_the_header_area() -> None:
    lines = [f"{BODY} ({n})" for n in range(10)]
    cleaned = clean_article("\n".join(["By AFP", *lines, "By Jane Doe"]))
    assert cleaned.byline == "AFP"
    assert cleaned.text.endswith("By Jane Doe")


def test_url_line_is_lifted_out() -> None:
    cleaned = clean_article(f"{BODY}\nhttps://news.example/world/story-1")
    assert cleaned.url == "https://news.example/world/story-1"
    assert cleaned.text == BODY


def test_first_url_wins() -> None:
    cleaned = clean_article(f"https://a.example/1\n{BODY}\nhttps://b.example/2")
    assert cleaned.url == "https://a.example/1"


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        (
            ["Syria Leader Stresses 'Strong Strategic Ties' in Call With Putin", BODY],
            "Syria Leader Stresses 'Strong Strategic Ties' in Call With Putin",
        ),
        (["Will the summit end the war?", BODY], "Will the summit end the war?"),
        (["kremlin.ru", "Leaders hold phone call", BODY], "Leaders hold phone call"),
        ([BODY, "Leaders hold phone call"], None),
        (["Warsaw", BODY], None),
        (["the talks continued into the night", BODY], None),
    ],
)
def test_headline_is_the_first_headline_like_line(lines: list[str], title: str | None) -> None:
    cleaned = clean_article("\n".join(lines))
    assert cleaned.title == title
    if title is not None:
        assert title in cleaned.text.splitlines()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("New Syrian leader wants close ties with Russia", True),
        ('"We need Russia," he said.', False),
        ("Talks resume,", False),
        ("A B", False),
        ("https://example.com/a b c", False),
    ],
)
def test_looks_like_headline(line: str, expected: bool) -> None:
    assert looks_like_headline(line) is expected


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2025-02-12", "2025-02-12"),
        ("2025-02", "2025-02"),
        ("2025", "2025"),
        (2025, "2025"),
        ("2025-02-12T10:00:00Z", "2025-02-12"),
        (dt.date(2024, 1, 2), "2024-01-02"),
        (dt.datetime(2024, 1, 2, 23, 59), "2024-01-02"),
        ("12 February 2025", "2025-02-12"),
        ("2025-02-30", None),
        ("soon", None),
        ("", None),
        (None, None),
        (["2025"], None),
    ],
)
def test_normalize_stated_dates(value: object, iso: str | None) -> None:
    assert normalize_date(value) == iso


@pytest.mark.parametrize(
    "text",
    ["29 Dec, 2024 15:53", "February 12, 2025", "2025-02-12", "12 Feb 2025, 10:00 GMT", "Feb 12 2025 11:45 PM ET"],
)
def test_fast_and_fallback_date_parsers_agree(text: str) -> None:
    from extractor._ingest._metadata import _parse_with_dateparser, _parse_with_dateutil

    assert _parse_with_dateutil(text) is not None
    assert _parse_with_dateutil(text) == _parse_with_dateparser(text)


@pytest.mark.parametrize("text", ["February 2025", "2025", "yesterday", "12 February", "31 June 2025"])
def test_both_date_parsers_need_day_month_and_year(text: str) -> None:
    from extractor._ingest._metadata import _parse_with_dateparser, _parse_with_dateutil

    assert _parse_with_dateutil(text) is None
    assert _parse_with_dateparser(text) is None


@pytest.mark.parametrize("placeholder", ["Username", "admin", " Author ", "Anonymous", "N/A", ""])
def test_a_placeholder_in_the_author_field_is_no_byline(placeholder: str) -> None:
    assert usable_byline(placeholder) is None


def test_a_real_byline_is_kept() -> None:
    assert usable_byline(" Maria Lopez and Staff Writer ") == "Maria Lopez and Staff Writer"
