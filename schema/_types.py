"""Shared value types of the record contract: Date, Country, Actor, Evidence, Extractor."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from schema._countries import ISO_ALPHA3

# The JSON Schema for a Date accepts a year, a year-month, or a calendar date.
# `format: date` lets a validator with format assertion reject 2025-02-30 too,
# which a regular expression alone cannot do.
_DATE_JSON_SCHEMA: dict[str, Any] = {
    "description": "ISO 8601 reduced precision: YYYY, YYYY-MM or YYYY-MM-DD.",
    "anyOf": [
        {"type": "string", "pattern": r"^\d{4}$"},
        {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
        {
            "type": "string",
            "pattern": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$",
            "format": "date",
        },
    ],
}
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _check_date(value: str) -> str:
    match = _DATE_RE.fullmatch(value)
    if match is None:
        raise ValueError("expected an ISO 8601 date of reduced precision: YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        _dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as e:
        raise ValueError(f"not a real calendar date: {value}") from e
    return value


def _check_country(value: str) -> str:
    if value not in ISO_ALPHA3:
        raise ValueError(f"not an ISO 3166-1 alpha-3 country code: {value!r}")
    return value


IsoDate = Annotated[
    str,
    AfterValidator(_check_date),
    WithJsonSchema(_DATE_JSON_SCHEMA),
]
"""ISO 8601 reduced precision: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

_COUNTRY_JSON_SCHEMA: dict[str, Any] = {
    "description": "ISO 3166-1 alpha-3 country code.",
    "type": "string",
    "enum": sorted(ISO_ALPHA3),
}

Country = Annotated[
    str,
    AfterValidator(_check_country),
    WithJsonSchema(_COUNTRY_JSON_SCHEMA),
]
"""ISO 3166-1 alpha-3 code such as ``RUS`` or ``SYR``."""


class _Strict(BaseModel):
    """Every contract object rejects unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Actor(_Strict):
    """A person, organisation or collective speaker."""

    name: str = Field(
        min_length=1,
        description='Canonical full name, e.g. "Ahmed al-Sharaa" for "Sharaa" or "Abu Mohammad al-Julani".',
    )
    country: Country | None = Field(
        default=None, description="ISO 3166-1 alpha-3 code of the country the actor belongs to, or null."
    )
    role: str | None = Field(default=None, description='Free-text role, e.g. "President of Russia", or null.')


class Evidence(_Strict):
    """A passage of an article; ``articles[article_id].text[start:end] == text``."""

    article_id: str = Field(min_length=1, description="Id of the article the passage comes from.")
    start: int = Field(ge=0, description="Start offset (Python string index) into the article text.")
    end: int = Field(ge=0, description="End offset (exclusive) into the article text.")
    text: str = Field(min_length=1, description="The passage itself, equal to text[start:end] of the article.")


class FieldEvidence(_Strict):
    """Where the article states one field of a mention; ``text[start:end] == text`` as for Evidence.

    ``field`` names the field by its path in the mention's own attributes: ``speaker``,
    ``date``, ``location``, ``participants[0]``, ``parties[1]``...
    """

    field: str = Field(
        min_length=1, description='Path of the field in the mention\'s attributes, e.g. "participants[0]".'
    )
    article_id: str = Field(min_length=1, description="Id of the article the passage comes from.")
    start: int = Field(ge=0, description="Start offset (Python string index) into the article text.")
    end: int = Field(ge=0, description="End offset (exclusive) into the article text.")
    text: str = Field(min_length=1, description="The passage itself, equal to text[start:end] of the article.")


class Extractor(_Strict):
    """Which engine made a record."""

    engine: str = Field(min_length=1, description='Engine name, e.g. "rules" or "llm".')
    version: str = Field(min_length=1, description="Version of the newsextract package that made the record.")
    model: str | None = Field(default=None, description="Model name for model-based engines, else null.")
    prompt_hash: str | None = Field(
        default=None, description="Hash of the prompt used by a model-based engine, else null."
    )


SHARED_JSON_DEFS: dict[str, dict[str, Any]] = {"Country": _COUNTRY_JSON_SCHEMA, "IsoDate": _DATE_JSON_SCHEMA}
"""Types written once under ``$defs`` in every generated schema."""
