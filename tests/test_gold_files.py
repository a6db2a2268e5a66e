"""Every hand-annotated gold set is well formed, contract-valid and grounded in its articles.

The sets: the seed gold (tests/gold/ on seeds/), the dev sets tests/devset/{a,b,c,d}/ and the
held-out set tests/heldout/ (nobody tunes on it). Format: tests/gold/FORMAT.md; annotation
rules: tests/gold/GUIDELINES.md.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import schema

ROOT = Path(__file__).resolve().parent.parent
TESTS_DIR = ROOT / "tests"

ANNOTATION_FIELDS = frozenset({"article_id", "quote", "optional", "note", "type"})
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
# The contract fields a line may not leave out (FORMAT.md, "Files, and what `extract eval` reads").
REQUIRED_FIELDS: dict[str, frozenset[str]] = {
    "meetings.jsonl": frozenset({"participants"}),
    "statements.jsonl": frozenset({"speaker", "text"}),
    "military_facilities.jsonl": frozenset({"name"}),
    "agreements.jsonl": frozenset({"agreement_type"}),
}
# The optional `type` of a line must agree with its file.
LINE_TYPE = {
    "meetings.jsonl": "meeting",
    "statements.jsonl": "statement",
    "military_facilities.jsonl": "military_facility",
    "agreements.jsonl": "agreement",
}

OPENING_QUOTE_MARKS = ('"', "“", "'", "‘")


@dataclass(frozen=True)
class GoldSet:
    """One gold folder and the articles it annotates."""

    name: str
    gold_dir: Path
    articles_dir: Path
    types: tuple[str, ...] = tuple(GOLD_TYPES)
    """The annotated types: their files must exist; the other files must not."""
    complete: bool = True
    """Every line gives every contract field; otherwise a line may leave out the unrequired ones."""
    negatives: frozenset[str] = frozenset()
    """Articles that must yield no records at all, so have no gold."""
    quote_holds_statement_text: bool = True
    """A statement's quote is its whole reporting sentence; otherwise only the attribution clause."""


def _devset(letter: str, **options: Any) -> GoldSet:
    folder = TESTS_DIR / "devset" / letter
    return GoldSet(
        f"devset-{letter}",
        folder / "gold",
        folder / "articles",
        complete=False,
        quote_holds_statement_text=False,
        **options,
    )


SEEDS = GoldSet("seeds", TESTS_DIR / "gold", ROOT / "seeds")
HELDOUT = GoldSet(
    "heldout",
    TESTS_DIR / "heldout" / "gold",
    TESTS_DIR / "heldout" / "articles",
    # Sports and weather stories.
    negatives=frozenset({"h11_cricket_semifinal", "h12_italy_floods_evacuation"}),
)
GOLD_SETS = (
    SEEDS,
    # Sports and weather stories.
    _devset("a", negatives=frozenset({"09_sports_final", "10_weather_typhoon"})),
    _devset("b", negatives=frozenset({"b09_sports_final", "b10_typhoon_relief"})),
    _devset("c", types=("meetings.jsonl", "agreements.jsonl")),
    _devset("d", types=("statements.jsonl",)),
    HELDOUT,
)


