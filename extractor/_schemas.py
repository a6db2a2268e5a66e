"""The published JSON Schema files: one ``<type>.schema.json`` per record type.

``extract schema --out schema/json`` regenerates the committed files from the models;
``schema`` itself stays a pure model package with no command of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from extractor._errors import InputError


def record_type_names() -> list[str]:
    """Every type with a published schema, e.g. ``statement``."""
    from schema import RECORD_TYPES

    return list(RECORD_TYPES)


def schema_text(type_name: str) -> str:
    """The JSON Schema of one type as the committed file holds it; ``InputError`` for an unknown type."""
    from schema import dumps_schema, json_schema

    return dumps_schema(json_schema(_resolve(type_name)))


def _resolve(type_name: str) -> str:
    resolved = resolve_type_name(type_name)
    if resolved is None:
        raise InputError(f"unknown record type {type_name!r}; expected one of: {', '.join(record_type_names())}")
    return resolved


def schema_file_name(type_name: str) -> str:
    """``statement`` -> ``statement.schema.json``."""
    return f"{type_name}.schema.json"


def write_json_schemas(out_dir: Path, *, type_names: Sequence[str] | None = None) -> list[Path]:
    """Write every type's schema (or those of ``type_names``) into ``out_dir``; returns the paths.

    ``out_dir`` is created if missing. A file whose content is unchanged is left alone, so
    regenerating is idempotent; a changed one is replaced atomically.
    """
    texts = {schema_file_name(_resolve(name)): schema_text(name) for name in (type_names or record_type_names())}
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("not a directory", path=out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        for file_name, text in texts.items():
            path = out_dir / file_name
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                _write_atomically(path, text)
            written.append(path)
    except OSError as e:
        raise InputError(f"cannot write schemas: {e.strerror or e}", path=out_dir) from e
    return written


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def _type_aliases() -> dict[str, str]:
    from schema import CONFIG_OF_TYPE, RECORD_TYPES

    aliases: dict[str, str] = {}
    for name, model in RECORD_TYPES.items():
        for alias in (name, CONFIG_OF_TYPE[name], model.__name__):
            aliases[_normalise(alias)] = name
    return aliases


_ALIASES: dict[str, str] = {}


def resolve_type_name(name: str) -> str | None:
    """The record type ``name`` stands for (``Statements``, ``military-facility``...), or None."""
    if not _ALIASES:
        _ALIASES.update(_type_aliases())
    return _ALIASES.get(_normalise(name))


def _normalise(name: str) -> str:
    return name.strip().lower().replace("-", "_")
