"""The newsextract record contract: Pydantic models and the JSON Schema derived from them.

This package imports nothing else of newsextract; it is the single source of truth
for ``CONTRACT.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from schema._countries import ISO_ALPHA3
from schema._jsonschema import SCHEMA_VERSION, build_json_schema, dumps_schema, schema_id
from schema._records import (
    Agreement,
    AgreementStatus,
    AgreementType,
    AlignmentMethod,
    Article,
    Conflict,
    FacilityStatus,
    FacilityType,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Mention,
    MilitaryFacility,
    Statement,
)
from schema._types import SHARED_JSON_DEFS, Actor, Country, Evidence, Extractor, FieldEvidence, IsoDate

RECORD_TYPES: dict[str, type[BaseModel]] = {
    "meeting": Meeting,
    "statement": Statement,
    "military_facility": MilitaryFacility,
    "agreement": Agreement,
    "article": Article,
    "mention": Mention,
}
"""Every type with a published schema, by its schema name."""

CONFIG_OF_TYPE: dict[str, str] = {
    "article": "articles",
    "meeting": "meetings",
    "statement": "statements",
    "military_facility": "military_facilities",
    "agreement": "agreements",
    "mention": "mentions",
}
"""Dataset config name of each record type."""

JSON_SCHEMA_DIR = Path(__file__).parent / "json"
"""Where the committed JSON Schema files live, one ``<type>.schema.json`` per type."""


def json_schema(type_name: str) -> dict[str, Any]:
    """The JSON Schema of one record type, e.g. ``json_schema("meeting")``."""
    try:
        model = RECORD_TYPES[type_name]
    except KeyError:
        known = ", ".join(RECORD_TYPES)
        raise KeyError(f"unknown record type {type_name!r}; known types: {known}") from None
    return build_json_schema(type_name, model, SHARED_JSON_DEFS)


__all__ = [
    "CONFIG_OF_TYPE",
    "ISO_ALPHA3",
    "JSON_SCHEMA_DIR",
    "RECORD_TYPES",
    "SCHEMA_VERSION",
    "Actor",
    "Agreement",
    "AgreementStatus",
    "AgreementType",
    "AlignmentMethod",
    "Article",
    "Conflict",
    "Country",
    "Evidence",
    "Extractor",
    "FacilityStatus",
    "FacilityType",
    "FieldEvidence",
    "IsoDate",
    "Meeting",
    "MeetingFormat",
    "MeetingStatus",
    "Mention",
    "MilitaryFacility",
    "Statement",
    "dumps_schema",
    "json_schema",
    "schema_id",
]