@cache
def _load(gold: GoldSet, file_name: str) -> list[dict[str, Any]]:
    """The lines of a gold file; none when the set does not annotate that type."""
    if file_name not in gold.types:
        return []
    rows = []
    for number, line in enumerate((gold.gold_dir / file_name).read_text(encoding="utf-8").splitlines(), 1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            pytest.fail(f"{gold.name}/{file_name}:{number}: not JSON: {e}")
        if not isinstance(row, dict):
            pytest.fail(f"{gold.name}/{file_name}:{number}: a line must be a JSON object")
        rows.append(row)
    return rows


def _lines() -> list[Any]:
    """Every gold line as a pytest param named `set/file:line`, read at collection time."""
    params = []
    for gold in GOLD_SETS:
        for file_name in gold.types:
            path = gold.gold_dir / file_name
            if path.exists():
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    params.append(pytest.param(gold, file_name, line, id=f"{gold.name}/{file_name}:{number}"))
    return params


def _sets(*needed: str) -> list[Any]:
    """The gold sets that annotate every type in `needed`, as params named by the set."""
    return [pytest.param(gold, id=gold.name) for gold in GOLD_SETS if set(needed) <= set(gold.types)]


def _set_files() -> list[Any]:
    return [
        pytest.param(gold, file_name, id=f"{gold.name}/{file_name}") for gold in GOLD_SETS for file_name in gold.types
    ]


@cache
def _article(articles_dir: Path, article_id: str) -> str:
    path = articles_dir / f"{article_id}.txt"
    assert path.is_file(), f"no article file {path.relative_to(ROOT)} for article_id {article_id!r}"
    return path.read_text(encoding="utf-8")


def as_record(file_name: str, row: dict[str, Any], article_text: str) -> BaseModel | None:
    """The gold line as a full contract record; the quote becomes its one Evidence item.

    A line that leaves out a field the contract model requires has its other values checked
    all the same, and gives None.
    """
    model, fields = GOLD_TYPES[file_name]
    quote = row["quote"]
    start = article_text.find(quote)
    assert start >= 0, f"quote is not a verbatim passage of {row['article_id']}: {quote!r}"
    evidence = {"article_id": row["article_id"], "start": start, "end": start + len(quote), "text": quote}
    left_out = set(fields) - set(row)
    try:
        return model.model_validate(
            {
                **{field: row[field] for field in fields if field in row},
                "id": "gold",
                "evidence": [evidence],
                "confidence": 1.0,
                "extractor": {"engine": "gold", "version": "0"},
            }
        )
    except ValidationError as error:
        if any(e["type"] != "missing" or e["loc"][0] not in left_out for e in error.errors()):
            raise
        return None


@pytest.mark.parametrize("file_name", list(GOLD_TYPES))
def test_format_fields_exist_in_the_contract_model(file_name: str) -> None:
    model, fields = GOLD_TYPES[file_name]
    assert set(fields) <= set(model.model_fields), f"{model.__name__} lost a field FORMAT.md names"
    assert REQUIRED_FIELDS[file_name] <= set(fields)


@pytest.mark.parametrize("gold", _sets())
def test_the_set_has_exactly_the_files_of_its_annotated_types(gold: GoldSet) -> None:
    present = {file_name for file_name in GOLD_TYPES if (gold.gold_dir / file_name).exists()}
    assert present == set(gold.types), f"{gold.gold_dir.relative_to(ROOT)} holds {sorted(present)}"


@pytest.mark.parametrize(("gold", "file_name"), _set_files())
def test_gold_file_is_present_and_not_empty(gold: GoldSet, file_name: str) -> None:
    assert (gold.gold_dir / file_name).is_file(), f"{gold.name}/{file_name} is missing"
    assert _load(gold, file_name), f"{gold.name}/{file_name} has no lines"


@pytest.mark.parametrize(("gold", "file_name", "line"), _lines())
def test_line_has_exactly_the_format_fields(gold: GoldSet, file_name: str, line: str) -> None:
    row = json.loads(line)
    assert isinstance(row, dict)
    _, fields = GOLD_TYPES[file_name]
    required = set(fields) if gold.complete else REQUIRED_FIELDS[file_name]
    missing = (REQUIRED_ANNOTATION_FIELDS | required) - set(row)
    unknown = set(row) - ANNOTATION_FIELDS - set(fields)
    assert not missing, f"missing fields: {sorted(missing)}"
    assert not unknown, f"fields FORMAT.md does not define: {sorted(unknown)}"
    assert isinstance(row["article_id"], str)
    assert isinstance(row["quote"], str)
    assert row["quote"].strip(), "empty quote"
    assert isinstance(row["optional"], bool)
    assert isinstance(row.get("note", ""), str)
    assert row.get("type", LINE_TYPE[file_name]) == LINE_TYPE[file_name], "`type` disagrees with the file"


@pytest.mark.parametrize(("gold", "file_name", "line"), _lines())
def test_line_is_a_valid_contract_record_grounded_in_its_article(gold: GoldSet, file_name: str, line: str) -> None:
    row = json.loads(line)
    record = as_record(file_name, row, _article(gold.articles_dir, row["article_id"]))
    if gold.complete:
        assert record is not None


@pytest.mark.parametrize(("gold", "file_name", "line"), _lines())
def test_verbatim_fields_occur_in_the_article(gold: GoldSet, file_name: str, line: str) -> None:
    row = json.loads(line)
    article_text = _article(gold.articles_dir, row["article_id"])
    if file_name == "statements.jsonl":
        assert row["text"] in article_text, f"statement text is not verbatim: {row['text']!r}"
        if gold.quote_holds_statement_text:
            assert row["text"] in row["quote"], "the quote must contain the statement text"
        else:
            assert _adjoin(article_text, row["quote"], row["text"]), "the quote must overlap or adjoin the text"
    if file_name == "military_facilities.jsonl":
        for alias in row.get("aliases", []):
            assert alias in article_text, f"alias not spelled this way in the article: {alias!r}"


def _adjoin(article_text: str, quote: str, text: str) -> bool:
    """The two passages overlap, or only spaces and punctuation lie between them."""
    quote_start, text_start = article_text.find(quote), article_text.find(text)
    if quote_start < 0 or text_start < 0:
        return False
    first, second = sorted([(quote_start, quote_start + len(quote)), (text_start, text_start + len(text))])
    return not any(char.isalnum() for char in article_text[first[1] : second[0]])


@pytest.mark.parametrize("gold", _sets("statements.jsonl"))
def test_direct_statements_are_quoted_in_the_article(gold: GoldSet) -> None:
    opening = "|".join(re.escape(mark) for mark in OPENING_QUOTE_MARKS)
    unquoted = [
        row["text"]
        for row in _load(gold, "statements.jsonl")
        if row["direct"]
        and not re.search(f"(?:{opening}){re.escape(row['text'])}", _article(gold.articles_dir, row["article_id"]))
    ]
    assert not unquoted, f"direct=true but not opened by a quote mark: {unquoted}"


@pytest.mark.parametrize("gold", _sets())
def test_negative_articles_have_no_lines_and_every_other_article_has_some(gold: GoldSet) -> None:
    annotated = {row["article_id"] for file_name in gold.types for row in _load(gold, file_name)}
    articles = {path.stem for path in gold.articles_dir.glob("*.txt")}
    assert articles, f"no articles in {gold.articles_dir.relative_to(ROOT)}"
    assert articles >= gold.negatives
    assert not annotated & gold.negatives, f"negatives with gold: {sorted(annotated & gold.negatives)}"
    assert articles - gold.negatives <= annotated, f"unannotated: {sorted(articles - gold.negatives - annotated)}"


@pytest.mark.parametrize(("gold", "file_name"), _set_files())
def test_no_line_is_annotated_twice(gold: GoldSet, file_name: str) -> None:
    _, fields = GOLD_TYPES[file_name]
    keys = Counter(
        json.dumps([row["article_id"], row["quote"], *(row.get(f) for f in fields)], sort_keys=True)
        for row in _load(gold, file_name)
    )
    assert not [key for key, count in keys.items() if count > 1]


@pytest.mark.parametrize("gold", _sets("military_facilities.jsonl"))
def test_each_facility_appears_once_per_article(gold: GoldSet) -> None:
    keys = Counter((row["article_id"], row["name"]) for row in _load(gold, "military_facilities.jsonl"))
    assert not [key for key, count in keys.items() if count > 1]


@pytest.mark.parametrize("gold", _sets("military_facilities.jsonl"))
def test_every_alias_resolves_to_one_canonical_facility(gold: GoldSet) -> None:
    names_of_alias: dict[str, set[str]] = {}
    for row in _load(gold, "military_facilities.jsonl"):
        for alias in row.get("aliases", []):
            names_of_alias.setdefault(alias.casefold(), set()).add(row["name"])
    assert not {alias: names for alias, names in names_of_alias.items() if len(names) > 1}


@pytest.mark.parametrize("gold", _sets("military_facilities.jsonl", "agreements.jsonl"))
def test_agreements_cover_only_annotated_facilities(gold: GoldSet) -> None:
    canonical = {row["name"] for row in _load(gold, "military_facilities.jsonl")}
    covered = {name for row in _load(gold, "agreements.jsonl") for name in row.get("facilities", [])}
    assert not covered - canonical, f"agreement facilities that are not canonical names: {sorted(covered - canonical)}"


def _actors(gold: GoldSet) -> list[dict[str, Any]]:
    actors = [row["speaker"] for row in _load(gold, "statements.jsonl")]
    return actors + [actor for row in _load(gold, "meetings.jsonl") for actor in row["participants"]]


def _actor_sets() -> list[Any]:
    return [param for param in _sets() if {"statements.jsonl", "meetings.jsonl"} & set(param.values[0].types)]


@pytest.mark.parametrize("gold", _actor_sets())
def test_actor_names_are_canonical_full_forms(gold: GoldSet) -> None:
    """A name that is the tail of another ("al-Sharaa" of "Ahmed al-Sharaa") was not canonicalised."""
    names = {actor["name"] for actor in _actors(gold)}
    short_forms = {
        short
        for short in names
        for full in names
        if short != full and full.split()[-len(short.split()) :] == short.split()
    }
    assert not short_forms, f"short forms used as actor names: {sorted(short_forms)}"


@pytest.mark.parametrize("gold", _actor_sets())
def test_one_actor_has_one_country(gold: GoldSet) -> None:
    countries: dict[str, set[str | None]] = {}
    for actor in _actors(gold):
        countries.setdefault(actor["name"], set()).add(actor.get("country"))
    assert not {name: c for name, c in countries.items() if len(c) > 1}


@pytest.mark.parametrize("path", sorted(HELDOUT.articles_dir.glob("*.txt")), ids=lambda path: f"heldout/{path.stem}")
def test_heldout_article_is_wire_length(path: Path) -> None:
    words = len(path.read_text(encoding="utf-8").split())
    assert 150 <= words <= 450, f"{path.name} has {words} words"


MEETING_ROW: dict[str, Any] = {
    "article_id": "a",
    "quote": "Putin met Sharaa",
    "optional": False,
    "participants": [{"name": "Vladimir Putin", "country": "RUS", "role": None}],
    "date": None,
    "location": "Moscow",
    "format": "in_person",
    "status": "held",
}


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
    assert as_record("meetings.jsonl", MEETING_ROW, article_text) is not None
    with pytest.raises(ValidationError):
        as_record("meetings.jsonl", {**MEETING_ROW, field: bad_value}, article_text)


@pytest.mark.parametrize("left_out", ["status", "format"])
def test_as_record_checks_the_values_of_a_line_that_leaves_a_required_field_out(left_out: str) -> None:
    article_text = "Putin met Sharaa in Moscow."
    row = {key: value for key, value in MEETING_ROW.items() if key != left_out}
    assert as_record("meetings.jsonl", row, article_text) is None
    with pytest.raises(ValidationError):
        as_record("meetings.jsonl", {**row, "date": "2025-02-30"}, article_text)


@pytest.mark.parametrize(
    ("quote", "adjoins"),
    [
        ("Putin said.", True),
        ('ready," Putin', True),
        ("in Moscow, Putin said.", False),
        ("not in the article", False),
    ],
)
def test_an_attribution_quote_must_overlap_or_adjoin_the_statement_text(quote: str, adjoins: bool) -> None:
    article_text = '"We are ready," Putin said. Lavrov held talks in Moscow, Putin said.'
    assert _adjoin(article_text, quote, "We are ready") is adjoins


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
