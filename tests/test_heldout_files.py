"""The held-out gold in tests/heldout/ passes the same checks as the seed gold (tests/test_gold_files.py).

Nobody tunes on this set: it measures the extractors on unseen articles. Format: tests/gold/FORMAT.md;
annotation rules: tests/gold/GUIDELINES.md.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from test_gold_files import (
    ANNOTATION_FIELDS,
    GOLD_TYPES,
    OPENING_QUOTE_MARKS,
    REQUIRED_ANNOTATION_FIELDS,
    as_record,
)

HELDOUT_DIR = Path(__file__).resolve().parent / "heldout"
GOLD_DIR = HELDOUT_DIR / "gold"
ARTICLES_DIR = HELDOUT_DIR / "articles"

# Sports and weather stories: they must yield no records at all.
NEGATIVE_ARTICLES = frozenset({"h11_cricket_semifinal", "h12_italy_floods_evacuation"})


def _load(file_name: str) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate((GOLD_DIR / file_name).read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        assert isinstance(row, dict), f"{file_name}:{number}: a line must be a JSON object"
        rows.append(row)
    return rows


def _all_rows() -> list[tuple[str, dict[str, Any]]]:
    return [(file_name, row) for file_name in GOLD_TYPES for row in _load(file_name)]


def _lines() -> list[Any]:
    params = []
    for file_name in GOLD_TYPES:
        lines = (GOLD_DIR / file_name).read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            params.append(pytest.param(file_name, line, id=f"{file_name}:{number}"))
    return params


@cache
def _article(article_id: str) -> str:
    path = ARTICLES_DIR / f"{article_id}.txt"
    assert path.is_file(), f"no article file {path.name} for article_id {article_id!r}"
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("file_name", list(GOLD_TYPES))
def test_every_gold_file_exists(file_name: str) -> None:
    assert (GOLD_DIR / file_name).is_file(), f"tests/heldout/gold/{file_name} is missing"


@pytest.mark.parametrize(("file_name", "line"), _lines())
def test_line_has_exactly_the_format_fields(file_name: str, line: str) -> None:
    row = json.loads(line)
    _, fields = GOLD_TYPES[file_name]
    missing = (REQUIRED_ANNOTATION_FIELDS | set(fields)) - set(row)
    unknown = set(row) - ANNOTATION_FIELDS - set(fields)
    assert not missing, f"missing fields: {sorted(missing)}"
    assert not unknown, f"fields FORMAT.md does not define: {sorted(unknown)}"
    assert isinstance(row["optional"], bool)
    assert row["quote"].strip(), "empty quote"


@pytest.mark.parametrize(("file_name", "line"), _lines())
def test_line_is_a_valid_contract_record_grounded_in_its_article(file_name: str, line: str) -> None:
    row = json.loads(line)
    as_record(file_name, row, _article(row["article_id"]))


@pytest.mark.parametrize(("file_name", "line"), _lines())
def test_verbatim_fields_occur_in_the_article(file_name: str, line: str) -> None:
    row = json.loads(line)
    article_text = _article(row["article_id"])
    if file_name == "statements.jsonl":
        assert row["text"] in article_text, f"statement text is not verbatim: {row['text']!r}"
        assert row["text"] in row["quote"], "the quote must contain the statement text"
    if file_name == "military_facilities.jsonl":
        for alias in row["aliases"]:
            assert alias in article_text, f"alias not spelled this way in the article: {alias!r}"


def test_direct_statements_are_quoted_in_the_article() -> None:
    opening = "|".join(re.escape(mark) for mark in OPENING_QUOTE_MARKS)
    unquoted = [
        row["text"]
        for row in _load("statements.jsonl")
        if row["direct"] and not re.search(f"(?:{opening}){re.escape(row['text'])}", _article(row["article_id"]))
    ]
    assert not unquoted, f"direct=true but not opened by a quote mark: {unquoted}"


def test_negative_articles_have_no_lines_and_every_other_article_has_some() -> None:
    annotated = {row["article_id"] for _, row in _all_rows()}
    articles = {path.stem for path in ARTICLES_DIR.glob("*.txt")}
    assert articles >= NEGATIVE_ARTICLES
    assert not annotated & NEGATIVE_ARTICLES, f"negatives with gold: {sorted(annotated & NEGATIVE_ARTICLES)}"
    assert annotated == articles - NEGATIVE_ARTICLES, f"unannotated: {sorted(articles - NEGATIVE_ARTICLES - annotated)}"


@pytest.mark.parametrize("file_name", list(GOLD_TYPES))
def test_no_line_is_annotated_twice(file_name: str) -> None:
    _, fields = GOLD_TYPES[file_name]
    keys = Counter(
        json.dumps([row["article_id"], row["quote"], *(row[f] for f in fields)], sort_keys=True)
        for row in _load(file_name)
    )
    assert not [key for key, count in keys.items() if count > 1]


def test_each_facility_appears_once_per_article() -> None:
    keys = Counter((row["article_id"], row["name"]) for row in _load("military_facilities.jsonl"))
    assert not [key for key, count in keys.items() if count > 1]


def test_every_alias_resolves_to_one_canonical_facility() -> None:
    names_of_alias: dict[str, set[str]] = {}
    for row in _load("military_facilities.jsonl"):
        for alias in row["aliases"]:
            names_of_alias.setdefault(alias.casefold(), set()).add(row["name"])
    assert not {alias: names for alias, names in names_of_alias.items() if len(names) > 1}


def test_agreements_cover_only_annotated_facilities() -> None:
    canonical = {row["name"] for row in _load("military_facilities.jsonl")}
    unknown = {name for row in _load("agreements.jsonl") for name in row["facilities"]} - canonical
    assert not unknown, f"agreement facilities that are not canonical facility names: {sorted(unknown)}"


def _actors() -> list[dict[str, Any]]:
    actors = [row["speaker"] for row in _load("statements.jsonl")]
    return actors + [actor for row in _load("meetings.jsonl") for actor in row["participants"]]


def test_actor_names_are_canonical_full_forms() -> None:
    names = {actor["name"] for actor in _actors()}
    short_forms = {
        short
        for short in names
        for full in names
        if short != full and full.split()[-len(short.split()) :] == short.split()
    }
    assert not short_forms, f"short forms used as actor names: {sorted(short_forms)}"


def test_one_actor_has_one_country() -> None:
    countries: dict[str, set[str | None]] = {}
    for actor in _actors():
        countries.setdefault(actor["name"], set()).add(actor["country"])
    assert not {name: c for name, c in countries.items() if len(c) > 1}


@pytest.mark.parametrize("path", sorted(ARTICLES_DIR.glob("*.txt")), ids=lambda path: path.stem)
def test_article_is_wire_length(path: Path) -> None:
    words = len(path.read_text(encoding="utf-8").split())
    assert 150 <= words <= 450, f"{path.name} has {words} words"
