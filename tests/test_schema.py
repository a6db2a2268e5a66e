"""The published JSON Schema files: no drift from the models, metaschema-valid, documented,
and in agreement with the Pydantic models on every record the models can produce."""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import annotated_types
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from pydantic import BaseModel, TypeAdapter, ValidationError

from extractor import write_json_schemas
from schema import (
    JSON_SCHEMA_DIR,
    RECORD_TYPES,
    SCHEMA_VERSION,
    Country,
    IsoDate,
    Statement,
    dumps_schema,
    json_schema,
)

REGENERATE = "extract schema --out schema/json"


def committed(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((JSON_SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    return document


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(committed(name), format_checker=Draft202012Validator.FORMAT_CHECKER)


# --- the committed files ---------------------------------------------------------------


@pytest.mark.parametrize("name", list(RECORD_TYPES))
def test_committed_schema_matches_the_models(name: str) -> None:
    path = JSON_SCHEMA_DIR / f"{name}.schema.json"
    assert path.is_file(), f"{path} is missing; regenerate with `{REGENERATE}`"
    assert path.read_text(encoding="utf-8") == dumps_schema(json_schema(name)), (
        f"{path} has drifted from the Pydantic models; regenerate with `{REGENERATE}`"
    )


def test_no_stray_schema_files() -> None:
    names = sorted(path.name for path in JSON_SCHEMA_DIR.glob("*.json"))
    assert names == sorted(f"{name}.schema.json" for name in RECORD_TYPES), f"regenerate with `{REGENERATE}`"


def test_write_json_schemas_regenerates_the_committed_files(tmp_path: Path) -> None:
    paths = write_json_schemas(tmp_path)
    assert sorted(path.name for path in paths) == sorted(path.name for path in JSON_SCHEMA_DIR.glob("*.json"))
    for path in paths:
        assert path.read_bytes() == (JSON_SCHEMA_DIR / path.name).read_bytes()


@pytest.mark.parametrize("name", list(RECORD_TYPES))
def test_schema_passes_the_metaschema(name: str) -> None:
    Draft202012Validator.check_schema(committed(name))


@pytest.mark.parametrize("name", list(RECORD_TYPES))
def test_schema_has_dialect_id_and_title(name: str) -> None:
    document = committed(name)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"].endswith(f"/{SCHEMA_VERSION}/{name}.schema.json")
    assert document["title"] == RECORD_TYPES[name].__name__
    assert document["description"]


def test_schema_ids_are_unique() -> None:
    ids = [committed(name)["$id"] for name in RECORD_TYPES]
    assert len(set(ids)) == len(ids)


def _properties(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for field, body in value.items():
                    yield f"{where}/properties/{field}", body
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _properties(item, f"{where}/{index}")


@pytest.mark.parametrize("name", list(RECORD_TYPES))
def test_every_property_at_every_level_has_a_description(name: str) -> None:
    document = committed(name)
    found = list(_properties(document))
    nested = [where for where, _ in found if where.startswith("/$defs/")]
    assert len(found) == len(document["properties"]) + len(nested)
    assert bool(nested) == any("properties" in body for body in document.get("$defs", {}).values())
    undocumented = [where for where, body in found if not str(body.get("description", "")).strip()]
    assert undocumented == []
    assert all(definition.get("description") for definition in document.get("$defs", {}).values())


# --- dates and unknown fields, in both the models and the JSON Schema -------------------

GOOD_DATES = ["2025", "2025-10", "2025-10-15", "2024-02-29", "0999-01-01"]
BAD_DATES = ["2025-13-40", "2025-02-30", "25-1-1", "2025-00", "2025-1-01", "2025-10-15T10:00", "20251015", ""]


def _statement(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "s1",
        "evidence": [{"article_id": "a", "start": 0, "end": 5, "text": "hello"}],
        "confidence": 0.5,
        "extractor": {"engine": "rules", "version": "0.1.0", "model": None},
        "speaker": {"name": "Vladimir Putin", "country": "RUS", "role": None},
        "text": "hello",
        "direct": True,
    }
    record.update(changes)
    return record


@pytest.mark.parametrize("date", GOOD_DATES)
def test_good_dates_pass_both(date: str) -> None:
    assert TypeAdapter(IsoDate).validate_python(date) == date
    Statement.model_validate(_statement(date=date))
    assert list(validator("statement").iter_errors(_statement(date=date))) == []


@pytest.mark.parametrize("date", BAD_DATES)
def test_bad_dates_fail_both(date: str) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(IsoDate).validate_python(date)
    with pytest.raises(ValidationError):
        Statement.model_validate(_statement(date=date))
    assert list(validator("statement").iter_errors(_statement(date=date))) != []


@pytest.mark.parametrize(
    "changes",
    [
        {"surprise": 1},
        {"speaker": {"name": "X", "nickname": "Y"}},
        {"extractor": {"engine": "r", "version": "1", "x": 1}},
    ],
)
def test_unknown_fields_are_rejected_by_both(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Statement.model_validate(_statement(**changes))
    assert [error.validator for error in validator("statement").iter_errors(_statement(**changes))] == [
        "additionalProperties"
    ]


def test_country_codes_agree() -> None:
    allowed = committed("statement")["$defs"]["Country"]["enum"]
    assert "RUS" in allowed and "XXX" not in allowed
    adapter = TypeAdapter(Country)
    assert all(adapter.validate_python(code) == code for code in allowed)
    with pytest.raises(ValidationError):
        adapter.validate_python("XXX")


# --- round trip: any record a model accepts is valid under its published schema ----------

_COUNTRIES: list[str] = committed("statement")["$defs"]["Country"]["enum"]


@st.composite
def iso_dates(draw: st.DrawFn) -> str:
    day = draw(st.dates(min_value=dt.date(1000, 1, 1)))
    full = day.isoformat()
    return full[: draw(st.sampled_from([4, 7, 10]))]


def _limits(metadata: list[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in metadata:
        for attribute in ("min_length", "ge", "le", "pattern"):
            value = getattr(item, attribute, None)
            if value is not None:
                found[attribute] = value
        if isinstance(item, annotated_types.Interval):
            found.update({key: value for key, value in vars(item).items() if value is not None})
    return found


def strategy_for(annotation: Any, metadata: list[Any] | None = None) -> st.SearchStrategy[Any]:
    """A strategy for any value of ``annotation`` that the contract allows, from its constraints."""
    limits = _limits(metadata or [])
    origin = typing.get_origin(annotation)
    if annotation == IsoDate:
        return iso_dates()
    if annotation == Country:
        return st.sampled_from(_COUNTRIES)
    if origin in (typing.Union, types.UnionType):
        # field constraints (ge=0 on ``float | None``) apply to each member
        return st.one_of([strategy_for(arg, metadata) for arg in typing.get_args(annotation)])
    if origin is typing.Literal:
        return st.sampled_from(typing.get_args(annotation))
    if origin is list:
        item = strategy_for(typing.get_args(annotation)[0])
        return st.lists(item, min_size=limits.get("min_length", 0), max_size=3)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_strategy(annotation)
    if annotation is str:
        if "pattern" in limits:
            return st.from_regex(limits["pattern"], fullmatch=True)
        return st.text(min_size=limits.get("min_length", 0), max_size=30)
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return st.integers(min_value=limits.get("ge"), max_value=limits.get("le", 2**53))
    if annotation is float:
        return st.floats(min_value=limits.get("ge"), max_value=limits.get("le"), allow_nan=False, allow_infinity=False)
    if annotation is type(None):
        return st.none()
    raise NotImplementedError(f"no strategy for {annotation!r}; add one so the round trip covers it")


def model_strategy(model: type[BaseModel]) -> st.SearchStrategy[BaseModel]:
    fields = {name: strategy_for(info.annotation, list(info.metadata)) for name, info in model.model_fields.items()}
    return st.builds(model, **fields)


@pytest.mark.parametrize("name", list(RECORD_TYPES))
def test_model_json_is_valid_under_the_published_schema_and_round_trips(name: str) -> None:
    model = RECORD_TYPES[name]
    check = validator(name)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(model_strategy(model))
    def round_trip(record: BaseModel) -> None:
        text = record.model_dump_json()
        errors = [f"{list(error.absolute_path)}: {error.message}" for error in check.iter_errors(json.loads(text))]
        assert errors == []
        assert model.model_validate_json(text) == record

    round_trip()
