"""JSON Schema generation: the published files are derived from the models, never hand-edited."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

SCHEMA_VERSION = "1.0.0"
_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_ID_BASE = "https://newsextract.org/schema"


def schema_id(type_name: str) -> str:
    """The ``$id`` of one record type's schema; an identifier, not a URL anyone must fetch."""
    return f"{_ID_BASE}/{SCHEMA_VERSION}/{type_name}.schema.json"


def build_json_schema(type_name: str, model: type[BaseModel], shared_defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The draft 2020-12 JSON Schema of ``model`` with ``$schema``, ``$id`` and ``title``.

    Each of ``shared_defs`` (Country, IsoDate) is written once under ``$defs`` and
    referenced wherever it is used, rather than inlined at every field.
    """
    generated = _share_definitions(model.model_json_schema(mode="validation"), shared_defs)
    used = {name: body for name, body in shared_defs.items() if _uses(generated, name)}
    if used:
        generated.setdefault("$defs", {}).update(used)
    document: dict[str, Any] = {
        "$schema": _DIALECT,
        "$id": schema_id(type_name),
        "title": model.__name__,
        "x-schema-version": SCHEMA_VERSION,
    }
    generated.pop("title", None)
    document.update(generated)
    return document


def dumps_schema(document: dict[str, Any]) -> str:
    """Stable text form, so committed files and regenerated ones compare byte for byte."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _share_definitions(node: Any, shared_defs: dict[str, dict[str, Any]]) -> Any:
    if isinstance(node, dict):
        for name, body in shared_defs.items():
            if node == body:
                return {"$ref": f"#/$defs/{name}"}
        return {key: _share_definitions(value, shared_defs) for key, value in node.items()}
    if isinstance(node, list):
        return [_share_definitions(item, shared_defs) for item in node]
    return node


def _uses(document: dict[str, Any], name: str) -> bool:
    return f'"#/$defs/{name}"' in json.dumps(document)
