"""The hand-annotated gold set in tests/gold/ is well formed, contract-valid and grounded in its articles.

Format: tests/gold/FORMAT.md; annotation rules: tests/gold/GUIDELINES.md.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import schema

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "gold"
SEEDS_DIR = ROOT / "seeds"

ANNOTATION_FIELDS = frozenset({"article_id", "quote", "optional", "note"})
REQUIRED_ANNOTATION_FIELDS = frozenset({"article_id", "quote", "optional"})

# Gold file -> (contract model, the contract fields FORMAT.md says each line carries).
GOLD_TYPES: dict[str, tuple[type[BaseModel], tuple[str, ...]]] = {
    "meetings.jsonl": (schema.Meeting, ("participants", "date", "location", "format", "status")),
    "statements.jsonl": (schema.Statement, ("speaker", "text", "direct", "date", "channel")),
    "military_facilities.jsonl": (
        schema.MilitaryFacility,
        ("name", "aliases", "facility_type", "operator", "host_country", "location", "status"),
    ),
    "agreements.jsonl": (
        schema.Agreement,
        ("title", "agreement_type", "parties", "date_signed", "duration_years", "status", "facilities"),
    ),
}

OPENING_QUOTE_MARKS = ('"', "“", "'", "‘")


def _load(file_name: str) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate((GOLD_DIR / file_name).read_text(encoding="utf-8").splitlines(), 1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            pytest.fail(f"{file_name}:{number}: not JSON: {e}")
        if not isinstance(row, dict):
            pytest.fail(f"{file_name}:{number}: a line must be a JSON object")
        rows.append(row)
    return rows


def _lines() -> list[Any]:
    """Every gold line as a pytest param named `file:line`, read at collection time."""
    params = []
    for file_name in GOLD_TYPES:
        path = GOLD_DIR / file_name
        if path.exists():
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                params.append(pytest.param(file_name, line, id=f"{file_name}:{number}"))
    return params


@cache
def _article(article_id: str) -> str:
    path = SEEDS_DIR / f"{article_id}.txt"
    assert path.is_file(), f"no article file {path.relative_to(ROOT)} for article_id {article_id!r}"
    return path.read_text(encoding="utf-8")


def as_record(file_name: str, row: dict[str, Any], article_text: str) -> BaseModel:
    """The gold line as a full contract record; the quote becomes its one Evidence item."""
    model, fields = GOLD_TYPES[file_name]
    quote = row["quote"]
    start = article_text.find(quote)
    assert start >= 0, f"quote is not a verbatim passage of {row['article_id']}: {quote!r}"
    evidence = {"article_id": row["article_id"], "start": start, "end": start + len(quote), "text": quote}
    return model.model_validate(
        {
            **{field: row[field] for field in fields},
            "id": "gold",
            "evidence": [evidence],
            "confidence": 1.0,
            "extractor": {"engine": "gold", "version": "0"},
        }
    )


@pytest.mark.parametrize("file_name", list(GOLD_TYPES))
def test_format_fields_exist_in_the_contract_model(file_name: str) -> None:
    model, fields = GOLD_TYPES[file_name]
    assert set(fields) <= set(model.model_fields), f"{model.__name__} lost a field FORMAT.md names"


@pytest.mark.parametrize("file_name", list(GOLD_TYPES))
def test_gold_file_is_present_and_not_empty(file_name: str) -> None:
    assert _load(file_name), f"tests/gold/{file_name} has no lines"


@pytest.mark.parametrize(("file_name", "line"), _lines())
def test_line_has_exactly_the_format_fields(file_name: str, line: str) -> None:
    row = json.loads(line)
    assert isinstance(row, dict)
    _, fields = GOLD_TYPES[file_name]
    missing = (REQUIRED_ANNOTATION_FIELDS | set(fields)) - set(row)
    unknown = set(row) - ANNOTATION_FIELDS - set(fields)
    assert not missing, f"missing fields: {sorted(missing)}"
    assert not unknown, f"fields FORMAT.md does not define: {sorted(unknown)}"
    assert isinstance(row["article_id"], str)
    assert isinstance(row["quote"], str)
    assert row["quote"].strip(), "empty quote"
    assert isinstance(row["optional"], bool)
    assert isinstance(row.get("note", ""), str)


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
    unquoted = []
    for row in _load("statements.jsonl"):
        if not row["direct"]:
            continue
        pattern = "|".join(re.escape(mark) for mark in OPENING_QUOTE_MARKS)
        if not re.search(f"(?:{pattern}){re.escape(row['text'])}", _article(row["article_id"])):
            unquoted.append(row["text"])
    assert not unquoted, f"direct=true but not opened by a quote mark: {unquoted}"


def test_every_seed_article_is_annotated() -> None:
    annotated = {row["article_id"] for file_name in GOLD_TYPES for row in _load(file_name)}
    seeds = {path.stem for path in SEEDS_DIR.glob("*.txt")}
    assert seeds, "no seed articles found"
    assert seeds <= annotated, f"seed articles without gold: {sorted(seeds - annotated)}"


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
    actors += [actor for row in _load("meetings.jsonl") for actor in row["participants"]]
    return actors


def test_actor_names_are_canonical_full_forms() -> None:
    """A name that is the tail of another ("al-Sharaa" of "Ahmed al-Sharaa") was not canonicalised."""
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


@pytest.mark.parametrize(
    ("field", "bad_value"),
    [
        ("date", "2025-02-30"),
        ("format", "teleconference"),
        ("participants", [{"name": "X", "country": "Russia"}]),
    ],
)
def test_as_record_rejects_values_outside_the_contract(field: str, bad_value: Any) -> None:
    article_text = "Putin met Sharaa in Moscow."
    row = {
        "article_id": "a",
        "quote": "Putin met Sharaa",
        "optional": False,
        "participants": [{"name": "Vladimir Putin", "country": "RUS", "role": None}],
        "date": None,
        "location": "Moscow",
        "format": "in_person",
        "status": "held",
    }
    as_record("meetings.jsonl", row, article_text)
    with pytest.raises(ValidationError):
        as_record("meetings.jsonl", {**row, field: bad_value}, article_text)


def test_as_record_rejects_a_quote_the_article_does_not_contain() -> None:
    row = {
        "article_id": "a",
        "quote": "Putin met Lavrov",
        "optional": False,
        "speaker": {"name": "Vladimir Putin", "country": "RUS", "role": None},
        "text": "x",
        "direct": False,
        "date": None,
        "channel": None,
    }
    with pytest.raises(AssertionError, match="not a verbatim passage"):
        as_record("statements.jsonl", row, "Putin met Sharaa in Moscow.")
